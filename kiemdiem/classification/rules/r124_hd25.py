"""Rule pack r124_hd25: review years 2023–2024.

Quy định 124-QĐ/TW (04/10/2023), Điều 12; Hướng dẫn 25-HD/BTCTW (10/11/2023).
Differences from r132_hd21: a self-detected and remedied discipline does not cap the member; a
collective with any disciplined member or subunit cannot be HTXSNV; the cell and subunit share
rules are off; the state track caps only at KHTNV.
"""

from __future__ import annotations

from collections.abc import Iterator

from kiemdiem.classification.rules import common
from kiemdiem.classification.rules.base import (
    Context,
    PackSettings,
    RulePack,
    Verdict,
    level_name,
)

DISCIPLINE_BARS_HTXSNV = "DISCIPLINE_BARS_HTXSNV"


def discipline_bars_htxsnv(ctx: Context) -> Iterator[Verdict]:
    """DISCIPLINE_BARS_HTXSNV: a collective with any member disciplined in the year (classified or
    not, self-detected or not) or any disciplined subunit cannot be HTXSNV, so HTTNV at most
    (Quy định 124-QĐ/TW, Điều 12; Hướng dẫn 25-HD/BTCTW; Quy định 366-QĐ/TW, Điều 11)."""
    collective = ctx.case.collective
    members = sum(1 for m in ctx.case.members if m.discipline is not None)
    subunits = sum(1 for s in collective.subunits if s.disciplined)
    parts = []
    if members:
        parts.append(f"{members} đảng viên bị kỷ luật trong năm")
    if subunits:
        parts.append(f"{subunits} tổ chức trực thuộc bị kỷ luật")
    if not parts:
        return
    yield Verdict(
        DISCIPLINE_BARS_HTXSNV,
        collective.id,
        "HTTNV",
        f"{ctx.collective_label()} có {' và '.join(parts)} nên không được xếp loại "
        f"{level_name('HTXSNV')}, chỉ được tối đa {level_name('HTTNV')}"
        f"{common.proposed(collective.level)}.",
    )


SETTINGS = PackSettings(
    discipline_waiver=True,
    state_track_khtnv_link=True,
    state_track_needs_excellent=False,
    score_required=False,
)

RULES = (*common.SHARED_RULES, discipline_bars_htxsnv)

PACK = RulePack(
    id="r124_hd25",
    title="Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW",
    first_year=2023,
    last_year=2024,
    settings=SETTINGS,
    rules=RULES,
)
