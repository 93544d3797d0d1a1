"""The review cycle: campaigns with deadlines, review hints, every subject's review (members,
units and their leadership bodies), and the collective report's versions and comments.

A campaign pins its rule pack at creation; the review of a subject stores its answers as JSON per
form section (the sections themselves are data in `forms_catalog`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kiemdiem.core.levels import Level

DEADLINE_FIELDS = (
    "cell_conference_due",
    "grassroots_decision_due",
    "upper_decision_due",
    "report_due",
)


class Period(models.TextChoices):
    YEAR = "year", _("Năm")
    QUARTER = "quarter", _("Quý")
    TERM = "term", _("Nhiệm kỳ")
    AD_HOC = "ad_hoc", _("Đột xuất")


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo kế hoạch")
    PUBLISHED = "published", _("Đã ban hành kế hoạch")
    HINTS_ISSUED = "hints_issued", _("Đã gợi ý kiểm điểm")
    PREPARING = "preparing", _("Đang chuẩn bị")
    CONFERENCING = "conferencing", _("Đang hội nghị kiểm điểm")
    CLASSIFYING = "classifying", _("Đang xếp loại")
    DECIDED = "decided", _("Đã quyết định xếp loại")
    COMMENDATION = "commendation", _("Đang khen thưởng")
    REPORTED = "reported", _("Đã báo cáo")
    CLOSED = "closed", _("Đã kết thúc")


# domain.md §5.1: forward only; `reopen` goes back to classifying from decided…closed.
CAMPAIGN_TRANSITIONS: dict[str, tuple[str, ...]] = {
    CampaignState.DRAFT: (CampaignState.PUBLISHED,),
    CampaignState.PUBLISHED: (CampaignState.HINTS_ISSUED,),
    CampaignState.HINTS_ISSUED: (CampaignState.PREPARING,),
    CampaignState.PREPARING: (CampaignState.CONFERENCING,),
    CampaignState.CONFERENCING: (CampaignState.CLASSIFYING,),
    CampaignState.CLASSIFYING: (CampaignState.DECIDED,),
    CampaignState.DECIDED: (CampaignState.COMMENDATION, CampaignState.CLASSIFYING),
    CampaignState.COMMENDATION: (CampaignState.REPORTED, CampaignState.CLASSIFYING),
    CampaignState.REPORTED: (CampaignState.CLOSED, CampaignState.CLASSIFYING),
    CampaignState.CLOSED: (CampaignState.CLASSIFYING,),
}
REOPENABLE_STATES = (
    CampaignState.DECIDED,
    CampaignState.COMMENDATION,
    CampaignState.REPORTED,
    CampaignState.CLOSED,
)


class Campaign(models.Model):
    """One review campaign (đợt kiểm điểm) over a root unit's subtree.

    `rule_pack` is chosen from the year when the campaign is created and never changes afterwards.
    The four deadlines are the campaign's; units inherit them and may set earlier ones.
    """

    title = models.CharField(_("tên đợt kiểm điểm"), max_length=255)
    period = models.CharField(_("kỳ"), max_length=16, choices=Period.choices, default=Period.YEAR)
    year = models.PositiveSmallIntegerField(_("năm"))
    # Which quarter (1–4) of the year, or which ad hoc round (1, 2, …); 0 for a year or a term.
    period_index = models.PositiveSmallIntegerField(_("quý / đợt"), default=0)
    rule_pack = models.CharField(_("bộ quy định"), max_length=16, editable=False)
    root_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị gốc"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=CampaignState.choices,
        default=CampaignState.DRAFT,
    )
    review_date = models.DateField(_("ngày xếp loại"))
    plan_number = models.CharField(_("số kế hoạch"), max_length=64, blank=True)
    cell_conference_due = models.DateField(_("hạn hội nghị chi bộ"), null=True, blank=True)
    grassroots_decision_due = models.DateField(_("hạn quyết định cấp cơ sở"), null=True, blank=True)
    upper_decision_due = models.DateField(_("hạn quyết định cấp trên cơ sở"), null=True, blank=True)
    report_due = models.DateField(_("hạn báo cáo"), null=True, blank=True)
    score_groups = models.JSONField(_("nhóm điểm (366)"), default=dict, blank=True)
    no_hints_confirmed = models.BooleanField(_("xác nhận không có gợi ý"), default=False)
    state_track_done = models.BooleanField(
        _("đã có kết quả xếp loại cán bộ, công chức"), default=False
    )
    report_number = models.CharField(_("số báo cáo kết quả"), max_length=64, blank=True)
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("đợt kiểm điểm")
        verbose_name_plural = _("đợt kiểm điểm")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["root_unit", "year", "period", "period_index"],
                condition=~models.Q(state="closed"),
                name="reviews_campaign_one_open_per_root",
                violation_error_message=_(
                    "Đơn vị này đã có một đợt kiểm điểm đang mở cho cùng năm và kỳ."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        """ "Năm 2020", "Quý 3/2025", "Đợt 2/2025", "Nhiệm kỳ từ 2020"."""
        if self.period == Period.QUARTER:
            return _("Quý %(index)s/%(year)s") % {"index": self.period_index, "year": self.year}
        if self.period == Period.AD_HOC:
            return _("Đợt %(index)s/%(year)s") % {"index": self.period_index, "year": self.year}
        if self.period == Period.TERM:
            return _("Nhiệm kỳ từ %(year)s") % {"year": self.year}
        return _("Năm %(year)s") % {"year": self.year}

    def deadlines(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in DEADLINE_FIELDS}


class UnitDeadline(models.Model):
    """A unit's own, earlier deadlines in a campaign; an empty field inherits the parent's."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="unit_deadlines")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    cell_conference_due = models.DateField(_("hạn hội nghị chi bộ"), null=True, blank=True)
    grassroots_decision_due = models.DateField(_("hạn quyết định cấp cơ sở"), null=True, blank=True)
    upper_decision_due = models.DateField(_("hạn quyết định cấp trên cơ sở"), null=True, blank=True)
    report_due = models.DateField(_("hạn báo cáo"), null=True, blank=True)

    class Meta:
        verbose_name = _("hạn của đơn vị")
        verbose_name_plural = _("hạn của đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="reviews_unitdeadline_one_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.unit_id}"


class SubjectKind(models.TextChoices):
    MEMBER = "member", _("Đảng viên")
    UNIT = "unit", _("Tổ chức đảng")
    BODY = "body", _("Tập thể lãnh đạo")


class ReviewStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa viết")
    DRAFTING = "drafting", _("Đang viết")
    SUBMITTED = "submitted", _("Đã nộp")
    COMMENTED = "commented", _("Đã góp ý tại hội nghị")
    SELF_ASSESSED = "self_assessed", _("Đã tự xếp loại")
    VOTED = "voted", _("Đã biểu quyết")
    DECIDED = "decided", _("Đã quyết định")
    NOT_REQUIRED = "not_required", _("Không phải kiểm điểm")


# domain.md §5.2 (the steps this app owns; commented…decided belong to conferences/voting).
REVIEW_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReviewStatus.NOT_STARTED: (ReviewStatus.DRAFTING, ReviewStatus.NOT_REQUIRED),
    ReviewStatus.DRAFTING: (ReviewStatus.SUBMITTED,),
    ReviewStatus.SUBMITTED: (ReviewStatus.DRAFTING, ReviewStatus.COMMENTED),
    ReviewStatus.COMMENTED: (ReviewStatus.SELF_ASSESSED,),
    ReviewStatus.SELF_ASSESSED: (ReviewStatus.VOTED,),
    ReviewStatus.VOTED: (ReviewStatus.DECIDED,),
    ReviewStatus.DECIDED: (ReviewStatus.VOTED,),
    ReviewStatus.NOT_REQUIRED: (),
}
EDITABLE_STATUSES = (ReviewStatus.NOT_STARTED, ReviewStatus.DRAFTING)


class SubjectReview(models.Model):
    """The review of one subject in a campaign: a member's self-review, or a unit's or leadership
    body's collective review. `unit` is the member's cell, or the unit itself (the body's unit).

    `answers` holds one JSON object per form section key; `history` keeps every return (who, when,
    why) so a returned review shows its reasons.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("loại đối tượng"), max_length=8, choices=SubjectKind.choices)
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("đảng viên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reviews"
    )
    body = models.ForeignKey(
        "orgs.LeadershipBody",
        verbose_name=_("tập thể lãnh đạo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
    )
    label = models.CharField(_("đối tượng"), max_length=255)
    form_code = models.CharField(_("mẫu"), max_length=8)
    leader = models.BooleanField(_("giữ chức vụ lãnh đạo, quản lý"), default=False)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ReviewStatus.choices,
        default=ReviewStatus.NOT_STARTED,
    )
    not_classified = models.BooleanField(_("kiểm điểm, không xếp loại"), default=False)
    exclusion = models.CharField(_("lý do không xếp loại"), max_length=32, blank=True)
    answers = models.JSONField(_("nội dung"), default=dict, blank=True)
    self_level = models.CharField(_("tự xếp loại"), max_length=8, choices=Level.choices, blank=True)
    civil_servant_level = models.CharField(
        _("tự xếp loại cán bộ, công chức"), max_length=8, choices=Level.choices, blank=True
    )
    score = models.DecimalField(
        _("điểm tự chấm"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    history = models.JSONField(_("lịch sử"), default=list, blank=True)
    saved_at = models.DateTimeField(_("lưu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("bản kiểm điểm")
        verbose_name_plural = _("bản kiểm điểm")
        ordering = ["campaign", "unit", "kind", "label", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=models.Q(kind="member"),
                name="reviews_subjectreview_one_per_member",
            ),
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                condition=models.Q(kind="unit"),
                name="reviews_subjectreview_one_per_unit",
            ),
            models.UniqueConstraint(
                fields=["campaign", "body"],
                condition=models.Q(kind="body"),
                name="reviews_subjectreview_one_per_body",
            ),
        ]
        indexes = [
            # Covers the dashboard's GROUP BY (status and lock per unit) without a table lookup.
            models.Index(
                fields=["campaign", "kind", "unit", "status", "locked_at"],
                name="reviews_review_dashboard_idx",
            ),
            models.Index(fields=["campaign", "person"], name="reviews_review_person_idx"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES and self.locked_at is None


class ReviewHint(models.Model):
    """A review hint (gợi ý kiểm điểm) from the higher level to a collective or a named leader.

    Hints are written before the reviews exist (published → hints_issued), so the target is the
    subject itself; it shows in section IV of the target's form in the same campaign and is
    answered when that answer is submitted.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="hints")
    kind = models.CharField(_("loại đối tượng"), max_length=8, choices=SubjectKind.choices)
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("đảng viên"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    body = models.ForeignKey(
        "orgs.LeadershipBody",
        verbose_name=_("tập thể lãnh đạo"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    label = models.CharField(_("gửi tới"), max_length=255)
    text = models.TextField(_("nội dung gợi ý"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gợi ý"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("gợi ý kiểm điểm")
        verbose_name_plural = _("gợi ý kiểm điểm")
        ordering = ["campaign", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    CIRCULATED = "circulated", _("Đang xin ý kiến")
    REVISED = "revised", _("Đã tiếp thu, chỉnh sửa")
    ADOPTED = "adopted", _("Đã thông qua")


REPORT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReportState.DRAFT: (ReportState.CIRCULATED,),
    ReportState.CIRCULATED: (ReportState.REVISED,),
    ReportState.REVISED: (ReportState.CIRCULATED, ReportState.ADOPTED),
    ReportState.ADOPTED: (ReportState.REVISED,),
}


class CollectiveReport(models.Model):
    """The collective report (Mẫu 01) of a unit or leadership body review, with its comment round."""

    review = models.OneToOneField(
        SubjectReview, on_delete=models.CASCADE, related_name="report", verbose_name=_("kiểm điểm")
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    comments_open_at = models.DateTimeField(_("mở góp ý lúc"), null=True, blank=True)
    comments_close_at = models.DateTimeField(_("đóng góp ý lúc"), null=True, blank=True)
    delegates = models.ManyToManyField(
        "orgs.Person", verbose_name=_("người được xin ý kiến"), blank=True, related_name="+"
    )
    minutes_reference = models.CharField(_("biên bản thông qua"), max_length=255, blank=True)
    adopted_at = models.DateTimeField(_("thông qua lúc"), null=True, blank=True)
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo kiểm điểm tập thể")
        verbose_name_plural = _("báo cáo kiểm điểm tập thể")

    def __str__(self) -> str:
        return str(self.review)


class ReportVersion(models.Model):
    """A numbered version of the report's sections; the latest unfrozen one is the working draft."""

    report = models.ForeignKey(CollectiveReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    sections = models.JSONField(_("nội dung"), default=dict)
    frozen = models.BooleanField(_("đã chốt"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản báo cáo")
        verbose_name_plural = _("phiên bản báo cáo")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="reviews_reportversion_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class CommentResolution(models.TextChoices):
    OPEN = "", _("Chưa xử lý")
    ACCEPTED = "accepted", _("Tiếp thu")
    ANSWERED = "answered", _("Giải trình")
    DECLINED = "declined", _("Không tiếp thu")


class DraftComment(models.Model):
    """A delegate's comment on a circulated version: on a quoted passage of a section, or on the
    whole report; replies point to their parent. The drafter resolves each top-level comment."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    section = models.CharField(_("mục"), max_length=16, blank=True)
    quote = models.TextField(_("đoạn trích"), blank=True)
    text = models.TextField(_("ý kiến"))
    resolution = models.CharField(
        _("xử lý"), max_length=16, choices=CommentResolution.choices, blank=True, default=""
    )
    resolution_note = models.TextField(_("ghi chú xử lý"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering = ["version", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
