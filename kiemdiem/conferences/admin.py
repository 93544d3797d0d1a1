"""Conferences in the admin: to look at, read-only (every change is a service)."""

from django.contrib import admin

from kiemdiem.conferences.models import Conference
from kiemdiem.core.admin import ReadOnlyAdmin


@admin.register(Conference)
class ConferenceAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "body", "year", "state", "starts_at"]
    list_filter = ["state", "year"]
    search_fields = ["title", "unit__code"]
