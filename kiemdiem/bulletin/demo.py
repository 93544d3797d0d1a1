"""Demo news: a dozen fictional posts in three categories, published by the demo Military Region
committee's office in the 2020 review season, each with a photo drawn here with Pillow (nothing
downloaded). One post reports the fictional standing committee's 2020 review conference, and is
linked to that conference when the demo has one. Idempotent: a second call writes nothing.
"""

from __future__ import annotations

import datetime
import io
import textwrap
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from kiemdiem.bulletin import services
from kiemdiem.bulletin.models import Category, PhotoKind, Post
from kiemdiem.conferences.models import Conference
from kiemdiem.orgs.demo import ROOT_CODE
from kiemdiem.orgs.models import BodyKind, BodyMembership, Position, Unit

DEMO_TZ = datetime.timezone(datetime.timedelta(hours=7))
# Debian's fonts with Vietnamese glyphs (the test setup installs fonts-liberation2).
FONTS = [
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
]

CATEGORIES = [
    ("xay-dung-dang", "Xây dựng Đảng", None),
    ("kiem-diem-xep-loai", "Kiểm điểm, xếp loại", "xay-dung-dang"),
    ("quan-su-quoc-phong", "Quân sự, quốc phòng", None),
]

# (category slug, title, lead, paragraphs, author, photographer, day of 2020, caption, colour)
POSTS = [
    (
        "kiem-diem-xep-loai",
        "Đảng ủy Sư đoàn X1 hướng dẫn kiểm điểm, xếp loại năm 2020",
        "Văn phòng Đảng ủy Sư đoàn X1 tập huấn cho bí thư các chi bộ về quy trình kiểm điểm "
        "tự phê bình và phê bình, đánh giá, xếp loại chất lượng năm 2020.",
        [
            "Buổi tập huấn tập trung vào trình tự kiểm điểm tập thể trước, cá nhân sau; người "
            "đứng đầu kiểm điểm trước.",
            "Các chi bộ được hướng dẫn lập biên bản, tổng hợp phiếu biểu quyết và báo cáo kết "
            "quả lên cấp trên đúng thời hạn.",
        ],
        "Thu Hà",
        "Thu Hà",
        (10, 28),
        "Quang cảnh buổi tập huấn.",
        (38, 84, 124),
    ),
    (
        "kiem-diem-xep-loai",
        "Chi bộ Tiểu đoàn 1 làm điểm hội nghị kiểm điểm năm 2020",
        "Chi bộ Tiểu đoàn 1, Trung đoàn 1 tổ chức làm điểm hội nghị kiểm điểm tự phê bình và "
        "phê bình để rút kinh nghiệm cho các chi bộ trong Đảng bộ Trung đoàn.",
        [
            "Hội nghị diễn ra nghiêm túc, thẳng thắn; các đảng viên tự phê bình và phê bình "
            "đúng trọng tâm.",
            "Cấp ủy cấp trên dự và chỉ đạo, rút ra những bài học về chuẩn bị báo cáo kiểm điểm.",
        ],
        "Minh Khôi",
        "Văn Lực",
        (11, 5),
        "Đảng viên phát biểu tại hội nghị.",
        (120, 72, 32),
    ),
    (
        "kiem-diem-xep-loai",
        "Ban Thường vụ Đảng ủy Quân khu 9X: Hội nghị kiểm điểm tự phê bình và phê bình năm 2020",
        "Sáng 20-11, Ban Thường vụ Đảng ủy Quân khu 9X tổ chức Hội nghị kiểm điểm tự phê bình "
        "và phê bình năm 2020. Dự hội nghị có các đồng chí trong Ban Thường vụ Đảng ủy, Thủ "
        "trưởng Bộ tư lệnh Quân khu.",
        [
            "Sau khi nghe {chair}, Bí thư Đảng ủy, Chính ủy Quân khu đọc dự thảo báo cáo kiểm "
            "điểm tập thể Ban Thường vụ, trên tinh thần nghiêm túc, dân chủ, thẳng thắn và đoàn "
            "kết, các đại biểu đã thảo luận, nêu bật những kết quả đạt được và rút ra nhiều bài "
            "học kinh nghiệm trong lãnh đạo, chỉ đạo thực hiện nhiệm vụ.",
            "Hội nghị thẳng thắn chỉ ra những hạn chế, khuyết điểm, nguyên nhân chủ quan, khách "
            "quan và trách nhiệm của tập thể, cá nhân; đề ra biện pháp khắc phục và phương hướng "
            "lãnh đạo năm 2021.",
            "Hội nghị cũng tiến hành kiểm điểm tự phê bình và phê bình đối với các đồng chí Ủy "
            "viên Ban Thường vụ, thủ trưởng Bộ tư lệnh Quân khu; xét quyết định xếp loại chất "
            "lượng tổ chức đảng, đảng viên và khen thưởng về Đảng năm 2020 đối với các đảng bộ "
            "trực thuộc.",
        ],
        "Hoàng Minh",
        "Hoàng Minh",
        (11, 20),
        "{chair}, Bí thư Đảng ủy, Chính ủy Quân khu chủ trì hội nghị.",
        (164, 22, 26),
    ),
    (
        "kiem-diem-xep-loai",
        "Đảng ủy Bộ Chỉ huy quân sự tỉnh X3 hoàn thành kiểm điểm các chi bộ",
        "Đến ngày 25-11, 100% chi bộ trong Đảng bộ Bộ Chỉ huy quân sự tỉnh X3 đã hoàn thành "
        "kiểm điểm, đánh giá, xếp loại chất lượng năm 2020.",
        ["Kết quả được tổng hợp, báo cáo lên Đảng ủy Quân khu đúng kế hoạch."],
        "Ngọc Lan",
        "Ngọc Lan",
        (11, 25),
        "Văn phòng Đảng ủy tổng hợp kết quả.",
        (60, 110, 70),
    ),
    (
        "xay-dung-dang",
        "Học tập, quán triệt nghị quyết về công tác xây dựng Đảng",
        "Đảng ủy Quân khu 9X tổ chức hội nghị học tập, quán triệt các nghị quyết, chỉ thị mới "
        "về công tác xây dựng Đảng cho cán bộ chủ chốt.",
        [
            "Hội nghị được tổ chức trực tiếp kết hợp trực tuyến đến các điểm cầu của các đảng "
            "bộ trực thuộc.",
        ],
        "Thu Hà",
        "Văn Lực",
        (10, 12),
        "Cán bộ chủ chốt dự hội nghị.",
        (90, 60, 120),
    ),
    (
        "xay-dung-dang",
        "Kết nạp đảng viên mới trong quần chúng ưu tú",
        "Chi bộ Đại đội 2, Tiểu đoàn 1 tổ chức lễ kết nạp đảng viên mới cho hai quần chúng ưu "
        "tú có thành tích xuất sắc trong huấn luyện.",
        ["Buổi lễ được tổ chức trang trọng theo đúng quy định của Điều lệ Đảng."],
        "Minh Khôi",
        "Minh Khôi",
        (10, 19),
        "Đảng viên mới tuyên thệ.",
        (150, 40, 60),
    ),
    (
        "xay-dung-dang",
        "Sơ kết công tác kiểm tra, giám sát của Ủy ban Kiểm tra",
        "Ủy ban Kiểm tra Đảng ủy Quân khu 9X sơ kết công tác kiểm tra, giám sát chín tháng đầu "
        "năm 2020 và triển khai nhiệm vụ những tháng cuối năm.",
        ["Các cuộc kiểm tra, giám sát được tiến hành đúng kế hoạch, có trọng tâm, trọng điểm."],
        "Ngọc Lan",
        "Văn Lực",
        (10, 2),
        "Quang cảnh hội nghị sơ kết.",
        (70, 70, 70),
    ),
    (
        "xay-dung-dang",
        "Văn phòng Đảng ủy bồi dưỡng nghiệp vụ công tác đảng",
        "Văn phòng Đảng ủy Quân khu 9X tổ chức lớp bồi dưỡng nghiệp vụ công tác đảng, công tác "
        "chính trị cho cán bộ văn phòng các đảng bộ trực thuộc.",
        ["Học viên được hướng dẫn soạn thảo văn bản, quản lý hồ sơ đảng viên trên phần mềm."],
        "Thu Hà",
        "Thu Hà",
        (9, 24),
        "Học viên thực hành trên phần mềm quản lý.",
        (30, 120, 130),
    ),
    (
        "quan-su-quoc-phong",
        "Diễn tập chiến thuật có bắn đạn thật năm 2020",
        "Trung đoàn 1, Sư đoàn X1 tổ chức diễn tập chiến thuật có bắn đạn thật, đạt kết quả "
        "giỏi, bảo đảm tuyệt đối an toàn.",
        ["Cuộc diễn tập kiểm nghiệm khả năng sẵn sàng chiến đấu và trình độ chỉ huy các cấp."],
        "Văn Lực",
        "Văn Lực",
        (9, 30),
        "Bộ đội cơ động trên thao trường.",
        (84, 96, 40),
    ),
    (
        "quan-su-quoc-phong",
        "Hội thao quân sự chào mừng ngày thành lập Quân đội nhân dân",
        "Bộ Chỉ huy quân sự tỉnh X3 tổ chức hội thao quân sự với nhiều nội dung bắn súng, võ "
        "thuật, chạy vũ trang.",
        ["Hội thao thu hút đông đảo cán bộ, chiến sĩ tham gia với tinh thần thi đua sôi nổi."],
        "Minh Khôi",
        "Ngọc Lan",
        (12, 15),
        "Vận động viên thi chạy vũ trang.",
        (40, 90, 150),
    ),
    (
        "quan-su-quoc-phong",
        "Giúp dân khắc phục hậu quả mưa lũ",
        "Hàng trăm cán bộ, chiến sĩ các đơn vị trong Quân khu 9X giúp nhân dân khắc phục hậu "
        "quả mưa lũ, sớm ổn định cuộc sống.",
        ["Bộ đội giúp dân dọn dẹp nhà cửa, trường học và gia cố đê bao."],
        "Ngọc Lan",
        "Ngọc Lan",
        (11, 2),
        "Bộ đội giúp dân dọn bùn sau lũ.",
        (100, 80, 50),
    ),
    (
        "quan-su-quoc-phong",
        "Tổng kết công tác huấn luyện năm 2020",
        "Bộ Tư lệnh Quân khu 9X tổng kết công tác huấn luyện năm 2020; nhiều đơn vị hoàn thành "
        "xuất sắc chỉ tiêu huấn luyện.",
        ["Hội nghị đề ra phương hướng, nhiệm vụ huấn luyện năm 2021 sát với thực tiễn."],
        "Hoàng Minh",
        "Văn Lực",
        (12, 1),
        "Quang cảnh hội nghị tổng kết.",
        (120, 30, 90),
    ),
]


CONFERENCE_TITLE = POSTS[2][1]


@dataclass
class BulletinDemoSummary:
    created: bool
    categories: int = 0
    posts: int = 0


def demo_photo(
    title: str, colour: tuple[int, int, int], size: tuple[int, int] = (1600, 900)
) -> bytes:
    """A drawn picture (a hall with a banner, rows of seats and people) as PNG bytes."""
    width, height = size
    image = Image.new("RGB", size, (236, 230, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width, height // 3], fill=colour)
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.load_default(46)
    for path in FONTS:
        try:
            font = ImageFont.truetype(path, 46)
            break
        except OSError:
            continue
    for index, line in enumerate(textwrap.wrap(title.upper(), 44)[:3]):
        draw.text((60, 50 + index * 62), line, fill=(255, 236, 160), font=font)
    draw.rectangle([0, height // 3, width, height // 3 + 18], fill=(196, 160, 60))
    for row in range(4):
        y = height // 2 + row * 95
        for col in range(12):
            x = 70 + col * 125 + (row % 2) * 40
            draw.ellipse([x, y, x + 46, y + 46], fill=(70, 50, 40))
            draw.rectangle([x - 12, y + 46, x + 58, y + 92], fill=(58, 92, 58))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _chair_name(root: Unit) -> str:
    seat = (
        BodyMembership.objects.filter(
            body__unit=root,
            body__kind=BodyKind.STANDING_COMMITTEE,
            position=Position.SECRETARY,
            end__isnull=True,
        )
        .select_related("person")
        .first()
    )
    if seat is None:
        return "đồng chí Bí thư"
    rank = seat.person.rank
    return f"{rank} {seat.person.full_name}".strip()


@transaction.atomic
def bulletin_demo_load() -> BulletinDemoSummary:
    """Add the demo categories and posts once; nothing when the demo root is missing or the
    posts are already there."""
    root = Unit.objects.filter(code=ROOT_CODE).first()
    if root is None or Post.objects.filter(unit=root, title=CONFERENCE_TITLE).exists():
        return BulletinDemoSummary(created=False)
    categories: dict[str, Category] = {}
    for slug, name, parent in CATEGORIES:
        existing = Category.objects.filter(slug=slug).first()
        categories[slug] = existing or services.category_create(
            actor=None,
            name=name,
            slug=slug,
            parent=categories[parent] if parent else None,
            position=len(categories),
        )
    conference = Conference.objects.filter(unit=root, year=2020, body__isnull=False).first()
    chair = _chair_name(root)
    for slug, title, lead, paragraphs, author, photographer, day, caption, colour in POSTS:
        published_at = datetime.datetime(2020, day[0], day[1], 9, 30, tzinfo=DEMO_TZ)
        about_conference = title == CONFERENCE_TITLE
        post = services.post_create(
            actor=None,
            unit=root,
            category=categories[slug],
            title=title,
            lead=lead,
            body="".join(f"<p>{text.format(chair=chair)}</p>" for text in paragraphs),
            author=author.upper(),
            photographer=photographer.upper(),
            conference=conference if about_conference else None,
            published_at=published_at,
        )
        upload = SimpleUploadedFile(f"{post.slug}.png", demo_photo(title, colour), "image/png")
        services.photo_add(
            actor=None,
            post=post,
            upload=upload,
            caption=caption.format(chair=chair),
            kind=PhotoKind.COVER,
        )
        services.post_publish(actor=None, post=post)
    return BulletinDemoSummary(created=True, categories=len(categories), posts=len(POSTS))
