"""From a closed vote to a decision by the competent level, checked against the rules."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from kiemdiem.classification import decisions, services
from kiemdiem.classification.models import Decision, Proposal
from kiemdiem.orgs import services as org_services
from kiemdiem.orgs.models import ClassificationRecord
from kiemdiem.orgs.tests.factories import PersonFactory
from kiemdiem.voting import services as voting
from kiemdiem.voting.tests import factories as voting_factories

pytestmark = pytest.mark.django_db


ADMITTED = datetime.date(2010, 1, 1)


@pytest.fixture
def voted(cast):  # type: ignore[no-untyped-def]
    """Cell A (under the grassroots committee DB-01) voted: everyone HTTNV except two HTXSNV.

    Every member of cell A is admitted long before the review, the cast's two included: their
    random admission dates could fall within 6 months of 15/12/2020, which would leave them out
    of the quota (EXCLUDED_NEW_MEMBER) and make the quota finding come and go from run to run."""
    for person in (cast.person_a, cast.secretary_a.person):
        org_services.person_update(
            actor=None, person=person, admitted_on=ADMITTED, official_on=ADMITTED.replace(2011)
        )
    people = [
        PersonFactory(unit=cast.cell_a, admitted_on=ADMITTED, official_on=ADMITTED.replace(2011))
        for _ in range(5)
    ]
    ballot = voting.ballot_create(
        actor=cast.secretary_a, unit=cast.cell_a, title="Xếp loại 2020", year=2020
    )
    ballot = voting_factories.open_on_paper(actor=cast.secretary_a, ballot=ballot)
    excellent = {people[0].pk, people[1].pk}
    voting_factories.cast_every_slip(
        ballot,
        lambda s: "" if s.person_id is None else "HTXSNV" if s.person_id in excellent else "HTTNV",
    )
    ballot = voting.ballot_close(actor=cast.secretary_a, ballot=ballot)
    ballot = voting.ballot_confirm(actor=cast.secretary_a, ballot=ballot, tellers=[cast.person_a])
    return services.proposals_from_ballot(actor=cast.secretary_a, ballot=ballot)


def test_a_closed_vote_becomes_one_proposal_per_subject_with_its_passing_level(cast, voted):
    levels = sorted(p.level for p in voted if p.person_id)
    assert levels == ["HTTNV"] * (len(levels) - 2) + ["HTXSNV", "HTXSNV"]
    assert all(p.rule_pack == "r132_hd21" for p in voted)


def test_the_cell_member_is_decided_by_the_grassroots_committee(cast, voted):
    proposal = next(p for p in voted if p.person_id)
    assert decisions.decider_for(proposal) == cast.committee


def test_a_cell_secretary_cannot_decide(cast, voted):
    proposal = next(p for p in voted if p.level == "HTTNV")
    with pytest.raises(PermissionDenied):
        services.decision_make(actor=cast.secretary_a, proposal=proposal, level="HTTNV")
    assert not Decision.objects.exists()


def test_deciding_writes_the_persons_yearly_result(cast, voted):
    proposal = next(p for p in voted if p.level == "HTTNV")
    services.decision_make(actor=cast.officer, proposal=proposal, level="HTTNV")
    assert ClassificationRecord.objects.get(person=proposal.person, year=2020).level == "HTTNV"


def test_a_quota_error_at_decision_needs_a_written_reason(cast, voted):
    # 5 HTTNV allow one HTXSNV: the first HTXSNV passes, the second breaks the quota.
    first, second = [p for p in voted if p.level == "HTXSNV"]
    for proposal in voted:
        if proposal.person_id and proposal.level == "HTTNV":
            services.decision_make(actor=cast.officer, proposal=proposal, level="HTTNV")
    services.decision_make(actor=cast.officer, proposal=first, level="HTXSNV")
    with pytest.raises(ValidationError) as refused:
        services.decision_make(actor=cast.officer, proposal=second, level="HTXSNV")
    assert "QUOTA_HTXSNV" in [e.code for e in refused.value.error_list]
    assert not second.decisions.exists()
    decision = services.decision_make(
        actor=cast.officer,
        proposal=second,
        level="HTXSNV",
        override_reason="Thành tích đột xuất được Quân khu khen",
    )
    assert decision.override_reason == "Thành tích đột xuất được Quân khu khen"
    assert decision.findings[0]["code"] == "QUOTA_HTXSNV"


def test_the_findings_at_proposal_are_warnings(cast, voted):
    second = [p for p in voted if p.level == "HTXSNV"][1]
    findings = decisions.findings_for(proposal=second, level="HTXSNV", stage="proposal")
    assert [f["severity"] for f in findings] == ["warning"]


def test_an_organization_is_decided_only_after_its_subunits(cast, voted):
    committee = services.proposal_set(
        actor=cast.officer,
        year=2020,
        level="HTTNV",
        proposed_by=cast.committee,
        unit=cast.committee,
    )
    with pytest.raises(ValidationError) as refused:
        services.decision_make(actor=cast.admin, proposal=committee, level="HTTNV")
    assert refused.value.error_list[0].code == "order"
    for cell in (cast.cell_a, cast.cell_b):
        proposal = services.proposal_set(
            actor=cast.officer, year=2020, level="HTTNV", proposed_by=cell, unit=cell
        )
        services.decision_make(actor=cast.officer, proposal=proposal, level="HTTNV")
    services.decision_make(actor=cast.admin, proposal=committee, level="HTTNV")
    assert committee.decisions.get().level == "HTTNV"


def test_annulment_keeps_the_history_and_allows_a_new_decision(cast, voted):
    proposal = next(p for p in voted if p.level == "HTTNV")
    first = services.decision_make(actor=cast.officer, proposal=proposal, level="HTTNV")
    with pytest.raises(ValidationError):
        services.decision_annul(actor=cast.officer, decision=first, reason="")
    services.decision_annul(
        actor=cast.officer, decision=first, reason="Phát hiện vi phạm sau khi xếp loại"
    )
    services.decision_make(actor=cast.officer, proposal=proposal, level="KHTNV")
    history = list(
        proposal.decisions.order_by("decided_at", "id").values_list("level", "annulled_reason")
    )
    assert history == [("HTTNV", "Phát hiện vi phạm sau khi xếp loại"), ("KHTNV", "")]
    assert ClassificationRecord.objects.get(person=proposal.person, year=2020).level == "KHTNV"


def test_the_quota_dashboard_counts_each_grassroots_organization(cast, voted):
    rows = decisions.quota_dashboard(user=cast.officer, unit=cast.committee, year=2020)
    assert [(r.scope.code, r.excellent, r.good, r.allowed, r.over) for r in rows] == [
        ("DB-01", 2, 5, 1, True)
    ]


def test_notifying_marks_every_decision_in_force(cast, voted):
    for proposal in voted:
        if proposal.person_id and proposal.level == "HTTNV":
            services.decision_make(actor=cast.officer, proposal=proposal, level="HTTNV")
    assert services.decisions_notify(actor=cast.officer, unit=cast.committee, year=2020) == 5
    assert not Decision.objects.filter(notified_at__isnull=True).exists()


def test_proposals_need_a_ballot_the_tellers_confirmed(cast):
    ballot = voting.ballot_create(
        actor=cast.secretary_a, unit=cast.cell_a, title="Xếp loại", year=2020
    )
    with pytest.raises(ValidationError):
        services.proposals_from_ballot(actor=cast.secretary_a, ballot=ballot)
    ballot = voting_factories.open_on_paper(actor=cast.secretary_a, ballot=ballot)
    voting_factories.cast_every_slip(ballot, lambda s: "HTTNV")
    ballot = voting.ballot_close(actor=cast.secretary_a, ballot=ballot)
    with pytest.raises(ValidationError) as refused:
        services.proposals_from_ballot(actor=cast.secretary_a, ballot=ballot)
    assert "ban kiểm phiếu xác nhận" in refused.value.messages[0]
    assert not Proposal.objects.exists()


def test_the_board_shows_findings_and_the_decide_form_to_the_competent_level(cast, voted):
    client = Client()
    client.force_login(cast.officer)
    page = client.get(
        "/classification/", {"unit": cast.committee.pk, "year": 2020}
    ).content.decode()
    assert "QUOTA_HTXSNV" in page
    assert 'class="decide-form"' in page
    proposal = next(p for p in voted if p.level == "HTTNV")
    client.post(f"/classification/proposals/{proposal.pk}/decide/", {"level": "HTTNV"})
    assert proposal.decisions.get().level == "HTTNV"


def test_a_new_members_proposal_shows_that_they_are_not_classified_on_the_board(cast):
    newcomer = PersonFactory(
        unit=cast.cell_a, admitted_on=datetime.date(2020, 6, 16), official_on=None
    )
    proposal = services.proposal_set(
        actor=cast.officer, year=2020, level="HTXSNV", proposed_by=cast.cell_a, person=newcomer
    )
    client = Client()
    client.force_login(cast.officer)
    page = client.get("/classification/", {"unit": cast.committee.pk, "year": 2020})
    row = page.content.decode().split(f'id="proposal-{proposal.pk}"')[1].split("</tr>")[0]
    assert "EXCLUDED_NEW_MEMBER" in row
    assert "QUOTA_HTXSNV" not in row


def test_the_quota_dashboard_leaves_out_members_who_are_not_classified(cast, voted):
    newcomer = PersonFactory(
        unit=cast.cell_a, admitted_on=datetime.date(2020, 6, 16), official_on=None
    )
    services.proposal_set(
        actor=cast.officer, year=2020, level="HTXSNV", proposed_by=cast.cell_a, person=newcomer
    )
    rows = decisions.quota_dashboard(user=cast.officer, unit=cast.committee, year=2020)
    assert [(r.excellent, r.good, r.allowed) for r in rows] == [(2, 5, 1)]


def test_the_quota_dashboard_is_empty_for_a_history_only_year(cast):
    assert decisions.quota_dashboard(user=cast.officer, unit=cast.committee, year=2015) == []


def test_confirming_decides_every_member_without_an_error_and_leaves_the_quota_breakers(
    cast, voted
):
    made, left = services.decisions_confirm(actor=cast.officer, unit=cast.committee, year=2020)
    # 5 HTTNV allow one HTXSNV; both HTXSNV break the quota together, so both wait.
    assert sorted(d.level for d in made) == ["HTTNV"] * 5
    assert sorted(p.level for p in left) == ["HTXSNV", "HTXSNV"]
    assert ClassificationRecord.objects.filter(year=2020, level="HTTNV").count() == 5
    first = left[0]
    services.decision_make(actor=cast.officer, proposal=first, level="HTXSNV")
    assert first.decisions.get().level == "HTXSNV"


def test_a_cell_secretary_confirms_nothing(cast, voted):
    made, left = services.decisions_confirm(actor=cast.secretary_a, unit=cast.cell_a, year=2020)
    assert made == []
    assert len(left) == 7
    assert not Decision.objects.exists()


def test_confirming_twice_decides_nobody_twice(cast, voted):
    services.decisions_confirm(actor=cast.officer, unit=cast.committee, year=2020)
    made, _left = services.decisions_confirm(actor=cast.officer, unit=cast.committee, year=2020)
    assert made == []
    assert Decision.objects.count() == 5


def test_the_board_checks_the_rules_once_per_quota_scope(
    cast, voted, django_assert_max_num_queries
):
    for _ in range(30):
        person = PersonFactory(unit=cast.cell_b, admitted_on=ADMITTED)
        services.proposal_set(
            actor=cast.officer, year=2020, level="HTTNV", proposed_by=cast.cell_b, person=person
        )
    client = Client()
    client.force_login(cast.officer)
    with django_assert_max_num_queries(40):
        page = client.get("/classification/", {"unit": cast.committee.pk, "year": 2020})
    assert page.content.decode().count('class="decide-form"') == 37 + 1


def test_confirming_a_whole_organization_stays_within_its_query_budget(
    cast, voted, django_assert_max_num_queries
):
    for _ in range(30):
        person = PersonFactory(unit=cast.cell_b, admitted_on=ADMITTED)
        services.proposal_set(
            actor=cast.officer, year=2020, level="HTTNV", proposed_by=cast.cell_b, person=person
        )
    with django_assert_max_num_queries(25):
        made, _left = services.decisions_confirm(actor=cast.officer, unit=cast.committee, year=2020)
    # 35 HTTNV allow seven HTXSNV: the two HTXSNV of cell A pass this time.
    assert len(made) == 37


def test_a_leadership_body_is_proposed_and_decided_as_a_leadership_collective(cast):
    body = org_services.body_create(
        actor=None, unit=cast.committee, kind="ban_thuong_vu", term_start=datetime.date(2020, 10, 1)
    )
    for position, person in (("bi_thu", cast.person_a), ("uy_vien_btv", cast.secretary_a.person)):
        org_services.seat_add(
            actor=None, body=body, person=person, position=position, start=body.term_start
        )
    ballot = voting.ballot_create(
        actor=cast.officer,
        unit=cast.committee,
        title="BTV 2020",
        year=2020,
        people=[cast.person_a, cast.secretary_a.person],
        body=body,
    )
    ballot = voting_factories.open_on_paper(
        actor=cast.officer,
        ballot=ballot,
        present=[cast.person_a, cast.secretary_a.person],
        called=[cast.person_a, cast.secretary_a.person],
    )
    voting_factories.cast_every_slip(ballot, lambda s: "HTTNV")
    ballot = voting.ballot_close(actor=cast.officer, ballot=ballot)
    ballot = voting.ballot_confirm(actor=cast.officer, ballot=ballot, tellers=[cast.person_a])
    proposals = services.proposals_from_ballot(actor=cast.officer, ballot=ballot)
    collective = next(p for p in proposals if p.person_id is None)
    assert (collective.body_id, collective.unit_id, collective.level) == (body.pk, None, "HTTNV")
    assert collective.subject_label == str(body)
    case, subject = decisions.case_for(proposal=collective, level="HTTNV", stage="decision")
    assert subject == case["collective"]["id"]
    assert case["collective"]["kind"] == "leadership_collective"
    assert sorted(m["id"] for m in case["members"]) == sorted(
        f"P{p.pk}" for p in (cast.person_a, cast.secretary_a.person)
    )
    decision = services.decision_make(actor=cast.admin, proposal=collective, level="HTTNV")
    assert decision.level == "HTTNV"
    assert not Proposal.objects.filter(unit=cast.committee).exists()
