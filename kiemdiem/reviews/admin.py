"""The review cycle in the admin: to look at, read-only (every change is a service)."""

from django.contrib import admin

from kiemdiem.core.admin import ReadOnlyAdmin
from kiemdiem.reviews.models import Campaign, CollectiveReport, ReviewHint, SubjectReview


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "period", "rule_pack", "root_unit", "state"]
    list_filter = ["state", "year", "rule_pack"]
    search_fields = ["title", "root_unit__code"]


@admin.register(SubjectReview)
class SubjectReviewAdmin(ReadOnlyAdmin):
    list_display = ["label", "campaign", "kind", "unit", "status", "self_level"]
    list_filter = ["status", "kind", "campaign__year"]
    search_fields = ["label", "unit__code"]
    list_select_related = ["campaign", "unit"]


@admin.register(ReviewHint)
class ReviewHintAdmin(ReadOnlyAdmin):
    list_display = ["label", "campaign", "created_at", "answered_at"]


@admin.register(CollectiveReport)
class CollectiveReportAdmin(ReadOnlyAdmin):
    list_display = ["review", "state", "adopted_at"]
    list_filter = ["state"]
