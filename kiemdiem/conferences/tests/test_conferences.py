"""Running a review conference: run-sheet order, quorum, steps, criticism, minutes and signing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from kiemdiem.accounts.models import User
from kiemdiem.conferences import selectors, services
from kiemdiem.conferences.models import AgendaItem, Attendance, Conference, Criticism
from kiemdiem.orgs import services as org_services
from kiemdiem.orgs.models import PersonStatus
from kiemdiem.orgs.tests.factories import PersonFactory
from kiemdiem.reviews.models import CampaignState, SubjectReview
from kiemdiem.reviews.tests.factories import campaign_factory, submitted
from kiemdiem.voting import services as voting_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(cast):  # type: ignore[no-untyped-def]
    """A standing committee of seven in the committee DB-01: secretary, deputy, five members."""
    body = org_services.body_create(
        actor=None, unit=cast.committee, kind="ban_thuong_vu", term_start=datetime.date(2020, 10, 1)
    )
    people = [
        PersonFactory(unit=cast.cell_a, given_name=name)
        for name in ["Sơn", "Tùng", "An", "Bảo", "Cúc", "Dũng", "Em"]
    ]
    org_services.seat_add(
        actor=None, body=body, person=people[0], position="bi_thu", start=body.term_start
    )
    org_services.seat_add(
        actor=None, body=body, person=people[1], position="pho_bi_thu", start=body.term_start
    )
    for person in people[2:]:
        org_services.seat_add(
            actor=None, body=body, person=person, position="uy_vien_btv", start=body.term_start
        )
    return body, people


def runner(conference: Conference) -> User:
    """The conference's secretary as a user: the chair and the secretary run the run-sheet."""
    return User.objects.filter(person=conference.secretary).first() or make_user(
        "thu_ky", person=conference.secretary
    )


def make_conference(cast, committee) -> Conference:  # type: ignore[no-untyped-def]
    body, people = committee
    return services.conference_create(
        actor=cast.officer,
        unit=cast.committee,
        body=body,
        year=2020,
        place="Hội trường Bộ Tư lệnh",
        starts_at=timezone.make_aware(datetime.datetime(2020, 11, 20, 7, 30)),
        chair=people[0],
        secretary=people[2],
    )


def test_the_run_sheet_reviews_the_collective_first_then_the_head_then_deputies(cast, committee):
    conference = make_conference(cast, committee)
    kinds = [item.kind for item in selectors.agenda(conference=conference)]
    assert kinds[:5] == ["opening", "read_report", "comments", "discussion", "conclusions"]
    assert kinds[-2:] == ["votes", "closing"]
    people = [
        item.person.given_name for item in selectors.agenda(conference=conference) if item.person
    ]
    assert people[:2] == ["Sơn", "Tùng"]
    assert people[2:] == ["An", "Bảo", "Cúc", "Dũng", "Em"]


def test_quorum_counts_official_members_present_against_those_called_less_exempt(cast, committee):
    _body, people = committee
    org_services.person_update(actor=None, person=people[6], status=PersonStatus.EXEMPT)
    conference = make_conference(cast, committee)
    for person in people[:3]:
        services.attendance_mark(
            actor=runner(conference), conference=conference, person=person, status="present"
        )
    quorum = selectors.quorum(conference=conference)
    assert (quorum.denominator, quorum.present, quorum.needed, quorum.reached) == (6, 3, 4, False)
    services.attendance_mark(
        actor=runner(conference), conference=conference, person=people[3], status="present"
    )
    assert selectors.quorum(conference=conference).reached


def test_the_conference_cannot_open_without_a_quorum(cast, committee):
    conference = make_conference(cast, committee)
    with pytest.raises(ValidationError):
        services.conference_start(actor=runner(conference), conference=conference)
    conference.refresh_from_db()
    assert conference.state == Conference.State.PLANNED


def test_an_absence_needs_a_reason(cast, committee):
    _body, people = committee
    conference = make_conference(cast, committee)
    with pytest.raises(ValidationError):
        services.attendance_mark(
            actor=runner(conference), conference=conference, person=people[5], status="absent"
        )
    services.attendance_mark(
        actor=runner(conference),
        conference=conference,
        person=people[5],
        status="absent",
        reason="Đi công tác",
    )
    assert Attendance.objects.get(conference=conference, person=people[5]).reason == "Đi công tác"


def run_to_self_criticism(cast, committee) -> Conference:  # type: ignore[no-untyped-def]
    _body, people = committee
    conference = make_conference(cast, committee)
    for person in people[:6]:
        services.attendance_mark(
            actor=runner(conference), conference=conference, person=person, status="present"
        )
    services.attendance_mark(
        actor=runner(conference),
        conference=conference,
        person=people[6],
        status="absent",
        reason="Ốm",
    )
    services.conference_start(actor=runner(conference), conference=conference)
    for _ in range(5):
        item = selectors.current_step(conference=conference)
        if item.kind == AgendaItem.Kind.CONCLUSIONS:
            services.conclusions_set(
                actor=runner(conference),
                conference=conference,
                results="Hoàn thành tốt nhiệm vụ quân sự, quốc phòng",
                directions="Tiếp tục quán triệt nghị quyết",
            )
        services.step_complete(
            actor=runner(conference), item=item, notes=f"Ghi chép bước {item.order}"
        )
    return conference


def test_steps_advance_in_order_and_an_earlier_step_cannot_be_rewritten(cast, committee):
    conference = run_to_self_criticism(cast, committee)
    current = selectors.current_step(conference=conference)
    assert current.kind == AgendaItem.Kind.SELF_CRITICISM
    first = selectors.agenda(conference=conference).first()
    with pytest.raises(ValidationError):
        services.step_complete(actor=runner(conference), item=first, notes="sửa")
    first.refresh_from_db()
    assert first.notes == "Ghi chép bước 1"


def test_named_criticism_reply_and_conclusion_are_recorded_per_person(cast, committee):
    _body, people = committee
    conference = run_to_self_criticism(cast, committee)
    item = selectors.current_step(conference=conference)
    services.criticism_add(
        actor=runner(conference), item=item, speaker=people[1], text="Cần sâu sát cơ sở hơn"
    )
    services.step_complete(
        actor=runner(conference), item=item, reply="Tiếp thu", conclusion="Hoàn thành tốt nhiệm vụ"
    )
    item.refresh_from_db()
    assert item.criticisms.get().speaker == people[1]
    assert (item.reply, item.conclusion) == ("Tiếp thu", "Hoàn thành tốt nhiệm vụ")


def test_an_absent_member_cannot_be_recorded_as_a_speaker(cast, committee):
    _body, people = committee
    conference = run_to_self_criticism(cast, committee)
    item = selectors.current_step(conference=conference)
    with pytest.raises(ValidationError):
        services.criticism_add(actor=runner(conference), item=item, speaker=people[6], text="...")
    assert not Criticism.objects.exists()


def finish(cast, conference) -> Conference:  # type: ignore[no-untyped-def]
    while (item := selectors.current_step(conference=conference)) is not None:
        services.step_complete(actor=runner(conference), item=item, notes="")
    conference.refresh_from_db()
    return conference


def test_closing_generates_minutes_with_attendance_steps_and_criticism(cast, committee):
    _body, people = committee
    conference = run_to_self_criticism(cast, committee)
    services.criticism_add(
        actor=runner(conference),
        item=selectors.current_step(conference=conference),
        speaker=people[1],
        text="Cần sâu sát cơ sở hơn",
    )
    conference = finish(cast, conference)
    assert conference.state == Conference.State.CLOSED
    text = conference.minutes.text
    assert text.startswith("BIÊN BẢN HỘI NGHỊ KIỂM ĐIỂM")
    assert "Vắng: đồng chí" in text
    assert "(Ốm)" in text
    assert "Cần sâu sát cơ sở hơn" in text
    assert "Kết quả đạt được: Hoàn thành tốt nhiệm vụ quân sự, quốc phòng" in text
    assert "20/11/2020" in text


def test_minutes_lock_once_chair_and_secretary_have_signed(cast, committee):
    _body, people = committee
    conference = finish(cast, run_to_self_criticism(cast, committee))
    chair = make_user("chu_tri", person=people[0])
    secretary = runner(conference)
    services.minutes_edit(actor=secretary, minutes=conference.minutes, text="Biên bản đã sửa")
    services.minutes_sign(actor=chair, minutes=conference.minutes)
    minutes = services.minutes_sign(actor=secretary, minutes=conference.minutes)
    assert minutes.locked
    with pytest.raises(ValidationError):
        services.minutes_edit(actor=secretary, minutes=minutes, text="Sửa sau khi ký")
    minutes.refresh_from_db()
    assert minutes.text == "Biên bản đã sửa"


def test_only_the_chair_and_the_secretary_run_the_conference(cast, committee):
    _body, people = committee
    conference = make_conference(cast, committee)
    chair = make_user("chu_tri", person=people[0])
    services.attendance_mark(actor=chair, conference=conference, person=people[4], status="present")
    for outsider in (make_user("uy_vien", person=people[4]), cast.officer):
        with pytest.raises(PermissionDenied):
            services.attendance_mark(
                actor=outsider, conference=conference, person=people[4], status="absent", reason="x"
            )
    with pytest.raises(PermissionDenied):
        services.conference_start(actor=cast.officer, conference=conference)
    assert Attendance.objects.get(conference=conference, person=people[4]).status == "present"


def test_pages_show_the_run_sheet_and_live_quorum(cast, committee):
    _body, people = committee
    conference = make_conference(cast, committee)
    client = Client()
    client.force_login(runner(conference))
    page = client.get(
        reverse("conferences:conference_detail", args=[conference.pk])
    ).content.decode()
    assert "Kiểm điểm đồng chí" in page
    fragment = client.post(
        reverse("conferences:attendance_mark", args=[conference.pk]),
        {"part": "attendance", "person": people[0].pk, "status": "present"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert 'id="quorum"' in fragment
    assert "Có mặt 1/7" in fragment
    assert "<html" not in fragment


def test_outsiders_do_not_see_the_conference(cast, committee):
    conference = make_conference(cast, committee)
    client = Client()
    client.force_login(cast.outsider)
    assert (
        client.get(reverse("conferences:conference_detail", args=[conference.pk])).status_code
        == 404
    )


def test_each_members_self_review_is_presented_at_their_step(cast, committee):
    _body, people = committee
    campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    review = SubjectReview.objects.get(person=people[0], kind="member")
    for person in people[:2]:
        submitted(SubjectReview.objects.get(person=person, kind="member"))
    conference = run_to_self_criticism(cast, committee)
    client = Client()
    client.force_login(cast.officer)
    url = reverse("conferences:conference_detail", args=[conference.pk])
    page = client.get(url).content.decode()
    assert f'id="self-review-{people[0].pk}"' in page
    assert reverse("reviews:self_review", args=[review.pk]) in page
    assert f'id="self-review-{people[1].pk}"' not in page  # only at the step under way


def test_the_quorum_card_refreshes_itself_while_the_conference_runs(cast, committee):
    conference = make_conference(cast, committee)
    client = Client()
    client.force_login(cast.officer)
    url = reverse("conferences:conference_detail", args=[conference.pk])
    page = client.get(url).content.decode()
    assert f'hx-get="{url}?part=attendance"' in page
    fragment = client.get(url, {"part": "attendance"}, headers={"HX-Request": "true"})
    assert 'id="quorum"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_a_bodys_conference_votes_on_the_body_not_on_the_whole_organization(cast, committee):
    body, _people = committee
    conference = run_to_self_criticism(cast, committee)
    with pytest.raises(ValidationError) as early:
        services.conference_ballot_open(actor=runner(conference), conference=conference)
    assert early.value.error_list[0].code == "out_of_order"
    while selectors.current_step(conference=conference).kind != AgendaItem.Kind.VOTES:
        item = selectors.current_step(conference=conference)
        services.step_complete(actor=runner(conference), item=item, notes="Đã kiểm điểm")
    ballot = services.conference_ballot_open(actor=runner(conference), conference=conference)
    collective = ballot.subjects.get(person__isnull=True)
    assert (collective.body_id, collective.unit_id) == (body.pk, None)
    assert collective.label == str(body)


def test_a_corrected_show_of_hands_count_is_in_the_minutes(cast, committee):
    conference = run_to_self_criticism(cast, committee)
    while selectors.current_step(conference=conference).kind != AgendaItem.Kind.VOTES:
        item = selectors.current_step(conference=conference)
        services.step_complete(actor=runner(conference), item=item, notes="Đã kiểm điểm")
    ballot = services.conference_ballot_open(
        actor=runner(conference), conference=conference, kind="show_of_hands"
    )
    subject = ballot.subjects.order_by("order").first()
    enter = {"actor": runner(conference), "ballot": ballot, "ballots_valid": 6}
    voting_services.counts_enter(**enter, counts={subject.pk: {"HTTNV": 5}})
    voting_services.counts_enter(
        **enter, counts={subject.pk: {"HTTNV": 6}}, reason="Đếm sót một phiếu"
    )
    minutes = services.minutes_generate(actor=runner(conference), conference=conference)
    assert "5 → 6 (lý do: Đếm sót một phiếu)" in minutes.text
