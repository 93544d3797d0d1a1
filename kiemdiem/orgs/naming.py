"""Derived name columns of a Person, computed from the name parts (pure helpers)."""

from __future__ import annotations

import datetime

from kiemdiem.core import text


def name_columns(
    *, family_name: str, middle_name: str, given_name: str, date_of_birth: datetime.date | None
) -> dict[str, str]:
    """The normalized parts plus full_name, sort_key and name_folded, ready to set on a Person."""
    family = text.normalize_text(family_name)
    middle = text.normalize_text(middle_name)
    given = text.normalize_text(given_name)
    full = " ".join(part for part in (family, middle, given) if part)
    return {
        "family_name": family,
        "middle_name": middle,
        "given_name": given,
        "full_name": full,
        "sort_key": text.person_sort_key(family, middle, given, date_of_birth),
        "name_folded": text.fold(full),
    }
