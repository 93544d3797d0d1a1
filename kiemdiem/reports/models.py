"""Pre-aggregated results for national-scale reports.

`UnitResultCount` holds, per unit and year, the counts the statistics selector would compute
for the members sitting directly in that unit. Rolling a subtree up then reads one row per unit
instead of one per member (≈300,000 rows instead of ≈5.7 M nationally), by path range without
joining the unit table. It is a cache:
`services.rollup_refresh` rebuilds a year set-based; the live selector stays the reference.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kiemdiem.orgs.models import Unit


class UnitResultCount(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    # The unit's tree path when the row was built, so a roll-up is a range scan without a join.
    # A moved unit is right again after the next refresh.
    path = models.CharField(_("đường dẫn cây"), max_length=255, default="")
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    htxsnv = models.PositiveIntegerField(default=0)
    httnv = models.PositiveIntegerField(default=0)
    htnv = models.PositiveIntegerField(default=0)
    khtnv = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu tổng hợp xếp loại")
        verbose_name_plural = _("số liệu tổng hợp xếp loại")
        indexes = [models.Index(fields=["year", "path"], name="reports_urc_year_path_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit"], name="reports_unitresultcount_one_per_unit_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.total}"


class RollupState(models.Model):
    """When a year's `UnitResultCount` rows were last rebuilt (one row per year).

    The statistics selector reads the cache only for a year that has a state row, and the pages
    print its time, so a reader always knows how fresh cached figures are.
    """

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    refreshed_at = models.DateTimeField(_("tổng hợp lúc"))
    rows = models.PositiveIntegerField(_("số đơn vị"), default=0)

    class Meta:
        verbose_name = _("lần tổng hợp số liệu")
        verbose_name_plural = _("lần tổng hợp số liệu")

    def __str__(self) -> str:
        return f"{self.year}: {self.refreshed_at:%d/%m/%Y %H:%M}"
