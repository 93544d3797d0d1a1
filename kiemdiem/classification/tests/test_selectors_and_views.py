"""Building a case from the roster, and the rules check page."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.urls import reverse

from kiemdiem.classification import selectors
from kiemdiem.classification.rules import check
from kiemdiem.classification.tests.cases import case, discipline, member
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs import services as org_services
from kiemdiem.orgs.models import ClassificationRecord, PersonStatus, Position
from kiemdiem.orgs.tests.factories import PersonFactory

URL = reverse("classification:rules_check")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _long_standing_members(cast):  # type: ignore[no-untyped-def]
    """The cast's admission dates are random; pin them well before any review year here."""
    for person in (cast.person_a, cast.secretary_a.person):
        org_services.person_update(actor=None, person=person, admitted_on=datetime.date(2010, 3, 1))


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_case_from_a_cell_lists_its_members_with_the_years_levels(cast):
    ClassificationRecord.objects.create(person=cast.person_a, year=2020, level="HTTNV")
    new = PersonFactory(
        unit=cast.cell_a, admitted_on=datetime.date(2020, 9, 1), official_on=None, full_name="Mới"
    )
    data = selectors.case_from_unit(user=cast.officer, unit=cast.cell_a, year=2020)

    assert data["rule_pack"] == "r132_hd21"
    assert data["review_date"] == "2020-12-15"
    assert data["stage"] == "proposal"
    assert data["collective"]["kind"] == "cell"
    assert data["collective"]["subunits"] == []
    by_id = {m["id"]: m for m in data["members"]}
    assert by_id[f"P{cast.person_a.pk}"]["level"] == "HTTNV"
    assert by_id[f"P{cast.person_a.pk}"]["name"] == cast.person_a.full_name
    assert by_id[f"P{cast.person_a.pk}"]["admitted_on"] == "2010-03-01"
    assert by_id[f"P{new.pk}"]["official"] is False
    assert by_id[f"P{new.pk}"]["level"] is None
    assert f"P{cast.person_b.pk}" not in by_id
    result = check(data)
    assert result["not_classified"] == [f"P{new.pk}"]


def test_case_from_a_committee_lists_its_direct_children_as_subunits(cast):
    data = selectors.case_from_unit(
        user=cast.officer, unit=cast.committee, year=2024, stage="decision"
    )
    assert data["rule_pack"] == "r124_hd25"
    assert data["stage"] == "decision"
    assert data["collective"]["kind"] == "party_committee"
    assert [s["id"] for s in data["collective"]["subunits"]] == ["CB-A", "CB-B"]
    assert data["members"] == []


def test_case_from_unit_marks_the_secretary_and_the_exempt(cast):
    body = org_services.body_create(
        actor=None, unit=cast.cell_a, kind="chi_uy", term_start=datetime.date(2020, 1, 1)
    )
    org_services.seat_add(
        actor=None,
        body=body,
        person=cast.secretary_a.person,
        position=Position.SECRETARY,
        start=datetime.date(2020, 1, 1),
    )
    org_services.person_update(actor=None, person=cast.person_a, status=PersonStatus.EXEMPT)
    data = selectors.case_from_unit(user=cast.officer, unit=cast.cell_a, year=2025)
    by_id = {m["id"]: m for m in data["members"]}
    assert by_id[f"P{cast.secretary_a.person.pk}"]["head"] is True
    assert by_id[f"P{cast.person_a.pk}"]["exempt"] is True
    assert data["rule_pack"] == "r366_hd43"


def test_the_page_needs_a_login():
    response = Client().get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_page_offers_only_units_in_scope(cast):
    page = logged_in(cast.secretary_a).get(URL).content.decode()
    assert "Chi bộ A" in page
    assert "Chi bộ B" not in page


def test_the_page_renders_findings_of_a_pasted_case(cast):
    data = case([member("DV-001", "HTTNV", discipline=discipline(), name="Nguyễn Văn An")])
    response = logged_in(cast.member_a).post(URL, {"source": "json", "case_json": json.dumps(data)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "CAP_DISCIPLINE" in page
    assert "Nguyễn Văn An" in page
    assert "badge badge-error" in page
    assert "bị kỷ luật trong năm" in page


def test_the_page_renders_a_quota_warning_at_proposal(cast):
    data = case(
        [member("A", "HTXSNV"), member("B", "HTTNV")],
        stage="proposal",
        kind="leadership_collective",
    )
    page = (
        logged_in(cast.member_a)
        .post(URL, {"source": "json", "case_json": json.dumps(data)})
        .content.decode()
    )
    assert "QUOTA_HTXSNV" in page
    assert "badge badge-warning" in page


def test_the_page_accepts_an_uploaded_file(cast):
    data = case([member("DV-001", "HTTNV", exempt=True)])
    upload = SimpleUploadedFile("case.json", json.dumps(data).encode(), "application/json")
    page = (
        logged_in(cast.member_a).post(URL, {"source": "json", "case_file": upload}).content.decode()
    )
    assert "EXCLUDED_EXEMPT" in page
    assert 'id="not-classified"' in page


def test_the_page_names_the_bad_field(cast):
    data = case([member("A"), member("B", admitted_on="2020-02-30")])
    response = logged_in(cast.member_a).post(URL, {"source": "json", "case_json": json.dumps(data)})
    assert response.status_code == 200
    assert "members[1].admitted_on: not a date" in response.content.decode()


def test_the_page_says_when_the_text_is_not_json(cast):
    response = logged_in(cast.member_a).post(URL, {"source": "json", "case_json": "{oops"})
    assert response.status_code == 200
    assert 'id="json-errors"' in response.content.decode()


def test_the_page_checks_a_unit_built_from_the_roster(cast):
    ClassificationRecord.objects.create(person=cast.person_a, year=2020, level="HTXSNV")
    response = logged_in(cast.officer).post(
        URL, {"source": "unit", "unit": cast.cell_a.pk, "year": 2020, "stage": "decision"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "QUOTA_HTXSNV" in page
    assert cast.person_a.full_name in page


def test_the_page_refuses_a_year_without_a_rule_pack(cast):
    response = logged_in(cast.officer).post(
        URL, {"source": "unit", "unit": cast.cell_a.pk, "year": 2018, "stage": "proposal"}
    )
    assert response.status_code == 200
    assert 'id="rule-findings"' not in response.content.decode()
    assert "2018" in response.content.decode()


def test_a_unit_out_of_scope_is_not_checked(cast):
    client = logged_in(cast.secretary_a)
    ok = client.post(
        URL, {"source": "unit", "unit": cast.cell_a.pk, "year": 2020, "stage": "proposal"}
    )
    assert 'id="rule-subjects"' in ok.content.decode()
    refused = client.post(
        URL, {"source": "unit", "unit": cast.cell_b.pk, "year": 2020, "stage": "proposal"}
    )
    assert 'id="rule-subjects"' not in refused.content.decode()
    with pytest.raises(Http404):
        org_selectors.unit_get_for_user(user=cast.secretary_a, pk=cast.cell_b.pk)
