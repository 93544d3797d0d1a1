"""Party commendation: proposals for eligible members (and organizations), decisions that
approve them, and the days a member spent out of the Party (for badge milestones).

A decided proposal is also written into the member's yearly history
(`orgs.ClassificationRecord.award`) by `services.commendation_decide`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kiemdiem.orgs.models import Person, Unit


class AwardKind(models.TextChoices):
    YEAR = "year", _("Hoàn thành xuất sắc nhiệm vụ trong năm")
    RUN = "run", _("Hoàn thành xuất sắc nhiệm vụ 5 năm liền")


class CommendationDecision(models.Model):
    """Quyết định khen thưởng: who decided, its register number and date."""

    deciding_unit = models.ForeignKey(
        Unit, verbose_name=_("cấp quyết định"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    issuer_code = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=16, default="ĐU")
    decided_on = models.DateField(_("ngày quyết định"))
    place = models.CharField(_("địa danh"), max_length=64, default="Hà Nội")
    form_of_award = models.CharField(_("hình thức khen thưởng"), max_length=64)
    signer_name = models.CharField(_("người ký"), max_length=255, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deciding_unit", "year", "number"],
                name="awards_commendationdecision_unique_number",
                violation_error_message=_("Số quyết định đã được dùng."),
            ),
        ]

    def __str__(self) -> str:
        return f"Số {self.number:02d}-QĐ/{self.issuer_code} ({self.decided_on:%d/%m/%Y})"


class CommendationProposal(models.Model):
    """A proposal to commend one member (or one organization) for a year or a 5-year run."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đã đề nghị")
        APPROVED = "approved", _("Đã khen thưởng")

    person = models.ForeignKey(
        Person,
        verbose_name=_("đảng viên"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commendation_proposals",
    )
    organization = models.ForeignKey(
        Unit,
        verbose_name=_("tổ chức đảng"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commendation_proposals",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("danh hiệu"), max_length=8, choices=AwardKind.choices)
    qualifying_years = models.JSONField(_("các năm đạt"), default=list)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    decision = models.ForeignKey(
        CommendationDecision,
        verbose_name=_("quyết định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề nghị"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, organization__isnull=True)
                | models.Q(person__isnull=True, organization__isnull=False),
                name="awards_commendationproposal_one_subject",
                violation_error_message=_("Đề nghị khen thưởng phải có đúng một đối tượng."),
            ),
            models.UniqueConstraint(
                fields=["person", "year", "kind"],
                condition=models.Q(person__isnull=False),
                name="awards_commendationproposal_one_per_person",
                violation_error_message=_("Đảng viên đã được đề nghị danh hiệu này trong năm."),
            ),
            models.UniqueConstraint(
                fields=["organization", "year", "kind"],
                condition=models.Q(organization__isnull=False),
                name="awards_commendationproposal_one_per_organization",
                violation_error_message=_("Tổ chức đã được đề nghị danh hiệu này trong năm."),
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="awards_proposal_year_idx")]

    def __str__(self) -> str:
        return f"{self.person or self.organization} {self.year} {self.get_kind_display()}"

    @property
    def title(self) -> str:
        """The award title as the decision and the history print it: "Hoàn thành xuất sắc
        nhiệm vụ" for a member, "Trong sạch, vững mạnh tiêu biểu" for an organization."""
        name = (
            "Trong sạch, vững mạnh tiêu biểu"
            if self.organization_id
            else "Hoàn thành xuất sắc nhiệm vụ"
        )
        if self.kind == AwardKind.RUN and self.qualifying_years:
            first, last = self.qualifying_years[0], self.qualifying_years[-1]
            return f"{name} 5 năm liền ({first}–{last})"
        return f"{name} năm {self.year}"


class MembershipGap(models.Model):
    """Time out of the Party between leaving and readmission; it delays badge milestones."""

    person = models.ForeignKey(
        Person, verbose_name=_("đảng viên"), on_delete=models.CASCADE, related_name="party_gaps"
    )
    left_on = models.DateField(_("ngày ra khỏi Đảng"))
    readmitted_on = models.DateField(_("ngày kết nạp lại"))

    class Meta:
        verbose_name = _("thời gian gián đoạn tuổi Đảng")
        verbose_name_plural = _("thời gian gián đoạn tuổi Đảng")
        ordering = ["person", "left_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(readmitted_on__gt=models.F("left_on")),
                name="awards_membershipgap_ordered",
                violation_error_message=_("Ngày kết nạp lại phải sau ngày ra khỏi Đảng."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.left_on}–{self.readmitted_on}"


class BadgeCondition(models.Model):
    """What changes a member's badge date (HD 01-HD/TW; domain.md §8.3): serious illness (may
    be presented early), death (posthumously), a period of discipline (not yet presented)."""

    class Kind(models.TextChoices):
        ILLNESS = "illness", _("Ốm đau hiểm nghèo")
        POSTHUMOUS = "posthumous", _("Từ trần (truy tặng)")
        DISCIPLINE = "discipline", _("Đang bị kỷ luật")

    person = models.ForeignKey(
        Person,
        verbose_name=_("đảng viên"),
        on_delete=models.CASCADE,
        related_name="badge_conditions",
    )
    kind = models.CharField(_("trường hợp"), max_length=16, choices=Kind.choices)
    start = models.DateField(_("từ ngày"))  # diagnosis, death, or the discipline decision
    end = models.DateField(_("đến ngày"), null=True, blank=True)  # discipline only
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trường hợp đặc biệt khi trao Huy hiệu")
        verbose_name_plural = _("trường hợp đặc biệt khi trao Huy hiệu")
        ordering = ["person", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="awards_badgecondition_ordered",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} {self.start:%d/%m/%Y}"
