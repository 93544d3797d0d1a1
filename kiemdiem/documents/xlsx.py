"""Render plain tables to XLSX with openpyxl: a title block, a bold header row, number cells.

Fed only dataclasses, like the DOCX and PDF renderers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from kiemdiem.core.spreadsheet import as_text

FONT = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass(frozen=True)
class XlsxSheet:
    title: str
    heading: tuple[str, ...]  # lines above the table
    headers: tuple[str, ...]
    rows: tuple[tuple[str | int | float | None, ...], ...]
    widths: tuple[int, ...] = ()


def render_xlsx(sheets: list[XlsxSheet]) -> bytes:
    """One workbook, one worksheet per sheet."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.title[:31])
        for line in sheet.heading:
            ws.append([line])
            as_text(ws.cell(ws.max_row, 1)).font = Font(name=FONT, size=13, bold=True)
        if sheet.heading:
            ws.append([])
        ws.append(list(sheet.headers))
        header_row = ws.max_row
        for col in range(1, len(sheet.headers) + 1):
            cell = ws.cell(header_row, col)
            cell.font = Font(name=FONT, size=12, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = BOX
        for row in sheet.rows:
            ws.append(list(row))
            for col in range(1, len(row) + 1):
                cell = as_text(ws.cell(ws.max_row, col))
                cell.font = Font(name=FONT, size=12)
                cell.border = BOX
        widths = sheet.widths or tuple(
            min(50, max(len(str(v or "")) for v in column) + 2)
            for column in zip(sheet.headers, *sheet.rows, strict=False)
        )
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = ws.cell(header_row + 1, 1)
        # Printed, every column fits the page's width; the header row repeats on each page.
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_title_rows = f"{header_row}:{header_row}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
