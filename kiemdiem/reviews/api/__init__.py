"""Review cycle API: campaigns and transitions, opening as a job, deadlines, the dashboard, hints,
self-reviews (draft, submit, return, lock, rules check) and collective reports. Same selectors and
services as the pages."""

from __future__ import annotations

# Importing the modules adds their endpoints to the one router, in this order.
from kiemdiem.reviews.api import campaigns, hints, reports, self_reviews  # noqa: F401
from kiemdiem.reviews.api._router import router

__all__ = ["router"]
