"""Reading roster files: XLSX through python-calamine, CSV one file per sheet.

Pure Python (no Django import). Errors and warnings are RosterIssues; nothing here touches the
database.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from python_calamine import CalamineWorkbook

from kiemdiem.orgs.roster.formats import HEADERS, SHEET_BY_KEY, RosterIssue, SheetRows, match_key

TITLE_ROWS = 5


@dataclass(frozen=True)
class FileLimits:
    """What a workbook may hold before a byte of it is parsed: the unpacked size of all its parts,
    and the cells of each sheet's used range (a 1.5 KB file can declare A1:XFD1048576)."""

    max_unpacked_bytes: int = 256 * 1024 * 1024
    max_cells_per_sheet: int = 20_000_000


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A cell's reference, whatever the order of its attributes.
_CELL_REF = re.compile(rb'<(?:[a-z]+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]{1,3}[0-9]{1,7}:([A-Z]{1,3})([0-9]{1,7})"')
_SCAN_CHUNK = 4 * 1024 * 1024


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _sheet_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """The largest (row, column) a worksheet declares or uses, read in chunks: the declared
    dimension, and every cell reference (a sheet may declare nothing and still reach XFD)."""
    rows = columns = 0
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(_SCAN_CHUNK):
            block = tail + chunk
            for pattern in (_DIMENSION, _CELL_REF):
                for letters, digits in pattern.findall(block):
                    columns = max(columns, _column_number(letters))
                    rows = max(rows, int(digits))
            tail = block[-64:]
    return rows, columns


def workbook_problem(data: bytes, source: str, limits: FileLimits) -> RosterIssue | None:
    """Why a workbook is not read at all, checked on its zip directory before any parsing: not an
    .xlsx (an old .xls, a text file renamed), too large once unpacked, or a sheet too large."""
    if data.startswith(OLE_SIGNATURE):
        return RosterIssue(
            source,
            1,
            "",
            "",
            "Tệp là định dạng Excel cũ (.xls): hãy mở bằng Excel hoặc LibreOffice, chọn "
            "«Lưu thành» và chọn «Sổ làm việc Excel (.xlsx)», rồi tải tệp .xlsx lên",
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return RosterIssue(
            source,
            1,
            "",
            "",
            "Tệp không phải là sổ làm việc Excel (.xlsx) hợp lệ; hãy lưu lại dạng .xlsx "
            "(hoặc .csv UTF-8) rồi tải lên",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            unpacked = sum(info.file_size for info in parts)
            if unpacked > limits.max_unpacked_bytes:
                return RosterIssue(
                    source,
                    1,
                    "",
                    "",
                    f"Tệp quá lớn khi giải nén ({unpacked / 1024 / 1024:.0f} MB; giới hạn "
                    f"{limits.max_unpacked_bytes / 1024 / 1024:.0f} MB): hãy chia thành "
                    "nhiều tệp nhỏ hơn",
                )
            for info in parts:
                if not info.filename.startswith("xl/worksheets/") or not info.filename.endswith(
                    ".xml"
                ):
                    continue
                rows, columns = _sheet_extent(archive, info)
                if rows * columns > limits.max_cells_per_sheet:
                    return RosterIssue(
                        source,
                        1,
                        "",
                        "",
                        f"Trang tính dùng tới {rows:,} dòng × {columns:,} cột, vượt giới hạn "
                        f"{limits.max_cells_per_sheet:,} ô: hãy xóa các ô thừa ở xa bảng "
                        "rồi lưu lại",
                    )
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        return RosterIssue(
            source, 1, "", "", f"Tệp Excel bị hỏng, không đọc được ({type(exc).__name__})"
        )
    return None


@dataclass
class ReadResult:
    sheets: dict[str, SheetRows] = field(default_factory=dict)
    errors: list[RosterIssue] = field(default_factory=list)
    warnings: list[RosterIssue] = field(default_factory=list)


def _blank(values: Iterable[object]) -> bool:
    return all(
        value is None or value == "" or (isinstance(value, str) and not value.strip())
        for value in values
    )


def _has_value(values: list[object], used: list[int]) -> bool:
    """Whether any of the cells at `used` holds something (what `_blank` says, row by row in a
    plain loop: it runs once per row of the file)."""
    width = len(values)
    for index in used:
        if index < width:
            value = values[index]
            if isinstance(value, str):
                if value and not value.isspace():
                    return True
            elif value is not None and value != "":
                return True
    return False


def _rows_from_grid(
    sheet: str, grid: Iterable[list[object]], first_row: int, result: ReadResult, source: str
) -> None:
    """Map a grid (header first) to rows keyed by canonical header; row numbers as Excel's."""
    iterator = iter(grid)
    wanted = {match_key(name): name for name in HEADERS[sheet]}
    header: list[object] | None = None
    header_row = first_row - 1
    skipped: list[tuple[int, list[object]]] = []
    for values in iterator:
        header_row += 1
        if _blank(values):
            continue
        # A title row ("DANH SÁCH ĐẢNG VIÊN …") may sit above the header: the header is the first
        # row naming one of the sheet's columns, within the first few rows that hold anything.
        if any(match_key(cell) in wanted for cell in values):
            header = values
            break
        skipped.append((header_row, values))
        if len(skipped) > TITLE_ROWS:
            break
    if header is None and skipped:
        # Nothing looks like a header: its missing columns are reported on the first row used.
        (header_row, header), skipped = skipped[0], []
    if header is None:
        result.errors.append(RosterIssue(sheet, 1, "", "", "Trang tính không có dòng tiêu đề"))
        return
    for row, values in skipped:
        shown = next(str(cell) for cell in values if not _blank([cell]))
        result.warnings.append(
            RosterIssue(sheet, row, "", shown, f"Dòng {row} nằm trên dòng tiêu đề: bỏ qua")
        )
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = match_key(cell)
        if not key:
            continue
        if key in wanted and wanted[key] not in positions:
            positions[wanted[key]] = index
        else:
            result.warnings.append(
                RosterIssue(
                    sheet, header_row, str(cell), str(cell), f"Cột «{cell}» không được sử dụng"
                )
            )
    missing = [name for name in HEADERS[sheet] if name not in positions]
    for name in missing:
        result.errors.append(RosterIssue(sheet, header_row, name, "", f"Thiếu cột «{name}»"))
    if missing:
        return
    rows: list[tuple[int, list[object]]] = []
    used = sorted(positions.values())
    for row_number, values in enumerate(iterator, start=header_row + 1):
        # Only the columns read count: a row numbered in an "STT" column alone is blank.
        if _has_value(values, used):
            rows.append((row_number, values))
    if sheet in result.sheets:
        result.errors.append(
            RosterIssue(sheet, 1, "", "", f"Trang tính «{sheet}» có trong nhiều tệp")
        )
        return
    result.sheets[sheet] = SheetRows(sheet, rows, positions, source)


def read_xlsx(
    stream: BinaryIO | bytes, source: str, result: ReadResult, limits: FileLimits | None = None
) -> None:
    data = stream if isinstance(stream, bytes) else stream.read()
    problem = workbook_problem(data, source, limits or FileLimits())
    if problem is not None:
        result.errors.append(problem)
        return
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # calamine raises its own error types for broken files
        result.errors.append(
            RosterIssue(
                source, 1, "", "", "Không đọc được tệp Excel (tệp hỏng hoặc không đúng định dạng)"
            )
        )
        return
    for name in workbook.sheet_names:
        canonical = SHEET_BY_KEY.get(match_key(name))
        if canonical is None:
            result.warnings.append(
                RosterIssue(str(name), 1, "", "", f"Trang tính «{name}» không được sử dụng")
            )
            continue
        sheet = workbook.get_sheet_by_name(name)
        start = sheet.start or (0, 0)
        grid = _fill_vertical_merges(sheet.iter_rows(), sheet.merged_cell_ranges or [], start)
        _rows_from_grid(canonical, grid, start[0] + 1, result, source)


def _fill_vertical_merges(
    grid: Iterable[list[Any]],
    merges: list[tuple[tuple[int, int], tuple[int, int]]],
    start: tuple[int, int],
) -> Iterator[list[Any]]:
    """Rows with each cell merged down over several rows repeated on every row it covers.

    Rosters merge a unit code (or a date) down over the members that share it; Excel stores the
    value in the top cell only. Merges within one row (headers across columns) stay as they are.
    """
    below: dict[int, list[tuple[int, int]]] = {}  # top row -> [(column, last row)]
    for (top, column), (bottom, _right) in merges:
        if bottom > top:
            below.setdefault(top - start[0], []).append((column - start[1], bottom - start[0]))
    if not below:
        yield from grid
        return
    pending: dict[int, tuple[object, int]] = {}  # column -> (value, last row)
    for index, values in enumerate(grid):
        for column, (value, last) in list(pending.items()):
            if index > last:
                del pending[column]
            elif column < len(values) and values[column] in ("", None):
                values[column] = value
        for column, last in below.get(index, []):
            if column < len(values):
                pending[column] = (values[column], last)
        yield values


def read_csv(data: bytes, source: str, result: ReadResult) -> None:
    """One sheet per CSV file, recognised by its header row; UTF-8 with or without BOM; comma or
    semicolon."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(RosterIssue(source, 1, "", "", "Tệp CSV phải được mã hóa UTF-8"))
        return
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # csv gives list[str] rows; list[Any] lets them pass where calamine's mixed cells go.
    grid: list[list[Any]] = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    known = {match_key(name) for names in HEADERS.values() for name in names}
    filled = [row for row in grid[: 10 * TITLE_ROWS] if not _blank(row)][: TITLE_ROWS + 1]
    # The header row is the first naming a known column (a title row may sit above it).
    header = next((row for row in filled if known & {match_key(c) for c in row}), None)
    header_keys = {match_key(cell) for cell in header or []}
    best = max(
        HEADERS,
        key=lambda sheet: sum(1 for name in HEADERS[sheet] if match_key(name) in header_keys),
    )
    if not header or not any(match_key(name) in header_keys for name in HEADERS[best]):
        result.errors.append(
            RosterIssue(source, 1, "", "", "Không nhận ra trang tính của tệp CSV qua dòng tiêu đề")
        )
        return
    _rows_from_grid(best, grid, 1, result, source)


def read_files(
    files: Iterable[tuple[str, bytes]], limits: FileLimits | None = None
) -> ReadResult:
    """Read every (file name, content) pair: .csv as one sheet, anything else as a workbook."""
    result = ReadResult()
    names = []
    for name, data in files:
        names.append(name)
        if name.lower().endswith(".csv"):
            read_csv(data, name, result)
        else:
            read_xlsx(data, name, result, limits)
    if not result.sheets and not result.errors:
        expected = ", ".join(f"«{sheet}»" for sheet in HEADERS)
        result.errors.append(
            RosterIssue(
                names[0] if names else "",
                1,
                "",
                "",
                f"Không tìm thấy trang tính nào của danh sách ({expected})",
            )
        )
    return result
