from django.contrib import admin

from kiemdiem.orgs.models import (
    BodyMembership,
    CellMembership,
    ClassificationRecord,
    DecidesFor,
    LeadershipBody,
    Person,
    Unit,
)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "depth"]
    list_filter = ["kind", "depth"]
    search_fields = ["code", "name", "name_folded"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth"]


@admin.register(DecidesFor)
class DecidesForAdmin(admin.ModelAdmin):
    list_display = ["subject", "scope", "decider"]
    raw_id_fields = ["subject", "decider"]


class CellMembershipInline(admin.TabularInline):
    model = CellMembership
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "date_of_birth", "card_number", "status", "rank", "unit"]
    list_filter = ["status", "gender"]
    search_fields = ["name_folded", "card_number"]
    raw_id_fields = ["unit"]
    inlines = [CellMembershipInline]
    readonly_fields = ["sort_key", "name_folded"]


@admin.register(CellMembership)
class CellMembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "unit", "start", "end", "reason"]
    raw_id_fields = ["person", "unit"]


class SeatInline(admin.TabularInline):
    model = BodyMembership
    extra = 0
    raw_id_fields = ["person"]


@admin.register(LeadershipBody)
class LeadershipBodyAdmin(admin.ModelAdmin):
    list_display = ["unit", "kind", "term_start", "term_end"]
    list_filter = ["kind"]
    raw_id_fields = ["unit"]
    inlines = [SeatInline]


@admin.register(BodyMembership)
class BodyMembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "body", "position", "command_title", "start", "end"]
    raw_id_fields = ["person", "body"]


@admin.register(ClassificationRecord)
class ClassificationRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "year", "level", "award"]
    list_filter = ["year", "level"]
    raw_id_fields = ["person"]
