"""Proposals and decisions in the admin: to look at, read-only (every change is a service)."""

from django.contrib import admin

from kiemdiem.classification.models import Decision, Proposal
from kiemdiem.core.admin import ReadOnlyAdmin


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "year", "level", "proposed_by", "source", "created_at"]
    list_filter = ["year", "level", "source"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "decider", "level", "decided_at", "notified_at", "annulled_at"]
    list_filter = ["level", "proposal__year"]
