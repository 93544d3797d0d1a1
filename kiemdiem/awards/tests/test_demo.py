"""The commendation demo: five years of results so that "5 years running" shows, once."""

import pytest

from kiemdiem.accounts.models import User
from kiemdiem.awards import selectors
from kiemdiem.awards.demo import MEMBERS, awards_demo_load
from kiemdiem.awards.models import CommendationDecision, CommendationProposal
from kiemdiem.orgs.demo import demo_load
from kiemdiem.orgs.models import ClassificationRecord

pytestmark = pytest.mark.django_db


def test_without_the_demo_organization_nothing_is_written():
    assert awards_demo_load().created is False
    assert not CommendationProposal.objects.exists()


def test_demo_members_and_cells_are_eligible_for_five_years_running_once():
    demo_load(size=0.05)
    summary = awards_demo_load()
    assert summary.created is True
    office = User.objects.get(username="vanphong")
    members = [
        r for r in selectors.eligible_members(user=office, year=2020) if r.candidacy.run_years
    ]
    assert len(members) >= MEMBERS
    assert all(r.candidacy.run_years == (2016, 2017, 2018, 2019, 2020) for r in members)
    organizations = selectors.eligible_organizations(user=office, year=2020)
    assert [r.candidacy.run_years for r in organizations] == [(2016, 2017, 2018, 2019, 2020)] * 2
    decision = CommendationDecision.objects.get()
    assert str(decision).startswith("Số 01-QĐ/ĐU")
    decided = CommendationProposal.objects.filter(decision=decision)
    assert decided.count() == MEMBERS // 2
    record = ClassificationRecord.objects.get(person=decided[0].person, year=2020)
    assert "5 năm liền (2016–2020)" in record.award
    again = awards_demo_load()
    assert again.created is False
    assert CommendationProposal.objects.count() == MEMBERS + 2
