"""The navigation shows each user the sections they can use."""

from django.test import Client
from django.urls import reverse


def _page_for(user) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client.get(reverse("reviews:campaign_list")).content.decode()


def test_a_committee_office_sees_the_decision_board_and_statistics_links(cast):
    page = _page_for(cast.officer)

    assert reverse("decisions:decision_board") in page
    assert reverse("reports:index") in page


def test_a_plain_member_is_not_offered_the_office_sections(cast):
    page = _page_for(cast.member_a)

    assert reverse("reviews:campaign_list") in page
    assert reverse("decisions:decision_board") not in page
    assert reverse("reports:index") not in page
