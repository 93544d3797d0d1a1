"""Users, their role grants bound to a unit subtree, and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. `person` links a member to their own party record."""

    person = models.OneToOneField(
        "orgs.Person",
        verbose_name=_("đảng viên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
    )
    # Set on logins the office hands out with a one-time password: the first sign-in asks for a
    # new password before anything else opens.
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")
    COMMITTEE_OFFICE = "committee_office", _("Văn phòng cấp ủy")
    CELL_SECRETARY = "cell_secretary", _("Bí thư chi bộ")
    MEMBER = "member", _("Đảng viên")


class RoleGrant(models.Model):
    """A role held by a user over a unit and its subtree (or one cell, or their own record)."""

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
    )

    class Meta:
        verbose_name = _("quyền theo đơn vị")
        verbose_name_plural = _("quyền theo đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"], name="accounts_rolegrant_unique_grant"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["administrator", "member"])
                | models.Q(unit__isnull=False),
                name="accounts_rolegrant_scoped_role_has_unit",
                violation_error_message=_("Vai trò này cần một đơn vị."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit or '—'}"


class ApiToken(models.Model):
    """A bearer token for scripts. Only the SHA-256 digest is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên"), max_length=100)
    digest = models.CharField(_("mã băm"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"
