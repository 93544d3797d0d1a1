"""The review conference (domain.md §1.4): run-sheet, attendance, criticism, conclusions, minutes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Conference(models.Model):
    """A review conference of a collective (a cell, a committee, or a leadership body)."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Chuẩn bị")
        IN_PROGRESS = "in_progress", _("Đang họp")
        CLOSED = "closed", _("Đã bế mạc")
        SIGNED = "signed", _("Biên bản đã ký")

    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("tổ chức đảng"),
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    body = models.ForeignKey(
        "orgs.LeadershipBody",
        verbose_name=_("tập thể lãnh đạo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    # The campaign whose reviews this conference hears: the open campaign of the year over the
    # unit when it was created (none for a meeting held outside any campaign).
    campaign = models.ForeignKey(
        "reviews.Campaign",
        verbose_name=_("đợt kiểm điểm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
    )
    title = models.CharField(_("tên hội nghị"), max_length=255)
    place = models.CharField(_("địa điểm"), max_length=255)
    starts_at = models.DateTimeField(_("thời gian"))
    chair = models.ForeignKey(
        "orgs.Person", verbose_name=_("chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    secretary = models.ForeignKey(
        "orgs.Person", verbose_name=_("thư ký"), on_delete=models.PROTECT, related_name="+"
    )
    guests = models.TextField(_("đại biểu cấp trên"), blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=State.choices, default=State.PLANNED
    )
    ended_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    ballot = models.ForeignKey(
        "voting.Ballot",
        verbose_name=_("biểu quyết"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    results = models.TextField(_("kết quả đạt được"), blank=True)
    limitations = models.TextField(_("hạn chế, khuyết điểm"), blank=True)
    causes_subjective = models.TextField(_("nguyên nhân chủ quan"), blank=True)
    causes_objective = models.TextField(_("nguyên nhân khách quan"), blank=True)
    responsibility_collective = models.TextField(_("trách nhiệm của tập thể"), blank=True)
    responsibility_individuals = models.TextField(_("trách nhiệm của cá nhân"), blank=True)
    remedies = models.TextField(_("biện pháp khắc phục"), blank=True)
    directions = models.TextField(_("phương hướng năm tới"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hội nghị kiểm điểm")
        verbose_name_plural = _("hội nghị kiểm điểm")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """One step of the run-sheet, advanced by the chair, with the secretary's notes."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("Khai mạc, điểm danh, giới thiệu đại biểu")
        READ_REPORT = "read_report", _("Đọc dự thảo báo cáo kiểm điểm tập thể")
        COMMENTS = "comments", _("Tổng hợp ý kiến góp ý của đại biểu")
        DISCUSSION = "discussion", _("Thảo luận")
        CONCLUSIONS = "conclusions", _("Kết luận về tập thể")
        SELF_CRITICISM = "self_criticism", _("Tự phê bình và phê bình")
        VOTES = "votes", _("Biểu quyết xếp loại")
        CLOSING = "closing", _("Thông qua biên bản, bế mạc")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(_("nội dung"), max_length=255)
    person = models.ForeignKey(
        "orgs.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(_("ghi chép"), blank=True)
    reply = models.TextField(_("ý kiến tiếp thu, giải trình"), blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    done = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("bước chương trình")
        verbose_name_plural = _("chương trình hội nghị")
        ordering = ["conference", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "order"], name="conferences_agendaitem_unique_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Attendance(models.Model):
    """A member called to the conference: present, absent (with the reason) or exempt."""

    class Status(models.TextChoices):
        EXPECTED = "expected", _("Chưa điểm danh")
        PRESENT = "present", _("Có mặt")
        ABSENT = "absent", _("Vắng mặt")
        EXEMPT = "exempt", _("Miễn sinh hoạt")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+")
    official = models.BooleanField(default=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.EXPECTED)
    reason = models.CharField(_("lý do vắng"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        ordering = ["conference", "person__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "person"], name="conferences_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_status_display()}"


class Criticism(models.Model):
    """A named criticism of one member by another at the member's self-criticism step."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="criticisms")
    speaker = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("ý kiến phê bình"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến phê bình")
        verbose_name_plural = _("ý kiến phê bình")
        ordering = ["item", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text[:40]}"


class Minutes(models.Model):
    """The minutes (biên bản), generated from the run-sheet, editable until both sign."""

    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("nội dung biên bản"))
    signed_by_chair = models.DateTimeField(null=True, blank=True)
    signed_by_secretary = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("biên bản")
        verbose_name_plural = _("biên bản")

    def __str__(self) -> str:
        return f"Biên bản {self.conference}"

    @property
    def locked(self) -> bool:
        return self.signed_by_chair is not None and self.signed_by_secretary is not None
