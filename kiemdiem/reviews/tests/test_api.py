"""The review API: same services and scope as the pages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kiemdiem.core.models import AuditEvent
from kiemdiem.reviews.models import Campaign, CampaignState, ReviewStatus, SubjectReview
from kiemdiem.reviews.tests.factories import campaign_factory
from kiemdiem.reviews.tests.helpers import full_answers

pytestmark = pytest.mark.django_db
BASE = "/api/v1/reviews"


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def send(client: Client, method: str, url: str, body: object = None):  # type: ignore[no-untyped-def]
    return getattr(client, method)(
        url, data=json.dumps(body or {}), content_type="application/json"
    )


def test_the_office_creates_a_campaign_and_the_pack_follows_the_year(cast):
    response = send(
        client_for(cast.officer),
        "post",
        f"{BASE}/campaigns",
        {"title": "Kiểm điểm 2024", "year": 2024, "root_unit_id": cast.committee.pk},
    )
    assert response.status_code == 201
    assert response.json()["rule_pack"] == "r124_hd25"


def test_a_duplicate_open_campaign_is_a_422_naming_the_field(cast):
    campaign_factory(root_unit=cast.committee)
    response = send(
        client_for(cast.officer),
        "post",
        f"{BASE}/campaigns",
        {"title": "Lần hai", "year": 2020, "root_unit_id": cast.committee.pk},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["year"]
    assert Campaign.objects.count() == 1


def test_transitions_through_the_api_are_audited(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PUBLISHED)
    response = send(
        client_for(cast.officer),
        "post",
        f"{BASE}/campaigns/{campaign.pk}/transitions",
        {"action": "issue_hints", "none_confirmed": True},
    )
    assert response.json()["state"] == "hints_issued"
    assert AuditEvent.objects.filter(verb="campaign_issue_hints").exists()


def test_a_secretary_gets_403_on_a_transition(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PUBLISHED)
    response = send(
        client_for(cast.secretary_a),
        "post",
        f"{BASE}/campaigns/{campaign.pk}/transitions",
        {"action": "issue_hints", "none_confirmed": True},
    )
    assert response.status_code == 403
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.PUBLISHED


def test_a_member_drafts_and_submits_their_own_review(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    client = client_for(cast.member_a)
    response = send(
        client,
        "put",
        f"{BASE}/reviews/{review.pk}/draft",
        {"answers": full_answers("02"), "self_level": "HTTNV"},
    )
    assert response.json()["status"] == "drafting"
    assert (
        send(client, "post", f"{BASE}/reviews/{review.pk}/submit").json()["status"] == "submitted"
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


def test_an_outsider_gets_404_on_someone_elses_review(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    response = send(
        client_for(cast.outsider), "put", f"{BASE}/reviews/{review.pk}/draft", {"answers": {}}
    )
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.status == ReviewStatus.NOT_STARTED


def test_a_member_lists_only_their_own_review(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    response = client_for(cast.member_a).get(f"{BASE}/campaigns/{campaign.pk}/reviews")
    assert [item["person_id"] for item in response.json()["items"]] == [cast.person_a.pk]


def test_the_cell_secretary_lists_the_cells_reviews(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    response = client_for(cast.secretary_a).get(f"{BASE}/campaigns/{campaign.pk}/reviews")
    units = {item["unit_id"] for item in response.json()["items"]}
    assert units == {cast.cell_a.pk}


def test_the_check_endpoint_runs_the_rules_engine(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    response = client_for(cast.member_a).get(f"{BASE}/reviews/{review.pk}/check")
    assert response.json()["findings"] == []
    assert "self_level" in response.json()["missing"]


def test_the_dashboard_endpoint_rolls_up(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    rows = client_for(cast.officer).get(f"{BASE}/campaigns/{campaign.pk}/dashboard").json()
    assert rows[0]["counts"]["total"] == 3
    assert [r["code"] for r in rows] == ["DB-01", "CB-A", "CB-B"]


def test_a_later_unit_deadline_is_a_422(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    response = send(
        client_for(cast.officer),
        "put",
        f"{BASE}/campaigns/{campaign.pk}/deadlines/{cast.cell_a.pk}",
        {"cell_conference_due": "2021-01-01"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["cell_conference_due"]


def test_a_hint_through_the_api(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PUBLISHED)
    response = send(
        client_for(cast.officer),
        "post",
        f"{BASE}/campaigns/{campaign.pk}/hints",
        {"unit_id": cast.cell_a.pk, "text": "Làm rõ"},
    )
    assert response.status_code == 201
    assert response.json()["label"] == "Chi bộ A"


def test_the_dashboard_exports_through_the_api(cast):
    import io

    from openpyxl import load_workbook

    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    response = client_for(cast.officer).get(f"{BASE}/campaigns/{campaign.pk}/dashboard.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[2][0] == "DB-01"


def test_a_cell_secretary_gets_their_cell_from_the_dashboard_api(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    rows = client_for(cast.secretary_a).get(f"{BASE}/campaigns/{campaign.pk}/dashboard").json()
    assert [r["code"] for r in rows] == ["CB-A"]


def test_the_late_steps_take_their_confirmations_through_the_api(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.COMMENDATION)
    client = client_for(cast.officer)
    url = f"{BASE}/campaigns/{campaign.pk}/transitions"
    refused = send(client, "post", url, {"action": "report", "awards_done": True})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["report_number"]
    done = send(
        client,
        "post",
        url,
        {"action": "report", "awards_done": True, "report_number": "15-BC/ĐU"},
    )
    assert (done.json()["state"], done.json()["report_number"]) == ("reported", "15-BC/ĐU")


def test_a_report_is_adopted_through_the_api(cast):
    import datetime

    from django.utils import timezone

    from kiemdiem.reviews import services

    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    review = SubjectReview.objects.get(campaign=campaign, kind="unit", unit=cast.cell_a)
    services.report_save_draft(
        actor=cast.secretary_a, review=review, sections={"VII": {"level": "HTTNV"}}
    )
    now = timezone.now()
    services.report_circulate(
        actor=cast.secretary_a,
        report=review.report,
        delegates=[cast.person_a],
        opens_at=now - datetime.timedelta(hours=2),
        closes_at=now - datetime.timedelta(hours=1),
    )
    services.report_revise(actor=cast.secretary_a, report=review.report)
    url = f"{BASE}/reports/{review.report.pk}/adopt"
    assert send(
        client_for(cast.member_a), "post", url, {"minutes_reference": "BB"}
    ).status_code in (
        403,
        404,
    )
    response = send(client_for(cast.secretary_a), "post", url, {"minutes_reference": "BB 20/11"})
    assert (response.json()["state"], response.json()["minutes_reference"]) == (
        "adopted",
        "BB 20/11",
    )


def test_the_api_marks_a_suspended_members_review_not_required(cast):
    from kiemdiem.orgs import services as org_services

    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    org_services.person_update(actor=None, person=cast.person_a, status="suspended")
    response = send(
        client_for(cast.secretary_a), "post", f"{BASE}/reviews/{review.pk}/not-required"
    )
    assert response.json()["status"] == "not_required"


def test_the_form_endpoint_lists_the_sections_in_order(cast):
    form = client_for(cast.member_a).get(f"{BASE}/forms/02B").json()
    assert [s["key"] for s in form["sections"]] == ["I", "II", "III", "IV", "V", "VI"]
    assert [i["key"] for i in form["sections"][0]["items"]] == ["1", "2", "3", "4", "5", "6"]
    assert form["sections"][0]["items"][-1]["graded"] is False
    assert form["header"][0] == ["party_position", "Chức vụ Đảng"]
    report = client_for(cast.member_a).get(f"{BASE}/forms/01").json()
    assert report["sections"][-1]["kind"] == "level"


def test_the_unit_deadline_list_and_the_hint_targets(cast):
    import datetime

    from kiemdiem.reviews import services

    campaign = campaign_factory(root_unit=cast.committee)
    services.unit_deadline_set(
        actor=cast.officer,
        campaign=campaign,
        unit=cast.cell_a,
        cell_conference_due=datetime.date(2020, 11, 20),
    )
    client = client_for(cast.officer)
    rows = client.get(f"{BASE}/campaigns/{campaign.pk}/deadlines").json()
    assert [(r["unit_id"], r["own"]["cell_conference_due"]) for r in rows] == [
        (cast.cell_a.pk, "2020-11-20")
    ]
    targets = client.get(f"{BASE}/campaigns/{campaign.pk}/hint-targets").json()
    assert {"value": f"unit:{cast.cell_a.pk}", "label": "Chi bộ A", "kind": "unit"} in targets
