"""Ballots in the admin: the ballot and its counts only, read-only. The roll and the cast ballots
are not shown: whoever can read the admin must not be able to line them up."""

from django.contrib import admin

from kiemdiem.core.admin import ReadOnlyAdmin
from kiemdiem.voting.models import Ballot, CountCorrection


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "year", "kind", "state", "denominator", "ballots_valid"]
    list_filter = ["kind", "state", "year"]
    search_fields = ["title", "unit__code"]
    exclude = ["tellers", "runners"]


@admin.register(CountCorrection)
class CountCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["ballot", "field", "old_value", "new_value", "reason", "actor", "created_at"]
