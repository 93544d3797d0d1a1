"""Fast inserts of many plain rows, for imports at national scale.

Django's bulk_create builds a model instance and prepares every field of every row, which costs
more than the insert itself at 100,000 rows. Here rows are plain tuples, values are adapted by the
backend's own `ops` adapters, and ids are allocated up front so callers can link child rows.
Only call inside `transaction.atomic()`: on SQLite the IMMEDIATE transaction holds the write
lock, so nobody else can take the ids; on PostgreSQL they come from the table's sequence.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

BATCH = 5000


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for `model`'s table."""
    if count == 0:
        return []
    table = model._meta.db_table
    assert model._meta.pk is not None  # noqa: S101 - every concrete model has one
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # Identifiers come from model metadata, never from input.
        query = f"SELECT COALESCE(MAX({connection.ops.quote_name(pk)}), 0) FROM {connection.ops.quote_name(table)}"  # noqa: S608
        cursor.execute(query)
        start = int(cursor.fetchone()[0]) + 1
    return list(range(start, start + count))


def _unchanged(value: Any) -> Any:
    return value


def adapter(model: type[models.Model], name: str) -> Callable[[Any], Any]:
    """The backend's adapter for the values of a field: dates and times as the database driver
    takes them, any other value as it is."""
    field = model._meta.get_field(name)
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return _unchanged


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    adapted: bool = False,
) -> None:
    """INSERT the rows (values in the order of `fields`, model field names) with executemany.

    `rows` may be a generator: it is read BATCH rows at a time, so a large import never holds
    all its rows at once. With `adapted`, the rows already hold what `adapter` makes of each
    value (a caller that builds its rows one by one adapts them as it goes, more cheaply)."""
    meta = model._meta
    model_fields = [meta.get_field(name) for name in fields]
    adapters = [_unchanged if adapted else adapter(model, name) for name in fields]
    columns = ", ".join(
        connection.ops.quote_name(str(field.column))  # type: ignore[union-attr]
        for field in model_fields
    )
    placeholders = ", ".join(["%s"] * len(model_fields))
    sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    adapted_columns = [
        (index, adapt) for index, adapt in enumerate(adapters) if adapt is not _unchanged
    ]
    # Dates repeat a lot (one `now` for every row): adapt each distinct value once, column by
    # column, and put the rows back together with zip (no per-row Python loop).
    memos: list[dict[Any, Any]] = [{None: None} for _ in adapted_columns]
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(itertools.islice(iterator, BATCH)):
            if not adapted_columns:
                cursor.executemany(sql, chunk)
                continue
            columns_of = list(zip(*chunk, strict=True))
            for (index, adapt), memo in zip(adapted_columns, memos, strict=True):
                column = columns_of[index]
                for value in set(column).difference(memo):
                    memo[value] = adapt(value)
                columns_of[index] = tuple(map(memo.__getitem__, column))
            cursor.executemany(sql, list(zip(*columns_of, strict=True)))
