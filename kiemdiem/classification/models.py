"""Proposals and decisions of quality levels (domain.md §4.2, §5.2).

A proposal comes from the proposing collective (usually its vote); the competent level
(`orgs.DecidesFor`) decides. A decision that goes against an error finding of the rules engine
carries the overriding user's written reason. An annulled decision stays in the history beside
the one that replaces it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kiemdiem.core.levels import Level


class Proposal(models.Model):
    """The level proposed for a member, an organization or a leadership collective (a body such
    as the Ban Thường vụ, reviewed at its own conference) in a review year."""

    class Source(models.TextChoices):
        VOTE = "vote", _("Kết quả biểu quyết")
        MANUAL = "manual", _("Nhập tay")

    year = models.PositiveSmallIntegerField(_("năm"))
    # The campaign the proposal belongs to: a quarter's campaign never overwrites the year's.
    campaign = models.ForeignKey(
        "reviews.Campaign",
        verbose_name=_("đợt kiểm điểm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    rule_pack = models.CharField(_("bộ quy định"), max_length=16)
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("đảng viên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("tổ chức đảng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    body = models.ForeignKey(
        "orgs.LeadershipBody",
        verbose_name=_("tập thể lãnh đạo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    proposed_by = models.ForeignKey(
        "orgs.Unit", verbose_name=_("nơi đề xuất"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("mức đề xuất"), max_length=8, choices=Level.choices, blank=True)
    source = models.CharField(_("nguồn"), max_length=8, choices=Source.choices, default=Source.VOTE)
    ballot = models.ForeignKey(
        "voting.Ballot", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đề xuất xếp loại")
        verbose_name_plural = _("đề xuất xếp loại")
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, unit__isnull=True, body__isnull=True)
                | models.Q(person__isnull=True, unit__isnull=False, body__isnull=True)
                | models.Q(person__isnull=True, unit__isnull=True, body__isnull=False),
                name="classification_proposal_one_subject_of_three",
                violation_error_message=_(
                    "Đề xuất phải cho đúng một đảng viên, một tổ chức hoặc một tập thể lãnh đạo."
                ),
            ),
            # One proposal per ballot and subject; a subject proposed by several bodies (its
            # cell, its chi ủy, each post it holds) has one per ballot, side by side for the decider.
            models.UniqueConstraint(
                fields=["ballot", "person"],
                condition=models.Q(ballot__isnull=False, person__isnull=False),
                name="classification_proposal_one_per_ballot_person",
            ),
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=models.Q(
                    ballot__isnull=True, campaign__isnull=False, person__isnull=False
                ),
                name="classification_proposal_one_manual_per_campaign_person",
            ),
            models.UniqueConstraint(
                fields=["year", "person"],
                condition=models.Q(ballot__isnull=True, campaign__isnull=True, person__isnull=False),
                name="classification_proposal_one_outside_campaigns_person_year",
            ),
            # One proposal per ballot and subject; a subject proposed by several bodies (its
            # cell, its chi ủy, each post it holds) has one per ballot, side by side for the decider.
            models.UniqueConstraint(
                fields=["ballot", "unit"],
                condition=models.Q(ballot__isnull=False, unit__isnull=False),
                name="classification_proposal_one_per_ballot_unit",
            ),
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                condition=models.Q(
                    ballot__isnull=True, campaign__isnull=False, unit__isnull=False
                ),
                name="classification_proposal_one_manual_per_campaign_unit",
            ),
            models.UniqueConstraint(
                fields=["year", "unit"],
                condition=models.Q(ballot__isnull=True, campaign__isnull=True, unit__isnull=False),
                name="classification_proposal_one_outside_campaigns_unit_year",
            ),
            # One proposal per ballot and subject; a subject proposed by several bodies (its
            # cell, its chi ủy, each post it holds) has one per ballot, side by side for the decider.
            models.UniqueConstraint(
                fields=["ballot", "body"],
                condition=models.Q(ballot__isnull=False, body__isnull=False),
                name="classification_proposal_one_per_ballot_body",
            ),
            models.UniqueConstraint(
                fields=["campaign", "body"],
                condition=models.Q(
                    ballot__isnull=True, campaign__isnull=False, body__isnull=False
                ),
                name="classification_proposal_one_manual_per_campaign_body",
            ),
            models.UniqueConstraint(
                fields=["year", "body"],
                condition=models.Q(ballot__isnull=True, campaign__isnull=True, body__isnull=False),
                name="classification_proposal_one_outside_campaigns_body_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.unit or self.body} {self.year}: {self.level or '—'}"

    @property
    def subject_label(self) -> str:
        if self.person is not None:
            return self.person.full_name
        return self.unit.name if self.unit is not None else str(self.body)


class Decision(models.Model):
    """The competent level's decision on a proposal. Annulled decisions are kept."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    decider = models.ForeignKey(
        "orgs.Unit", verbose_name=_("cấp quyết định"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("mức quyết định"), max_length=8, choices=Level.choices, blank=True)
    findings = models.JSONField(_("kết quả kiểm tra quy định"), default=list, blank=True)
    override_reason = models.TextField(_("lý do quyết định khác kết quả kiểm tra"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("ngày quyết định"), auto_now_add=True)
    notified_at = models.DateTimeField(_("đã thông báo lúc"), null=True, blank=True)
    annulled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    annulled_reason = models.TextField(_("lý do hủy"), blank=True)
    annulled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("quyết định xếp loại")
        verbose_name_plural = _("quyết định xếp loại")
        ordering = ["proposal", "-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal"],
                condition=models.Q(annulled_at__isnull=True),
                name="classification_decision_one_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.level or '—'}"
