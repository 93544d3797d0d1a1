"""Writes of the review cycle: campaigns and their transitions, deadlines, opening the reviews,
hints, self-reviews and collective reports.

Each service checks the actor, validates, writes in one transaction and records an audit row.
Opening a campaign's reviews is set-based (a handful of queries and batched inserts, whatever the
size of the tree) and resumable: each batch commits on its own and a rerun only adds what is
missing.
"""

from __future__ import annotations

from kiemdiem.reviews.services._common import (
    BATCH_SIZE,
    CAMPAIGN_PLAN_FIELDS,
    EXCLUDED_STATUSES,
    OPEN_JOB_KIND,
    ProgressCallback,
    default_review_date,
    months_before,
)
from kiemdiem.reviews.services.campaigns import (
    campaign_close,
    campaign_create,
    campaign_decide,
    campaign_issue_hints,
    campaign_publish,
    campaign_reopen,
    campaign_report,
    campaign_start_classification,
    campaign_start_commendation,
    campaign_start_conferences,
    campaign_update_plan,
)
from kiemdiem.reviews.services.deadlines import (
    unit_deadline_set,
)
from kiemdiem.reviews.services.hints import (
    hint_create,
)
from kiemdiem.reviews.services.opening import (
    ROW_FIELDS,
    SubjectRow,
    campaign_open_reviews,
    campaign_open_start,
)
from kiemdiem.reviews.services.progress import (
    collective_commented,
    reviews_commented,
    reviews_decided,
    reviews_decision_annulled,
    reviews_voted,
)
from kiemdiem.reviews.services.reports import (
    report_adopt,
    report_circulate,
    report_comment,
    report_reopen,
    report_resolve_comment,
    report_revise,
    report_save_draft,
)
from kiemdiem.reviews.services.self_reviews import (
    missing_label,
    self_review_lock,
    self_review_mark_not_required,
    self_review_missing,
    self_review_return,
    self_review_save,
    self_review_submit,
)
from kiemdiem.reviews.subjects import Subject, subjects_q

__all__ = [
    "BATCH_SIZE",
    "CAMPAIGN_PLAN_FIELDS",
    "EXCLUDED_STATUSES",
    "OPEN_JOB_KIND",
    "ROW_FIELDS",
    "ProgressCallback",
    "Subject",
    "SubjectRow",
    "campaign_close",
    "campaign_create",
    "campaign_decide",
    "campaign_issue_hints",
    "campaign_open_reviews",
    "campaign_open_start",
    "campaign_publish",
    "campaign_reopen",
    "campaign_report",
    "campaign_start_classification",
    "campaign_start_commendation",
    "campaign_start_conferences",
    "campaign_update_plan",
    "collective_commented",
    "default_review_date",
    "hint_create",
    "missing_label",
    "months_before",
    "report_adopt",
    "report_circulate",
    "report_comment",
    "report_reopen",
    "report_resolve_comment",
    "report_revise",
    "report_save_draft",
    "reviews_commented",
    "reviews_decided",
    "reviews_decision_annulled",
    "reviews_voted",
    "self_review_lock",
    "self_review_mark_not_required",
    "self_review_missing",
    "self_review_return",
    "self_review_save",
    "self_review_submit",
    "subjects_q",
    "unit_deadline_set",
]
