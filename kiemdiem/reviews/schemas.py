"""API schemas for the review cycle."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class CampaignOut(Schema):
    id: int
    title: str
    period: str
    period_index: int
    year: int
    rule_pack: str
    root_unit_id: int
    state: str
    review_date: datetime.date
    plan_number: str
    cell_conference_due: datetime.date | None
    grassroots_decision_due: datetime.date | None
    upper_decision_due: datetime.date | None
    report_due: datetime.date | None
    score_groups: dict[str, Any]
    report_number: str
    reopen_reason: str


class CampaignCreateIn(Schema):
    title: str = Field(..., examples=["Kiểm điểm, xếp loại năm 2020"])
    year: int = Field(..., examples=[2020])
    root_unit_id: int
    period: str = "year"
    period_index: int = Field(0, description="Quarter 1–4, or ad hoc round ≥ 1; 0 otherwise")
    rule_pack: str | None = None
    review_date: datetime.date | None = None
    cell_conference_due: datetime.date | None = None
    grassroots_decision_due: datetime.date | None = None
    upper_decision_due: datetime.date | None = None
    report_due: datetime.date | None = None


class PlanIn(Schema):
    title: str | None = None
    plan_number: str | None = Field(None, examples=["09-KH/ĐU"])
    review_date: datetime.date | None = None
    cell_conference_due: datetime.date | None = None
    grassroots_decision_due: datetime.date | None = None
    upper_decision_due: datetime.date | None = None
    report_due: datetime.date | None = None
    score_groups: dict[str, Any] | None = None


class TransitionIn(Schema):
    action: str = Field(
        "",
        examples=["publish"],
        description="publish, issue_hints, start_conferences, start_classification, decide, "
        "start_commendation, report, close, reopen",
    )
    none_confirmed: bool = False
    state_track_done: bool = False
    results_notified: bool = False
    awards_done: bool = False
    report_sent: bool = False
    report_number: str = Field("", examples=["15-BC/ĐU"])
    reason: str = ""


class JobOut(Schema):
    id: int
    kind: str
    state: str
    done: int
    total: int
    percent: int
    message: str
    result: dict[str, Any]


class DeadlinesIn(Schema):
    cell_conference_due: datetime.date | None = None
    grassroots_decision_due: datetime.date | None = None
    upper_decision_due: datetime.date | None = None
    report_due: datetime.date | None = None


class DeadlinesOut(Schema):
    unit_id: int
    effective: dict[str, datetime.date | None]
    own: dict[str, datetime.date | None]


class DashboardRowOut(Schema):
    unit_id: int
    code: str
    name: str
    depth: int
    counts: dict[str, int]
    deadline: datetime.date | None
    late: bool


class HintIn(Schema):
    text: str = Field(..., examples=["Làm rõ trách nhiệm về việc chậm triển khai nghị quyết"])
    unit_id: int | None = None
    body_id: int | None = None
    person_id: int | None = None


class HintOut(Schema):
    id: int
    kind: str
    label: str
    text: str
    unit_id: int
    body_id: int | None
    person_id: int | None
    created_at: datetime.datetime
    answered_at: datetime.datetime | None


class ReviewOut(Schema):
    id: int
    campaign_id: int
    kind: str
    person_id: int | None
    unit_id: int
    body_id: int | None
    label: str
    form_code: str
    leader: bool
    status: str
    not_classified: bool
    exclusion: str
    self_level: str
    civil_servant_level: str
    score: Decimal | None
    saved_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    locked_at: datetime.datetime | None


class ReviewDetailOut(ReviewOut):
    answers: dict[str, Any]
    history: list[dict[str, Any]]


class DraftIn(Schema):
    answers: dict[str, Any] = Field(
        default_factory=dict,
        examples=[
            {"I": {"1": {"text": "Luôn giữ vững lập trường", "grade": "T"}}, "II": {"text": "…"}}
        ],
    )
    self_level: str = ""
    civil_servant_level: str = ""


class ReasonIn(Schema):
    reason: str = Field("", examples=["Mục II còn chung chung"])


class FindingOut(Schema):
    code: str
    subject: str
    severity: str
    message: str


class CheckOut(Schema):
    findings: list[FindingOut]
    ceiling: str | None
    not_classified: bool
    missing: list[str]
    suggested: str | None = Field(
        None, description="Advisory level from the criterion grades (domain §3.2)"
    )


class ReportOut(Schema):
    id: int
    review_id: int
    state: str
    comments_open_at: datetime.datetime | None
    comments_close_at: datetime.datetime | None
    minutes_reference: str
    adopted_at: datetime.datetime | None
    reopen_reason: str
    versions: list[dict[str, Any]]


class ReportDraftIn(Schema):
    sections: dict[str, Any] = {}


class CirculateIn(Schema):
    delegate_ids: list[int] = []
    opens_at: datetime.datetime | None = None
    closes_at: datetime.datetime | None = None


class CommentIn(Schema):
    text: str = ""
    section: str = ""
    quote: str = ""
    parent_id: int | None = None


class CommentOut(Schema):
    id: int
    version_id: int
    parent_id: int | None
    author_id: int | None
    section: str
    quote: str
    text: str
    resolution: str
    resolution_note: str
    created_at: datetime.datetime


class ResolveIn(Schema):
    resolution: str = Field("", examples=["accepted"])
    note: str = ""


class DiffLineOut(Schema):
    kind: str
    text: str


class AdoptIn(Schema):
    minutes_reference: str = Field("", examples=["Biên bản hội nghị ngày 20/11/2020"])


class ConsolidatedCommentOut(Schema):
    version: int
    author: str
    section: str
    quote: str
    text: str
    resolution: str
    resolution_label: str
    note: str
    replies: list[str]


class FormItemOut(Schema):
    key: str
    title: str
    graded: bool
    is_result: bool


class FormSectionOut(Schema):
    key: str
    title: str
    kind: str
    items: list[FormItemOut]


class ScoreItemOut(Schema):
    key: str
    title: str
    points: int


class FormOut(Schema):
    code: str
    label: str
    title: str
    subtitle: str
    leader: bool
    civil_servant_level: bool
    scored: bool
    header: list[list[str]]
    sections: list[FormSectionOut]
    score_items: list[ScoreItemOut]
    tasks_points: int


class UnitDeadlineOut(Schema):
    unit_id: int
    unit_name: str
    own: dict[str, datetime.date | None]
    effective: dict[str, datetime.date | None]


class HintTargetOut(Schema):
    value: str = Field(..., examples=["unit:12"])
    label: str
    kind: str
