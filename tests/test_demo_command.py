"""`kiemdiem demo` loads every stage of the cycle on top of the organization, once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kiemdiem.accounts.models import User
from kiemdiem.conferences.models import Conference
from kiemdiem.core.models import AuditEvent
from kiemdiem.reviews.models import Campaign, ReviewStatus, SubjectReview

pytestmark = pytest.mark.django_db


def test_the_demo_command_loads_the_2020_campaign_once():
    call_command("demo", size=0.1, demo_confirmed=True, stdout=StringIO())
    call_command("demo", size=0.1, demo_confirmed=True, stdout=StringIO())

    assert list(Campaign.objects.values_list("year", "rule_pack", "state")) == [
        (2020, "r132_hd21", "preparing"),
        (2019, "r132_hd21", "closed"),
    ]
    year = Campaign.objects.get(year=2019)
    assert not SubjectReview.objects.filter(campaign=year).exclude(
        status__in=[ReviewStatus.DECIDED, ReviewStatus.NOT_REQUIRED]
    ).exists()
    # Built with real actors: every audit row of the year names who did it.
    assert not AuditEvent.objects.filter(
        verb__in=["conference_start", "ballot_confirm", "decision_make", "campaign_close"],
        actor__isnull=True,
    ).exists()
    assert Conference.objects.filter(campaign=year, state=Conference.State.SIGNED).count() > 60


def test_with_debug_off_the_demo_refuses_without_being_told_it_is_a_demo():
    with pytest.raises(CommandError, match="--i-know-this-is-demo"):
        call_command("demo", size=0.1, stdout=StringIO())
    assert not User.objects.filter(username="admin").exists()
