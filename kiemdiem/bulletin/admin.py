"""Read-only admin lists: posts and categories change through the services (audited)."""

from django.contrib import admin
from django.http import HttpRequest

from kiemdiem.bulletin.models import Category, Photo, Post


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "parent", "position"]


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["title", "category", "unit", "status", "published_at"]
    list_filter = ["status", "category"]
    search_fields = ["title_folded"]


@admin.register(Photo)
class PhotoAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "post", "kind", "width", "height"]
