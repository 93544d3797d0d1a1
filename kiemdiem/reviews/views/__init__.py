"""Review pages: campaigns (plan, transitions, deadlines, opening with a progress bar), hints,
the dashboard and its XLSX export, the self-review with autosave and a live rules check, and the
collective report with versions, diff and comments."""

from __future__ import annotations

from kiemdiem.reviews.views._common import (
    XLSX,
)
from kiemdiem.reviews.views.campaigns import (
    campaign_detail,
    campaign_list,
    campaign_open,
    campaign_plan,
    campaign_transition,
    open_job,
    unit_deadline_set,
)
from kiemdiem.reviews.views.dashboard import (
    dashboard,
    dashboard_export,
)
from kiemdiem.reviews.views.hints import (
    hint_list,
    review_list,
)
from kiemdiem.reviews.views.reports import (
    comment_resolve,
    report_adopt,
    report_circulate,
    report_comment,
    report_detail,
    report_diff,
    report_reopen,
    report_revise,
    report_save,
)
from kiemdiem.reviews.views.self_reviews import (
    self_review,
    self_review_lock,
    self_review_not_required,
    self_review_return,
    self_review_save,
    self_review_submit,
)

__all__ = [
    "XLSX",
    "campaign_detail",
    "campaign_list",
    "campaign_open",
    "campaign_plan",
    "campaign_transition",
    "comment_resolve",
    "dashboard",
    "dashboard_export",
    "hint_list",
    "open_job",
    "report_adopt",
    "report_circulate",
    "report_comment",
    "report_detail",
    "report_diff",
    "report_reopen",
    "report_revise",
    "report_save",
    "review_list",
    "self_review",
    "self_review_lock",
    "self_review_not_required",
    "self_review_return",
    "self_review_save",
    "self_review_submit",
    "unit_deadline_set",
]
