"""Exporting the roster in the import format, so export → import reports everything unchanged.

Units parents first with siblings by code; members by unit (in that order), then Vietnamese
name order; dates as dd/mm/yyyy text, card numbers as text, levels by full name.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from kiemdiem.accounts.models import User
from kiemdiem.core.levels import LEVEL_FULL_NAMES
from kiemdiem.core.spreadsheet import safe_row
from kiemdiem.orgs import selectors
from kiemdiem.orgs.models import UNIT_KIND_LABELS, ClassificationRecord, Person, Unit
from kiemdiem.orgs.roster import formats as f

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet


def _ordered_units(units: list[Unit]) -> list[Unit]:
    """Depth-first from the roots of the exported set, siblings by code."""
    ids = {unit.pk for unit in units}
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id if unit.parent_id in ids else None].append(unit)
    ordered: list[Unit] = []
    stack = sorted(children[None], key=lambda u: u.code, reverse=True)
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(sorted(children[unit.pk], key=lambda u: u.code, reverse=True))
    return ordered


def _date(value: object) -> str:
    return value.strftime("%d/%m/%Y") if value else ""  # type: ignore[attr-defined]


def roster_export(*, for_user: User, root: Unit | None = None) -> bytes:
    """The roster of everything the user may see (under `root` if given) as XLSX bytes."""
    units_qs = selectors.units_in_scope(for_user).select_related("parent")
    if root is not None:
        units_qs = units_qs.filter(path__gte=root.path, path__lt=root.path_upper_bound)
    units = _ordered_units(list(units_qs))
    unit_order = {unit.pk: index for index, unit in enumerate(units)}

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def header(sheet_name: str) -> WriteOnlyWorksheet:
        sheet = workbook.create_sheet(sheet_name)
        cells = []
        for name in f.HEADERS[sheet_name]:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        return sheet

    unit_sheet = header(f.SHEET_UNITS)
    for unit in units:
        parent_code = unit.parent.code if unit.parent else ""
        unit_sheet.append(
            safe_row(unit_sheet, [unit.code, unit.name, UNIT_KIND_LABELS[unit.kind], parent_code])
        )

    people = list(
        Person.objects.filter(unit_id__in=unit_order.keys())
        .select_related("unit")
        .order_by("sort_key", "id")
        .iterator()
    )
    people.sort(key=lambda p: unit_order[p.unit_id])  # stable: name order kept inside each unit
    member_sheet = header(f.SHEET_MEMBERS)
    for person in people:
        member_sheet.append(
            safe_row(
                member_sheet,
                [
                    person.full_name,
                    _date(person.date_of_birth),
                    "Nữ" if person.gender == "nu" else "Nam",
                    person.card_number or "",
                    _date(person.admitted_on),
                    _date(person.official_on),
                    person.unit.code,
                    person.position,
                    person.rank,
                ],
            )
        )

    result_sheet = header(f.SHEET_RESULTS)
    for record in _results(people):
        result_sheet.append(
            safe_row(
                result_sheet,
                [
                    record.person.card_number,
                    record.year,
                    LEVEL_FULL_NAMES.get(record.level, ""),
                    record.award,
                ],
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _results(people: list[Person]) -> Iterator[ClassificationRecord]:
    with_card = [p.pk for p in people if p.card_number]
    for start in range(0, len(with_card), 900):
        yield from (
            ClassificationRecord.objects.filter(person_id__in=with_card[start : start + 900])
            .select_related("person")
            .order_by("person__sort_key", "person_id", "year")
        )
