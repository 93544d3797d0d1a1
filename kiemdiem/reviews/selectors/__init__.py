"""Reads of the review cycle, always scoped to the user.

A campaign is visible to whoever sees its root unit, to anyone whose scope lies inside its subtree
(a cell secretary, a division office) and to its own members. A review is visible to its own member
and to whoever sees its unit. Out of scope and missing are both Http404.
"""

from __future__ import annotations

from kiemdiem.reviews.selectors.campaigns import (
    OPEN_JOB_KIND,
    campaign_covering,
    campaign_get_for_user,
    campaign_list,
    campaigns_covering,
    open_job_get_for_user,
    user_is_issuer,
    year_in_progress,
)
from kiemdiem.reviews.selectors.dashboard import (
    COUNT_KEYS,
    DASHBOARD_IN_LIST_LIMIT,
    DashboardRow,
    DashboardUnit,
    dashboard_rows,
    dashboard_unit_for_user,
)
from kiemdiem.reviews.selectors.deadlines import (
    EffectiveDeadlines,
    effective_deadlines,
    parent_deadlines,
)
from kiemdiem.reviews.selectors.hints import (
    hint_answers,
    hint_list,
    hint_target_get_for_user,
    hint_targets,
    hints_for_review,
)
from kiemdiem.reviews.selectors.reports import (
    ConsolidatedComment,
    comment_get_for_user,
    report_all_comments,
    report_comments,
    report_consolidated_comments,
    report_for_review,
    report_get_for_user,
    report_versions,
)
from kiemdiem.reviews.selectors.reviews import (
    my_reviews,
    review_get_for_user,
    review_list,
    reviews_in_scope,
    reviews_of_subjects,
    user_is_cell_secretary_of,
)
from kiemdiem.reviews.selectors.self_reviews import (
    review_form,
    self_review_header,
    self_review_rules_case,
    self_review_rules_check,
)

__all__ = [
    "COUNT_KEYS",
    "DASHBOARD_IN_LIST_LIMIT",
    "OPEN_JOB_KIND",
    "ConsolidatedComment",
    "DashboardRow",
    "DashboardUnit",
    "EffectiveDeadlines",
    "campaign_covering",
    "campaign_get_for_user",
    "campaign_list",
    "campaigns_covering",
    "comment_get_for_user",
    "dashboard_rows",
    "dashboard_unit_for_user",
    "effective_deadlines",
    "hint_answers",
    "hint_list",
    "hint_target_get_for_user",
    "hint_targets",
    "hints_for_review",
    "my_reviews",
    "open_job_get_for_user",
    "parent_deadlines",
    "report_all_comments",
    "report_comments",
    "report_consolidated_comments",
    "report_for_review",
    "report_get_for_user",
    "report_versions",
    "review_form",
    "review_get_for_user",
    "review_list",
    "reviews_in_scope",
    "reviews_of_subjects",
    "self_review_header",
    "self_review_rules_case",
    "self_review_rules_check",
    "user_is_cell_secretary_of",
    "user_is_issuer",
    "year_in_progress",
]
