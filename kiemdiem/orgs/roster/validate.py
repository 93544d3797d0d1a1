"""Checking roster rows (domain.md §10) into typed records, collecting every error.

Pure Python (no Django import): what the database already holds is passed in as plain maps.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field

from kiemdiem.core import text
from kiemdiem.orgs.roster import formats as f
from kiemdiem.orgs.roster.formats import RosterIssue, SheetRows

UNIT_KINDS = {
    "đảng bộ": "dang_bo",
    "đảng bộ cơ sở": "dang_bo_co_so",
    "chi bộ cơ sở": "chi_bo_co_so",
    "đảng bộ bộ phận": "dang_bo_bo_phan",
    "chi bộ": "chi_bo",
}
CELL_KINDS = {"chi_bo", "chi_bo_co_so"}
GENDERS = {"nam": "nam", "nữ": "nu"}
LEVEL_CODES = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
# Full names, compared folded and without punctuation ("Hoàn thành tốt nhiệm vụ." is HTTNV).
LEVEL_NAMES = {
    "hoan thanh xuat sac nhiem vu": "HTXSNV",
    "hoan thanh tot nhiem vu": "HTTNV",
    "hoan thanh nhiem vu": "HTNV",
    "khong hoan thanh nhiem vu": "KHTNV",
}
# Pre-2018 labels (domain.md §3.1; mapping UNCONFIRMED), compared the same way. Reports of
# 2011-2017 (HD 27-HD/TW) often start with "Đảng viên" and wrote HTNV as "hoàn thành nhiệm vụ
# nhưng còn hạn chế".
LEGACY_PREFIX = "dang vien "
LEGACY_LEVELS = {
    "du tu cach hoan thanh nhiem vu nhung con han che": "HTNV",
    "vi pham tu cach": "KHTNV",
    "tsvm": "HTXSNV",
    "tsvm tieu bieu": "HTXSNV",
    "trong sach vung manh tieu bieu": "HTXSNV",
    "trong sach vung manh": "HTXSNV",
    "yeu kem": "KHTNV",
    "du tu cach hoan thanh xuat sac nhiem vu": "HTXSNV",
    "du tu cach hoan thanh tot nhiem vu": "HTTNV",
    "du tu cach hoan thanh nhiem vu": "HTNV",
    "du tu cach htxsnv": "HTXSNV",
    "du tu cach httnv": "HTTNV",
    "du tu cach htnv": "HTNV",
    "vi pham tu cach hoac khong hoan thanh nhiem vu": "KHTNV",
}
LEGACY_LAST_YEAR = 2017
DATE_TEXT = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
CARD_DIGITS = re.compile(r"^\d{8,}$")
YEAR_TEXT = re.compile(r"^\d{4}$")


@dataclass(frozen=True, slots=True)
class UnitRow:
    row: int
    code: str
    name: str
    kind: str
    parent_code: str


@dataclass(frozen=True, slots=True)
class MemberRow:
    row: int
    full_name: str
    date_of_birth: datetime.date
    gender: str
    card_number: str | None
    admitted_on: datetime.date
    official_on: datetime.date | None
    unit_code: str
    position: str
    rank: str


@dataclass(frozen=True, slots=True)
class ResultRow:
    row: int
    card_number: str
    year: int
    level: str
    award: str


@dataclass(frozen=True)
class KnownData:
    """What the database holds: unit code → (parent code, kind), and the cards on record."""

    units: dict[str, tuple[str, str]] = field(default_factory=dict)
    cards: frozenset[str] = frozenset()


@dataclass
class Checked:
    units: list[UnitRow] = field(default_factory=list)
    members: list[MemberRow] = field(default_factory=list)
    results: list[ResultRow] = field(default_factory=list)
    errors: list[RosterIssue] = field(default_factory=list)
    warnings: list[RosterIssue] = field(default_factory=list)


# Roster cells repeat (unit codes, genders, dates, ranks): normalize each distinct text once.
_normalized = functools.lru_cache(maxsize=1 << 16)(text.normalize_text)


def cell_text(value: object) -> str:
    """A cell as text: dates as dd/mm/yyyy, whole numbers without .0, the rest normalized."""
    if isinstance(value, str):
        return _normalized(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return text.normalize_text(str(value))


class _Sheet:
    def __init__(self, checked: Checked, rows: SheetRows) -> None:
        self.checked = checked
        self.sheet = rows.sheet
        self.rows = rows

    def get(self, values: list[object], column: str) -> object:
        return self.rows.cell(values, column)

    def error(self, row: int, column: str, value: object, message: str) -> None:
        self.checked.errors.append(RosterIssue(self.sheet, row, column, cell_text(value), message))

    def warning(self, row: int, column: str, value: object, message: str) -> None:
        self.checked.warnings.append(
            RosterIssue(self.sheet, row, column, cell_text(value), message)
        )

    def required(self, row: int, values: list[object], column: str) -> str:
        value = cell_text(self.get(values, column))
        if not value:
            self.error(row, column, "", "Thiếu giá trị bắt buộc")
        return value

    def date(
        self,
        row: int,
        values: list[object],
        column: str,
        today: datetime.date,
        *,
        required: bool,
    ) -> datetime.date | None:
        raw = self.get(values, column)
        shown = cell_text(raw)
        if not shown:
            if required:
                self.error(row, column, "", "Thiếu giá trị bắt buộc")
            return None
        parsed: datetime.date | None = None
        if isinstance(raw, datetime.datetime):
            parsed = raw.date()
        elif isinstance(raw, datetime.date):
            parsed = raw
        elif isinstance(raw, str):
            parsed = parse_date_text(shown)
        if parsed is None or parsed > today or parsed.year < 1900:
            self.error(row, column, shown, f"Ngày «{shown}» không hợp lệ (dd/mm/yyyy)")
            return None
        return parsed


@functools.lru_cache(maxsize=1 << 15)
def parse_date_text(shown: str) -> datetime.date | None:
    """d/m/yyyy or dd/mm/yyyy as a date; None for anything else, 31/02/1990 included."""
    match = DATE_TEXT.match(shown)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def card_text(value: object) -> str:
    """Text cells as they are; a numeric cell becomes an integer left-padded with zeros to 8."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value).zfill(8)
    if isinstance(value, float) and value.is_integer():
        return str(int(value)).zfill(8)
    return cell_text(value)


def eighteenth_birthday(born: datetime.date) -> datetime.date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # 29 February: the birthday falls on 1 March in a common year
        return datetime.date(born.year + 18, 3, 1)


def parse_level(raw: str, year: int | None) -> str | None:
    """A level code from its code or full name (any case); years ≤2017 also take the old labels.
    Empty → "" (not classified); unknown → None."""
    value = text.normalize_text(raw)
    if not value:
        return ""
    if value.upper() in LEVEL_CODES:
        return value.upper()
    folded = " ".join(re.sub(r"[^a-z0-9 ]", " ", text.fold(value)).split())
    named = LEVEL_NAMES.get(folded)
    if named:
        return named
    if year is not None and year <= LEGACY_LAST_YEAR:
        if folded.startswith(LEGACY_PREFIX):
            folded = folded.removeprefix(LEGACY_PREFIX)
        return LEGACY_LEVELS.get(folded) or LEVEL_NAMES.get(folded)
    return None


def check_units(sheet: SheetRows, known: KnownData, checked: Checked) -> None:
    out = _Sheet(checked, sheet)
    first_row: dict[str, int] = {}
    candidates: list[UnitRow] = []
    for row, values in sheet.rows:
        errors_before = len(checked.errors)
        code = out.required(row, values, f.COL_UNIT_CODE)
        name = out.required(row, values, f.COL_UNIT_NAME)
        raw_kind = out.required(row, values, f.COL_UNIT_KIND)
        parent = cell_text(out.get(values, f.COL_PARENT_CODE))
        kind = UNIT_KINDS.get(raw_kind.casefold()) if raw_kind else None
        if raw_kind and kind is None:
            out.error(row, f.COL_UNIT_KIND, raw_kind, f"Loại đơn vị «{raw_kind}» không hợp lệ")
        if code and code in first_row:
            out.error(
                row, f.COL_UNIT_CODE, code, f"Mã đơn vị «{code}» bị trùng (dòng {first_row[code]})"
            )
            continue
        if not code:
            continue
        first_row[code] = row
        candidate = UnitRow(row, code, name, kind or "", parent)
        candidates.append(candidate)
        if len(checked.errors) == errors_before:
            checked.units.append(candidate)

    parents = {code: parent for code, (parent, _kind) in known.units.items()}
    parents.update({u.code: u.parent_code for u in candidates})
    kinds = {code: kind for code, (_parent, kind) in known.units.items()}
    kinds.update({u.code: u.kind for u in candidates})
    for unit in candidates:
        if unit.parent_code and unit.parent_code not in parents:
            out.error(
                unit.row,
                f.COL_PARENT_CODE,
                unit.parent_code,
                f"Không tìm thấy đơn vị cấp trên «{unit.parent_code}»",
            )
        elif unit.parent_code and kinds.get(unit.parent_code) in CELL_KINDS:
            out.warning(
                unit.row,
                f.COL_PARENT_CODE,
                unit.parent_code,
                f"Đơn vị cấp trên «{unit.parent_code}» là chi bộ",
            )
        chain = [unit.code]
        current = parents.get(unit.code, "")
        while current and current in parents and current not in chain:
            chain.append(current)
            current = parents[current]
        if current == unit.code:
            loop = " → ".join([*chain, unit.code])
            out.error(
                unit.row,
                f.COL_PARENT_CODE,
                unit.parent_code,
                f"Quan hệ cấp trên tạo vòng lặp: {loop}",
            )


def _date_value(raw: object, today: datetime.date) -> tuple[str, datetime.date | None]:
    """A date cell as (shown text, the date if valid, else None); what `_Sheet.date` checks."""
    shown = cell_text(raw)
    parsed: datetime.date | None = None
    if isinstance(raw, datetime.datetime):
        parsed = raw.date()
    elif isinstance(raw, datetime.date):
        parsed = raw
    elif isinstance(raw, str):
        parsed = parse_date_text(shown)
    if parsed is None or parsed > today or parsed.year < 1900:
        return shown, None
    return shown, parsed


def check_members(
    sheet: SheetRows, known: KnownData, unit_codes: set[str], today: datetime.date, checked: Checked
) -> set[str]:
    """Check the member rows; returns every card number written in the sheet (valid or not)."""
    out = _Sheet(checked, sheet)
    errors = checked.errors
    first_card: dict[str, int] = {}
    first_person: dict[tuple[str, datetime.date, str], int] = {}
    file_cards: set[str] = set()
    # Rows hold the cells as read; each column is read by position (a short row reads as blank).
    at = sheet.positions
    i_name, i_birth, i_gender = at[f.COL_FULL_NAME], at[f.COL_BIRTH], at[f.COL_GENDER]
    i_admitted, i_official, i_unit = at[f.COL_ADMITTED], at[f.COL_OFFICIAL], at[f.COL_UNIT_CODE]
    i_card, i_position, i_rank = at[f.COL_CARD], at[f.COL_POSITION], at[f.COL_RANK]
    width = max(at.values()) + 1
    padding: list[object] = [""] * width
    # Dates, genders and cards repeat or come as text: each distinct text is checked once.
    dates: dict[str, tuple[str, datetime.date | None]] = {}
    adult: dict[datetime.date, datetime.date] = {}

    def text_of(value: object) -> str:
        return _normalized(value) if type(value) is str else cell_text(value)

    def date_of(
        row: int, values: list[object], index: int, column: str, *, required: bool
    ) -> datetime.date | None:
        raw = values[index]
        if type(raw) is str:
            hit = dates.get(raw)
            if hit is None:
                hit = dates[raw] = _date_value(raw, today)
        else:
            hit = _date_value(raw, today)
        shown, parsed = hit
        if parsed is None:
            if shown:
                out.error(row, column, shown, f"Ngày «{shown}» không hợp lệ (dd/mm/yyyy)")
            elif required:
                out.error(row, column, "", "Thiếu giá trị bắt buộc")
        return parsed

    for row, values in sheet.rows:
        if len(values) < width:
            values = [*values, *padding[len(values) :]]
        errors_before = len(errors)
        full_name = text_of(values[i_name])
        if not full_name:
            out.error(row, f.COL_FULL_NAME, "", "Thiếu giá trị bắt buộc")
        elif " " not in full_name:
            out.warning(row, f.COL_FULL_NAME, full_name, "Họ và tên chỉ có một từ: được ghi là tên")
        born = date_of(row, values, i_birth, f.COL_BIRTH, required=True)
        raw_gender = text_of(values[i_gender])
        gender = GENDERS.get(raw_gender.casefold()) if raw_gender else None
        if not raw_gender:
            out.error(row, f.COL_GENDER, "", "Thiếu giá trị bắt buộc")
        elif gender is None:
            out.error(row, f.COL_GENDER, raw_gender, "Giới tính phải là «Nam» hoặc «Nữ»")
        admitted = date_of(row, values, i_admitted, f.COL_ADMITTED, required=True)
        official = date_of(row, values, i_official, f.COL_OFFICIAL, required=False)
        unit_code = text_of(values[i_unit])
        if not unit_code:
            out.error(row, f.COL_UNIT_CODE, "", "Thiếu giá trị bắt buộc")
        elif unit_code not in unit_codes:
            out.error(row, f.COL_UNIT_CODE, unit_code, f"Không tìm thấy đơn vị «{unit_code}»")
        raw_card = values[i_card]
        card_shown = _normalized(raw_card) if type(raw_card) is str else card_text(raw_card)
        file_cards.add(card_shown)
        card = card_shown or None
        if card is not None and not CARD_DIGITS.match(card):
            out.error(row, f.COL_CARD, card, f"Số thẻ đảng viên «{card}» phải gồm ít nhất 8 chữ số")
        elif card is None and official is not None:
            out.error(row, f.COL_CARD, "", "Thiếu giá trị bắt buộc")
        if card and card in first_card:
            out.error(
                row,
                f.COL_CARD,
                card,
                f"Số thẻ đảng viên «{card}» bị trùng (dòng {first_card[card]})",
            )
        elif card:
            first_card[card] = row
        if official and admitted and official < admitted:
            out.error(row, f.COL_OFFICIAL, official, "Ngày chính thức trước ngày vào Đảng")
        if admitted and born:
            eighteen = adult.get(born)
            if eighteen is None:
                eighteen = adult[born] = eighteenth_birthday(born)
            if admitted < eighteen:
                out.error(row, f.COL_ADMITTED, admitted, "Ngày vào Đảng trước khi đủ 18 tuổi")
        if card is None and full_name and born and unit_code:
            key = (text.fold(full_name), born, unit_code)
            if key in first_person:
                out.error(
                    row,
                    f.COL_FULL_NAME,
                    full_name,
                    f"Đảng viên «{full_name}» bị trùng (dòng {first_person[key]})",
                )
            else:
                first_person[key] = row
        if len(errors) == errors_before and born and admitted and gender:
            checked.members.append(
                MemberRow(
                    row,
                    full_name,
                    born,
                    gender,
                    card,
                    admitted,
                    official,
                    unit_code,
                    text_of(values[i_position]),
                    text_of(values[i_rank]),
                )
            )
    return file_cards


def check_results(
    sheet: SheetRows, known: KnownData, file_cards: set[str], today: datetime.date, checked: Checked
) -> None:
    out = _Sheet(checked, sheet)
    first: dict[tuple[str, int], int] = {}
    for row, values in sheet.rows:
        errors_before = len(checked.errors)
        card = card_text(out.get(values, f.COL_CARD))
        if not card:
            out.error(row, f.COL_CARD, "", "Thiếu giá trị bắt buộc")
        elif not CARD_DIGITS.match(card):
            out.error(row, f.COL_CARD, card, f"Số thẻ đảng viên «{card}» phải gồm ít nhất 8 chữ số")
        elif card not in file_cards and card not in known.cards:
            out.error(row, f.COL_CARD, card, f"Không tìm thấy đảng viên có số thẻ «{card}»")
        year_text = cell_text(out.get(values, f.COL_YEAR))
        year: int | None = None
        if not year_text:
            out.error(row, f.COL_YEAR, "", "Thiếu giá trị bắt buộc")
        elif not YEAR_TEXT.match(year_text) or int(year_text) > today.year:
            out.error(row, f.COL_YEAR, year_text, f"Năm «{year_text}» không hợp lệ")
        else:
            year = int(year_text)
        raw_level = cell_text(out.get(values, f.COL_LEVEL))
        level = parse_level(raw_level, year)
        if level is None:
            out.error(row, f.COL_LEVEL, raw_level, f"Mức xếp loại «{raw_level}» không hợp lệ")
        if card and year is not None:
            if (card, year) in first:
                out.error(
                    row,
                    f.COL_YEAR,
                    year_text,
                    f"Kết quả năm {year} của số thẻ «{card}» bị trùng (dòng {first[(card, year)]})",
                )
            else:
                first[(card, year)] = row
        if len(checked.errors) == errors_before and year is not None and level is not None:
            checked.results.append(
                ResultRow(row, card, year, level, cell_text(out.get(values, f.COL_AWARD)))
            )


def check_roster(sheets: dict[str, SheetRows], known: KnownData, today: datetime.date) -> Checked:
    """Check every sheet present; every error is collected, none stops the others."""
    checked = Checked()
    if f.SHEET_UNITS in sheets:
        check_units(sheets[f.SHEET_UNITS], known, checked)
    units_sheet = sheets.get(f.SHEET_UNITS)
    unit_codes = set(known.units)
    if units_sheet:
        unit_codes |= {
            cell_text(units_sheet.cell(values, f.COL_UNIT_CODE))
            for _row, values in units_sheet.rows
        }
    unit_codes.discard("")
    file_cards: set[str] = set()
    if f.SHEET_MEMBERS in sheets:
        file_cards = check_members(sheets[f.SHEET_MEMBERS], known, unit_codes, today, checked)
    if f.SHEET_RESULTS in sheets:
        check_results(sheets[f.SHEET_RESULTS], known, file_cards, today, checked)
    order = {name: index for index, name in enumerate(f.HEADERS)}

    def position(issue: RosterIssue) -> tuple[int, int, int]:
        headers = f.HEADERS.get(issue.sheet, [])
        column = headers.index(issue.column) if issue.column in headers else len(headers)
        return order.get(issue.sheet, len(order)), issue.row, column

    checked.errors.sort(key=position)
    return checked
