"""Which rule pack judges a case: by its id, or by the review year.

2019–2022 r132_hd21, 2023–2024 r124_hd25, 2025 on r366_hd43; years up to 2018 are history only
and have no pack. A new regulation is a new module added to PACKS (docs/rules.md).
"""

from __future__ import annotations

from kiemdiem.classification.rules import r124_hd25, r132_hd21, r366_hd43
from kiemdiem.classification.rules.base import RulePack

PACKS: dict[str, RulePack] = {
    pack.id: pack for pack in (r132_hd21.PACK, r124_hd25.PACK, r366_hd43.PACK)
}
PACK_IDS: tuple[str, ...] = tuple(PACKS)


class UnknownPackError(ValueError):
    """No rule pack has this id, or no pack covers this review year."""


def get_pack(pack_id: str) -> RulePack:
    """The pack with this id."""
    try:
        return PACKS[pack_id]
    except KeyError:
        raise UnknownPackError(f"unknown rule pack: {pack_id}") from None


def pack_for_year(year: int) -> RulePack:
    """The pack that judges a review year."""
    for pack in PACKS.values():
        if pack.covers(year):
            return pack
    raise UnknownPackError(
        f"no rule pack for review year {year} (years up to 2018 are history only)"
    )


def pack_id_for_year(year: int) -> str:
    """The id of the pack that judges a review year."""
    return pack_for_year(year).id
