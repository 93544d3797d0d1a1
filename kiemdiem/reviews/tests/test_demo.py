"""The review demo loads on top of the organization demo, once."""

from __future__ import annotations

import pytest

from kiemdiem.orgs.demo import demo_load
from kiemdiem.reviews.demo import reviews_demo_load
from kiemdiem.reviews.models import Campaign, CampaignState, ReviewStatus, SubjectReview

pytestmark = pytest.mark.django_db


def test_without_the_demo_organization_nothing_is_added():
    assert reviews_demo_load().created is False
    assert Campaign.objects.count() == 0


def test_the_demo_campaign_is_in_preparation_with_drafts_and_is_idempotent():
    demo_load(size=0.1)
    summary = reviews_demo_load()
    campaign = Campaign.objects.get()
    assert summary.created is True
    assert (campaign.rule_pack, campaign.state) == ("r132_hd21", CampaignState.PREPARING)
    statuses = set(SubjectReview.objects.values_list("status", flat=True))
    assert {ReviewStatus.DRAFTING, ReviewStatus.SUBMITTED} <= statuses
    count = SubjectReview.objects.count()
    assert reviews_demo_load().created is False
    assert SubjectReview.objects.count() == count
