"""DOCX read back with python-docx: page, margins, fonts and sizes of §7, the header block."""

import io

import docx
import pytest
from docx.shared import Mm, Pt

from kiemdiem.documents.docx import render_docx
from kiemdiem.documents.tests import samples


def read(doc):  # type: ignore[no-untyped-def]
    return docx.Document(io.BytesIO(render_docx(doc)))


def runs_with_text(document, text):  # type: ignore[no-untyped-def]
    found = []
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    for paragraph in paragraphs:
        for run in paragraph.runs:
            if run.text == text:
                found.append(run)
    return found


@pytest.mark.parametrize("name", sorted(samples.ALL))
def test_every_document_is_a4_with_the_party_margins_and_times_new_roman(name):
    document = read(samples.ALL[name]())
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    assert abs(section.top_margin - Mm(25)) < Mm(0.5)
    assert abs(section.bottom_margin - Mm(25)) < Mm(0.5)
    assert abs(section.left_margin - Mm(35)) < Mm(0.5)
    assert abs(section.right_margin - Mm(15)) < Mm(0.5)
    fonts = {run.font.name for p in document.paragraphs for run in p.runs}
    assert fonts <= {"Times New Roman"}
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_header_block_is_a_borderless_two_column_table():
    document = read(samples.plan())
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "ĐẢNG ỦY QUÂN SỰ TRUNG ƯƠNG",
        "ĐẢNG ỦY QUÂN KHU 10",
        "*",
        "Số 09-KH/ĐU",
    ]
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert right.paragraphs[-1].text == "Hà Nội, ngày 20 tháng 11 năm 2020"
    assert 'w:val="nil"' in header._tbl.xml


@pytest.mark.parametrize(
    ("text", "size", "bold", "italic", "underline"),
    [
        ("ĐẢNG CỘNG SẢN VIỆT NAM", 15, True, False, True),
        ("ĐẢNG ỦY QUÂN SỰ TRUNG ƯƠNG", 14, False, False, False),
        ("ĐẢNG ỦY QUÂN KHU 10", 14, True, False, False),
        ("Số 09-KH/ĐU", 14, False, False, False),
        ("Hà Nội, ngày 20 tháng 11 năm 2020", 14, False, True, False),
        ("KẾ HOẠCH", 16, True, False, False),
        ("Nơi nhận:", 14, False, False, True),
        ("- Lưu Văn phòng.", 12, False, False, False),
        ("T/M BAN THƯỜNG VỤ", 14, True, False, False),
        ("BÍ THƯ", 14, True, False, False),
    ],
)
def test_elements_have_the_sizes_and_styles_of_the_format_table(
    text, size, bold, italic, underline
):
    runs = runs_with_text(read(samples.plan()), text)
    assert runs, text
    run = runs[0]
    assert run.font.name == "Times New Roman"
    assert run.font.size == Pt(size)
    assert bool(run.font.bold) is bold
    assert bool(run.font.italic) is italic
    assert bool(run.font.underline) is underline


def test_page_numbers_start_on_page_two_at_the_top_centre():
    section = read(samples.plan()).sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert not section.first_page_header.paragraphs[0].text


def test_leader_self_review_carries_the_leader_subtitle_and_items():
    document = read(samples.self_review("02B"))
    texts = [p.text for p in document.paragraphs]
    assert "Năm 2020 (cá nhân giữ chức vụ lãnh đạo, quản lý)" in texts
    assert any(t.startswith("5. Về thực hiện trách nhiệm nêu gương") for t in texts)
    assert (
        "Chi bộ đề xuất xếp loại: ............................................................"
        in texts
    )


def test_member_self_review_has_two_graded_items_then_the_commitment():
    texts = [p.text for p in read(samples.self_review("02A")).paragraphs]
    assert "Năm 2020" in texts
    assert any(t.startswith("3. Việc thực hiện cam kết") for t in texts)
    assert not any("nêu gương" in t for t in texts)


def test_form_2c_has_no_civil_servant_level():
    texts = [p.text for p in read(samples.self_review("2C")).paragraphs]
    assert not any("cán bộ, công chức" in t for t in texts)
    assert "- Xếp loại đảng viên: Hoàn thành xuất sắc nhiệm vụ" in texts


def test_minutes_are_signed_by_the_secretary_left_and_the_chair_right():
    document = read(samples.minutes())
    left, right = document.tables[-1].rows[0].cells
    assert left.paragraphs[0].text == "THƯ KÝ"
    assert right.paragraphs[0].text == "CHỦ TRÌ"


def test_statistics_report_embeds_the_chart_picture():
    document = read(samples.statistics_report())
    assert document.inline_shapes, "no chart picture"
    assert any("22,50%" in p.text for p in document.paragraphs)


def test_headings_stay_on_the_page_of_what_follows_them():
    document = read(samples.statistics_report())
    heading = next(p for p in document.paragraphs if p.text == "III. KẾT QUẢ THEO ĐƠN VỊ")
    assert heading.paragraph_format.keep_with_next is True


def test_statistics_table_numbers_the_units_but_not_the_total_row():
    document = read(samples.statistics_report())
    table = document.tables[-2]  # the last is the signature block
    first_cells = [row.cells[0].text for row in table.rows]
    assert first_cells[1:] == [str(i) for i in range(1, len(first_cells) - 1)] + [""]
    assert table.rows[-1].cells[1].text == "Tổng cộng"


def test_the_twelve_column_statistics_table_is_set_in_9_points():
    document = read(samples.statistics_report())
    header = document.tables[-2].rows[0].cells[3].paragraphs[0].runs[0]
    assert header.text == "HTXSNV"
    assert header.font.size == Pt(9)


def test_each_signature_block_of_the_self_review_is_kept_on_one_page():
    document = read(samples.self_review())
    paragraphs = list(document.paragraphs)
    for title in ("NGƯỜI TỰ KIỂM ĐIỂM", "T/M CHI ỦY (CHI BỘ)", "T/M ĐẢNG ỦY (CHI ỦY)"):
        index = next(i for i, p in enumerate(paragraphs) if p.text == title)
        assert paragraphs[index].paragraph_format.keep_with_next is True, title
        # Room to sign: empty lines under the title.
        assert paragraphs[index + 1].text in {"", "(Ký, ghi rõ họ tên)"}, title
        assert paragraphs[index + 2].text == "", title
