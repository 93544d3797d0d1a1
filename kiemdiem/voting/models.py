"""Classification votes: show of hands, electronic secret ballot, paper ballot tally.

For the secret ballot, the "has voted" mark (`VoterRollEntry.used`) and the ballot itself
(`CastBallot`, `CastChoice`) live in separate tables with no link between them, no timestamp on
the ballot and a random primary key, so a ballot cannot be traced back to its voter.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kiemdiem.core.levels import Level


class Ballot(models.Model):
    """One vote of a collective on the classification of its subjects."""

    class Kind(models.TextChoices):
        SHOW_OF_HANDS = "show_of_hands", _("Biểu quyết giơ tay")
        SECRET_BALLOT = "secret_ballot", _("Bỏ phiếu kín điện tử")
        PAPER_TALLY = "paper_tally", _("Kiểm phiếu giấy")

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        OPEN = "open", _("Đang bỏ phiếu")
        CLOSED = "closed", _("Đã đóng")
        CONFIRMED = "confirmed", _("Ban kiểm phiếu đã xác nhận")

    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("tổ chức đảng"),
        on_delete=models.PROTECT,
        related_name="ballots",
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"))
    campaign = models.ForeignKey(
        "reviews.Campaign",
        verbose_name=_("đợt kiểm điểm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
    )
    kind = models.CharField(
        _("hình thức"), max_length=16, choices=Kind.choices, default=Kind.SECRET_BALLOT
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=State.choices, default=State.DRAFT
    )
    denominator = models.PositiveIntegerField(
        _("số đảng viên được triệu tập (trừ miễn sinh hoạt)"), default=0
    )
    ballots_blank = models.PositiveIntegerField(_("phiếu trắng"), default=0)
    ballots_invalid = models.PositiveIntegerField(_("phiếu không hợp lệ"), default=0)
    ballots_valid = models.PositiveIntegerField(_("phiếu hợp lệ"), default=0)
    tellers = models.ManyToManyField(
        "orgs.Person", verbose_name=_("ban kiểm phiếu"), blank=True, related_name="+"
    )
    runners = models.ManyToManyField(
        "orgs.Person",
        verbose_name=_("chủ trì, thư ký điều hành"),
        blank=True,
        related_name="ballots_run",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The slips are printed once; each reprint needs a reason and shows on the ballot's page, so
    # a runner holding codes nobody was handed cannot go unseen.
    slips_printed = models.PositiveSmallIntegerField(_("số lần in phiếu"), default=0)

    class Meta:
        verbose_name = _("cuộc biểu quyết")
        verbose_name_plural = _("cuộc biểu quyết")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class BallotSubject(models.Model):
    """A person, an organization or a leadership collective (the body whose conference it is)
    whose level is voted on, in the ballot's order."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(
        "orgs.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = models.ForeignKey(
        "orgs.LeadershipBody", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    label = models.CharField(_("đối tượng"), max_length=255)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("đối tượng biểu quyết")
        verbose_name_plural = _("đối tượng biểu quyết")
        ordering = ["ballot", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=True) | models.Q(unit__isnull=True),
                name="voting_ballotsubject_person_or_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(body__isnull=True)
                | models.Q(person__isnull=True, unit__isnull=True),
                name="voting_ballotsubject_body_alone",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class VoterRollEntry(models.Model):
    """A voter present when voting opened: official members marked present (probationary members
    do not vote).

    `used` is the only "has voted" mark: set when the member votes from their own login, or at
    opening when they are to vote on a printed slip (they then hold an anonymous slip code and can
    no longer vote from their login). Nothing points from here to the ballot cast.
    """

    class Via(models.TextChoices):
        LOGIN = "login", _("Bỏ phiếu từ tài khoản của mình")
        SLIP = "slip", _("Bỏ phiếu bằng phiếu in có mã")

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="roll")
    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+")
    via = models.CharField(
        _("cách bỏ phiếu"), max_length=8, choices=Via.choices, default=Via.LOGIN
    )
    used = models.BooleanField(_("đã bỏ phiếu hoặc đã nhận phiếu in"), default=False)

    class Meta:
        verbose_name = _("người bỏ phiếu")
        verbose_name_plural = _("danh sách người bỏ phiếu")
        ordering = ["ballot", "person__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "person"], name="voting_voterrollentry_once_per_ballot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({'✓' if self.used else '—'})"


class BallotSlip(models.Model):
    """A printed slip's single-use code. Slips are handed out in the room in random order: no
    slip names or points to a person, and the roll only counts how many were issued."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="slips")
    code = models.CharField(_("mã bỏ phiếu"), max_length=16, unique=True)
    used = models.BooleanField(_("đã dùng"), default=False)

    class Meta:
        verbose_name = _("phiếu in có mã")
        verbose_name_plural = _("phiếu in có mã")
        ordering = ["ballot", "code"]

    def __str__(self) -> str:
        return self.code


class CastBallot(models.Model):
    """One anonymous electronic ballot: a random id, a receipt code, no voter, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="cast")
    receipt = models.CharField(_("mã biên nhận"), max_length=16, unique=True)

    class Meta:
        verbose_name = _("phiếu đã bỏ")
        verbose_name_plural = _("phiếu đã bỏ")
        ordering = ["ballot", "receipt"]

    def __str__(self) -> str:
        return self.receipt


class CastChoice(models.Model):
    """The level ticked for one subject on one cast ballot (blank = no tick)."""

    cast = models.ForeignKey(CastBallot, on_delete=models.CASCADE, related_name="choices")
    subject = models.ForeignKey(BallotSubject, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=8, choices=Level.choices, blank=True)

    class Meta:
        verbose_name = _("lựa chọn")
        verbose_name_plural = _("lựa chọn")
        constraints = [
            models.UniqueConstraint(
                fields=["cast", "subject"], name="voting_castchoice_one_per_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.level or '—'}"


class CountEntry(models.Model):
    """Counts entered by hand: by the secretary (show of hands) or the tellers (paper ballots)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="counts")
    subject = models.ForeignKey(BallotSubject, on_delete=models.CASCADE, related_name="counts")
    level = models.CharField(max_length=8, choices=Level.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số phiếu")
        verbose_name_plural = _("số phiếu")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "level"], name="voting_countentry_one_per_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.level}: {self.count}"


class CountCorrection(models.Model):
    """A change to an entered count after it was first entered, with who and why."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("mục"), max_length=255)
    old_value = models.PositiveIntegerField(_("giá trị cũ"))
    new_value = models.PositiveIntegerField(_("giá trị mới"))
    reason = models.CharField(_("lý do"), max_length=255)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đính chính số phiếu")
        verbose_name_plural = _("sổ đính chính số phiếu")
        ordering = ["ballot", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} → {self.new_value}"
