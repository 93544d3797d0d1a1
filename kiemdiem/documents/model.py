"""The party document as plain data (domain.md §7, Hướng dẫn 36-HD/VPTW).

Renderers (`docx.py`, `pdf.py`) and builders (`builders.py`) speak only these dataclasses, never
querysets, so a document can be built and checked without a database. Pure: no Django import.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# domain.md §7 (UNCONFIRMED, §12.26): day < 10 and months 1–2 take a leading zero.
ZERO_PADDED_MONTHS = frozenset({1, 2})


def format_date_line(place: str, day: datetime.date) -> str:
    """'Hà Nội, ngày 05 tháng 02 năm 2021': leading zeros for day < 10 and months 1–2."""
    month = f"{day.month:02d}" if day.month in ZERO_PADDED_MONTHS else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass(frozen=True)
class DocumentNumber:
    """'Số 09-KH/ĐU': the register number, the type code and the issuer code. Without `n` (a
    draft not yet entered in the clerk's register) the number is left blank to fill in:
    'Số      -KH/ĐU'."""

    n: int | None
    type_code: str
    issuer_code: str

    def render(self) -> str:
        n = f"{self.n:02d}" if self.n is not None else "\u00a0" * 6
        return f"Số {n}-{self.type_code}/{self.issuer_code}"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: "I. ...", bold; 2: "1. ...", bold italic


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    center: bool = False
    indent: bool = True
    keep_with_next: bool = False  # on the same page as the next block (a signature block)


@dataclass(frozen=True)
class NumberedItem:
    number: str
    text: str


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...] = ()
    bold_last_row: bool = False


@dataclass(frozen=True)
class ChartSeries:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart: one group of bars per label, one bar per series."""

    title: str
    labels: tuple[str, ...]
    series: tuple[ChartSeries, ...]


Block = Heading | Paragraph | NumberedItem | Table | Chart


@dataclass(frozen=True)
class Signature:
    """'T/M BAN THƯỜNG VỤ' / 'BÍ THƯ' / (signature, seal) / name."""

    title: str
    on_behalf: str = ""
    name: str = ""


@dataclass(frozen=True)
class PartyDocument:
    """One party document. Without `number` it is an unnumbered form."""

    superior_body: str
    issuing_body: str
    place: str
    date: datetime.date
    doc_type: str
    summary: str = ""
    number: DocumentNumber | None = None
    subtitle: str = ""
    blocks: tuple[Block, ...] = ()
    recipients: tuple[str, ...] = ()
    signature: Signature | None = None
    left_signature: Signature | None = None
    filename: str = "van-ban"

    @property
    def date_line(self) -> str:
        return format_date_line(self.place, self.date)

    @property
    def number_line(self) -> str:
        return self.number.render() if self.number else ""

    @property
    def doc_type_upper(self) -> str:
        return self.doc_type.upper()

    @property
    def recipient_lines(self) -> tuple[str, ...]:
        """'- …,' per recipient, the last '- Lưu Văn phòng.'"""
        lines = tuple(f"- {name}," for name in self.recipients)
        return (*lines, "- Lưu Văn phòng.") if self.recipients else ()


@dataclass(frozen=True)
class Letterhead:
    """What every document of one issuer shares: bodies, place, issuer code and signer."""

    superior_body: str
    issuing_body: str
    place: str
    issuer_code: str = "ĐU"
    on_behalf: str = "T/M BAN THƯỜNG VỤ"
    signer_title: str = "BÍ THƯ"
    signer_name: str = ""

    def signature(self) -> Signature:
        return Signature(title=self.signer_title, on_behalf=self.on_behalf, name=self.signer_name)


def document_fields(items: list[tuple[str, str]]) -> tuple[Paragraph, ...]:
    """'Label: value' lines (dotted when the value is empty)."""
    return tuple(Paragraph(f"{label}: {value or '.' * 40}", indent=False) for label, value in items)


__all__ = [
    "Block",
    "Chart",
    "ChartSeries",
    "DocumentNumber",
    "Heading",
    "Letterhead",
    "NumberedItem",
    "Paragraph",
    "PartyDocument",
    "Signature",
    "Table",
    "document_fields",
    "format_date_line",
]
