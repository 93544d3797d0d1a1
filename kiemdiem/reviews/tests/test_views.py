"""Review pages through the Django test client."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from kiemdiem.orgs.tests.factories import PersonFactory, UnitFactory
from kiemdiem.reviews import services
from kiemdiem.reviews.models import Campaign, CampaignState, ReviewStatus, SubjectReview
from kiemdiem.reviews.tests.factories import campaign_factory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _review(cast):  # type: ignore[no-untyped-def]
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    return SubjectReview.objects.get(campaign=campaign, person=cast.person_a)


def _post_data(level: str = "HTTNV") -> dict[str, str]:
    data = {
        "II.text": "Hạn chế",
        "V.text": "Trách nhiệm",
        "VI.text": "Khắc phục",
        "self_level": level,
    }
    for key in ("1", "2", "3"):
        data[f"I.{key}.text"] = f"Mục I.{key}"
        data[f"I.{key}.grade"] = "T"
    data["III.1.text"] = "Đã khắc phục"
    data["III.1.grade"] = "T"
    return data


def test_the_office_creates_a_campaign_from_the_list_page(cast):
    response = client_for(cast.officer).post(
        reverse("reviews:campaign_list"),
        {
            "title": "Kiểm điểm năm 2020",
            "year": "2020",
            "period": "year",
            "root_unit": cast.committee.pk,
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert campaign.rule_pack == "r132_hd21"


def test_a_member_sees_their_review_on_the_list_page(cast):
    review = _review(cast)
    response = client_for(cast.member_a).get(reverse("reviews:campaign_list"))
    assert reverse("reviews:self_review", args=[review.pk]) in response.content.decode()


def test_autosave_answers_a_saved_at_partial(cast):
    review = _review(cast)
    response = client_for(cast.member_a).post(
        reverse("reviews:self_review_save", args=[review.pk]),
        {"II.text": "Còn chậm"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đã lưu lúc" in body
    assert 'id="rules-panel" hx-swap-oob="true"' in body
    review.refresh_from_db()
    assert review.answers["II"]["text"] == "Còn chậm"


def test_the_saved_draft_is_there_after_a_reload(cast):
    review = _review(cast)
    client = client_for(cast.member_a)
    client.post(
        reverse("reviews:self_review_save", args=[review.pk]), {"II.text": "Nội dung đã lưu"}
    )
    page = client.get(reverse("reviews:self_review", args=[review.pk])).content.decode()
    assert "Nội dung đã lưu" in page


def test_submit_from_the_page_saves_and_submits(cast):
    review = _review(cast)
    response = client_for(cast.member_a).post(
        reverse("reviews:self_review_submit", args=[review.pk]), _post_data()
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


def test_the_page_shows_a_rules_finding_beside_the_form(cast):
    new = PersonFactory(
        unit=cast.cell_a, admitted_on=cast.person_a.admitted_on.replace(year=2020, month=10)
    )
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    from conftest import make_user

    user = make_user("moi", person=new)
    review = SubjectReview.objects.get(campaign=campaign, person=new)
    client = client_for(user)
    response = client.post(
        reverse("reviews:self_review_save", args=[review.pk]),
        {"self_level": "HTTNV"},
        HTTP_HX_REQUEST="true",
    )
    assert "EXCLUDED_NEW_MEMBER" in response.content.decode()


def test_an_outsider_gets_404_on_a_members_review(cast):
    review = _review(cast)
    client = client_for(cast.outsider)
    assert client.get(reverse("reviews:self_review", args=[review.pk])).status_code == 404
    response = client.post(reverse("reviews:self_review_save", args=[review.pk]), {"II.text": "x"})
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.answers == {}


def test_the_cell_secretary_reads_but_cannot_write_a_members_review(cast):
    review = _review(cast)
    client = client_for(cast.secretary_a)
    assert client.get(reverse("reviews:self_review", args=[review.pk])).status_code == 200
    client.post(reverse("reviews:self_review_save", args=[review.pk]), {"II.text": "x"})
    review.refresh_from_db()
    assert review.answers == {}


def test_the_secretary_returns_a_review_from_the_page(cast):
    review = _review(cast)
    client_for(cast.member_a).post(
        reverse("reviews:self_review_submit", args=[review.pk]), _post_data()
    )
    client_for(cast.secretary_a).post(
        reverse("reviews:self_review_return", args=[review.pk]), {"reason": "Bổ sung mục II"}
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFTING
    page = client_for(cast.member_a).get(reverse("reviews:self_review", args=[review.pk]))
    assert "Bổ sung mục II" in page.content.decode()


def test_the_campaign_page_moves_the_state(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PUBLISHED)
    client_for(cast.officer).post(
        reverse("reviews:campaign_transition", args=[campaign.pk]),
        {"action": "issue_hints", "none_confirmed": "1"},
    )
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.HINTS_ISSUED


def test_a_secretary_posting_a_transition_changes_nothing(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PUBLISHED)
    client_for(cast.secretary_a).post(
        reverse("reviews:campaign_transition", args=[campaign.pk]),
        {"action": "issue_hints", "none_confirmed": "1"},
    )
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.PUBLISHED


def test_opening_from_the_page_redirects_to_the_progress_bar(
    cast, django_capture_on_commit_callbacks
):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.HINTS_ISSUED)
    client = client_for(cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:campaign_open", args=[campaign.pk]))
    assert response.status_code == 302
    page = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'id="job-progress"' in page
    assert "Đã tạo 6 bản kiểm điểm" in page


def test_a_later_unit_deadline_shows_the_vietnamese_error(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    response = client_for(cast.officer).post(
        reverse("reviews:unit_deadline_set", args=[campaign.pk]),
        {"unit": cast.cell_a.pk, "cell_conference_due": "2021-01-10"},
        follow=True,
    )
    assert "không được muộn hơn hạn của cấp trên (01/12/2020)" in response.content.decode()


# --- Dashboard ----------------------------------------------------------------------------------


def _big_tree(cast):  # type: ignore[no-untyped-def]
    for index in range(6):
        cell = UnitFactory(code=f"CB-X{index}", parent=cast.committee)
        for _ in range(5):
            PersonFactory(unit=cell)
    return campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)


def test_the_dashboard_rolls_counts_up_the_tree(cast):
    campaign = _big_tree(cast)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    SubjectReview.objects.filter(pk=review.pk).update(status=ReviewStatus.DRAFTING)
    response = client_for(cast.officer).get(reverse("reviews:dashboard", args=[campaign.pk]))
    rows = {row.unit.code: row.counts for row in response.context["rows"]}
    assert rows["DB-01"]["total"] == 33
    assert rows["DB-01"]["drafting"] == 1
    assert rows["CB-A"] == {
        "not_started": 1,
        "drafting": 1,
        "submitted": 0,
        "locked": 0,
        "not_required": 0,
        "total": 2,
    }


def test_the_dashboard_has_a_query_budget(cast, django_assert_max_num_queries):
    campaign = _big_tree(cast)
    client = client_for(cast.officer)
    with django_assert_max_num_queries(14):
        client.get(reverse("reviews:dashboard", args=[campaign.pk]), HTTP_HX_REQUEST="true")


def test_the_dashboard_flags_late_units(cast):
    campaign = _big_tree(cast)
    response = client_for(cast.officer).get(reverse("reviews:dashboard", args=[campaign.pk]))
    # The 2020 campaign's cell conference deadline has passed and nobody has written yet.
    assert all(row.late for row in response.context["rows"])


def test_a_cell_secretary_sees_only_their_cell_on_the_dashboard(cast):
    campaign = _big_tree(cast)
    response = client_for(cast.secretary_a).get(reverse("reviews:dashboard", args=[campaign.pk]))
    assert [row.unit.code for row in response.context["rows"]] == ["CB-A"]


def test_the_dashboard_exports_the_same_table_as_xlsx(cast):
    campaign = _big_tree(cast)
    response = client_for(cast.officer).get(reverse("reviews:dashboard_export", args=[campaign.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Mã đơn vị"
    assert rows[2][0] == "DB-01"
    assert rows[2][7] == 33


def test_a_366_form_shows_the_score_block_with_the_campaign_weights(cast):
    from kiemdiem.reviews import services

    campaign = campaign_factory(root_unit=cast.committee, year=2025)
    services.campaign_update_plan(
        actor=cast.officer,
        campaign=campaign,
        score_groups={
            "general": {"politics": 20, "innovation": 4, "self_criticism": 6},
            "tasks": 70,
        },
    )
    services.campaign_update_plan(actor=cast.officer, campaign=campaign, plan_number="1-KH")
    services.campaign_publish(actor=cast.officer, campaign=campaign)
    services.campaign_issue_hints(actor=cast.officer, campaign=campaign, none_confirmed=True)
    services.campaign_open_reviews(actor=cast.officer, campaign=campaign)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    page = client_for(cast.member_a).get(reverse("reviews:self_review", args=[review.pk]))
    body = page.content.decode()
    assert review.form_code == "2A"
    assert 'name="score.general.politics"' in body
    assert '<td class="num">20</td>' in body


def test_the_form_shows_the_header_fields_and_the_proposal_and_decision_blocks_in_order(cast):
    review = _review(cast)
    body = client_for(cast.member_a).get(reverse("reviews:self_review", args=[review.pk]))
    text = body.content.decode()
    order = [
        "Họ và tên",
        "Ngày sinh",
        'name="header.party_position"',
        'name="header.government_position"',
        'name="header.mass_org_position"',
        'name="header.workplace"',
        'id="section-I"',
        'id="section-II"',
        'id="section-III"',
        'id="section-IV"',
        'id="section-V"',
        'id="section-VI"',
        'id="section-VII"',
        "NGƯỜI TỰ KIỂM ĐIỂM",
        "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
        "Chi bộ đề xuất xếp loại",
        "T/M CHI ỦY (CHI BỘ)",
        "T/M ĐẢNG ỦY (CHI ỦY)",
    ]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_a_366_score_block_has_both_ticks_the_points_reached_and_notes(cast):
    from kiemdiem.reviews.tests.helpers import full_answers

    campaign = campaign_factory(root_unit=cast.committee, year=2025, state=CampaignState.PREPARING)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    answers = full_answers("2A")
    answers["score"]["general"]["innovation"] = False
    answers["score"]["notes"] = {"innovation": "Chưa có sáng kiến"}
    services.self_review_save(actor=cast.member_a, review=review, answers=answers)
    text = client_for(cast.member_a).get(reverse("reviews:self_review", args=[review.pk]))
    body = text.content.decode()
    assert 'name="score.general.innovation" value="0" aria-label="Không đảm bảo" checked' in body
    assert 'value="Chưa có sáng kiến"' in body
    assert "CÁ NHÂN TỰ ĐÁNH GIÁ" in body
    assert '<span id="score-total">91,00<' in body  # Vietnamese decimal comma


def test_a_posted_366_form_keeps_a_not_ensured_tick_and_the_note(cast):
    campaign = campaign_factory(root_unit=cast.committee, year=2025, state=CampaignState.PREPARING)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    client_for(cast.member_a).post(
        reverse("reviews:self_review_save", args=[review.pk]),
        {
            "score.general.politics": "1",
            "score.general.innovation": "0",
            "score.note.innovation": "Chưa có sáng kiến",
            "score.tasks": "60",
        },
    )
    review.refresh_from_db()
    assert review.answers["score"]["general"] == {
        "politics": True,
        "innovation": False,
        "self_criticism": False,
    }
    assert review.answers["score"]["notes"] == {"innovation": "Chưa có sáng kiến"}
    assert str(review.score) == "78.00"


def test_a_2c_form_has_no_state_track_block(cast):
    from kiemdiem.reviews.views.self_reviews import _review_context

    review = _review(cast)
    SubjectReview.objects.filter(pk=review.pk).update(form_code="2C")
    review.refresh_from_db()
    from django.template.loader import render_to_string

    html = render_to_string("reviews/self_review.html", _review_context(review, cast.member_a))
    assert "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ" not in html
    assert "T/M CHI ỦY (CHI BỘ)" in html
