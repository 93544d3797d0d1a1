"""The committee office publishes a post with a photo; a visitor finds it by typing without
diacritics in its category, not from another category, and again in all categories."""

from __future__ import annotations

from conftest import PASSWORD
from kiemdiem.bulletin import services
from kiemdiem.bulletin.demo import demo_photo
from kiemdiem.bulletin.models import Post, PostStatus
from tests.e2e.conftest import login, screenshot

TITLE = "Chi bộ A tổ chức Hội nghị kiểm điểm tự phê bình và phê bình năm 2020"


def test_office_publishes_a_post_with_a_photo_and_visitors_find_it_without_diacritics(
    page, live_server, cast, tmp_path
):
    party = services.category_create(actor=None, name="Xây dựng Đảng", slug="xay-dung-dang")
    reviews = services.category_create(
        actor=None, name="Kiểm điểm, xếp loại", slug="kiem-diem", parent=party
    )
    services.category_create(actor=None, name="Quân sự, quốc phòng", slug="quan-su")
    photo = tmp_path / "hoi-nghi.png"
    photo.write_bytes(demo_photo("Hội nghị kiểm điểm Chi bộ A", (164, 22, 26)))

    login(page, live_server, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/news/edit/new/")
    page.select_option("#id_unit", str(cast.committee.pk))
    page.select_option("#id_category", str(reviews.pk))
    page.fill("#id_title", TITLE)
    page.fill(
        "#id_lead",
        "Sáng 20-11, Chi bộ A tổ chức Hội nghị kiểm điểm tự phê bình và phê bình năm 2020.",
    )
    page.fill(
        "#id_body",
        "<p>Trên tinh thần nghiêm túc, dân chủ, thẳng thắn, các đảng viên đã thảo luận.</p>"
        "<p>Hội nghị xét xếp loại chất lượng đảng viên năm 2020.</p>",
    )
    page.fill("#id_author", "GIANG NAM")
    page.fill("#id_photographer", "GIANG NAM")
    page.set_input_files("#id_cover", str(photo))
    page.fill("#id_cover_caption", "Đồng chí Bí thư chi bộ chủ trì hội nghị.")
    page.click("#bt-save")
    page.wait_for_selector("#bt-publish")
    screenshot(page, "bulletin-edit")
    page.click("#bt-publish")
    page.wait_for_selector("#bt-status >> text=Đã đăng")
    post = Post.objects.get(title=TITLE)
    assert post.status == PostStatus.PUBLISHED
    assert post.photos.count() == 1

    # A visitor without a login.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/news/p/{post.slug}/")
    assert page.inner_text("#bt-byline") == "Tin và ảnh: GIANG NAM"
    assert page.evaluate("document.querySelector('.bt-figure img').naturalWidth") > 0
    screenshot(page, "bulletin-post")

    page.fill("#bt-q", "hoi nghi kiem diem")
    assert page.is_checked("#bt-scope-category")
    page.click("#bt-search-submit")
    page.wait_for_selector("#bt-results")
    assert TITLE in page.inner_text("#bt-results")
    assert page.locator("#bt-results mark").count() >= 4
    screenshot(page, "bulletin-search-category")

    page.goto(f"{live_server.url}/news/c/quan-su/")
    page.fill("#bt-q", "hoi nghi kiem diem")
    page.check("#bt-scope-category")
    page.click("#bt-search-submit")
    page.wait_for_selector("#bt-no-results")
    assert TITLE not in page.inner_text("#bt-results")

    page.check("#bt-scope-all")
    page.click("#bt-search-submit")
    page.wait_for_selector("#bt-results mark")
    assert TITLE in page.inner_text("#bt-results")
    screenshot(page, "bulletin-search-all")
