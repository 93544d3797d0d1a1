"""`kiemdiem demo` loads every stage of the cycle on top of the organization, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from kiemdiem.reviews.models import Campaign

pytestmark = pytest.mark.django_db


def test_the_demo_command_loads_the_2020_campaign_once():
    call_command("demo", size=0.1, stdout=StringIO())
    call_command("demo", size=0.1, stdout=StringIO())

    assert list(Campaign.objects.values_list("year", "rule_pack")) == [(2020, "r132_hd21")]
