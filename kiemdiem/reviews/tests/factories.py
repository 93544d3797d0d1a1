"""Factories for the review cycle, built through the services."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from kiemdiem.orgs.models import Unit
from kiemdiem.reviews import services
from kiemdiem.reviews.models import Campaign, CampaignState, SubjectReview
from kiemdiem.reviews.tests.helpers import full_answers

_titles = itertools.count(1)

DEADLINES = {
    "cell_conference_due": datetime.date(2020, 12, 1),
    "grassroots_decision_due": datetime.date(2020, 12, 5),
    "upper_decision_due": datetime.date(2020, 12, 20),
    "report_due": datetime.date(2020, 12, 31),
}


def campaign_factory(
    *, root_unit: Unit, year: int = 2020, state: str = CampaignState.DRAFT, **kwargs: Any
) -> Campaign:
    """A campaign over `root_unit`, moved through the services to `state` (up to preparing)."""
    deadlines = {name: value.replace(year=year) for name, value in DEADLINES.items()} | {
        k: v for k, v in kwargs.items() if k in DEADLINES
    }
    rest = {k: v for k, v in kwargs.items() if k not in DEADLINES}
    if rest.get("period") in ("quarter", "ad_hoc"):
        rest.setdefault("period_index", 4 if rest["period"] == "quarter" else 1)
    campaign = services.campaign_create(
        actor=None,
        title=rest.pop("title", f"Kiểm điểm năm {year} #{next(_titles)}"),
        year=year,
        root_unit=root_unit,
        **deadlines,
        **rest,
    )
    order = [
        CampaignState.DRAFT,
        CampaignState.PUBLISHED,
        CampaignState.HINTS_ISSUED,
        CampaignState.PREPARING,
    ]
    target = order.index(state)
    if target >= 1:
        campaign = services.campaign_update_plan(
            actor=None, campaign=campaign, plan_number="09-KH/ĐU"
        )
        campaign = services.campaign_publish(actor=None, campaign=campaign)
    if target >= 2:
        campaign = services.campaign_issue_hints(actor=None, campaign=campaign, none_confirmed=True)
    if target >= 3:
        services.campaign_open_reviews(actor=None, campaign=campaign)
        campaign.refresh_from_db()
    return campaign


def submitted(review: SubjectReview, *, level: str = "HTTNV") -> SubjectReview:
    """The review filled on its form and submitted, through the services (no actor check)."""
    services.self_review_save(
        actor=None, review=review, answers=full_answers(review.form_code), self_level=level
    )
    return services.self_review_submit(actor=None, review=review)
