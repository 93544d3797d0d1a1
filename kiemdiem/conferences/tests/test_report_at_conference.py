"""The collective report at its conference: the delegates' consolidated comments are an item of
the agenda, and the runners adopt the report as amended (domain §1.4 steps 3 and 6, §5.3)."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kiemdiem.conferences import selectors, services
from kiemdiem.conferences.models import AgendaItem, Conference
from kiemdiem.core.models import AuditEvent
from kiemdiem.orgs.models import Person
from kiemdiem.reviews import services as reviews_services
from kiemdiem.reviews.models import CampaignState, ReportState, SubjectKind, SubjectReview
from kiemdiem.reviews.tests.factories import campaign_factory

pytestmark = pytest.mark.django_db

SECTIONS = {
    "I": {"1": {"text": "Duy trì sinh hoạt định kỳ, nền nếp.", "grade": "T"}},
    "II": {"text": "Việc ra nghị quyết chuyên đề còn chậm."},
    "VII": {"level": "HTTNV"},
}


def _report_with_a_comment(cast):  # type: ignore[no-untyped-def]
    """Cell A's report circulated to An, who comments on a passage; then revised."""
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    review = SubjectReview.objects.get(campaign=campaign, kind=SubjectKind.UNIT, unit=cast.cell_a)
    reviews_services.report_save_draft(actor=cast.secretary_a, review=review, sections=SECTIONS)
    now = timezone.now()
    report = reviews_services.report_circulate(
        actor=cast.secretary_a,
        report=review.report,
        delegates=[cast.person_a],
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=1),
    )
    comment = reviews_services.report_comment(
        actor=cast.member_a,
        report=report,
        section="II",
        quote="ra nghị quyết chuyên đề",
        text="Đề nghị nêu rõ nguyên nhân chủ quan.",
    )
    reviews_services.report_resolve_comment(
        actor=cast.secretary_a, comment=comment, resolution="accepted", note="Đã bổ sung."
    )
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(hours=2)):
        return reviews_services.report_revise(actor=cast.secretary_a, report=report)


def _cell_conference(cast) -> Conference:  # type: ignore[no-untyped-def]
    """Cell A's conference in the campaign's year, chaired by its secretary Bình, with An as
    the secretary of the minutes."""
    chair = Person.objects.get(pk=cast.secretary_a.person_id)
    conference = services.conference_create(
        actor=cast.officer,
        unit=cast.cell_a,
        year=SubjectReview.objects.values_list("campaign__year", flat=True).first(),
        place="Phòng họp chi bộ",
        starts_at=timezone.now(),
        chair=chair,
        secretary=cast.person_a,
    )
    for person in (chair, cast.person_a):
        services.attendance_mark(
            actor=cast.secretary_a, conference=conference, person=person, status="present"
        )
    return services.conference_start(actor=cast.secretary_a, conference=conference)


def _at_discussion(cast, conference: Conference) -> Conference:  # type: ignore[no-untyped-def]
    """The run-sheet advanced to its discussion step, where the report is adopted."""
    while selectors.current_step(conference=conference).kind != AgendaItem.Kind.DISCUSSION:
        item = selectors.current_step(conference=conference)
        services.step_complete(actor=cast.secretary_a, item=item, notes="Đã xong")
    return conference


def test_the_comments_step_lists_the_delegates_comments_on_the_report(cast):
    _report_with_a_comment(cast)
    conference = _cell_conference(cast)
    client = Client()
    client.force_login(cast.secretary_a)

    page = client.get(reverse("conferences:conference_detail", args=[conference.pk]))

    html = page.content.decode()
    assert "Đề nghị nêu rõ nguyên nhân chủ quan." in html
    assert "ra nghị quyết chuyên đề" in html


def test_the_chair_adopts_the_revised_report_at_the_conference(cast):
    _report_with_a_comment(cast)
    conference = _at_discussion(cast, _cell_conference(cast))

    report = services.conference_report_adopt(actor=cast.secretary_a, conference=conference)

    assert report.state == ReportState.ADOPTED
    assert conference.title in report.minutes_reference
    assert AuditEvent.objects.filter(verb="conference_report_adopt").count() == 1
    minutes = services.minutes_generate(actor=cast.secretary_a, conference=conference)
    assert "Hội nghị đã thông qua báo cáo kiểm điểm tập thể" in minutes.text
    assert "Đề nghị nêu rõ nguyên nhân chủ quan." in minutes.text


def test_the_office_that_planned_the_conference_cannot_adopt_the_report_for_it(cast):
    _report_with_a_comment(cast)
    conference = _at_discussion(cast, _cell_conference(cast))

    with pytest.raises(PermissionDenied):
        services.conference_report_adopt(actor=cast.officer, conference=conference)

    state = selectors.report_at_conference(conference=conference).report.state
    assert state == ReportState.REVISED
    assert AuditEvent.objects.filter(verb="report_adopt").count() == 0


def test_a_report_still_out_for_comments_cannot_be_adopted(cast):
    report = _report_with_a_comment(cast)
    now = timezone.now()
    reviews_services.report_circulate(
        actor=cast.secretary_a,
        report=report,
        delegates=[cast.person_a],
        opens_at=now,
        closes_at=now + datetime.timedelta(days=1),
    )
    conference = _at_discussion(cast, _cell_conference(cast))

    with pytest.raises(ValidationError) as refused:
        services.conference_report_adopt(actor=cast.secretary_a, conference=conference)

    assert refused.value.error_list[0].code == "wrong_state"


def test_the_report_is_adopted_only_at_its_step_of_the_run_sheet(cast):
    _report_with_a_comment(cast)
    conference = _cell_conference(cast)

    with pytest.raises(ValidationError) as refused:
        services.conference_report_adopt(actor=cast.secretary_a, conference=conference)

    assert refused.value.error_list[0].code == "out_of_order"
    assert selectors.report_at_conference(conference=conference).report.state == ReportState.REVISED


def test_the_api_shows_the_comments_and_adopts_the_report(cast):
    _report_with_a_comment(cast)
    conference = _at_discussion(cast, _cell_conference(cast))
    client = Client()
    client.force_login(cast.secretary_a)

    before = client.get(f"/api/v1/conferences/{conference.pk}/report").json()
    adopted = client.post(f"/api/v1/conferences/{conference.pk}/report/adopt")

    assert (before["state"], before["adoptable"]) == ("revised", True)
    assert [c["text"] for c in before["comments"]] == ["Đề nghị nêu rõ nguyên nhân chủ quan."]
    assert adopted.status_code == 200
    assert (adopted.json()["state"], adopted.json()["adoptable"]) == ("adopted", False)
