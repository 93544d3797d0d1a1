"""The clerk's register of numbered documents (sổ đăng ký văn bản, domain.md §7).

"Số {n}-{type}/{issuer}": n counts from 01 per document type per committee term of the issuing
body. One row per number given out, so a number is never given twice and the register can be
printed; `services.register_number_take` is the only writer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kiemdiem.orgs.models import Unit


class RegisterEntry(models.Model):
    """One number of the register: issuer, type code, term, n, date and title."""

    issuer = models.ForeignKey(
        Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    type_code = models.CharField(_("loại văn bản"), max_length=8)
    issuer_code = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=16)
    # The first day of the committee term the number belongs to (its LeadershipBody's
    # term_start; 1 January of the year when the unit has no recorded term).
    term_start = models.DateField(_("đầu nhiệm kỳ"))
    n = models.PositiveIntegerField(_("số"))
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("số văn bản")
        verbose_name_plural = _("sổ đăng ký văn bản")
        ordering = ["issuer", "type_code", "-term_start", "n"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "type_code", "term_start", "n"],
                name="documents_registerentry_one_number",
                violation_error_message=_("Số văn bản đã được cấp."),
            ),
        ]

    def __str__(self) -> str:
        return f"Số {self.n:02d}-{self.type_code}/{self.issuer_code} ({self.issued_on:%d/%m/%Y})"
