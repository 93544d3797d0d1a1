from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from kiemdiem.accounts.models import ApiToken, RoleGrant, User


class RoleGrantInline(admin.TabularInline[RoleGrant, User]):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    inlines = [RoleGrantInline]
    fieldsets = (*BaseUserAdmin.fieldsets, ("kiemdiem", {"fields": ("person",)}))  # type: ignore[misc]
    raw_id_fields = ["person"]


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin[RoleGrant]):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    autocomplete_fields = ["unit"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = ["digest"]
