from django.contrib import admin

from kiemdiem.awards.models import (
    BadgeCondition,
    CommendationDecision,
    CommendationProposal,
    MembershipGap,
)


@admin.register(CommendationDecision)
class CommendationDecisionAdmin(admin.ModelAdmin[CommendationDecision]):
    list_display = ["__str__", "deciding_unit", "year", "form_of_award", "decided_by"]
    list_filter = ["year"]
    raw_id_fields = ["deciding_unit"]


@admin.register(CommendationProposal)
class CommendationProposalAdmin(admin.ModelAdmin[CommendationProposal]):
    list_display = ["__str__", "year", "kind", "status", "decision"]
    list_filter = ["year", "kind", "status"]
    raw_id_fields = ["person", "organization", "decision"]


@admin.register(MembershipGap)
class MembershipGapAdmin(admin.ModelAdmin[MembershipGap]):
    list_display = ["person", "left_on", "readmitted_on"]
    raw_id_fields = ["person"]


@admin.register(BadgeCondition)
class BadgeConditionAdmin(admin.ModelAdmin[BadgeCondition]):
    list_display = ["person", "kind", "start", "end"]
    list_filter = ["kind"]
    raw_id_fields = ["person"]
