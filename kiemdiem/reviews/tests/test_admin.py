"""The cycle's records are in the admin to look at, never to change there."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from kiemdiem.reviews.models import CampaignState
from kiemdiem.reviews.tests.factories import campaign_factory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        "reviews/campaign",
        "reviews/subjectreview",
        "conferences/conference",
        "voting/ballot",
        "classification/proposal",
        "classification/decision",
    ],
)
def test_the_admin_lists_the_record_and_offers_no_change(cast, model):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    superuser = get_user_model().objects.create_superuser("sieuquantri", password="x")
    client = Client()
    client.force_login(superuser)
    assert client.get(f"/admin/{model}/").status_code == 200
    assert client.get(f"/admin/{model}/add/").status_code == 403
    if model == "reviews/campaign":
        page = client.get(f"/admin/reviews/campaign/{campaign.pk}/change/").content.decode()
        assert 'name="_save"' not in page
