"""A member writes a self-review (autosave, reload, submit); a delegate comments on a quoted
passage of the collective report."""

from __future__ import annotations

import datetime

from django.utils import timezone

from conftest import PASSWORD
from kiemdiem.reviews import services
from kiemdiem.reviews.models import CampaignState, ReviewStatus, SubjectReview
from kiemdiem.reviews.tests.factories import campaign_factory
from tests.e2e.conftest import login, screenshot

PASSAGE = "Chi bộ duy trì nghiêm sinh hoạt định kỳ hằng tháng"


def test_member_writes_saves_reloads_and_submits_a_self_review(page, live_server, cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    login(page, live_server, "dangvien_a", PASSWORD)
    page.goto(f"{live_server.url}/reviews/")
    page.click("#my-reviews a.btn")
    page.wait_for_url(f"**/reviews/{review.pk}/")
    page.fill("#f-II", "Có lúc còn chậm hoàn thành báo cáo định kỳ.")
    page.locator("#f-II").blur()
    page.wait_for_selector("#save-status >> text=Đã lưu lúc")
    assert page.inner_text("#review-status") == "Đang viết"
    screenshot(page, "self-review-autosaved")

    page.reload()
    assert page.input_value("#f-II") == "Có lúc còn chậm hoàn thành báo cáo định kỳ."

    for key in ("1", "2", "3"):
        page.fill(f"#f-I-{key}", f"Nội dung mục I.{key} của bản kiểm điểm.")
    for key in ("1", "2"):
        page.check(f"input[name='I.{key}.grade'][value='T']")
    page.fill("#f-III-1", "Đã khắc phục việc chậm nộp đảng phí.")
    page.check("input[name='III.1.grade'][value='T']")
    page.fill("#f-V", "Chịu trách nhiệm một phần về việc chậm báo cáo của chi bộ.")
    page.fill("#f-VI", "Chủ động sắp xếp công việc, nộp báo cáo đúng hạn.")
    page.select_option("#f-level", "HTTNV")
    page.wait_for_selector("#rules-panel >> text=Mức tự nhận không vi phạm quy định.")
    screenshot(page, "self-review-filled")
    page.click("#review-submit")
    page.wait_for_selector("#review-status >> text=Đã nộp")
    screenshot(page, "self-review-submitted")
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


def test_delegate_comments_on_a_quoted_passage_of_the_report(page, live_server, cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    review = SubjectReview.objects.get(campaign=campaign, kind="unit", unit=cast.cell_a)
    services.report_save_draft(
        actor=cast.secretary_a,
        review=review,
        sections={
            "I": {"1": {"text": PASSAGE + ", đúng nguyên tắc tập trung dân chủ.", "grade": "T"}},
            "II": {"text": "Chất lượng sinh hoạt chuyên đề chưa cao."},
        },
    )
    now = timezone.now()
    services.report_circulate(
        actor=cast.secretary_a,
        report=review.report,
        delegates=[cast.person_a],
        opens_at=now - datetime.timedelta(minutes=5),
        closes_at=now + datetime.timedelta(days=2),
    )
    login(page, live_server, "dangvien_a", PASSWORD)
    page.goto(f"{live_server.url}/reviews/{review.pk}/report/")
    assert PASSAGE in page.inner_text("#circulated")
    # Select the passage in the circulated text: the comment box takes the section and quote.
    page.evaluate(
        """(passage) => {
            const node = [...document.querySelectorAll('#circulated .rv-passage')]
                .find((p) => p.textContent.includes(passage)).firstChild;
            const start = node.textContent.indexOf(passage);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + passage.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""",
        PASSAGE,
    )
    assert page.input_value("#c-quote") == PASSAGE
    assert page.input_value("#c-section") == "I"
    page.fill("#c-text", "Đề nghị nêu rõ số buổi sinh hoạt và tỷ lệ dự.")
    page.click("#comment-send")
    page.wait_for_selector("#comments .rv-quote")
    assert PASSAGE in page.inner_text("#comments .rv-quote")
    screenshot(page, "report-comment")


def test_office_opens_the_campaign_and_watches_the_dashboard(page, live_server, cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.HINTS_ISSUED)
    login(page, live_server, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/reviews/campaigns/{campaign.pk}/")
    screenshot(page, "campaign-detail")
    page.click("#do-open")
    page.wait_for_selector("#job-result")
    screenshot(page, "campaign-open-job")
    page.goto(f"{live_server.url}/reviews/campaigns/{campaign.pk}/dashboard/")
    assert "Chi bộ A" in page.inner_text("#dashboard-table")
    screenshot(page, "reviews-dashboard")


def test_member_scores_a_366_self_review_and_the_total_updates_on_autosave(page, live_server, cast):
    campaign = campaign_factory(root_unit=cast.committee, year=2025, state=CampaignState.PREPARING)
    review = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    login(page, live_server, "dangvien_a", PASSWORD)
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    assert "Mẫu 2A" in page.inner_text(".rv-form-code")
    page.check("input[name='score.general.politics'][value='1']")
    page.check("input[name='score.general.innovation'][value='0']")
    page.check("input[name='score.general.self_criticism'][value='1']")
    page.fill("input[name='score.note.innovation']", "Chưa có sáng kiến được công nhận")
    page.fill("#f-tasks", "60")
    page.locator("#f-tasks").blur()
    page.wait_for_selector("#score-total >> text=86")
    page.select_option("#f-level", "HTXSNV")
    page.wait_for_selector("#rules-findings >> text=SCORE_BAND")
    screenshot(page, "self-review-366")
    review.refresh_from_db()
    assert str(review.score) == "86.00"
