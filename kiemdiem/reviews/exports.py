"""Files and views of data for the review pages: the dashboard as XLSX, the diff of two report
versions."""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kiemdiem.core.spreadsheet import as_text
from kiemdiem.reviews import forms_catalog
from kiemdiem.reviews.models import Campaign, ReportVersion
from kiemdiem.reviews.selectors import DashboardRow


def dashboard_xlsx(*, campaign: Campaign, rows: list[DashboardRow]) -> bytes:
    """The dashboard table, one row per unit, indented by depth, with the late flag."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Tiến độ")
    headers = [
        _("Mã đơn vị"),
        _("Đơn vị"),
        _("Chưa viết"),
        _("Đang viết"),
        _("Đã nộp"),
        _("Đã khóa"),
        _("Không phải kiểm điểm"),
        _("Tổng số"),
        _("Hạn hội nghị chi bộ"),
        _("Trễ hạn"),
    ]
    sheet.append([campaign.title])
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        c = row.counts
        sheet.append(
            [
                row.unit.code,
                "  " * row.depth + row.unit.name,
                c["not_started"],
                c["drafting"],
                c["submitted"],
                c["locked"],
                c["not_required"],
                c["total"],
                row.deadline.strftime("%d/%m/%Y") if row.deadline else "",
                _("Trễ hạn") if row.late else "",
            ]
        )
    for row_cells in sheet.iter_rows():
        for cell in row_cells:
            as_text(cell)
    sheet.column_dimensions["B"].width = 50
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed", "section"
    text: str


def _lines(version: ReportVersion) -> list[str]:
    """The version as readable lines: each section title, then its items and text."""
    lines: list[str] = []
    for section in forms_catalog.REPORT_FORM.sections:
        data = version.sections.get(section.key) or {}
        lines.append(f"## {section.title}")
        if section.kind == "graded":
            for item in section.items:
                entry = data.get(item.key) or {}
                grade = entry.get("grade") or "—"
                lines.append(f"{item.key}. {item.title} [{grade}]")
                lines.extend((entry.get("text") or "").splitlines())
        elif section.kind == "text":
            lines.extend((data.get("text") or "").splitlines())
        elif section.kind == "hints":
            lines.extend(str(v) for v in data.values() if v)
        elif section.kind == "level" and data.get("level"):
            lines.append(str(data["level"]))
    return lines


def version_diff(a: ReportVersion, b: ReportVersion) -> list[DiffLine]:
    """A line diff of two versions, for rendering (whole text, changes marked)."""
    result: list[DiffLine] = []
    for line in difflib.ndiff(_lines(a), _lines(b)):
        tag, text = line[:2], line[2:]
        if tag == "? ":
            continue
        if tag == "+ ":
            result.append(DiffLine("added", text))
        elif tag == "- ":
            result.append(DiffLine("removed", text))
        elif text.startswith("## "):
            result.append(DiffLine("section", text[3:]))
        else:
            result.append(DiffLine("same", text))
    return result
