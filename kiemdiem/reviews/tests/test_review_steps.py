"""The steps of a self-review (domain §5.2) and of a collective report (§5.3): each shown
succeeding first, then refused with one thing changed, leaving nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kiemdiem.core.models import AuditEvent
from kiemdiem.orgs import services as org_services
from kiemdiem.orgs.models import PersonStatus
from kiemdiem.orgs.tests.factories import PersonFactory
from kiemdiem.reviews import selectors, services
from kiemdiem.reviews.models import (
    CampaignState,
    ReportState,
    ReviewStatus,
    SubjectKind,
    SubjectReview,
)
from kiemdiem.reviews.tests.factories import campaign_factory
from kiemdiem.reviews.tests.helpers import full_answers

pytestmark = pytest.mark.django_db


def _campaign(cast):  # type: ignore[no-untyped-def]
    return campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)


def _audits(verb: str) -> int:
    return AuditEvent.objects.filter(verb=verb).count()


# --- Self-review ---------------------------------------------------------------------------------


def test_a_member_who_became_exempt_cannot_start_drafting_and_nothing_is_written(cast):
    campaign = _campaign(cast)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    other = SubjectReview.objects.get(campaign=campaign, person=cast.person_b)
    services.self_review_save(actor=cast.outsider, review=other, answers={"II": {"text": "A"}})
    org_services.person_update(actor=None, person=cast.person_a, status=PersonStatus.EXEMPT)
    review.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.self_review_save(actor=cast.member_a, review=review, answers={"II": {"text": "B"}})
    assert error.value.error_list[0].code == "excluded"
    review.refresh_from_db()
    assert (review.status, review.answers) == (ReviewStatus.NOT_STARTED, {})


def test_the_cell_secretary_marks_an_exempt_members_review_not_required(cast):
    campaign = _campaign(cast)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    org_services.person_update(actor=None, person=cast.person_a, status=PersonStatus.EXEMPT)
    review = services.self_review_mark_not_required(actor=cast.secretary_a, review=review)
    assert (review.status, review.not_classified, review.exclusion) == (
        ReviewStatus.NOT_REQUIRED,
        True,
        PersonStatus.EXEMPT,
    )
    assert _audits("self_review_mark_not_required") == 1


def test_marking_not_required_is_refused_to_another_cell_and_for_an_active_member(cast):
    campaign = _campaign(cast)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    org_services.person_update(actor=None, person=cast.person_a, status=PersonStatus.SUSPENDED)
    active = SubjectReview.objects.get(campaign=campaign, person=cast.secretary_a.person)
    officer_b = PersonFactory(unit=cast.cell_b)
    from conftest import make_user
    from kiemdiem.accounts.models import Role

    secretary_b = make_user("bithu_b", role=Role.CELL_SECRETARY, unit=cast.cell_b, person=officer_b)
    with pytest.raises(PermissionDenied):
        services.self_review_mark_not_required(actor=secretary_b, review=review)
    with pytest.raises(ValidationError):
        services.self_review_mark_not_required(actor=cast.secretary_a, review=active)
    for row in (review, active):
        row.refresh_from_db()
        assert row.status == ReviewStatus.NOT_STARTED
    assert _audits("self_review_mark_not_required") == 0
    services.self_review_mark_not_required(actor=cast.secretary_a, review=review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.NOT_REQUIRED


def _submit(review, user):  # type: ignore[no-untyped-def]
    services.self_review_save(
        actor=user, review=review, answers=full_answers("02"), self_level="HTTNV"
    )
    return services.self_review_submit(actor=user, review=review)


def _submitted(cast):  # type: ignore[no-untyped-def]
    review = SubjectReview.objects.get(campaign=_campaign(cast), person=cast.person_a)
    return _submit(review, cast.member_a)


def test_a_submitted_review_cannot_be_submitted_again(cast):
    review = _submitted(cast)
    with pytest.raises(ValidationError) as error:
        services.self_review_submit(actor=cast.member_a, review=review)
    assert error.value.error_list[0].code == "wrong_state"
    assert _audits("self_review_submit") == 1


def test_only_the_member_submits_and_nothing_is_written(cast):
    campaign = _campaign(cast)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    services.self_review_save(
        actor=cast.member_a, review=review, answers=full_answers("02"), self_level="HTTNV"
    )
    with pytest.raises(PermissionDenied):
        services.self_review_submit(actor=cast.secretary_a, review=review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFTING
    services.self_review_submit(actor=cast.member_a, review=review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


def test_the_secretary_locks_a_submitted_review_and_another_cell_cannot(cast):
    review = _submitted(cast)
    services.self_review_lock(actor=cast.secretary_a, review=review)
    review.refresh_from_db()
    assert review.locked_at is not None
    other = _submit(
        SubjectReview.objects.get(campaign=review.campaign, person=cast.person_b), cast.outsider
    )
    with pytest.raises(PermissionDenied):
        services.self_review_lock(actor=cast.secretary_a, review=other)
    other.refresh_from_db()
    assert other.locked_at is None
    assert _audits("self_review_lock") == 1


def test_a_draft_cannot_be_locked(cast):
    campaign = _campaign(cast)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    services.self_review_save(actor=cast.member_a, review=review, answers={})
    with pytest.raises(ValidationError):
        services.self_review_lock(actor=cast.secretary_a, review=review)
    review.refresh_from_db()
    assert review.locked_at is None


def test_the_header_fields_are_kept_and_default_to_the_roster(cast):
    campaign = _campaign(cast)
    review = SubjectReview.objects.select_related("unit", "person").get(
        campaign=campaign, person=cast.person_a
    )
    header = {key: value for key, _label, value in selectors.self_review_header(review=review)}
    assert header["workplace"] == cast.committee.name
    review = services.self_review_save(
        actor=cast.member_a,
        review=review,
        answers={"header": {"mass_org_position": "  Bí thư  Chi đoàn ", "bogus": "x"}},
    )
    assert review.answers["header"]["mass_org_position"] == "Bí thư Chi đoàn"
    assert "bogus" not in review.answers["header"]


# --- Collective report ---------------------------------------------------------------------------

SECTIONS = {
    "I": {"1": {"text": "Duy trì sinh hoạt định kỳ.", "grade": "T"}},
    "II": {"text": "Còn hạn chế"},
    "VII": {"level": "HTTNV"},
}


def _revised(cast, sections=None):  # type: ignore[no-untyped-def]
    campaign = _campaign(cast)
    review = SubjectReview.objects.get(campaign=campaign, kind=SubjectKind.UNIT, unit=cast.cell_a)
    services.report_save_draft(actor=cast.secretary_a, review=review, sections=sections or SECTIONS)
    now = timezone.now()
    report = services.report_circulate(
        actor=cast.secretary_a,
        report=review.report,
        delegates=[cast.person_a],
        opens_at=now - datetime.timedelta(hours=2),
        closes_at=now - datetime.timedelta(hours=1),
    )
    return services.report_revise(actor=cast.secretary_a, report=report)


def test_the_report_is_adopted_with_the_minutes_and_the_version_is_frozen(cast):
    report = _revised(cast)
    report = services.report_adopt(
        actor=cast.secretary_a, report=report, minutes_reference="Biên bản ngày 20/11/2020"
    )
    assert report.state == ReportState.ADOPTED
    assert report.minutes_reference == "Biên bản ngày 20/11/2020"
    assert [v.frozen for v in report.versions.order_by("number")] == [True, True]
    assert _audits("report_adopt") == 1


def test_adoption_needs_section_vii_and_a_member_cannot_adopt(cast):
    report = _revised(cast, sections={"II": {"text": "Còn hạn chế"}})
    for actor, minutes in ((cast.secretary_a, "BB 1"), (cast.member_a, "BB 1")):
        with pytest.raises((ValidationError, PermissionDenied)):
            services.report_adopt(actor=actor, report=report, minutes_reference=minutes)
    report.refresh_from_db()
    assert report.state == ReportState.REVISED
    assert _audits("report_adopt") == 0


def test_adoption_from_circulated_is_refused(cast):
    report = _revised(cast)
    services.report_circulate(
        actor=cast.secretary_a,
        report=report,
        delegates=[cast.person_a],
        opens_at=timezone.now(),
        closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        services.report_adopt(actor=cast.secretary_a, report=report, minutes_reference="BB")
    assert error.value.error_list[0].code == "wrong_state"
    report.refresh_from_db()
    assert report.state == ReportState.CIRCULATED


def test_an_adopted_report_is_reopened_with_a_reason_into_a_new_version(cast):
    report = services.report_adopt(
        actor=cast.secretary_a, report=_revised(cast), minutes_reference="BB"
    )
    with pytest.raises(ValidationError):
        services.report_reopen(actor=cast.secretary_a, report=report, reason=" ")
    report.refresh_from_db()
    assert report.state == ReportState.ADOPTED
    report = services.report_reopen(actor=cast.secretary_a, report=report, reason="Bổ sung số liệu")
    assert (report.state, report.reopen_reason) == (ReportState.REVISED, "Bổ sung số liệu")
    assert report.versions.order_by("-number").first().frozen is False


def test_only_a_named_delegates_circulation_is_done_by_the_drafter(cast):
    campaign = _campaign(cast)
    review = SubjectReview.objects.get(campaign=campaign, kind=SubjectKind.UNIT, unit=cast.cell_a)
    services.report_save_draft(actor=cast.secretary_a, review=review, sections=SECTIONS)
    now = timezone.now()
    window = {"opens_at": now, "closes_at": now + datetime.timedelta(days=1)}
    with pytest.raises(PermissionDenied):
        services.report_circulate(
            actor=cast.member_a, report=review.report, delegates=[cast.person_a], **window
        )
    review.report.refresh_from_db()
    assert review.report.state == ReportState.DRAFT
    services.report_circulate(
        actor=cast.secretary_a, report=review.report, delegates=[cast.person_a], **window
    )
    review.report.refresh_from_db()
    assert review.report.state == ReportState.CIRCULATED


def test_a_hint_to_a_collective_is_answered_when_its_report_is_circulated(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PUBLISHED)
    hint = services.hint_create(
        actor=cast.officer, campaign=campaign, unit=cast.cell_a, text="Làm rõ việc chậm"
    )
    services.campaign_issue_hints(actor=cast.officer, campaign=campaign)
    services.campaign_open_reviews(actor=cast.officer, campaign=campaign)
    review = SubjectReview.objects.get(campaign=campaign, kind=SubjectKind.UNIT, unit=cast.cell_a)
    services.report_save_draft(
        actor=cast.secretary_a, review=review, sections={"IV": {str(hint.pk): "Đã khắc phục"}}
    )
    hint.refresh_from_db()
    assert hint.answered_at is None
    now = timezone.now()
    services.report_circulate(
        actor=cast.secretary_a,
        report=review.report,
        delegates=[cast.person_a],
        opens_at=now,
        closes_at=now + datetime.timedelta(days=1),
    )
    hint.refresh_from_db()
    assert hint.answered_at is not None


def test_the_consolidated_comments_list_every_round_for_the_agenda(cast):
    campaign = _campaign(cast)
    review = SubjectReview.objects.get(campaign=campaign, kind=SubjectKind.UNIT, unit=cast.cell_a)
    services.report_save_draft(actor=cast.secretary_a, review=review, sections=SECTIONS)
    now = timezone.now()
    report = services.report_circulate(
        actor=cast.secretary_a,
        report=review.report,
        delegates=[cast.person_a],
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=1),
    )
    comment = services.report_comment(
        actor=cast.member_a, report=report, section="II", quote="hạn chế", text="Nêu cụ thể"
    )
    services.report_comment(
        actor=cast.secretary_a, report=report, text="Sẽ bổ sung", parent=comment
    )
    services.report_resolve_comment(actor=cast.secretary_a, comment=comment, resolution="accepted")
    [item] = selectors.report_consolidated_comments(review=review)
    assert (item.version, item.author, item.quote, item.resolution) == (
        1,
        "Nguyễn Văn An",
        "hạn chế",
        "accepted",
    )
    assert item.replies == ("Trần Văn Bình: Sẽ bổ sung",)
