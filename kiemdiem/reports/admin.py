from django.contrib import admin

from kiemdiem.reports.models import UnitResultCount


@admin.register(UnitResultCount)
class UnitResultCountAdmin(admin.ModelAdmin[UnitResultCount]):
    list_display = ["unit", "year", "total", "htxsnv", "httnv", "htnv", "khtnv"]
    list_filter = ["year"]
    raw_id_fields = ["unit"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
