"""The demo gains the standing committee's 2020 conference, finished and signed, once."""

from __future__ import annotations

import pytest

from kiemdiem.classification.models import Proposal
from kiemdiem.conferences.demo import conferences_demo_load
from kiemdiem.conferences.models import Attendance, Conference
from kiemdiem.orgs.demo import demo_load
from kiemdiem.reviews.demo import reviews_demo_load
from kiemdiem.reviews.models import CollectiveReport, ReportState
from kiemdiem.voting.models import Ballot, CastBallot

pytestmark = pytest.mark.django_db


def test_without_the_demo_organization_nothing_is_added():
    assert conferences_demo_load().created is False
    assert not Conference.objects.exists()


def test_the_standing_committee_conference_is_finished_with_signed_minutes_and_is_idempotent():
    demo_load(size=0.1)
    summary = conferences_demo_load()
    conference = Conference.objects.get(pk=summary.conference_id)
    assert summary.created is True
    assert conference.state == Conference.State.SIGNED
    assert conference.minutes.locked
    assert "BIÊN BẢN HỘI NGHỊ KIỂM ĐIỂM" in conference.minutes.text
    assert "20/11/2020" in conference.minutes.text
    assert "Vắng: đồng chí" in conference.minutes.text
    assert "BAN THƯỜNG VỤ" in conference.minutes.text
    assert "kết quả: HTXSNV" in conference.minutes.text  # the votes are in the minutes
    assert not conference.agenda.filter(done=False).exists()
    absent = conference.attendance.get(status=Attendance.Status.ABSENT)
    assert absent.reason
    ballot = conference.ballot
    assert ballot.state == Ballot.State.CONFIRMED
    assert CastBallot.objects.filter(ballot=ballot).count() == ballot.roll.count() == 12
    assert Proposal.objects.filter(ballot=ballot).count() == ballot.subjects.count()
    assert conferences_demo_load().created is False
    assert Conference.objects.count() == 1


def test_after_the_review_demo_the_conference_adopts_the_standing_committees_report():
    demo_load(size=0.1)
    reviews_demo_load()
    summary = conferences_demo_load()

    report = CollectiveReport.objects.get(review__body__isnull=False, review__campaign__year=2020)
    assert report.state == ReportState.ADOPTED
    minutes = Conference.objects.get(pk=summary.conference_id).minutes.text
    assert "Hội nghị đã thông qua báo cáo kiểm điểm tập thể" in minutes
    assert "Đề nghị bổ sung tên các đơn vị chưa được kiểm tra trong năm." in minutes
