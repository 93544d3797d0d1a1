"""Render a `PartyDocument` to DOCX with python-docx (domain.md §7).

A4, margins 25/25/35/15 mm, Times New Roman with the §7 sizes, the two-column header as a
borderless table, page numbers from page 2 at the top centre. Fed only dataclasses.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from kiemdiem.documents import charts
from kiemdiem.documents.model import (
    Chart,
    Heading,
    NumberedItem,
    Paragraph,
    PartyDocument,
    Signature,
    Table,
)

FONT = "Times New Roman"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 25, "bottom": 25, "left": 35, "right": 15}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
LEFT_HEADER_MM = 78

# domain.md §7 table.
SIZE_NATIONAL = 15
SIZE_BODY_NAME = 14
SIZE_NUMBER = 14
SIZE_TYPE = 16
SIZE_SUMMARY = 14
SIZE_BODY = 14
SIZE_RECIPIENTS_LABEL = 14
SIZE_RECIPIENTS = 12
SIZE_SIGNATURE = 14
SIZE_TABLE = 12
SIZE_WIDE_TABLE = 10
SIZE_VERY_WIDE_TABLE = 9
WIDE_TABLE_COLUMNS = 8
VERY_WIDE_TABLE_COLUMNS = 10
# Word's default cell padding (1.9 mm a side) wraps "HTXSNV" in a 12 mm column.
TABLE_CELL_PADDING_MM = 1.0
WIDE_TABLE_CELL_PADDING_MM = 0.8


def table_font_size(columns: int) -> int:
    """12 pt; 10 pt past 8 columns; 9 pt past 10 (the statistics table has 12)."""
    if columns > VERY_WIDE_TABLE_COLUMNS:
        return SIZE_VERY_WIDE_TABLE
    return SIZE_WIDE_TABLE if columns > WIDE_TABLE_COLUMNS else SIZE_TABLE


def _set_run_font(
    run: Run, size: int, *, bold: bool = False, italic: bool = False, underline: bool = False
) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    # Word picks the East Asian font slot for some Vietnamese text; set every slot.
    r_fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(slot), FONT)


def _line(
    target: Any,
    text: str,
    size: int,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = False,
) -> DocxParagraph:
    paragraph: DocxParagraph = target.paragraphs[0] if first else target.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.space_before = Pt(0)
    _set_run_font(paragraph.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _no_borders(table) -> None:  # type: ignore[no-untyped-def]
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table, widths_mm: list[float]) -> None:  # type: ignore[no-untyped-def]
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _cell_padding(table, mm: float) -> None:  # type: ignore[no-untyped-def]
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(round(mm * 56.7)))  # twentieths of a point
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _page_number_header(section) -> None:  # type: ignore[no-untyped-def]
    """A PAGE field at the top centre of every page but the first."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _set_run_font(run, SIZE_BODY)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _header_block(document, doc: PartyDocument) -> None:  # type: ignore[no-untyped-def]
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, [LEFT_HEADER_MM, TEXT_WIDTH_MM - LEFT_HEADER_MM])
    left, right = table.rows[0].cells
    _line(left, doc.superior_body.upper(), SIZE_BODY_NAME, first=True)
    _line(left, doc.issuing_body.upper(), SIZE_BODY_NAME, bold=True)
    _line(left, "*", SIZE_BODY_NAME)
    if doc.number:
        _line(left, doc.number_line, SIZE_NUMBER)
    _line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", SIZE_NATIONAL, bold=True, underline=True, first=True)
    _line(right, "", SIZE_BODY_NAME)
    _line(right, doc.date_line, SIZE_NUMBER, italic=True)


def _title(document, doc: PartyDocument) -> None:  # type: ignore[no-untyped-def]
    _line(document, "", SIZE_BODY)
    _line(document, doc.doc_type_upper, SIZE_TYPE, bold=True)
    for text in (doc.summary, doc.subtitle):
        if text:
            _line(document, text, SIZE_SUMMARY, bold=True)
    _line(document, "", SIZE_BODY)


def _table(document, block: Table) -> None:  # type: ignore[no-untyped-def]
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if block.widths_mm:
        _widths(table, list(block.widths_mm))
    size = table_font_size(len(block.headers))
    wide = len(block.headers) > WIDE_TABLE_COLUMNS
    _cell_padding(table, WIDE_TABLE_CELL_PADDING_MM if wide else TABLE_CELL_PADDING_MM)
    for i, header in enumerate(block.headers):
        _line(table.rows[0].cells[i], header, size, bold=True, first=True)
    for r, row in enumerate(block.rows, start=1):
        bold = block.bold_last_row and r == len(block.rows)
        for i, value in enumerate(row):
            align = WD_ALIGN_PARAGRAPH.LEFT if i == 1 else WD_ALIGN_PARAGRAPH.CENTER
            _line(table.rows[r].cells[i], value, size, bold=bold, align=align, first=True)
    _line(document, "", SIZE_BODY)


def _block(document, block) -> None:  # type: ignore[no-untyped-def]
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    if isinstance(block, Heading):
        paragraph = _line(
            document, block.text, SIZE_BODY, bold=True, italic=block.level > 1, align=justify
        )
        paragraph.paragraph_format.keep_with_next = True  # never last on a page
    elif isinstance(block, Paragraph):
        align = WD_ALIGN_PARAGRAPH.CENTER if block.center else justify
        paragraph = _line(
            document, block.text, SIZE_BODY, bold=block.bold, italic=block.italic, align=align
        )
        if block.indent and not block.center:
            paragraph.paragraph_format.first_line_indent = Mm(10)
        if block.keep_with_next:
            paragraph.paragraph_format.keep_with_next = True
    elif isinstance(block, NumberedItem):
        paragraph = _line(document, f"{block.number}. {block.text}", SIZE_BODY, align=justify)
        paragraph.paragraph_format.first_line_indent = Mm(10)
    elif isinstance(block, Table):
        _table(document, block)
    elif isinstance(block, Chart):
        paragraph = _line(document, "", SIZE_BODY)
        paragraph.runs[0].add_picture(io.BytesIO(charts.chart_png(block)), width=Mm(150))


def _signature_lines(cell: _Cell, signature: Signature, *, first: bool) -> None:
    if signature.on_behalf:
        _line(cell, signature.on_behalf, SIZE_SIGNATURE, bold=True, first=first)
        first = False
    _line(cell, signature.title, SIZE_SIGNATURE, bold=True, first=first)
    for _ in range(3):
        _line(cell, "", SIZE_SIGNATURE)
    if signature.name:
        _line(cell, signature.name, SIZE_SIGNATURE, bold=True)


def _footer_block(document, doc: PartyDocument) -> None:  # type: ignore[no-untyped-def]
    if not (doc.signature or doc.recipients or doc.left_signature):
        return
    _line(document, "", SIZE_BODY)
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2])
    left, right = table.rows[0].cells
    if doc.left_signature:
        _signature_lines(left, doc.left_signature, first=True)
    elif doc.recipients:
        _line(
            left,
            "Nơi nhận:",
            SIZE_RECIPIENTS_LABEL,
            underline=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            first=True,
        )
        for line in doc.recipient_lines:
            _line(left, line, SIZE_RECIPIENTS, align=WD_ALIGN_PARAGRAPH.LEFT)
    if doc.signature:
        _signature_lines(right, doc.signature, first=True)


def render_docx(doc: PartyDocument) -> bytes:
    """The document as DOCX bytes."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZE_BODY)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(12)
    _page_number_header(section)
    _header_block(document, doc)
    _title(document, doc)
    for block in doc.blocks:
        _block(document, block)
    _footer_block(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
