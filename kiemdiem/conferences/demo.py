"""Demo: the fictional Military Region standing committee's 2020 review conference, finished.

Built on the organization demo (`orgs.demo.demo_load`): the 13-seat Ban Thường vụ of the demo
root meets on 20/11/2020, chaired by its Bí thư; twelve are present and one is absent with a
reason; the run-sheet is walked through with the secretary's notes, the collective's conclusions
and named criticism; the members vote by electronic secret ballot (the tellers confirm the
tally) and the proposals are made; the conference closes and the chair and the secretary sign
the minutes. Every step goes through the services, so the audit trail is the real one. Fictional
people and wording only. Idempotent: does nothing when the demo root is missing or the
conference exists.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from kiemdiem.accounts.models import Role, User
from kiemdiem.classification import services as classification_services
from kiemdiem.conferences import selectors, services
from kiemdiem.conferences.models import AgendaItem, Attendance, Conference
from kiemdiem.orgs.demo import DEMO_PASSWORD, ROOT_CODE
from kiemdiem.orgs.models import BodyKind, BodyMembership, LeadershipBody, Person, Position, Unit
from kiemdiem.reviews import selectors as reviews_selectors
from kiemdiem.reviews import services as reviews_services
from kiemdiem.reviews.demo import demo_answers
from kiemdiem.reviews.models import CollectiveReport, ReviewStatus, SubjectKind, SubjectReview
from kiemdiem.voting import services as voting_services
from kiemdiem.voting.models import BallotSlip

DEMO_TZ = datetime.timezone(datetime.timedelta(hours=7))
STARTS = datetime.datetime(2020, 11, 20, 7, 30, tzinfo=DEMO_TZ)
ENDS = datetime.datetime(2020, 11, 20, 17, 15, tzinfo=DEMO_TZ)
PLACE = "Hội trường Bộ Tư lệnh Quân khu 9X"
GUESTS = "Đồng chí đại diện Cục Tổ chức (đại biểu cấp trên, hư cấu)"
# The system accounts that sign the minutes as the chair and as the secretary.
CHAIR_LOGIN, SECRETARY_LOGIN = "btv_chutri", "btv_thuky"

NOTES = {
    AgendaItem.Kind.OPENING: "Đồng chí Bí thư khai mạc, giới thiệu đại biểu; điểm danh: "
    "12/13 đồng chí có mặt, đủ số lượng theo quy định.",
    AgendaItem.Kind.READ_REPORT: "Đồng chí Bí thư trình bày dự thảo báo cáo kiểm điểm tập thể "
    "Ban Thường vụ năm 2020.",
    AgendaItem.Kind.COMMENTS: "Thư ký đọc tổng hợp ý kiến góp ý của các đồng chí ủy viên Ban "
    "Chấp hành và cấp ủy trực thuộc vào dự thảo báo cáo.",
    AgendaItem.Kind.DISCUSSION: "Đồng chí Tư lệnh và 6 đồng chí phát biểu, thống nhất đánh giá "
    "kết quả lãnh đạo nhiệm vụ quân sự, quốc phòng và xây dựng Đảng.",
    AgendaItem.Kind.CONCLUSIONS: "Hội nghị thông qua báo cáo kiểm điểm tập thể đã tiếp thu, "
    "chỉnh sửa.",
    AgendaItem.Kind.VOTES: "Hội nghị bỏ phiếu kín điện tử xếp loại tập thể và từng đồng chí; "
    "ban kiểm phiếu xác nhận kết quả.",
    AgendaItem.Kind.CLOSING: "Hội nghị thông qua biên bản; đồng chí Bí thư bế mạc hội nghị.",
}
CONCLUSIONS = {
    "results": "Lãnh đạo hoàn thành tốt nhiệm vụ huấn luyện, sẵn sàng chiến đấu và phòng chống "
    "thiên tai; công tác xây dựng Đảng có chuyển biến.",
    "limitations": "Việc cụ thể hóa một số nghị quyết chuyên đề còn chậm; kiểm tra, giám sát "
    "có nơi chưa thường xuyên.",
    "causes_subjective": "Một số cấp ủy chưa sâu sát cơ sở.",
    "causes_objective": "Thiên tai kéo dài trên địa bàn trong quý III.",
    "responsibility_collective": "Ban Thường vụ chịu trách nhiệm chung về các hạn chế.",
    "responsibility_individuals": "Các đồng chí phụ trách lĩnh vực chịu trách nhiệm trong phạm "
    "vi được phân công.",
    "remedies": "Rà soát, bổ sung quy chế làm việc; tăng cường kiểm tra cơ sở.",
    "directions": "Năm 2021 tập trung lãnh đạo huấn luyện, xây dựng tổ chức đảng trong sạch, "
    "vững mạnh.",
}
# The standing committee's collective report (Mẫu 01), in the words of the seed article.
REPORT_SECTIONS = {
    "I": {
        "1": {
            "text": "Thực hiện nghiêm nguyên tắc tập trung dân chủ và các quy định, quy chế làm "
            "việc; tích cực đổi mới phương pháp lãnh đạo, tác phong công tác.",
            "grade": "T",
        },
        "2": {
            "text": "Lãnh đạo cơ quan, đơn vị hoàn thành tốt nhiệm vụ quân sự, quốc phòng; chỉ "
            "đạo diễn tập chiến thuật các cấp đạt kết quả tốt.",
            "grade": "T",
        },
        "3": {
            "text": "Chủ động đấu tranh ngăn chặn suy thoái về tư tưởng chính trị, đạo đức, lối "
            "sống gắn với phòng, chống tham nhũng, lãng phí.",
            "grade": "T",
        },
        "4": {
            "text": "Tập thể Ban Thường vụ đoàn kết, thống nhất cao trong lãnh đạo, chỉ đạo.",
            "grade": "T",
        },
    },
    "II": {
        "text": "Việc cụ thể hóa một số nghị quyết chuyên đề còn chậm; kiểm tra, giám sát có "
        "nơi chưa thường xuyên. Nguyên nhân chủ quan là một số cấp ủy chưa sâu sát cơ sở."
    },
    "III": {"1": {"text": "Đã khắc phục cơ bản các hạn chế được chỉ ra năm 2019.", "grade": "T"}},
    "V": {
        "text": "Ban Thường vụ chịu trách nhiệm chung; các đồng chí phụ trách lĩnh vực chịu "
        "trách nhiệm trong phạm vi được phân công."
    },
    "VI": {
        "text": "Tiếp tục quán triệt, triển khai nghiêm túc các chỉ thị, nghị quyết của cấp "
        "trên; xây dựng lực lượng vũ trang Quân khu vững mạnh toàn diện."
    },
    "VII": {"level": "HTTNV"},
}
REPORT_COMMENT_QUOTE = "kiểm tra, giám sát có nơi chưa thường xuyên"
REPORT_COMMENT = "Đề nghị bổ sung tên các đơn vị chưa được kiểm tra trong năm."
COMMENTS_CLOSED = datetime.datetime(2020, 11, 15, 17, 0, tzinfo=DEMO_TZ)
CRITICISM = "Đồng chí cần dành nhiều thời gian hơn đi cơ sở, nắm tình hình đơn vị xa."
REPLY = "Tiếp thu ý kiến, sẽ xây dựng kế hoạch đi cơ sở hằng quý."
CONCLUSION = "Hội nghị thống nhất đánh giá đồng chí hoàn thành tốt nhiệm vụ được giao."


@dataclass
class ConferencesDemoSummary:
    created: bool
    conference_id: int | None = None


def _signer(username: str, person_id: int) -> User:
    """A demo account linked to the chair or the secretary (demo password), to sign with."""
    user = (
        User.objects.filter(username=username).first()
        or User.objects.filter(person_id=person_id).first()
    )
    if user is None:
        user = User.objects.create(
            username=username, password=make_password(DEMO_PASSWORD), person_id=person_id
        )
    return user


def _office() -> User | None:
    return (
        User.objects.filter(grants__role__in=[Role.ADMINISTRATOR, Role.COMMITTEE_OFFICE])
        .order_by("grants__unit__path", "id")
        .first()
    )


@transaction.atomic
def conferences_demo_load() -> ConferencesDemoSummary:
    root = Unit.objects.filter(code=ROOT_CODE).first()
    body = (
        LeadershipBody.objects.filter(unit=root, kind=BodyKind.STANDING_COMMITTEE).first()
        if root is not None
        else None
    )
    office = _office()
    if root is None or body is None or office is None:
        return ConferencesDemoSummary(created=False)
    existing = Conference.objects.filter(unit=root, year=2020, body__isnull=False).first()
    if existing is not None:
        return ConferencesDemoSummary(created=False, conference_id=existing.pk)
    seats = list(
        BodyMembership.objects.filter(body=body, end__isnull=True)
        .select_related("person")
        .order_by("position_rank", "person__sort_key")
    )
    chair = next(s.person for s in seats if s.position == Position.SECRETARY)
    members = [s.person for s in seats]
    secretary = next(p for p in reversed(members) if p.pk != chair.pk)
    conference = services.conference_create(
        actor=office,
        unit=root,
        body=body,
        year=2020,
        place=PLACE,
        starts_at=STARTS,
        chair=chair,
        secretary=secretary,
        guests=GUESTS,
    )
    chair_user = _signer(CHAIR_LOGIN, chair.pk)
    secretary_user = _signer(SECRETARY_LOGIN, secretary.pk)
    absent = members[-2] if members[-2].pk != secretary.pk else members[-3]
    for person in members:
        if person.pk == absent.pk:
            services.attendance_mark(
                actor=secretary_user,
                conference=conference,
                person=person,
                status=Attendance.Status.ABSENT,
                reason="Đi công tác theo kế hoạch của Bộ Quốc phòng",
            )
        else:
            services.attendance_mark(
                actor=secretary_user,
                conference=conference,
                person=person,
                status=Attendance.Status.PRESENT,
            )
    _prepare_report(body=body, office=office, delegates=members, commenter=secretary_user)
    _submit_self_reviews(conference, members)
    services.conference_start(actor=chair_user, conference=conference)
    present = [p for p in members if p.pk != absent.pk]
    while (item := selectors.current_step(conference=conference)) is not None:
        if item.kind == AgendaItem.Kind.CONCLUSIONS:
            services.conclusions_set(actor=secretary_user, conference=conference, **CONCLUSIONS)
            if selectors.report_at_conference(conference=conference).adoptable:
                services.conference_report_adopt(actor=chair_user, conference=conference)
        if item.kind == AgendaItem.Kind.VOTES:
            _vote(conference, office, secretary_user, present)
        reply = conclusion = ""
        if item.kind == AgendaItem.Kind.SELF_CRITICISM:
            speaker = next(p for p in present if p.pk != item.person_id)
            if item.person_id in {chair.pk, members[1].pk}:
                services.criticism_add(
                    actor=secretary_user, item=item, speaker=speaker, text=CRITICISM
                )
                reply = REPLY
            conclusion = CONCLUSION
        notes = NOTES.get(item.kind, "")  # type: ignore[call-overload]
        if item.kind == AgendaItem.Kind.SELF_CRITICISM and item.person is not None:
            notes = f"Đồng chí {item.person.full_name} trình bày bản tự kiểm điểm."
        # The demo happens on 20/11/2020: the minutes say the end of that day, not the machine's.
        services.step_complete(
            actor=secretary_user,
            item=item,
            notes=notes,
            reply=reply,
            conclusion=conclusion,
            ended_at=ENDS if item.kind == AgendaItem.Kind.CLOSING else None,
        )
    conference.refresh_from_db()
    minutes = services.minutes_generate(actor=secretary_user, conference=conference)
    services.minutes_sign(actor=secretary_user, minutes=minutes)
    services.minutes_sign(actor=chair_user, minutes=minutes)
    return ConferencesDemoSummary(created=True, conference_id=conference.pk)


def _prepare_report(
    *, body: LeadershipBody, office: User, delegates: list[Person], commenter: User
) -> None:
    """The standing committee's report of the 2020 campaign: drafted, sent to the committee's
    members for comments (one comment, accepted), revised; the conference adopts it. Nothing
    when the reviews demo has not opened the campaign."""
    review = SubjectReview.objects.filter(
        kind=SubjectKind.BODY, body=body, campaign__year=2020
    ).first()
    if review is None:
        return
    reviews_services.report_save_draft(actor=office, review=review, sections=REPORT_SECTIONS)
    now = timezone.now()
    report = reviews_services.report_circulate(
        actor=office,
        report=review.report,
        delegates=delegates,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=1),
    )
    comment = reviews_services.report_comment(
        actor=commenter,
        report=report,
        section="II",
        quote=REPORT_COMMENT_QUOTE,
        text=REPORT_COMMENT,
    )
    reviews_services.report_resolve_comment(
        actor=office, comment=comment, resolution="accepted", note="Đã bổ sung vào mục II."
    )
    # The demo's comment window closed on 15/11/2020, before the conference.
    CollectiveReport.objects.filter(pk=report.pk).update(comments_close_at=COMMENTS_CLOSED)
    report.refresh_from_db()
    reviews_services.report_revise(actor=office, report=report)


HINT_ANSWER = (
    "Đồng chí đã nghiêm túc tiếp thu gợi ý, chỉ rõ nguyên nhân và đề ra biện pháp khắc phục "
    "trong năm tới."
)


def _submit_self_reviews(conference: Conference, members: list[Person]) -> None:
    """The committee members' self-reviews of the conference's campaign, written and submitted
    before the meeting (only a submitted review is heard at the conference)."""
    if conference.campaign_id is None:
        return
    rng = random.Random(2020)  # noqa: S311 - demo text, not secrets
    reviews = SubjectReview.objects.filter(
        campaign_id=conference.campaign_id,
        kind=SubjectKind.MEMBER,
        person__in=members,
        status__in=[ReviewStatus.NOT_STARTED, ReviewStatus.DRAFTING],
    )
    for review in reviews:
        answers = demo_answers(review.form_code, rng, complete=True)
        hints = reviews_selectors.hints_for_review(review=review)
        if hints:
            answers["IV"] = {str(hint.pk): HINT_ANSWER for hint in hints}
        review = reviews_services.self_review_save(
            actor=None, review=review, answers=answers, self_level="HTTNV"
        )
        reviews_services.self_review_submit(actor=None, review=review)


def _vote(conference: Conference, office: User, runner: User, present: list) -> None:  # type: ignore[type-arg]
    """The secret ballot at the votes step: everyone present votes on a printed slip; the head
    and the deputy HTXSNV, the others HTTNV, the collective HTXSNV; the tellers confirm."""
    ballot = services.conference_ballot_open(actor=runner, conference=conference, on_paper=present)
    subjects = list(ballot.subjects.order_by("order"))
    head_ids = {present[0].pk, present[1].pk}
    choices = {
        s.pk: "HTXSNV" if s.person_id is None or s.person_id in head_ids else "HTTNV"
        for s in subjects
    }
    for code in BallotSlip.objects.filter(ballot=ballot).values_list("code", flat=True):
        voting_services.ballot_cast(code=code, choices=choices)
    ballot = voting_services.ballot_close(actor=office, ballot=ballot)
    ballot = voting_services.ballot_confirm(actor=office, ballot=ballot, tellers=present[-3:])
    classification_services.proposals_from_ballot(actor=office, ballot=ballot)
