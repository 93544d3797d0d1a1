"""The collective report: numbered versions, circulation, comments on passages, resolutions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kiemdiem.reviews import exports, services
from kiemdiem.reviews.models import (
    CampaignState,
    DraftComment,
    ReportState,
    ReportVersion,
    SubjectKind,
    SubjectReview,
)
from kiemdiem.reviews.tests.factories import campaign_factory

pytestmark = pytest.mark.django_db

PASSAGE = "Chi bộ duy trì nghiêm sinh hoạt định kỳ"


def _cell_review(cast):  # type: ignore[no-untyped-def]
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    return SubjectReview.objects.get(campaign=campaign, kind=SubjectKind.UNIT, unit=cast.cell_a)


def _circulated(cast, *, closes_in: datetime.timedelta = datetime.timedelta(days=2)):  # type: ignore[no-untyped-def]
    review = _cell_review(cast)
    services.report_save_draft(
        actor=cast.secretary_a,
        review=review,
        sections={
            "I": {"1": {"text": PASSAGE + ", đúng quy định.", "grade": "T"}},
            "II": {"text": "Còn hạn chế"},
        },
    )
    report = review.report
    now = timezone.now()
    services.report_circulate(
        actor=cast.secretary_a,
        report=report,
        delegates=[cast.person_a],
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + closes_in,
    )
    report.refresh_from_db()
    return report


def test_the_first_save_creates_version_one(cast):
    review = _cell_review(cast)
    version = services.report_save_draft(
        actor=cast.secretary_a, review=review, sections={"II": {"text": "A"}}
    )
    again = services.report_save_draft(
        actor=cast.secretary_a, review=review, sections={"II": {"text": "B"}}
    )
    assert (version.number, again.pk) == (1, version.pk)
    again.refresh_from_db()
    assert again.sections["II"] == {"text": "B"}


def test_a_member_cannot_draft_the_cells_report(cast):
    review = _cell_review(cast)
    with pytest.raises(PermissionDenied):
        services.report_save_draft(actor=cast.member_a, review=review, sections={})
    assert ReportVersion.objects.count() == 0


def test_circulating_freezes_the_version_and_opens_the_window(cast):
    report = _circulated(cast)
    assert report.state == ReportState.CIRCULATED
    assert report.versions.get().frozen is True
    assert list(report.delegates.all()) == [cast.person_a]


def test_a_delegate_comments_on_a_quoted_passage(cast):
    report = _circulated(cast)
    comment = services.report_comment(
        actor=cast.member_a, report=report, section="I", quote=PASSAGE, text="Nêu rõ số buổi"
    )
    assert (comment.quote, comment.section, comment.version.number) == (PASSAGE, "I", 1)


def test_a_quote_that_is_not_in_the_draft_is_refused(cast):
    report = _circulated(cast)
    with pytest.raises(ValidationError):
        services.report_comment(
            actor=cast.member_a, report=report, section="II", quote=PASSAGE, text="x"
        )
    assert DraftComment.objects.count() == 0


def test_someone_not_named_cannot_comment(cast):
    report = _circulated(cast)
    with pytest.raises(PermissionDenied):
        services.report_comment(actor=cast.outsider, report=report, text="x")
    assert DraftComment.objects.count() == 0


def test_comments_are_refused_after_the_window_closes(cast):
    report = _circulated(cast, closes_in=datetime.timedelta(seconds=-1))
    with pytest.raises(ValidationError):
        services.report_comment(actor=cast.member_a, report=report, text="Muộn")
    assert DraftComment.objects.count() == 0


def test_the_drafter_replies_and_resolves(cast):
    report = _circulated(cast)
    comment = services.report_comment(actor=cast.member_a, report=report, text="Bổ sung số liệu")
    reply = services.report_comment(
        actor=cast.secretary_a, report=report, text="Sẽ bổ sung", parent=comment
    )
    services.report_resolve_comment(
        actor=cast.secretary_a, comment=comment, resolution="accepted", note="Đã bổ sung"
    )
    comment.refresh_from_db()
    assert comment.resolution == "accepted"
    assert list(comment.replies.all()) == [reply]


def test_revise_waits_for_the_window_and_every_resolution(cast):
    report = _circulated(cast)
    services.report_comment(actor=cast.member_a, report=report, text="Ý kiến")
    with pytest.raises(ValidationError):
        services.report_revise(actor=cast.secretary_a, report=report)
    report.refresh_from_db()
    assert report.state == ReportState.CIRCULATED


def test_revise_opens_version_two_and_the_diff_shows_the_change(cast):
    report = _circulated(cast)
    comment = services.report_comment(actor=cast.member_a, report=report, text="Ý kiến")
    services.report_resolve_comment(actor=cast.secretary_a, comment=comment, resolution="declined")
    report.comments_close_at = timezone.now() - datetime.timedelta(seconds=1)
    report.save(update_fields=["comments_close_at"])
    services.report_revise(actor=cast.secretary_a, report=report)
    v2 = services.report_save_draft(
        actor=cast.secretary_a,
        review=report.review,
        sections={"II": {"text": "Còn hạn chế về thời gian"}},
    )
    assert v2.number == 2
    lines = exports.version_diff(report.versions.get(number=1), v2)
    assert any(line.kind == "added" and "thời gian" in line.text for line in lines)
    assert any(line.kind == "removed" and line.text == "Còn hạn chế" for line in lines)


def test_the_diff_page_renders_for_the_drafter(cast):
    report = _circulated(cast)
    client = Client()
    client.force_login(cast.secretary_a)
    response = client.get(reverse("reviews:report_diff", args=[report.pk]))
    assert response.status_code == 200


def test_a_delegate_comments_from_the_report_page(cast):
    report = _circulated(cast)
    client = Client()
    client.force_login(cast.member_a)
    page = client.get(reverse("reviews:report_detail", args=[report.review_id]))
    assert 'id="comment-box"' in page.content.decode()
    client.post(
        reverse("reviews:report_comment", args=[report.pk]),
        {"section": "I", "quote": PASSAGE, "text": "Nêu rõ"},
    )
    assert DraftComment.objects.get().quote == PASSAGE


def test_a_quote_must_be_text_of_the_report_not_its_field_names(cast):
    report = _circulated(cast)
    services.report_comment(
        actor=cast.member_a, report=report, quote="đúng quy định", text="Nêu căn cứ"
    )
    for section, quote in (("", "grade"), ("I", "text"), ("ZZ", PASSAGE)):
        with pytest.raises(ValidationError):
            services.report_comment(
                actor=cast.member_a, report=report, section=section, quote=quote, text="x"
            )
    assert DraftComment.objects.count() == 1
