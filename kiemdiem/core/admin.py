from django.contrib import admin

from kiemdiem.core.models import AuditEvent, Job


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A record whose every change goes through an audited service: the admin shows it, never
    adds, edits or deletes it (the pages and the API do, with their checks)."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "verb", "object_type", "object_id", "object_repr"]
    list_filter = ["verb", "object_type"]
    search_fields = ["object_repr", "object_id"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ["id", "kind", "state", "done", "total", "created_by", "created_at"]
    list_filter = ["kind", "state"]
