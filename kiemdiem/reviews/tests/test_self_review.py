"""The member's self-review: draft, autosave, submit, return with a reason, lock, rules check."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kiemdiem.core.models import AuditEvent
from kiemdiem.orgs import services as org_services
from kiemdiem.orgs.models import BodyKind, Position
from kiemdiem.orgs.tests.factories import PersonFactory
from kiemdiem.reviews import selectors, services
from kiemdiem.reviews.models import CampaignState, ReviewHint, ReviewStatus, SubjectReview
from kiemdiem.reviews.tests.factories import campaign_factory
from kiemdiem.reviews.tests.helpers import full_answers

pytestmark = pytest.mark.django_db


def _review(cast, person=None, year=2020):  # type: ignore[no-untyped-def]
    campaign = campaign_factory(root_unit=cast.committee, year=year, state=CampaignState.PREPARING)
    return SubjectReview.objects.get(campaign=campaign, person=person or cast.person_a)


def test_the_first_save_starts_the_draft(cast):
    review = _review(cast)
    review = services.self_review_save(
        actor=cast.member_a, review=review, answers={"II": {"text": "Còn chậm"}}
    )
    assert review.status == ReviewStatus.DRAFTING
    assert review.answers["II"] == {"text": "Còn chậm"}
    assert review.saved_at is not None


def test_unknown_sections_and_grades_are_dropped(cast):
    review = _review(cast)
    review = services.self_review_save(
        actor=cast.member_a,
        review=review,
        answers={"ZZ": {"text": "x"}, "I": {"1": {"text": "Tốt", "grade": "A+"}}},
    )
    assert "ZZ" not in review.answers
    assert review.answers["I"]["1"] == {"text": "Tốt", "grade": ""}


def test_nobody_else_writes_a_members_review_and_nothing_changes(cast):
    review = _review(cast)
    services.self_review_save(actor=cast.member_a, review=review, answers={"II": {"text": "A"}})
    for actor in (cast.secretary_a, cast.officer, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.self_review_save(actor=actor, review=review, answers={"II": {"text": "B"}})
    review.refresh_from_db()
    assert review.answers["II"] == {"text": "A"}


def test_an_invalid_level_is_refused(cast):
    review = _review(cast)
    with pytest.raises(ValidationError):
        services.self_review_save(actor=cast.member_a, review=review, answers={}, self_level="XYZ")
    review.refresh_from_db()
    assert review.status == ReviewStatus.NOT_STARTED


def test_submit_needs_every_section_and_a_self_level(cast):
    review = _review(cast)
    services.self_review_save(actor=cast.member_a, review=review, answers=full_answers("02"))
    with pytest.raises(ValidationError) as error:
        services.self_review_submit(actor=cast.member_a, review=review)
    assert error.value.error_list[0].params["missing"] == ["self_level"]
    assert "VII. mức tự xếp loại" in error.value.messages[0]
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFTING


def test_submit_names_the_missing_parts(cast):
    review = _review(cast)
    answers = full_answers("02")
    answers["II"] = {"text": "  "}
    answers["I"]["1"]["grade"] = ""
    services.self_review_save(
        actor=cast.member_a, review=review, answers=answers, self_level="HTTNV"
    )
    with pytest.raises(ValidationError) as error:
        services.self_review_submit(actor=cast.member_a, review=review)
    assert error.value.error_list[0].params["missing"] == ["I.1", "II"]
    message = error.value.messages[0]
    assert "«I. Ưu điểm, kết quả đạt được — Về tư tưởng chính trị" in message
    assert "«II. Hạn chế, khuyết điểm và nguyên nhân»" in message
    assert "I.1" not in message


def test_a_complete_review_is_submitted_and_audited(cast):
    review = _review(cast)
    services.self_review_save(
        actor=cast.member_a, review=review, answers=full_answers("02"), self_level="HTTNV"
    )
    review = services.self_review_submit(actor=cast.member_a, review=review)
    assert review.status == ReviewStatus.SUBMITTED
    assert AuditEvent.objects.filter(verb="self_review_submit", object_id=str(review.pk)).exists()


def test_a_submitted_review_is_not_editable(cast):
    review = _review(cast)
    services.self_review_save(
        actor=cast.member_a, review=review, answers=full_answers("02"), self_level="HTTNV"
    )
    services.self_review_submit(actor=cast.member_a, review=review)
    with pytest.raises(ValidationError):
        services.self_review_save(actor=cast.member_a, review=review, answers={})
    review.refresh_from_db()
    assert review.answers["II"]["text"] == "Nội dung mục II"


def _leader_with_hint(cast):  # type: ignore[no-untyped-def]
    body = org_services.body_create(
        actor=None,
        unit=cast.cell_a,
        kind=BodyKind.CELL_COMMITTEE,
        term_start=datetime.date(2020, 1, 1),
    )
    org_services.seat_add(
        actor=None,
        body=body,
        person=cast.person_a,
        position=Position.SECRETARY,
        start=body.term_start,
    )
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PUBLISHED)
    hint = services.hint_create(
        actor=cast.officer, campaign=campaign, person=cast.person_a, text="Làm rõ việc chậm báo cáo"
    )
    services.campaign_issue_hints(actor=cast.officer, campaign=campaign)
    services.campaign_open_reviews(actor=cast.officer, campaign=campaign)
    return SubjectReview.objects.get(campaign=campaign, person=cast.person_a), hint


def test_a_hint_to_a_leader_shows_in_section_iv(cast):
    review, hint = _leader_with_hint(cast)
    assert selectors.hints_for_review(review=review) == [hint]
    assert review.form_code == "02L"


def test_submit_needs_every_hint_answered(cast):
    review, hint = _leader_with_hint(cast)
    services.self_review_save(
        actor=cast.member_a, review=review, answers=full_answers("02L"), self_level="HTTNV"
    )
    with pytest.raises(ValidationError) as error:
        services.self_review_submit(actor=cast.member_a, review=review)
    assert "«IV. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)»" in error.value.messages[0]
    assert f"IV.{hint.pk}" in error.value.error_list[0].params["missing"]
    hint.refresh_from_db()
    assert hint.answered_at is None


def test_an_answered_hint_is_marked_answered_on_submit(cast):
    review, hint = _leader_with_hint(cast)
    services.self_review_save(
        actor=cast.member_a,
        review=review,
        answers=full_answers("02L", hint_ids=[hint.pk]),
        self_level="HTTNV",
    )
    services.self_review_submit(actor=cast.member_a, review=review)
    hint.refresh_from_db()
    assert hint.answered_at is not None


def test_a_hint_to_a_member_without_a_seat_is_refused(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PUBLISHED)
    with pytest.raises(ValidationError):
        services.hint_create(actor=cast.officer, campaign=campaign, person=cast.person_b, text="X")
    assert ReviewHint.objects.count() == 0


def test_a_cell_secretary_cannot_write_hints(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PUBLISHED)
    with pytest.raises(PermissionDenied):
        services.hint_create(actor=cast.secretary_a, campaign=campaign, unit=cast.cell_a, text="X")
    assert ReviewHint.objects.count() == 0


def _submitted(cast):  # type: ignore[no-untyped-def]
    review = _review(cast)
    services.self_review_save(
        actor=cast.member_a, review=review, answers=full_answers("02"), self_level="HTTNV"
    )
    return services.self_review_submit(actor=cast.member_a, review=review)


def test_the_cell_secretary_returns_a_review_with_a_reason_kept_in_history(cast):
    review = services.self_review_return(
        actor=cast.secretary_a, review=_submitted(cast), reason="Mục II quá chung chung"
    )
    assert review.status == ReviewStatus.DRAFTING
    assert review.history[-1]["reason"] == "Mục II quá chung chung"
    assert review.history[-1]["by"] == "bithu_a"


def test_a_return_needs_a_reason(cast):
    review = _submitted(cast)
    with pytest.raises(ValidationError):
        services.self_review_return(actor=cast.secretary_a, review=review, reason=" ")
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


def test_another_cells_secretary_cannot_return(cast):
    review = _submitted(cast)
    with pytest.raises(PermissionDenied):
        services.self_review_return(actor=cast.outsider, review=review, reason="x")
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert review.history == []


def test_a_locked_review_cannot_be_returned(cast):
    review = services.self_review_lock(actor=cast.secretary_a, review=_submitted(cast))
    with pytest.raises(ValidationError):
        services.self_review_return(actor=cast.secretary_a, review=review, reason="x")
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


def test_a_366_review_needs_a_score_and_computes_it(cast):
    review = _review(cast, year=2025)
    answers = full_answers("2A")
    answers["score"]["general"]["innovation"] = False
    review = services.self_review_save(
        actor=cast.member_a, review=review, answers=answers, self_level="HTTNV"
    )
    assert review.score == Decimal("91.00")
    answers["score"]["tasks"] = "80"
    review = services.self_review_save(
        actor=cast.member_a, review=review, answers=answers, self_level="HTTNV"
    )
    assert review.score is None
    with pytest.raises(ValidationError) as error:
        services.self_review_submit(actor=cast.member_a, review=review)
    assert error.value.error_list[0].params["missing"] == ["score"]


def test_the_rules_check_flags_a_level_above_the_score_band(cast):
    review = _review(cast, year=2025)
    answers = full_answers("2A")
    answers["score"]["tasks"] = "50"
    review = services.self_review_save(
        actor=cast.member_a, review=review, answers=answers, self_level="HTXSNV"
    )
    check = selectors.self_review_rules_check(review=review)
    assert [f["code"] for f in check["findings"]] == ["SCORE_BAND"]
    assert review.score == Decimal("80.00")
    assert check["ceiling"] == "HTTNV"


def test_the_rules_check_says_a_new_member_is_not_classified(cast):
    newcomer = PersonFactory(
        unit=cast.cell_a, admitted_on=datetime.date(2020, 9, 1), official_on=None
    )
    review = _review(cast, person=newcomer)
    review.self_level = "HTTNV"
    check = selectors.self_review_rules_check(review=review)
    assert check["not_classified"] is True
    assert [f["code"] for f in check["findings"]] == ["EXCLUDED_NEW_MEMBER"]
