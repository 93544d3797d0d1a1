"""Importing a roster: read, check every row, then write everything in one transaction.

Any error means nothing is written (the whole import is rolled back). An identical file changes
nothing and says so; a changed file updates units by code and members by card number (a
probationary member without a card by name, birth date and unit); rows not in the file are left
alone. Set-based: existing rows are loaded once into maps, new rows go in with bulk_create.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.core import bulk, text
from kiemdiem.core.audit import audit_record
from kiemdiem.orgs import selectors, services
from kiemdiem.orgs.models import (
    ANCESTOR_FIELDS,
    CellMembership,
    ClassificationRecord,
    Person,
    PersonStatus,
    Unit,
    ancestor_values,
    path_lineage,
)
from kiemdiem.orgs.naming import name_columns
from kiemdiem.orgs.roster import formats as f
from kiemdiem.orgs.roster.formats import RosterIssue
from kiemdiem.orgs.roster.read import FileLimits, read_files
from kiemdiem.orgs.roster.validate import (
    Checked,
    KnownData,
    MemberRow,
    ResultRow,
    UnitRow,
    check_roster,
)

BATCH = 2000
Progress = Callable[[int, int], None]


@dataclass
class SheetCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    # For the audit row: each updated record (unit code, card, card/year) → {field: [old, new]}.
    changes: dict[str, dict[str, list[object]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged}

    def audit(self) -> dict[str, object]:
        return {**self.as_dict(), "changes": self.changes}


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime.date) else value


@dataclass
class ImportReport:
    ok: bool
    dry_run: bool
    errors: list[RosterIssue] = field(default_factory=list)
    warnings: list[RosterIssue] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(c.added or c.updated for c in self.counts.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "changed": self.changed,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.warnings],
            "counts": {sheet: counts.as_dict() for sheet, counts in self.counts.items()},
        }


class _Rollback(Exception):
    pass


def _known_data() -> KnownData:
    units = {
        code: (parent_code or "", kind)
        for code, parent_code, kind in Unit.objects.values_list(
            "code", "parent__code", "kind"
        ).iterator()
    }
    cards = frozenset(
        card
        for card in Person.objects.filter(card_number__isnull=False)
        .values_list("card_number", flat=True)
        .iterator()
        if card is not None
    )
    return KnownData(units=units, cards=cards)


def roster_import(
    *,
    actor: User | None,
    files: Iterable[tuple[str, bytes]],
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import roster files (name, content). Returns the report; writes only if there is no error
    and `dry_run` is off."""
    if actor is not None and not selectors.user_scope(actor).can_manage:
        raise PermissionDenied(_("Bạn không có quyền nhập danh sách đảng viên."))
    read = read_files(
        files,
        FileLimits(
            max_unpacked_bytes=int(
                getattr(settings, "ROSTER_MAX_UNPACKED_BYTES", FileLimits.max_unpacked_bytes)
            ),
            max_cells_per_sheet=int(
                getattr(settings, "ROSTER_MAX_CELLS_PER_SHEET", FileLimits.max_cells_per_sheet)
            ),
        ),
    )
    report = ImportReport(
        ok=False, dry_run=dry_run, errors=list(read.errors), warnings=list(read.warnings)
    )
    if read.errors:
        return report
    today = timezone.localdate()
    known = _known_data()
    checked = check_roster(read.sheets, known, today)
    present = set(read.sheets)
    read.sheets.clear()  # the checked records hold everything needed from here on
    if actor is not None and not checked.errors:
        checked.errors += _scope_errors(actor, checked, known)
    report.errors += checked.errors
    report.warnings += checked.warnings
    if report.errors:
        return report
    total = len(checked.units) + len(checked.members) + len(checked.results)
    tick = _Ticker(progress, total)
    try:
        with transaction.atomic(), _page_cache():
            if f.SHEET_UNITS in present:
                report.counts[f.SHEET_UNITS] = _write_units(checked.units, actor, tick)
            if f.SHEET_MEMBERS in present:
                report.counts[f.SHEET_MEMBERS] = _write_members(checked.members, today, tick)
            if f.SHEET_RESULTS in present:
                report.counts[f.SHEET_RESULTS] = _write_results(checked.results, tick)
            report.ok = True
            if not dry_run:
                audit_record(
                    actor=actor,
                    verb="roster_import",
                    object_type="orgs.roster",
                    changes={sheet: c.audit() for sheet, c in report.counts.items()},
                )
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    tick.finish()
    return report


# SQLite's default page cache (2 MiB) is far smaller than the indexes a large import touches, so
# every insert into a person index would re-read pages from the file. Only as much is used as the
# import needs; it is returned afterwards.
IMPORT_CACHE_KIB = 65536


@contextlib.contextmanager
def _page_cache() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")
            cursor.execute("PRAGMA shrink_memory")


def _scope_errors(actor: User, checked: Checked, known: KnownData) -> list[RosterIssue]:
    """An office imports only inside its own subtree: no new roots, no units or members elsewhere."""
    scope = selectors.user_scope(actor)
    if scope.everything:
        return []
    allowed = set(selectors.units_in_scope(actor).values_list("code", flat=True))
    parents = {code: parent for code, (parent, _kind) in known.units.items()}
    parents.update({row.code: row.parent_code for row in checked.units})
    new_codes = {row.code for row in checked.units} - set(known.units)

    def inside(code: str) -> bool:
        seen: set[str] = set()
        while code in new_codes and code not in seen:
            seen.add(code)
            code = parents.get(code, "")
        return code in allowed

    def moved_outside(row: UnitRow) -> bool:
        """A unit on record moved under a parent outside the scope. The scope's own root keeps
        its parent (outside the scope) when the office imports its own export back."""
        if row.code not in known.units:
            return False
        unchanged = (row.parent_code or "") == (known.units[row.code][0] or "")
        return not unchanged and not inside(row.parent_code or "")

    issues = []
    for row in checked.units:
        if not inside(row.code) or moved_outside(row):
            issues.append(
                RosterIssue(
                    f.SHEET_UNITS,
                    row.row,
                    f.COL_UNIT_CODE,
                    row.code,
                    f"Đơn vị «{row.code}» nằm ngoài phạm vi quản lý của bạn",
                )
            )
    outside_cards = set(
        Person.objects.filter(
            card_number__in=[m.card_number for m in checked.members if m.card_number]
        )
        .exclude(unit__code__in=allowed)
        .values_list("card_number", flat=True)
    )
    for member in checked.members:
        if not inside(member.unit_code) or member.card_number in outside_cards:
            issues.append(
                RosterIssue(
                    f.SHEET_MEMBERS,
                    member.row,
                    f.COL_UNIT_CODE,
                    member.unit_code,
                    f"Đảng viên «{member.full_name}» nằm ngoài phạm vi quản lý của bạn",
                )
            )
    member_cards = {m.card_number for m in checked.members if m.card_number}
    result_cards = {r.card_number for r in checked.results} - member_cards
    cards_in_scope = set(
        Person.objects.filter(card_number__in=result_cards, unit__code__in=allowed).values_list(
            "card_number", flat=True
        )
    )
    for result in checked.results:
        # A member of the file is checked on the members sheet; any other card must be a member
        # on record inside the scope: results feed commendation.
        if result.card_number in result_cards and result.card_number not in cards_in_scope:
            issues.append(
                RosterIssue(
                    f.SHEET_RESULTS,
                    result.row,
                    f.COL_CARD,
                    result.card_number,
                    f"Đảng viên có số thẻ «{result.card_number}» nằm ngoài phạm vi quản lý của bạn",
                )
            )
    return issues


class _Ticker:
    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def add(self, count: int) -> None:
        self.done += count
        if self.progress:
            self.progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        if self.progress:
            self.progress(self.total, self.total)


def _write_units(rows: list[UnitRow], actor: User | None, tick: _Ticker) -> SheetCounts:
    """Units by code, level by level from the top, so every parent's path is final before its
    children's paths are computed; a unit whose parent changed is moved with its subtree."""
    counts = SheetCounts()
    units = {u.code: u for u in Unit.objects.select_related("parent")}
    parent_of = {code: (u.parent.code if u.parent else "") for code, u in units.items()}
    parent_of.update({row.code: row.parent_code for row in rows})

    def depth(code: str) -> int:
        level = 0
        while parent_of.get(code):
            code = parent_of[code]
            level += 1
        return level

    new_units = [
        Unit(code=row.code, name=row.name, kind=row.kind, path="", name_folded=text.fold(row.name))
        for row in rows
        if row.code not in units
    ]
    Unit.objects.bulk_create(new_units, batch_size=BATCH)
    created = {u.code: u for u in Unit.objects.filter(code__in=[u.code for u in new_units])}
    units.update(created)
    counts.added = len(created)

    by_depth: dict[int, list[UnitRow]] = {}
    for row in rows:
        by_depth.setdefault(depth(row.code), []).append(row)
    for level in sorted(by_depth):
        placed: list[Unit] = []
        moved = False
        for row in by_depth[level]:
            unit = units[row.code]
            parent = units.get(row.parent_code) if row.parent_code else None
            if row.code in created:
                unit.parent = parent
                unit.depth = level
                unit.path = (parent.path if parent else "") + services.segment(unit.pk)
                placed.append(unit)
                continue
            changed: dict[str, list[object]] = {}
            old_parent = unit.parent.code if unit.parent else ""
            if old_parent != row.parent_code:
                units[row.code] = unit = services.unit_move(
                    actor=None, unit=unit, new_parent=parent
                )
                changed["parent"] = [old_parent, row.parent_code]
                moved = True
            if unit.name != row.name or unit.kind != row.kind:
                changed.update(
                    {
                        name: [old, new]
                        for name, old, new in (
                            ("name", unit.name, row.name),
                            ("kind", unit.kind, row.kind),
                        )
                        if old != new
                    }
                )
                unit.name, unit.kind, unit.name_folded = row.name, row.kind, text.fold(row.name)
                unit.save(update_fields=["name", "kind", "name_folded", "updated_at"])
            if changed:
                counts.changes[row.code] = changed
                counts.updated += 1
            else:
                counts.unchanged += 1
        Unit.objects.bulk_update(placed, ["parent", "depth", "path"], batch_size=BATCH)
        if moved:
            # A move rewrote the paths of whole subtrees in the database: read them again.
            fresh = dict(Unit.objects.values_list("code", "path"))
            for code, unit in units.items():
                unit.path = fresh[code]
    tick.add(len(rows))
    return counts


def _status_for(person_status: str | None, official_on: datetime.date | None) -> str:
    if person_status is not None and person_status not in {
        PersonStatus.OFFICIAL,
        PersonStatus.PROBATIONARY,
    }:
        return person_status
    return PersonStatus.OFFICIAL if official_on else PersonStatus.PROBATIONARY


_COMPARED = (
    "date_of_birth",
    "gender",
    "card_number",
    "admitted_on",
    "official_on",
    "position",
    "rank",
)
# What the audit row keeps of a member's change (not the derived name and ancestor columns).
_AUDITED = {*_COMPARED, "full_name", "status", "unit_id"}
_EXISTING = (
    "pk",
    "full_name",
    "family_name",
    "middle_name",
    "given_name",
    "sort_key",
    "name_folded",
    "status",
    "unit_id",
    *_COMPARED,
)
_INSERTED = (
    "id",
    "family_name",
    "middle_name",
    "given_name",
    "full_name",
    "sort_key",
    "name_folded",
    "date_of_birth",
    "gender",
    "card_number",
    "admitted_on",
    "official_on",
    "status",
    "rank",
    "position",
    "unit",
    "created_at",
    "updated_at",
    *ANCESTOR_FIELDS,
)


_EXISTING_INDEX = {name: index for index, name in enumerate(_EXISTING)}


class _Existing(tuple):  # type: ignore[type-arg]
    """An existing person's values (in _EXISTING order) read by field name: a tuple, not a dict,
    because a re-import holds one per member (a dict costs six times the memory)."""

    __slots__ = ()

    def __getitem__(self, name: str) -> object:  # type: ignore[override]
        return tuple.__getitem__(self, _EXISTING_INDEX[name])


def _cards_on_record(cards: list[str]) -> list[str]:
    """Which of these cards the database holds: a plain query per 900 cards, so a file of new
    members costs no ORM query per chunk (only the people found are then read in full)."""
    found: list[str] = []
    table = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(cards), 900):
            chunk = cards[start : start + 900]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT card_number FROM {table} WHERE card_number IN ({placeholders})",  # noqa: S608
                chunk,
            )
            found.extend(card for (card,) in cursor.fetchall())
    return found


def _existing_people(
    rows: list[MemberRow],
) -> tuple[dict[str, _Existing], dict[tuple[str, datetime.date, int], _Existing]]:
    """Existing people the file may match: by card, and (without a card) by folded name, birth
    date and unit (a new card may claim one of these)."""
    by_card: dict[str, _Existing] = {}
    cards = _cards_on_record(sorted(row.card_number for row in rows if row.card_number))
    for start in range(0, len(cards), 900):
        for values in Person.objects.filter(card_number__in=cards[start : start + 900]).values_list(
            *_EXISTING
        ):
            person = _Existing(values)
            by_card[str(person["card_number"])] = person
    by_identity: dict[tuple[str, datetime.date, int], _Existing] = {}
    # Cardless people are probationary members (few): also the match for a row whose card is
    # new, because a probationary member who became official comes back with a card.
    if any(row.card_number is None or row.card_number not in by_card for row in rows):
        for values in Person.objects.filter(card_number__isnull=True).values_list(*_EXISTING):
            person = _Existing(values)
            key = (str(person["name_folded"]), person["date_of_birth"], person["unit_id"])
            by_identity[key] = person  # type: ignore[index]
    return by_card, by_identity


# A new person's name columns from the full name as checked: (full name, family, middle, given,
# sort key without the birth date, folded), computed once per distinct name in an import.
_NewNames = tuple[str, str, str, str, str, str]


def _new_names(full_name: str) -> _NewNames:
    normalized = text.normalize_text(full_name)
    parts, _single = text.split_full_name(normalized)
    names = name_columns(
        family_name=parts.family_name,
        middle_name=parts.middle_name,
        given_name=parts.given_name,
        date_of_birth=None,
    )
    # Without a birth date the key ends in the 8 digits "99999999"; the person's date replaces them.
    return (
        normalized,
        names["family_name"],
        names["middle_name"],
        names["given_name"],
        names["sort_key"][:-8],
        names["name_folded"],
    )


def _write_members(rows: list[MemberRow], today: datetime.date, tick: _Ticker) -> SheetCounts:
    """Members by card number: new ones inserted as plain rows, changed ones updated field by
    field, a changed cell closes the open membership and opens a new one (a transfer)."""
    counts = SheetCounts()
    unit_ids: dict[str, int] = {}
    paths: dict[int, str] = {}
    for code, pk, path in Unit.objects.values_list("code", "pk", "path").iterator():
        unit_ids[code], paths[pk] = pk, path
    ancestors: dict[int, tuple[int | None, ...]] = {}
    # People gained (+) and lost (-) per cell, rolled up to the stored subtree totals at the end.
    cell_deltas: dict[int, int] = {}
    by_card, by_identity = _existing_people(rows)
    now = timezone.now()
    names_of: dict[str, _NewNames] = {}
    birth_keys: dict[datetime.date, str] = {}
    # New people as (cell path, sort key, row index): inserted after the loop in the order of
    # the person indexes (cell, then name), so each insert lands next to the previous one.
    new_people: list[tuple[str, str, int]] = []
    to_update: dict[tuple[str, ...], list[Person]] = {}
    transfers: list[tuple[int, int]] = []
    matched = 0
    for index, row in enumerate(rows):
        unit_id = unit_ids[row.unit_code]
        if unit_id not in ancestors:
            ancestors[unit_id] = tuple(ancestor_values(paths[unit_id]).values())
        cached = names_of.get(row.full_name)
        if cached is None:
            cached = names_of[row.full_name] = _new_names(row.full_name)
        full_name = cached[0]
        existing = by_card.get(row.card_number) if row.card_number else None
        if existing is None:
            identity = (cached[5], row.date_of_birth, unit_id)
            # pop: one record is matched by one row only
            existing = by_identity.pop(identity, None)
        if existing is None:
            birth = birth_keys.get(row.date_of_birth)
            if birth is None:
                birth = birth_keys[row.date_of_birth] = row.date_of_birth.strftime("%Y%m%d")
            new_people.append((paths[unit_id], cached[4] + birth, index))
            cell_deltas[unit_id] = cell_deltas.get(unit_id, 0) + 1
            continue
        values: dict[str, object] = {
            "date_of_birth": row.date_of_birth,
            "gender": row.gender,
            "card_number": row.card_number,
            "admitted_on": row.admitted_on,
            "official_on": row.official_on,
            "position": row.position,
            "rank": row.rank,
        }
        changes = {name: value for name, value in values.items() if existing[name] != value}
        if existing["full_name"] != full_name or "date_of_birth" in changes:
            keep_parts = existing["full_name"] == full_name
            parts, _single = text.split_full_name(full_name)
            names = name_columns(
                family_name=str(existing["family_name"]) if keep_parts else parts.family_name,
                middle_name=str(existing["middle_name"]) if keep_parts else parts.middle_name,
                given_name=str(existing["given_name"]) if keep_parts else parts.given_name,
                date_of_birth=row.date_of_birth,
            )
            changes.update(
                {name: value for name, value in names.items() if existing[name] != value}
            )
        status = _status_for(str(existing["status"]), row.official_on)
        if status != existing["status"]:
            changes["status"] = status
        if existing["unit_id"] != unit_id:
            changes["unit_id"] = unit_id
            changes.update(zip(ANCESTOR_FIELDS, ancestors[unit_id], strict=True))
            old_unit = int(existing["unit_id"])  # type: ignore[call-overload]
            cell_deltas[old_unit] = cell_deltas.get(old_unit, 0) - 1
            cell_deltas[unit_id] = cell_deltas.get(unit_id, 0) + 1
            transfers.append((int(existing["pk"]), unit_id))  # type: ignore[call-overload]
        if changes:
            key = row.card_number or f"#{existing['pk']}"
            counts.changes[key] = {
                name: [_plain(existing[name]), _plain(value)]
                for name, value in changes.items()
                if name in _AUDITED
            }
            # Grouped by the fields that changed: an instance built from the changes alone
            # holds defaults elsewhere, which one shared field list would write over others.
            to_update.setdefault(tuple(sorted(changes)), []).append(
                Person(pk=cast(int, existing["pk"]), updated_at=now, **changes)
            )
            counts.updated += 1
        else:
            counts.unchanged += 1
        matched += 1
        if matched % 1000 == 0:
            tick.add(1000)
    tick.add(matched % 1000)
    new_people.sort()
    person_ids = bulk.allocate_ids(Person, len(new_people))
    # Values go in as the backend adapts them, each distinct date adapted once.
    adapt_date = bulk.adapter(Person, "date_of_birth")
    adapt_time = bulk.adapter(Person, "created_at")
    db_now = adapt_time(now)
    dates = {row.date_of_birth for row in rows} | {row.admitted_on for row in rows}
    dates |= {row.official_on for row in rows if row.official_on}
    db_date: dict[datetime.date | None, object] = {day: adapt_date(day) for day in dates}
    db_date[None] = None

    def new_person_rows() -> Iterator[tuple[object, ...]]:
        """The new people's rows in _INSERTED order, built as they are inserted."""
        for count, (pk, (_path, sort_key, index)) in enumerate(
            zip(person_ids, new_people, strict=True), start=1
        ):
            row = rows[index]
            unit_id = unit_ids[row.unit_code]
            full, family, middle, given, _prefix, folded = names_of[row.full_name]
            yield (
                pk,
                family,
                middle,
                given,
                full,
                sort_key,
                folded,
                db_date[row.date_of_birth],
                row.gender,
                row.card_number,
                db_date[row.admitted_on],
                db_date[row.official_on],
                _status_for(None, row.official_on),
                row.rank,
                row.position,
                unit_id,
                db_now,
                db_now,
                *ancestors[unit_id],
            )
            if count % 1000 == 0:
                tick.add(1000)

    bulk.insert_rows(Person, _INSERTED, new_person_rows(), adapted=True)
    tick.add(len(new_people) % 1000)
    # Each new person's first cell membership, in the same order.
    membership_ids = bulk.allocate_ids(CellMembership, len(new_people))
    bulk.insert_rows(
        CellMembership,
        ("id", "person", "unit", "start", "reason"),
        (
            (
                membership_id,
                pk,
                unit_ids[rows[index].unit_code],
                db_date[rows[index].admitted_on],
                CellMembership.Reason.ADMITTED,
            )
            for membership_id, pk, (_path, _key, index) in zip(
                membership_ids, person_ids, new_people, strict=True
            )
        ),
        adapted=True,
    )
    counts.added = len(new_people)
    for fields, people in to_update.items():
        Person.objects.bulk_update(people, [*fields, "updated_at"], batch_size=BATCH)
    totals: dict[int, int] = {}
    for cell_id, delta in cell_deltas.items():
        for unit_id in path_lineage(paths[cell_id]):
            totals[unit_id] = totals.get(unit_id, 0) + delta
    services.member_totals_apply(totals)
    if transfers:
        moved = [pk for pk, _unit in transfers]
        for start in range(0, len(moved), 900):
            CellMembership.objects.filter(
                person_id__in=moved[start : start + 900], end__isnull=True
            ).update(end=today)
        membership_ids = bulk.allocate_ids(CellMembership, len(transfers))
        bulk.insert_rows(
            CellMembership,
            ("id", "person", "unit", "start", "reason"),
            [
                (membership_id, pk, unit_id, today, CellMembership.Reason.TRANSFER)
                for membership_id, (pk, unit_id) in zip(membership_ids, transfers, strict=True)
            ],
        )
    return counts


def _write_results(rows: list[ResultRow], tick: _Ticker) -> SheetCounts:
    counts = SheetCounts()
    cards = sorted({row.card_number for row in rows})
    person_ids: dict[str, int] = {}
    for start in range(0, len(cards), 900):
        person_ids.update(
            (card, pk)
            for card, pk in Person.objects.filter(
                card_number__in=cards[start : start + 900]
            ).values_list("card_number", "pk")
            if card is not None
        )
    existing = {
        (record.person_id, record.year): record
        for start in range(0, len(cards), 900)
        for record in ClassificationRecord.objects.filter(
            person__card_number__in=cards[start : start + 900]
        )
    }
    to_create, to_update = [], []
    for row in rows:
        person_id = person_ids[row.card_number]
        record = existing.get((person_id, row.year))
        if record is None:
            to_create.append(
                ClassificationRecord(
                    person_id=person_id, year=row.year, level=row.level, award=row.award
                )
            )
        elif record.level != row.level or record.award != row.award:
            counts.changes[f"{row.card_number}/{row.year}"] = {
                name: [old, new]
                for name, old, new in (
                    ("level", record.level, row.level),
                    ("award", record.award, row.award),
                )
                if old != new
            }
            record.level, record.award = row.level, row.award
            to_update.append(record)
        else:
            counts.unchanged += 1
    ClassificationRecord.objects.bulk_create(to_create, batch_size=BATCH)
    ClassificationRecord.objects.bulk_update(to_update, ["level", "award"], batch_size=BATCH)
    counts.added, counts.updated = len(to_create), len(to_update)
    tick.add(len(rows))
    return counts
