"""'Việc cần làm': each role's home page lists its own work, with a link to do it."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from kiemdiem.orgs import services as org_services
from kiemdiem.reviews import services
from kiemdiem.reviews.models import CampaignState, SubjectReview
from kiemdiem.reviews.tests.factories import campaign_factory
from kiemdiem.voting import services as voting
from kiemdiem.voting.tests import factories as voting_factories

pytestmark = pytest.mark.django_db


def home_of(user) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_a_member_is_asked_to_write_their_self_review(cast):
    campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    review = SubjectReview.objects.get(person=cast.person_a)
    page = home_of(cast.member_a)
    assert 'id="todo-member"' in page
    assert reverse("reviews:self_review", args=[review.pk]) in page


def test_a_member_on_an_open_ballot_is_asked_to_vote(cast):
    ballot = voting.ballot_create(
        actor=cast.secretary_a, unit=cast.cell_a, title="Xếp loại", year=2020
    )
    voting.ballot_open(
        actor=cast.secretary_a, ballot=ballot, present=voting.called_members(cast.cell_a)
    )
    assert reverse("voting:ballot_vote", args=[ballot.pk]) in home_of(cast.member_a)


def test_a_member_who_holds_a_slip_is_not_asked_to_vote_online(cast):
    ballot = voting.ballot_create(
        actor=cast.secretary_a, unit=cast.cell_a, title="Xếp loại", year=2020
    )
    voting_factories.open_on_paper(actor=cast.secretary_a, ballot=ballot)
    assert reverse("voting:ballot_vote", args=[ballot.pk]) not in home_of(cast.member_a)


def test_the_secretary_sees_their_cells_progress(cast):
    campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    page = home_of(cast.secretary_a)
    assert 'id="todo-secretary"' in page
    assert "Chi bộ A" in page
    assert "0/2 bản kiểm điểm đã nộp" in page


def test_the_office_sees_each_campaign_and_its_next_step(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    page = home_of(cast.officer)
    assert 'id="todo-office"' in page
    assert reverse("reviews:campaign_detail", args=[campaign.pk]) in page
    assert "Đang hội nghị kiểm điểm" in page  # the next step


def test_someone_with_nothing_to_do_is_told_so(cast):
    assert 'id="todo-none"' in home_of(cast.outsider)


def test_a_member_with_a_hint_is_told_to_answer_it(cast):
    body = org_services.body_create(
        actor=None, unit=cast.cell_a, kind="chi_uy", term_start=datetime.date(2020, 1, 1)
    )
    org_services.seat_add(
        actor=None, body=body, person=cast.person_a, position="pho_bi_thu", start=body.term_start
    )
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PUBLISHED)
    services.hint_create(
        actor=cast.officer,
        campaign=campaign,
        person=cast.person_a,
        text="Làm rõ việc chậm báo cáo.",
    )
    services.campaign_issue_hints(actor=cast.officer, campaign=campaign, none_confirmed=False)
    services.campaign_open_reviews(actor=cast.officer, campaign=campaign)
    assert "1 gợi ý kiểm điểm cần giải trình" in home_of(cast.member_a)
