"""`kiemdiem demo` loads every stage of the cycle on top of the organization, once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kiemdiem.accounts.models import User
from kiemdiem.reviews.models import Campaign

pytestmark = pytest.mark.django_db


def test_the_demo_command_loads_the_2020_campaign_once():
    call_command("demo", size=0.1, demo_confirmed=True, stdout=StringIO())
    call_command("demo", size=0.1, demo_confirmed=True, stdout=StringIO())

    assert list(Campaign.objects.values_list("year", "rule_pack")) == [(2020, "r132_hd21")]


def test_with_debug_off_the_demo_refuses_without_being_told_it_is_a_demo():
    with pytest.raises(CommandError, match="--i-know-this-is-demo"):
        call_command("demo", size=0.1, stdout=StringIO())
    assert not User.objects.filter(username="admin").exists()
