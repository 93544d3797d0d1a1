"""Document builders: pure functions from plain dataclasses to a `PartyDocument` (domain.md §6, §7).

The texts are the official Vietnamese wording of the forms, so they are literals here, not
translations. Other apps (reviews, conferences, classification, reports) fill the input
dataclasses; nothing here reads the database. Pure: no Django import.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from kiemdiem.documents.model import (
    Block,
    Chart,
    ChartSeries,
    DocumentNumber,
    Heading,
    Letterhead,
    NumberedItem,
    Paragraph,
    PartyDocument,
    Signature,
    Table,
    document_fields,
)

GRADES = ("X", "T", "TB", "K")
GRADE_NAMES = {"X": "Xuất sắc", "T": "Tốt", "TB": "Trung bình", "K": "Kém"}
LEVEL_NAMES = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}
LEVEL_ORDER = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
DOTS = "." * 60


def _text_or_dots(text: str) -> str:
    return text or DOTS


def _grade_line(grade: str) -> Paragraph:
    label = GRADE_NAMES.get(grade, "")
    return Paragraph(f"Tự đánh giá: {label or 'Xuất sắc / Tốt / Trung bình / Kém'}", italic=True)


def _level_line(prefix: str, level: str) -> Paragraph:
    return Paragraph(f"{prefix}: {LEVEL_NAMES.get(level, DOTS)}", indent=False)


# ---------------------------------------------------------------------------------------------
# Kế hoạch (campaign plan)


@dataclass(frozen=True)
class Deadline:
    level: str
    task: str
    due: datetime.date


@dataclass(frozen=True)
class PlanData:
    letterhead: Letterhead
    number: int
    date: datetime.date
    year: int
    rule_pack_basis: str  # e.g. "Quy định số 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị"
    purposes: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    recipients: tuple[str, ...] = ()


def campaign_plan(data: PlanData) -> PartyDocument:
    """Kế hoạch kiểm điểm, đánh giá, xếp loại chất lượng (§1.2 step 1), numbered KH."""
    lh = data.letterhead
    blocks: list[Block] = [
        Paragraph(
            f"Thực hiện {data.rule_pack_basis} và hướng dẫn của cấp trên, "
            f"{lh.issuing_body} xây dựng kế hoạch kiểm điểm, đánh giá, xếp loại "
            f"chất lượng tổ chức đảng, đảng viên năm {data.year} như sau:"
        ),
        Heading("I. MỤC ĐÍCH, YÊU CẦU"),
        *(NumberedItem(str(i), text) for i, text in enumerate(data.purposes, start=1)),
        Heading("II. NỘI DUNG, HÌNH THỨC"),
        Paragraph(
            "Tổ chức kiểm điểm theo thứ tự từ cấp dưới lên cấp trên; tập thể trước, cá nhân "
            "sau; người đứng đầu kiểm điểm trước."
        ),
        *(NumberedItem(str(i), f"Mẫu {form}") for i, form in enumerate(data.forms, start=1)),
        Heading("III. THỜI GIAN THỰC HIỆN"),
        Table(
            headers=("TT", "Nội dung", "Cấp thực hiện", "Hoàn thành trước"),
            rows=tuple(
                (str(i), d.task, d.level, d.due.strftime("%d/%m/%Y"))
                for i, d in enumerate(data.deadlines, start=1)
            ),
            widths_mm=(12, 78, 40, 30),
        ),
        Heading("IV. TỔ CHỨC THỰC HIỆN"),
        Paragraph(
            "Các cấp ủy, tổ chức đảng trực thuộc căn cứ kế hoạch này triển khai thực hiện, báo "
            "cáo kết quả về Văn phòng đúng thời gian quy định."
        ),
    ]
    return PartyDocument(
        superior_body=lh.superior_body,
        issuing_body=lh.issuing_body,
        place=lh.place,
        date=data.date,
        doc_type="Kế hoạch",
        summary=f"kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {data.year}",
        number=DocumentNumber(data.number, "KH", lh.issuer_code),
        blocks=tuple(blocks),
        recipients=data.recipients,
        signature=lh.signature(),
        filename=f"ke-hoach-{data.year}",
    )


# ---------------------------------------------------------------------------------------------
# Bản kiểm điểm cá nhân (Mẫu 02 / 02A / 02B / 2A / 2B / 2C), §6.1

LEADER_FORMS = frozenset({"02B", "2B"})
NO_STATE_LEVEL_FORMS = frozenset({"2C"})
MEMBER_ITEMS = (
    "Về tư tưởng chính trị; phẩm chất đạo đức, lối sống; ý thức tổ chức kỷ luật; tác phong, "
    "lề lối làm việc",
    "Về thực hiện chức trách, nhiệm vụ được giao",
)
LEADER_ITEMS = (
    "Về kết quả lãnh đạo, quản lý, thực hiện nhiệm vụ của địa phương, cơ quan, đơn vị",
    "Về tinh thần trách nhiệm, đổi mới, sáng tạo, dám nghĩ, dám làm",
    "Về thực hiện trách nhiệm nêu gương; phòng, chống tham nhũng, tiêu cực",
)
COMMITMENT_ITEM = "Việc thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm"


@dataclass(frozen=True)
class GradedAnswer:
    text: str = ""
    grade: str = ""  # X, T, TB, K or "" (not yet graded)


@dataclass(frozen=True)
class SelfReviewAnswers:
    """The member's answers. Empty strings print as dotted lines, so a blank form is valid input."""

    strengths: tuple[GradedAnswer, ...] = ()  # items 1, 2 (and 3–5 for leaders), in order
    commitment: str = ""
    shortcomings: str = ""
    causes: str = ""
    earlier_remedied: GradedAnswer = GradedAnswer()
    hint_answers: tuple[tuple[str, str], ...] = ()  # (hint, answer)
    collective_share: str = ""
    remedies: str = ""
    self_level_state: str = ""
    self_level_party: str = ""


@dataclass(frozen=True)
class SelfReviewData:
    superior_body: str  # "ĐẢNG BỘ …"
    issuing_body: str  # "CHI BỘ …"
    place: str
    date: datetime.date
    year: int
    form: str
    full_name: str
    date_of_birth: datetime.date | None = None
    party_position: str = ""
    government_position: str = ""
    mass_org_position: str = ""
    workplace: str = ""
    cell: str = ""
    answers: SelfReviewAnswers = field(default_factory=SelfReviewAnswers)
    filename: str = "ban-kiem-diem"


# Room to sign (and seal) under a signature title: three empty lines.
SIGN_SPACE = (Paragraph(""), Paragraph(""), Paragraph(""))


def _kept(*blocks: Block) -> list[Block]:
    """The blocks kept on one page with the block after them (paragraphs only carry it)."""
    return [replace(b, keep_with_next=True) if isinstance(b, Paragraph) else b for b in blocks]


def _comment_block(*blocks: Block) -> list[Block]:
    """A blank line, then a comment block with its signature title and room to sign, all on
    one page (§6.1 item 7)."""
    return [Paragraph(""), *_kept(*blocks, *SIGN_SPACE[:-1]), SIGN_SPACE[-1]]


def self_review(data: SelfReviewData) -> PartyDocument:
    """Bản kiểm điểm cá nhân, sections I–VII and the three comment blocks (§6.1)."""
    leader = data.form in LEADER_FORMS
    a = data.answers
    titles = MEMBER_ITEMS + (LEADER_ITEMS if leader else ())
    blocks: list[Block] = [
        *document_fields(
            [
                ("Họ và tên", data.full_name),
                (
                    "Ngày sinh",
                    data.date_of_birth.strftime("%d/%m/%Y") if data.date_of_birth else "",
                ),
                ("Chức vụ Đảng", data.party_position),
                ("Chức vụ chính quyền", data.government_position),
                ("Chức vụ đoàn thể", data.mass_org_position),
                ("Đơn vị công tác", data.workplace),
                ("Sinh hoạt tại chi bộ", data.cell),
            ]
        ),
        Heading("I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC"),
    ]
    for i, title in enumerate(titles, start=1):
        answer = a.strengths[i - 1] if i - 1 < len(a.strengths) else GradedAnswer()
        blocks += [Heading(f"{i}. {title}", level=2), Paragraph(_text_or_dots(answer.text))]
        blocks.append(_grade_line(answer.grade))
    blocks += [
        Heading(f"{len(titles) + 1}. {COMMITMENT_ITEM}", level=2),
        Paragraph(_text_or_dots(a.commitment)),
        Heading("II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN"),
        Heading("1. Hạn chế, khuyết điểm", level=2),
        Paragraph(_text_or_dots(a.shortcomings)),
        Heading("2. Nguyên nhân của hạn chế, khuyết điểm", level=2),
        Paragraph(_text_or_dots(a.causes)),
        Heading(
            "III. KẾT QUẢ KHẮC PHỤC NHỮNG HẠN CHẾ, KHUYẾT ĐIỂM ĐÃ ĐƯỢC CẤP CÓ THẨM QUYỀN KẾT "
            "LUẬN HOẶC ĐƯỢC CHỈ RA Ở CÁC KỲ KIỂM ĐIỂM TRƯỚC"
        ),
        Paragraph(_text_or_dots(a.earlier_remedied.text)),
        _grade_line(a.earlier_remedied.grade),
        Heading("IV. GIẢI TRÌNH CÁC VẤN ĐỀ ĐƯỢC GỢI Ý KIỂM ĐIỂM (nếu có)"),
    ]
    if a.hint_answers:
        for i, (hint, reply) in enumerate(a.hint_answers, start=1):
            blocks += [Heading(f"{i}. {hint}", level=2), Paragraph(_text_or_dots(reply))]
    else:
        blocks.append(Paragraph(DOTS))
    blocks += [
        Heading(
            "V. LÀM RÕ TRÁCH NHIỆM CỦA CÁ NHÂN ĐỐI VỚI NHỮNG HẠN CHẾ, KHUYẾT ĐIỂM CỦA TẬP THỂ "
            "(nếu có)"
        ),
        Paragraph(_text_or_dots(a.collective_share)),
        Heading("VI. PHƯƠNG HƯỚNG, BIỆN PHÁP KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM"),
        Paragraph(_text_or_dots(a.remedies)),
        Heading("VII. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG"),
    ]
    if data.form not in NO_STATE_LEVEL_FORMS:
        blocks.append(_level_line("- Xếp loại cán bộ, công chức, viên chức", a.self_level_state))
    blocks += [
        _level_line("- Xếp loại đảng viên", a.self_level_party),
        Paragraph(""),
        *_kept(
            Paragraph("NGƯỜI TỰ KIỂM ĐIỂM", bold=True, center=True),
            Paragraph("(Ký, ghi rõ họ tên)", italic=True, center=True),
            *SIGN_SPACE,
        ),
        Paragraph(data.full_name, bold=True, center=True),
    ]
    if data.form not in NO_STATE_LEVEL_FORMS:
        blocks += _comment_block(
            Heading("NHẬN XÉT, ĐÁNH GIÁ CỦA THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"),
            Paragraph(DOTS),
            _level_line("Mức xếp loại", ""),
            Paragraph("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", bold=True, center=True),
        )
    blocks += _comment_block(
        Heading("NHẬN XÉT, ĐÁNH GIÁ CỦA CHI ỦY (CHI BỘ)"),
        Paragraph(DOTS),
        _level_line("Chi bộ đề xuất xếp loại", ""),
        Paragraph("T/M CHI ỦY (CHI BỘ)", bold=True, center=True),
    )
    blocks += _comment_block(
        Heading("ĐẢNG ỦY, CHI ỦY CƠ SỞ XẾP LOẠI"),
        _level_line("Mức xếp loại", ""),
        Paragraph("T/M ĐẢNG ỦY (CHI ỦY)", bold=True, center=True),
    )
    subtitle = f"Năm {data.year}"
    if leader:
        subtitle += " (cá nhân giữ chức vụ lãnh đạo, quản lý)"
    return PartyDocument(
        superior_body=data.superior_body,
        issuing_body=data.issuing_body,
        place=data.place,
        date=data.date,
        doc_type="Bản kiểm điểm cá nhân",
        summary=subtitle,
        blocks=tuple(blocks),
        filename=data.filename,
    )


# ---------------------------------------------------------------------------------------------
# Báo cáo kiểm điểm tập thể (Mẫu 01), §6.2

COLLECTIVE_ITEMS = (
    "Việc thực hiện nguyên tắc tập trung dân chủ, quy chế làm việc",
    "Kết quả thực hiện các mục tiêu, chỉ tiêu, nhiệm vụ theo nghị quyết đại hội và nhiệm vụ "
    "được giao trong năm",
    "Công tác xây dựng Đảng; phòng, chống tham nhũng, tiêu cực; kiểm tra, giám sát, kỷ luật đảng",
    "Trách nhiệm của tập thể lãnh đạo, quản lý",
)


@dataclass(frozen=True)
class CollectiveReportData:
    letterhead: Letterhead
    number: int
    date: datetime.date
    year: int
    collective_name: str  # "Ban Thường vụ Đảng ủy Quân khu"
    items: tuple[GradedAnswer, ...] = ()
    shortcomings: str = ""
    causes: str = ""
    earlier_remedied: GradedAnswer = GradedAnswer()
    hint_answers: tuple[tuple[str, str], ...] = ()
    responsibility: str = ""
    directions: str = ""
    proposed_level: str = ""
    recipients: tuple[str, ...] = ()


def collective_report(data: CollectiveReportData) -> PartyDocument:
    """Báo cáo kiểm điểm tập thể (Mẫu 01), numbered BC."""
    blocks: list[Block] = [Heading("I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC")]
    for i, title in enumerate(COLLECTIVE_ITEMS, start=1):
        answer = data.items[i - 1] if i - 1 < len(data.items) else GradedAnswer()
        blocks += [Heading(f"{i}. {title}", level=2), Paragraph(_text_or_dots(answer.text))]
        blocks.append(_grade_line(answer.grade))
    blocks += [
        Heading("II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN"),
        Paragraph(_text_or_dots(data.shortcomings)),
        Paragraph(_text_or_dots(data.causes)),
        Heading("III. KẾT QUẢ KHẮC PHỤC NHỮNG HẠN CHẾ, KHUYẾT ĐIỂM ĐÃ ĐƯỢC CHỈ RA"),
        Paragraph(_text_or_dots(data.earlier_remedied.text)),
        _grade_line(data.earlier_remedied.grade),
        Heading("IV. GIẢI TRÌNH CÁC VẤN ĐỀ ĐƯỢC GỢI Ý KIỂM ĐIỂM (nếu có)"),
        *(
            p
            for i, (hint, answer) in enumerate(data.hint_answers, start=1)
            for p in (Heading(f"{i}. {hint}", level=2), Paragraph(_text_or_dots(answer)))
        ),
        Heading("V. TRÁCH NHIỆM CỦA TẬP THỂ VÀ CÁ NHÂN ĐỐI VỚI HẠN CHẾ, KHUYẾT ĐIỂM"),
        Paragraph(_text_or_dots(data.responsibility)),
        Heading("VI. PHƯƠNG HƯỚNG, BIỆN PHÁP KHẮC PHỤC"),
        Paragraph(_text_or_dots(data.directions)),
        Heading("VII. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG"),
        _level_line(f"{data.collective_name} tự nhận mức", data.proposed_level),
        Paragraph("(Kèm theo Phiếu phân tích chất lượng, Mẫu 04)", italic=True),
    ]
    lh = data.letterhead
    return PartyDocument(
        superior_body=lh.superior_body,
        issuing_body=lh.issuing_body,
        place=lh.place,
        date=data.date,
        doc_type="Báo cáo",
        summary=f"kiểm điểm tập thể {data.collective_name} năm {data.year}",
        number=DocumentNumber(data.number, "BC", lh.issuer_code),
        blocks=tuple(blocks),
        recipients=data.recipients,
        signature=Signature(
            title=lh.signer_title,
            on_behalf="T/M BAN THƯỜNG VỤ (TẬP THỂ LÃNH ĐẠO, QUẢN LÝ)",
            name=lh.signer_name,
        ),
        filename=f"bao-cao-kiem-diem-tap-the-{data.year}",
    )


# ---------------------------------------------------------------------------------------------
# Biên bản hội nghị (§6.5)


@dataclass(frozen=True)
class Speech:
    speaker: str
    text: str


@dataclass(frozen=True)
class PersonReview:
    name: str
    summary: str = ""
    criticisms: tuple[Speech, ...] = ()
    reply: str = ""
    conclusion: str = ""


@dataclass(frozen=True)
class VoteRow:
    subject: str
    counts: tuple[int, int, int, int]  # HTXSNV, HTTNV, HTNV, KHTNV
    result: str


@dataclass(frozen=True)
class MinutesData:
    letterhead: Letterhead
    number: int
    date: datetime.date
    year: int
    conference_name: str  # "Ban Thường vụ Đảng ủy Quân khu"
    start: str  # "7 giờ 30 phút, ngày 20/11/2020"
    end: str
    venue: str
    chair: str
    secretary: str
    called: int
    present: int
    absent: tuple[tuple[str, str], ...] = ()  # (name, reason)
    exempt: int = 0
    guests: tuple[str, ...] = ()
    comments: tuple[Speech, ...] = ()
    conclusions: str = ""
    reviews: tuple[PersonReview, ...] = ()
    votes: tuple[VoteRow, ...] = ()
    award_proposals: tuple[str, ...] = ()


def minutes(data: MinutesData) -> PartyDocument:
    """Biên bản hội nghị kiểm điểm (§6.5), numbered BB; THƯ KÝ left, CHỦ TRÌ right."""
    absent = "; ".join(f"{name} ({reason})" for name, reason in data.absent) or "không"
    blocks: list[Block] = [
        Paragraph(f"Thời gian: bắt đầu lúc {data.start}.", indent=False),
        Paragraph(f"Địa điểm: {data.venue}.", indent=False),
        Paragraph(f"Chủ trì: {data.chair}. Thư ký: {data.secretary}.", indent=False),
        Paragraph(
            f"Tổng số triệu tập: {data.called}; có mặt: {data.present}; vắng mặt: "
            f"{len(data.absent)} ({absent}); miễn công tác và sinh hoạt: {data.exempt}.",
            indent=False,
        ),
        Paragraph(f"Đại biểu dự: {', '.join(data.guests) or 'không'}.", indent=False),
        Heading("I. Ý KIẾN THẢO LUẬN"),
        *(Paragraph(f"- Đồng chí {s.speaker}: {s.text}") for s in data.comments),
        Heading("II. KẾT LUẬN CỦA CHỦ TRÌ"),
        Paragraph(_text_or_dots(data.conclusions)),
        Heading("III. KIỂM ĐIỂM CÁ NHÂN"),
    ]
    for i, review in enumerate(data.reviews, start=1):
        blocks += [
            Heading(f"{i}. Đồng chí {review.name}", level=2),
            Paragraph(f"Tóm tắt tự kiểm điểm: {_text_or_dots(review.summary)}"),
            *(Paragraph(f"- Đồng chí {c.speaker}: {c.text}") for c in review.criticisms),
            Paragraph(f"Ý kiến tiếp thu, giải trình: {_text_or_dots(review.reply)}"),
            Paragraph(f"Kết luận: {_text_or_dots(review.conclusion)}"),
        ]
    blocks += [
        Heading("IV. KẾT QUẢ BIỂU QUYẾT XẾP LOẠI"),
        Table(
            headers=("TT", "Họ và tên / Tổ chức", "HTXSNV", "HTTNV", "HTNV", "KHTNV", "Kết quả"),
            rows=tuple(
                (str(i), v.subject, *(str(c) for c in v.counts), v.result)
                for i, v in enumerate(data.votes, start=1)
            ),
            widths_mm=(9, 38, 21, 21, 21, 21, 29),
        ),
        Heading("V. ĐỀ NGHỊ KHEN THƯỞNG"),
        *(NumberedItem(str(i), text) for i, text in enumerate(data.award_proposals, start=1)),
        Paragraph(f"Hội nghị kết thúc lúc {data.end}. Biên bản đã được thông qua trước hội nghị."),
    ]
    lh = data.letterhead
    return PartyDocument(
        superior_body=lh.superior_body,
        issuing_body=lh.issuing_body,
        place=lh.place,
        date=data.date,
        doc_type="Biên bản",
        summary=f"hội nghị kiểm điểm {data.conference_name} năm {data.year}",
        number=DocumentNumber(data.number, "BB", lh.issuer_code),
        blocks=tuple(blocks),
        signature=Signature(title="CHỦ TRÌ", name=data.chair),
        left_signature=Signature(title="THƯ KÝ", name=data.secretary),
        filename=f"bien-ban-{data.year}",
    )


# ---------------------------------------------------------------------------------------------
# Thông báo kết quả xếp loại (results notice)


@dataclass(frozen=True)
class ResultRow:
    name: str
    unit: str
    level: str  # code or "" for not classified
    note: str = ""


@dataclass(frozen=True)
class ResultsNoticeData:
    letterhead: Letterhead
    number: int
    date: datetime.date
    year: int
    decided_at: str  # "Hội nghị Ban Thường vụ ngày 20/11/2020"
    rows: tuple[ResultRow, ...] = ()
    recipients: tuple[str, ...] = ()


def results_notice(data: ResultsNoticeData) -> PartyDocument:
    """Thông báo kết quả đánh giá, xếp loại chất lượng, numbered TB."""
    lh = data.letterhead
    return PartyDocument(
        superior_body=lh.superior_body,
        issuing_body=lh.issuing_body,
        place=lh.place,
        date=data.date,
        doc_type="Thông báo",
        summary=f"kết quả đánh giá, xếp loại chất lượng năm {data.year}",
        number=DocumentNumber(data.number, "TB", lh.issuer_code),
        blocks=(
            Paragraph(
                f"Căn cứ kết quả kiểm điểm và biểu quyết tại {data.decided_at}, "
                f"{lh.issuing_body} thông báo kết quả đánh giá, xếp loại chất "
                f"lượng năm {data.year} như sau:"
            ),
            Table(
                headers=("TT", "Họ và tên / Tổ chức", "Đơn vị", "Mức xếp loại", "Ghi chú"),
                rows=tuple(
                    (str(i), r.name, r.unit, LEVEL_NAMES.get(r.level, "Không xếp loại"), r.note)
                    for i, r in enumerate(data.rows, start=1)
                ),
                widths_mm=(10, 45, 40, 45, 20),
            ),
            Paragraph("Đề nghị các đồng chí và tổ chức đảng có liên quan biết, thực hiện."),
        ),
        recipients=data.recipients,
        signature=lh.signature(),
        filename=f"thong-bao-ket-qua-{data.year}",
    )


# ---------------------------------------------------------------------------------------------
# Phiếu phân tích chất lượng (Mẫu 04), §6.3

QUALITY_CRITERIA = (
    "Xây dựng tổ chức đảng trong sạch, vững mạnh về chính trị, tư tưởng, đạo đức, tổ chức và "
    "cán bộ",
    "Lãnh đạo thực hiện nhiệm vụ chính trị, các mục tiêu, chỉ tiêu được giao",
    "Thực hiện nguyên tắc tập trung dân chủ, quy chế làm việc, đoàn kết nội bộ",
    "Công tác kiểm tra, giám sát, kỷ luật đảng; phòng, chống tham nhũng, tiêu cực",
    "Trách nhiệm nêu gương của tập thể lãnh đạo, quản lý",
)


@dataclass(frozen=True)
class QualityAnalysisData:
    superior_body: str
    issuing_body: str
    place: str
    date: datetime.date
    year: int
    evaluator: str  # chủ thể
    subject: str  # đối tượng
    grades: tuple[str, ...] = ()  # one of X/T/TB/K per criterion, "" for blank
    criteria: tuple[str, ...] = QUALITY_CRITERIA


def quality_analysis(data: QualityAnalysisData) -> PartyDocument:
    """Phiếu phân tích chất lượng (Mẫu 04): TT | Tiêu chí | X | T | TB | K, ticked per row."""
    rows = []
    for i, criterion in enumerate(data.criteria, start=1):
        grade = data.grades[i - 1] if i - 1 < len(data.grades) else ""
        rows.append((str(i), criterion, *("x" if grade == g else "" for g in GRADES)))
    return PartyDocument(
        superior_body=data.superior_body,
        issuing_body=data.issuing_body,
        place=data.place,
        date=data.date,
        doc_type="Phiếu phân tích chất lượng và đánh giá, xếp loại tập thể lãnh đạo, quản lý",
        summary=f"Năm {data.year}",
        blocks=(
            *document_fields([("Chủ thể đánh giá", data.evaluator), ("Đối tượng", data.subject)]),
            Table(
                headers=("TT", "Tiêu chí", "X", "T", "TB", "K"),
                rows=tuple(rows),
                widths_mm=(10, 102, 12, 12, 12, 12),
            ),
            Paragraph("(X: Xuất sắc; T: Tốt; TB: Trung bình; K: Kém)", italic=True),
        ),
        signature=Signature(title="NGƯỜI ĐÁNH GIÁ", name=data.evaluator),
        filename=f"phieu-phan-tich-{data.year}",
    )


# ---------------------------------------------------------------------------------------------
# Quyết định khen thưởng (commendation decision)


@dataclass(frozen=True)
class AwardRow:
    name: str
    unit: str
    title: str  # "Hoàn thành xuất sắc nhiệm vụ 5 năm liền (2016–2020)"
    amount: str = ""


@dataclass(frozen=True)
class CommendationDecisionData:
    letterhead: Letterhead
    number: int
    date: datetime.date
    year: int
    form_of_award: str  # "Giấy khen"
    bases: tuple[str, ...] = ()
    rows: tuple[AwardRow, ...] = ()
    recipients: tuple[str, ...] = ()


def commendation_decision(data: CommendationDecisionData) -> PartyDocument:
    """Quyết định khen thưởng, numbered QĐ: bases, articles, the list of awardees."""
    lh = data.letterhead
    blocks: list[Block] = [
        Paragraph(
            f"{lh.on_behalf.removeprefix('T/M ').upper()} {lh.issuing_body.upper()}",
            bold=True,
            center=True,
        ),
        *(Paragraph(f"- Căn cứ {basis};", italic=True) for basis in data.bases),
        Paragraph(
            f"- Xét đề nghị của các tổ chức đảng trực thuộc về khen thưởng năm {data.year},",
            italic=True,
        ),
        Paragraph("QUYẾT ĐỊNH", bold=True, center=True),
        Paragraph(
            f"Điều 1. Tặng {data.form_of_award} cho các tổ chức đảng và đảng viên có tên sau "
            "(có danh sách kèm theo):"
        ),
        Table(
            headers=("TT", "Tổ chức đảng / Đảng viên", "Đơn vị", "Danh hiệu", "Mức thưởng"),
            rows=tuple(
                (str(i), r.name, r.unit, r.title, r.amount)
                for i, r in enumerate(data.rows, start=1)
            ),
            widths_mm=(10, 40, 32, 43, 35),
        ),
        Paragraph(
            "Điều 2. Văn phòng, các tổ chức đảng có liên quan và các đồng chí có tên tại Điều 1 "
            "chịu trách nhiệm thi hành Quyết định này."
        ),
    ]
    return PartyDocument(
        superior_body=lh.superior_body,
        issuing_body=lh.issuing_body,
        place=lh.place,
        date=data.date,
        doc_type="Quyết định",
        summary=f"về việc khen thưởng tổ chức đảng và đảng viên năm {data.year}",
        number=DocumentNumber(data.number, "QĐ", lh.issuer_code),
        blocks=tuple(blocks),
        recipients=data.recipients,
        signature=lh.signature(),
        filename=f"quyet-dinh-khen-thuong-{data.year}",
    )


# ---------------------------------------------------------------------------------------------
# Báo cáo thống kê (statistics report), §6.6 summary


@dataclass(frozen=True)
class StatisticsRow:
    """One unit's figures: counts per level in LEVEL_ORDER, not classified, total."""

    name: str
    total: int
    counts: tuple[int, int, int, int]
    not_classified: int


@dataclass(frozen=True)
class StatisticsReportData:
    letterhead: Letterhead
    number: int | None  # None: a draft, numbered when entered in the register
    date: datetime.date
    year: int
    scope_name: str
    total: StatisticsRow
    previous: StatisticsRow | None = None
    children: tuple[StatisticsRow, ...] = ()
    recipients: tuple[str, ...] = ()


def _pct(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.2f}".replace(".", ",") if whole else "0"


def statistics_rows(
    rows: tuple[StatisticsRow, ...], total: StatisticsRow | None = None
) -> tuple[tuple[str, ...], ...]:
    """Table cells: TT, name, total, then count and % for each level, not classified; the total
    row (if given) last, without a number."""
    out = []
    numbered = [(str(i), row) for i, row in enumerate(rows, start=1)]
    if total is not None:
        numbered.append(("", total))
    for number, row in numbered:
        classified = sum(row.counts)
        cells = [number, row.name, str(row.total)]
        for count in row.counts:
            cells += [str(count), _pct(count, classified)]
        cells.append(str(row.not_classified))
        out.append(tuple(cells))
    return tuple(out)


STATISTICS_HEADERS = (
    "TT",
    "Đơn vị",
    "Tổng số",
    "HTXSNV",
    "%",
    "HTTNV",
    "%",
    "HTNV",
    "%",
    "KHTNV",
    "%",
    "Không xếp loại",
)


def statistics_report(data: StatisticsReportData) -> PartyDocument:
    """Báo cáo kết quả đánh giá, xếp loại đảng viên: counts, %, HTXSNV/HTTNV, the previous year,
    a table per child unit and a bar chart."""
    total = data.total
    classified = sum(total.counts)
    htxs, htt = total.counts[0], total.counts[1]
    blocks: list[Block] = [
        Heading("I. KẾT QUẢ CHUNG"),
        Paragraph(
            f"Tổng số đảng viên: {total.total}; được đánh giá, xếp loại: {classified}; "
            f"không xếp loại: {total.not_classified}."
        ),
        *(
            Paragraph(f"- {LEVEL_NAMES[code]}: {count} đồng chí, tỷ lệ {_pct(count, classified)}%.")
            for code, count in zip(LEVEL_ORDER, total.counts, strict=True)
        ),
        Paragraph(
            f"Số đảng viên hoàn thành xuất sắc nhiệm vụ bằng {_pct(htxs, htt)}% số đảng viên "
            "hoàn thành tốt nhiệm vụ."
        ),
    ]
    series = [ChartSeries(f"Năm {data.year}", tuple(float(c) for c in total.counts))]
    if data.previous is not None:
        prev = data.previous
        prev_classified = sum(prev.counts)
        blocks += [
            Heading("II. SO SÁNH VỚI NĂM TRƯỚC"),
            Table(
                headers=(
                    "TT",
                    "Mức xếp loại",
                    f"Năm {data.year - 1}",
                    "%",
                    f"Năm {data.year}",
                    "%",
                ),
                rows=tuple(
                    (
                        str(i),
                        LEVEL_NAMES[code],
                        str(p),
                        _pct(p, prev_classified),
                        str(c),
                        _pct(c, classified),
                    )
                    for i, (code, p, c) in enumerate(
                        zip(LEVEL_ORDER, prev.counts, total.counts, strict=True), start=1
                    )
                ),
                widths_mm=(10, 70, 20, 20, 20, 20),
            ),
        ]
        series.insert(0, ChartSeries(f"Năm {data.year - 1}", tuple(float(c) for c in prev.counts)))
    blocks += [
        Chart(
            title=f"Kết quả xếp loại đảng viên năm {data.year}",
            labels=LEVEL_ORDER,
            series=tuple(series),
        ),
        Heading("III. KẾT QUẢ THEO ĐƠN VỊ"),
        Table(
            headers=STATISTICS_HEADERS,
            rows=statistics_rows(
                data.children,
                total=StatisticsRow("Tổng cộng", total.total, total.counts, total.not_classified),
            ),
            widths_mm=(8, 26, 12, 16, 11, 15, 11, 14, 11, 15, 11, 12),
            bold_last_row=True,
        ),
    ]
    lh = data.letterhead
    return PartyDocument(
        superior_body=lh.superior_body,
        issuing_body=lh.issuing_body,
        place=lh.place,
        date=data.date,
        doc_type="Báo cáo",
        summary=f"kết quả đánh giá, xếp loại chất lượng đảng viên năm {data.year} của {data.scope_name}",
        number=DocumentNumber(data.number, "BC", lh.issuer_code),
        blocks=tuple(blocks),
        recipients=data.recipients,
        signature=lh.signature(),
        filename=f"bao-cao-thong-ke-{data.year}",
    )
