"""Eligible members, proposals, decisions written into the history, badges: pages and API."""

import datetime
import io

import docx
import pytest
from django.urls import reverse

from kiemdiem.awards import selectors, services
from kiemdiem.awards.models import CommendationProposal, MembershipGap
from kiemdiem.core.models import AuditEvent
from kiemdiem.orgs.models import ClassificationRecord
from kiemdiem.orgs.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def give(person, levels):  # type: ignore[no-untyped-def]
    for year, level in levels.items():
        ClassificationRecord.objects.create(person=person, year=year, level=level)


@pytest.fixture
def histories(cast):  # type: ignore[no-untyped-def]
    give(cast.person_a, dict.fromkeys(range(2016, 2021), "HTXSNV"))
    give(cast.person_b, {2019: "HTTNV", 2020: "HTXSNV"})
    return cast


def test_eligible_list_shows_the_run_and_the_year_only_members(client, histories):
    client.force_login(histories.officer)
    response = client.get(reverse("awards:eligible_list"), {"year": 2020})
    body = response.content.decode()
    assert "Nguyễn Văn An" in body
    assert "2016, 2017, 2018, 2019, 2020" in body
    assert "Lê Thị Đào" in body


def test_secretary_sees_only_her_cell(client, histories):
    client.force_login(histories.secretary_a)
    body = client.get(reverse("awards:eligible_list"), {"year": 2020}).content.decode()
    assert "Nguyễn Văn An" in body
    assert "Lê Thị Đào" not in body


def test_eligible_members_query_budget(histories, django_assert_max_num_queries):
    for _ in range(30):
        person = PersonFactory(unit=histories.cell_b)
        give(person, dict.fromkeys(range(2016, 2021), "HTXSNV"))
    with django_assert_max_num_queries(6):
        rows = selectors.eligible_members(user=histories.officer, year=2020)
    assert len(rows) == 32
    assert sum(r.candidacy.five_years_running for r in rows) == 31


def test_propose_and_decide_writes_the_award_into_the_history(client, histories):
    officer = histories.officer
    client.force_login(officer)
    client.post(
        reverse("awards:proposal_create"),
        {"year": 2020, "kind": "run", "person_id": histories.person_a.pk},
    )
    proposal = CommendationProposal.objects.get()
    assert proposal.qualifying_years == [2016, 2017, 2018, 2019, 2020]
    response = client.post(
        reverse("awards:decision_create") + "?year=2020",
        {
            "deciding_unit": histories.committee.pk,
            "number": 21,
            "decided_on": "20/12/2020",
            "place": "Hà Nội",
            "form_of_award": "Giấy khen",
            "signer_name": "Trần Văn Minh",
            "proposals": [proposal.pk],
        },
    )
    assert response.status_code == 302, response.content
    proposal.refresh_from_db()
    assert proposal.status == CommendationProposal.Status.APPROVED
    record = ClassificationRecord.objects.get(person=histories.person_a, year=2020)
    assert "Hoàn thành xuất sắc nhiệm vụ 5 năm liền (2016–2020)" in record.award
    assert "Số 21-QĐ/ĐU" in record.award
    assert AuditEvent.objects.filter(verb="classification_award_set").count() == 1
    assert AuditEvent.objects.filter(verb="commendation_decide").count() == 1
    download = client.get(reverse("awards:decision_docx", args=[proposal.decision_id]))
    document = docx.Document(io.BytesIO(download.content))
    header = document.tables[0].rows[0].cells
    assert header[0].paragraphs[-1].text == "Số 21-QĐ/ĐU"
    assert header[1].paragraphs[-1].text == "Hà Nội, ngày 20 tháng 12 năm 2020"
    cells = [c.text for row in document.tables[1].rows for c in row.cells]
    assert "Nguyễn Văn An" in cells


def test_the_run_cannot_be_proposed_again_within_five_years(histories):
    give(histories.person_a, {2021: "HTXSNV"})
    services.commendation_decide(
        actor=histories.officer,
        deciding_unit=histories.committee,
        proposals=[
            services.commendation_propose(
                actor=histories.officer, person=histories.person_a, year=2020, kind="run"
            )
        ],
        number=1,
        decided_on=datetime.date(2020, 12, 20),
        form_of_award="Giấy khen",
    )
    rows = selectors.eligible_members(user=histories.officer, year=2021)
    assert rows[0].candidacy.five_years_running is False
    with pytest.raises(Exception, match="không đủ điều kiện"):
        services.commendation_propose(
            actor=histories.officer, person=histories.person_a, year=2021, kind="run"
        )
    assert CommendationProposal.objects.filter(year=2021).count() == 0


def test_httnv_member_cannot_be_proposed(client, histories):
    client.force_login(histories.officer)
    client.post(
        reverse("awards:proposal_create"),
        {"year": 2019, "kind": "year", "person_id": histories.person_b.pk},
    )
    assert not CommendationProposal.objects.exists()
    client.post(
        reverse("awards:proposal_create"),
        {"year": 2020, "kind": "year", "person_id": histories.person_b.pk},
    )
    assert CommendationProposal.objects.count() == 1


def test_secretary_cannot_propose(client, histories):
    client.force_login(histories.secretary_a)
    client.post(
        reverse("awards:proposal_create"),
        {"year": 2020, "kind": "year", "person_id": histories.person_a.pk},
    )
    assert not CommendationProposal.objects.exists()


def test_decision_of_another_scope_is_not_found(client, histories):
    proposal = services.commendation_propose(
        actor=histories.officer, person=histories.person_a, year=2020, kind="year"
    )
    decision = services.commendation_decide(
        actor=histories.officer,
        deciding_unit=histories.committee,
        proposals=[proposal],
        number=2,
        decided_on=datetime.date(2020, 12, 20),
        form_of_award="Giấy khen",
    )
    client.force_login(histories.officer)
    assert client.get(reverse("awards:decision_detail", args=[decision.pk])).status_code == 200
    client.force_login(histories.secretary_a)
    assert client.get(reverse("awards:decision_detail", args=[decision.pk])).status_code == 404


def test_badge_list_of_a_year(client, cast):
    veteran = PersonFactory(
        unit=cast.cell_a,
        family_name="Phạm",
        middle_name="Văn",
        given_name="Cựu",
        date_of_birth=datetime.date(1955, 1, 1),
        admitted_on=datetime.date(1990, 6, 1),
        official_on=datetime.date(1991, 6, 1),
    )
    returned = PersonFactory(
        unit=cast.cell_a,
        family_name="Đỗ",
        middle_name="Thị",
        given_name="Hạnh",
        date_of_birth=datetime.date(1960, 1, 1),
        admitted_on=datetime.date(1989, 10, 1),
        official_on=datetime.date(1990, 10, 1),
    )
    MembershipGap.objects.create(
        person=returned, left_on=datetime.date(1995, 1, 1), readmitted_on=datetime.date(1996, 1, 1)
    )
    # The cast's members are admitted in random years; only this test's two are looked at.
    rows = [
        r
        for r in selectors.badge_list(user=cast.officer, year=2020)
        if r.person.pk in {veteran.pk, returned.pk}
    ]
    assert [(r.person.pk, r.badge.years, r.badge.presented_on) for r in rows] == [
        (veteran.pk, 30, datetime.date(2020, 9, 2)),
        (returned.pk, 30, datetime.date(2020, 11, 7)),
    ]
    client.force_login(cast.officer)
    body = client.get(reverse("awards:badge_list"), {"year": 2020}).content.decode()
    assert "02/09/2020" in body
    assert "1.5" in body or "1,5" in body


def test_api_eligible_propose_decide(client, histories):
    client.force_login(histories.officer)
    rows = client.get("/api/v1/awards/eligible", {"year": 2020}).json()
    assert {r["full_name"]: r["five_years_running"] for r in rows} == {
        "Nguyễn Văn An": True,
        "Lê Thị Đào": False,
    }
    response = client.post(
        "/api/v1/awards/proposals",
        {"person_id": histories.person_b.pk, "year": 2020, "kind": "run"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["person_id"]
    response = client.post(
        "/api/v1/awards/proposals",
        {"person_id": histories.person_a.pk, "year": 2020, "kind": "run"},
        content_type="application/json",
    )
    assert response.status_code == 201
    proposal_id = response.json()["id"]
    response = client.post(
        "/api/v1/awards/decisions",
        {
            "deciding_unit_id": histories.committee.pk,
            "number": 5,
            "decided_on": "2020-12-20",
            "proposal_ids": [proposal_id],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    decision = response.json()
    assert decision["proposals"][0]["status"] == "approved"
    assert client.get(f"/api/v1/awards/decisions/{decision['id']}").status_code == 200
    assert client.get("/api/v1/awards/badges", {"year": 2020}).status_code == 200


def test_a_decision_without_a_number_takes_the_next_one_from_the_register(histories):
    from kiemdiem.documents.models import RegisterEntry

    def decide(person, number=None):  # type: ignore[no-untyped-def]
        proposal = services.commendation_propose(
            actor=histories.officer, person=person, year=2020, kind="year"
        )
        return services.commendation_decide(
            actor=histories.officer,
            deciding_unit=histories.committee,
            proposals=[proposal],
            number=number,
            decided_on=datetime.date(2020, 12, 20),
            form_of_award="Giấy khen",
        )

    first = decide(histories.person_a, number=5)
    second = decide(histories.person_b)
    assert (first.number, second.number) == (5, 6)
    assert str(second) == "Số 06-QĐ/ĐU (20/12/2020)"
    assert sorted(RegisterEntry.objects.values_list("n", flat=True)) == [5, 6]


def veteran(cast, given, admitted, **kwargs):  # type: ignore[no-untyped-def]
    return PersonFactory(
        unit=cast.cell_a,
        family_name="Phạm",
        middle_name="Văn",
        given_name=given,
        date_of_birth=datetime.date(1950, 1, 1),
        admitted_on=admitted,
        official_on=admitted + datetime.timedelta(days=365),
        **kwargs,
    )


def test_badge_list_moves_an_ill_members_badge_forward_and_holds_a_disciplined_one(client, cast):
    from kiemdiem.orgs.models import PersonStatus

    ill = veteran(cast, "Ốm", datetime.date(1951, 6, 1))  # 70 years on 01/06/2021
    held = veteran(cast, "Kỷ", datetime.date(1990, 6, 1))  # 30 years, due 02/09/2020
    died = veteran(cast, "Mất", datetime.date(1990, 8, 1), status=PersonStatus.DECEASED)
    for person, kind, start, end in (
        (ill, "illness", datetime.date(2019, 12, 1), None),
        (held, "discipline", datetime.date(2020, 4, 1), datetime.date(2021, 4, 1)),
        (died, "posthumous", datetime.date(2020, 3, 10), None),
    ):
        services.badge_condition_add(
            actor=cast.officer, person=person, kind=kind, start=start, end=end
        )
    mine = {ill.pk, held.pk, died.pk}  # the cast's members are admitted in random years
    rows = [r for r in selectors.badge_list(user=cast.officer, year=2020) if r.person.pk in mine]
    assert [(r.person.pk, r.badge.presented_on, r.badge.early, r.badge.blocked) for r in rows] == [
        (ill.pk, datetime.date(2020, 2, 3), "illness", False),
        (died.pk, datetime.date(2020, 5, 19), "posthumous", False),
        (held.pk, datetime.date(2020, 9, 2), "", True),
    ]
    client.force_login(cast.officer)
    body = client.get(reverse("awards:badge_list"), {"year": 2020}).content.decode()
    assert "Chưa trao: đang bị kỷ luật" in body
    data = [
        b
        for b in client.get("/api/v1/awards/badges", {"year": 2020}).json()
        if b["person_id"] in mine
    ]
    assert [(b["early"], b["blocked"]) for b in data] == [
        ("illness", False),
        ("posthumous", False),
        ("", True),
    ]


def test_only_the_committee_office_records_a_badge_condition(cast):
    from django.core.exceptions import PermissionDenied

    from kiemdiem.awards.models import BadgeCondition

    person = veteran(cast, "Ốm", datetime.date(1951, 6, 1))
    services.badge_condition_add(
        actor=cast.officer, person=person, kind="illness", start=datetime.date(2020, 1, 1)
    )
    with pytest.raises(PermissionDenied):
        services.badge_condition_add(
            actor=cast.secretary_a, person=person, kind="illness", start=datetime.date(2020, 1, 1)
        )
    assert BadgeCondition.objects.count() == 1


def decide_unit(unit, levels):  # type: ignore[no-untyped-def]
    """Organization results as the classification app stores them: a proposal and its
    decision in force per year (built directly: the deciding workflow is not under test)."""
    from kiemdiem.classification.models import Decision, Proposal

    for year, level in levels.items():
        proposal = Proposal.objects.create(
            year=year, rule_pack="r132_hd21", unit=unit, proposed_by=unit, level=level
        )
        Decision.objects.create(proposal=proposal, decider=unit, level=level)


def test_an_organization_htxsnv_five_years_running_is_listed_with_its_years(client, cast):
    decide_unit(cast.cell_a, dict.fromkeys(range(2016, 2021), "HTXSNV"))
    decide_unit(cast.cell_b, {2019: "HTXSNV", 2020: "HTXSNV"})
    decide_unit(cast.committee, {2020: "HTTNV"})
    rows = selectors.eligible_organizations(user=cast.officer, year=2020)
    assert [(r.unit.name, r.candidacy.run_years) for r in rows] == [
        ("Chi bộ A", (2016, 2017, 2018, 2019, 2020)),
        ("Chi bộ B", ()),
    ]
    client.force_login(cast.officer)
    body = client.get(reverse("awards:eligible_list"), {"year": 2020}).content.decode()
    assert "2016, 2017, 2018, 2019, 2020" in body.split('id="eligible-organizations"')[1]
    assert selectors.eligible_organizations(user=cast.secretary_a, year=2020)[0].unit == (
        cast.cell_a
    )
    assert len(selectors.eligible_organizations(user=cast.secretary_a, year=2020)) == 1


def test_an_organization_is_proposed_and_decided_as_trong_sach_vung_manh_tieu_bieu(client, cast):
    decide_unit(cast.cell_a, dict.fromkeys(range(2016, 2021), "HTXSNV"))
    client.force_login(cast.officer)
    response = client.post(
        "/api/v1/awards/proposals",
        {"organization_id": cast.cell_a.pk, "year": 2020, "kind": "run"},
        content_type="application/json",
    )
    assert response.status_code == 201
    proposal = CommendationProposal.objects.get(organization=cast.cell_a)
    assert proposal.title == "Trong sạch, vững mạnh tiêu biểu 5 năm liền (2016–2020)"
    decision = services.commendation_decide(
        actor=cast.officer,
        deciding_unit=cast.committee,
        proposals=[proposal],
        decided_on=datetime.date(2020, 12, 20),
        form_of_award="Giấy khen",
    )
    assert decision.number == 1
    data = selectors.decision_document(decision=decision)
    assert [(r.name, r.title, r.amount) for r in data.rows] == [
        (
            "Chi bộ A",
            "Trong sạch, vững mạnh tiêu biểu 5 năm liền (2016–2020)",
            "1,5 × lương cơ sở = 2.235.000 đ",  # giấy khen to a cell, 5 years (56-HD)
        )
    ]
    history = selectors.organization_history_rows(unit=cast.cell_a)
    assert [(h.year, h.level, [p.title for p in h.awards]) for h in history[:2]] == [
        (2020, "HTXSNV", ["Trong sạch, vững mạnh tiêu biểu 5 năm liền (2016–2020)"]),
        (2019, "HTXSNV", []),
    ]
    page = client.get(reverse("awards:unit_history", args=[cast.cell_a.pk])).content.decode()
    assert "Số 01-QĐ/ĐU" in page
    # The run restarts after the award: 2021 alone is only the year's candidacy.
    decide_unit(cast.cell_a, {2021: "HTXSNV"})
    (row,) = selectors.eligible_organizations(user=cast.officer, year=2021)
    assert row.candidacy.run_years == ()


def test_an_organization_not_decided_htxsnv_cannot_be_proposed(cast):
    from django.core.exceptions import ValidationError

    decide_unit(cast.cell_b, {2020: "HTTNV"})
    with pytest.raises(ValidationError) as exc:
        services.commendation_propose(
            actor=cast.officer, organization=cast.cell_b, year=2020, kind="year"
        )
    assert exc.value.error_list[0].code == "not_eligible"
    assert not CommendationProposal.objects.exists()
