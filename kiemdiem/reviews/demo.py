"""Demo data for the review cycle: the 2020 campaign (rule pack r132_hd21) of the demo Military
Region committee, in preparation, with hints, drafts, submitted self-reviews and one collective
report out for comments. Idempotent: a second call changes nothing."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kiemdiem.accounts.models import User
from kiemdiem.core.audit import audit_record
from kiemdiem.orgs.demo import ROOT_CODE as DEMO_ROOT_CODE
from kiemdiem.orgs.models import BodyKind, BodyMembership, Unit
from kiemdiem.reviews import forms_catalog, services
from kiemdiem.reviews.models import (
    Campaign,
    ReviewStatus,
    SubjectKind,
    SubjectReview,
)

DEMO_YEAR = 2020
DEMO_TITLE = "Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2020"

_STRENGTHS = [
    "Luôn giữ vững lập trường, bản lĩnh chính trị; chấp hành nghiêm chủ trương, đường lối của Đảng.",
    "Hoàn thành tốt chức trách, nhiệm vụ được giao; chủ động, sáng tạo trong công việc.",
    "Giữ gìn phẩm chất đạo đức, lối sống trong sạch, lành mạnh; đoàn kết với đồng chí, đồng đội.",
]
_WEAKNESSES = [
    "Có lúc chưa chủ động nghiên cứu, cập nhật văn bản mới.",
    "Việc tham gia ý kiến xây dựng chi bộ có lúc chưa thẳng thắn.",
    "Tiến độ một số báo cáo định kỳ còn chậm.",
]


@dataclass
class ReviewsDemoSummary:
    created: bool
    campaign_id: int | None = None
    reviews: int = 0
    drafting: int = 0
    submitted: int = 0


def demo_answers(code: str, rng: random.Random, *, complete: bool) -> dict[str, object]:
    form = forms_catalog.get_form(code)
    answers: dict[str, object] = {}
    for section in form.sections:
        if section.kind == "graded":
            answers[section.key] = {
                item.key: {
                    "text": rng.choice(_STRENGTHS),
                    "grade": rng.choice(["T", "T", "X"]) if item.graded else "",
                }
                for item in section.items
            }
        elif section.kind == "text" and (complete or section.key == "II"):
            answers[section.key] = {"text": rng.choice(_WEAKNESSES)}
    return answers


@transaction.atomic
def reviews_demo_load(*, seed: int = 2020) -> ReviewsDemoSummary:
    """Add the 2020 campaign on the demo root unit (built by `orgs.demo.demo_load`): planned,
    published, hints issued, reviews opened; about a quarter of the self-reviews drafting and a
    fifth submitted; the first cell's report circulated for comments. Does nothing when the demo
    root is missing or the campaign already exists."""
    root = Unit.objects.filter(code=DEMO_ROOT_CODE).first()
    if root is None:
        return ReviewsDemoSummary(created=False)
    existing = Campaign.objects.filter(root_unit=root, year=DEMO_YEAR, period="year").first()
    if existing is not None:
        return ReviewsDemoSummary(created=False, campaign_id=existing.pk)
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    campaign = services.campaign_create(
        actor=None,
        title=DEMO_TITLE,
        year=DEMO_YEAR,
        root_unit=root,
        cell_conference_due=datetime.date(2020, 11, 30),
        grassroots_decision_due=datetime.date(2020, 12, 5),
        upper_decision_due=datetime.date(2020, 12, 20),
        report_due=datetime.date(2020, 12, 31),
    )
    campaign = services.campaign_update_plan(actor=None, campaign=campaign, plan_number="09-KH/ĐU")
    campaign = services.campaign_publish(actor=None, campaign=campaign)
    first_child = root.children.order_by("code").first()
    if first_child is not None:
        services.hint_create(
            actor=None,
            campaign=campaign,
            unit=first_child,
            text="Làm rõ nguyên nhân chậm triển khai nghị quyết chuyên đề về huấn luyện.",
        )
    seat = (
        BodyMembership.objects.filter(
            body__unit=root, body__kind=BodyKind.STANDING_COMMITTEE, end__isnull=True
        )
        .select_related("person")
        .order_by("position_rank", "person__sort_key")
        .first()
    )
    if seat is not None:
        services.hint_create(
            actor=None,
            campaign=campaign,
            person=seat.person,
            text="Làm rõ trách nhiệm người đứng đầu đối với việc chậm báo cáo kết quả kiểm tra.",
        )
    campaign = services.campaign_issue_hints(actor=None, campaign=campaign, none_confirmed=False)
    created = services.campaign_open_reviews(actor=None, campaign=campaign)

    demo_member = User.objects.filter(username="dangvien").values_list("person_id", flat=True)
    keep_blank = set(demo_member)
    members = list(
        SubjectReview.objects.filter(
            campaign=campaign, kind=SubjectKind.MEMBER, status=ReviewStatus.NOT_STARTED
        )
        .exclude(person_id__in=keep_blank)
        .order_by("id")
    )
    now = timezone.now()
    drafting = submitted = 0
    changed: list[SubjectReview] = []
    for review in members:
        roll = rng.random()
        if roll < 0.2 and not review.leader:
            review.answers = demo_answers(review.form_code, rng, complete=True)
            review.self_level = rng.choice(["HTTNV", "HTTNV", "HTTNV", "HTNV", "HTXSNV"])
            review.status = ReviewStatus.SUBMITTED
            review.saved_at = review.submitted_at = now
            submitted += 1
        elif roll < 0.45:
            review.answers = demo_answers(review.form_code, rng, complete=False)
            review.status = ReviewStatus.DRAFTING
            review.saved_at = now
            drafting += 1
        else:
            continue
        changed.append(review)
    SubjectReview.objects.bulk_update(
        changed,
        ["answers", "self_level", "status", "saved_at", "submitted_at"],
        batch_size=500,
    )

    secretary = User.objects.filter(username="bithu_cb1").select_related("person").first()
    if secretary is not None and secretary.person is not None:
        cell_review = SubjectReview.objects.filter(
            campaign=campaign, kind=SubjectKind.UNIT, unit_id=secretary.person.unit_id
        ).first()
        if cell_review is not None:
            services.report_save_draft(
                actor=None,
                review=cell_review,
                sections={
                    "I": {
                        "1": {
                            "text": "Chi bộ duy trì nghiêm sinh hoạt định kỳ hằng tháng, "
                            "thực hiện đúng nguyên tắc tập trung dân chủ.",
                            "grade": "T",
                        },
                        "2": {"text": "Hoàn thành 100% chỉ tiêu huấn luyện năm.", "grade": "T"},
                    },
                    "II": {"text": "Chất lượng sinh hoạt chuyên đề có lúc chưa cao."},
                },
            )
            delegates = list(
                SubjectReview.objects.filter(
                    campaign=campaign, kind=SubjectKind.MEMBER, unit_id=secretary.person.unit_id
                )
                .select_related("person")
                .order_by("id")[:6]
            )
            services.report_circulate(
                actor=None,
                report=cell_review.report,
                delegates=[r.person for r in delegates if r.person is not None],
                opens_at=now - datetime.timedelta(days=1),
                closes_at=now + datetime.timedelta(days=14),
            )
    audit_record(
        actor=None,
        verb="reviews_demo_load",
        instance=campaign,
        changes={"reviews": created, "drafting": drafting, "submitted": submitted},
    )
    return ReviewsDemoSummary(
        created=True,
        campaign_id=campaign.pk,
        reviews=created,
        drafting=drafting,
        submitted=submitted,
    )
