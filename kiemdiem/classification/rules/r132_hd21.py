"""Rule pack r132_hd21: review years 2019–2022.

Quy định 132-QĐ/TW (08/3/2018); Hướng dẫn 21-HD/BTCTW (18/10/2019); 33-HD/BTCTW (2020).
Differences from the later packs: no waiver for self-detected discipline; the state track also
caps HTXSNV; a cell's level depends on its members' levels and a party committee's on its
subunits' (the share rules below); no DISCIPLINE_BARS_HTXSNV.
"""

from __future__ import annotations

from collections.abc import Iterator

from kiemdiem.classification.rules import common
from kiemdiem.classification.rules.base import (
    Context,
    PackSettings,
    RulePack,
    Verdict,
    at_least,
    level_name,
    percent,
)

CELL_MEMBERS_FOR_HTTNV = "CELL_MEMBERS_FOR_HTTNV"
CELL_OVER_20PCT_KHTNV = "CELL_OVER_20PCT_KHTNV"
SUBUNITS_FOR_HTTNV = "SUBUNITS_FOR_HTTNV"


def cell_members_for_httnv(ctx: Context) -> Iterator[Verdict]:
    """CELL_MEMBERS_FOR_HTTNV: a cell is HTTNV or above only when every classified member is HTNV
    or above and at least half are HTTNV or above; otherwise HTNV at most (Quy định 132-QĐ/TW;
    Hướng dẫn 21-HD/BTCTW, tiêu chí chi bộ HTTNV). With nobody classified there is no cap."""
    collective = ctx.case.collective
    classified = ctx.classified
    if collective.kind != "cell" or not classified:
        return
    failing = sum(1 for m in classified if not at_least(m.level, "HTNV"))
    good = sum(1 for m in classified if at_least(m.level, "HTTNV"))
    half = percent(ctx.settings.half_share)
    if failing:
        reason = f"có {failing} đảng viên xếp loại {level_name('KHTNV')}"
    elif not common.at_least_share(good, len(classified), ctx.settings.half_share):
        reason = (
            f"chỉ có {good}/{len(classified)} đảng viên xếp loại {level_name('HTTNV')} trở lên "
            f"(cần ít nhất {half})"
        )
    else:
        return
    yield Verdict(
        CELL_MEMBERS_FOR_HTTNV,
        collective.id,
        "HTNV",
        f"{ctx.collective_label()} {reason} nên chi bộ chỉ được xếp loại tối đa "
        f"{level_name('HTNV')}{common.proposed(collective.level)}.",
    )


def cell_over_20pct_khtnv(ctx: Context) -> Iterator[Verdict]:
    """CELL_OVER_20PCT_KHTNV: more than 20% of a cell's classified members KHTNV → the cell is
    KHTNV (Quy định 132-QĐ/TW; Hướng dẫn 21-HD/BTCTW, chi bộ KHTNV)."""
    collective = ctx.case.collective
    if collective.kind != "cell":
        return
    classified = ctx.classified
    failing = sum(1 for m in classified if m.level == "KHTNV")
    if not common.more_than(failing, len(classified), ctx.settings.excess_share):
        return
    yield Verdict(
        CELL_OVER_20PCT_KHTNV,
        collective.id,
        "KHTNV",
        f"{ctx.collective_label()} có {failing}/{len(classified)} đảng viên xếp loại "
        f"{level_name('KHTNV')} (trên {percent(ctx.settings.excess_share)}) nên chi bộ chỉ được "
        f"xếp loại {level_name('KHTNV')}{common.proposed(collective.level)}.",
    )


def subunits_for_httnv(ctx: Context) -> Iterator[Verdict]:
    """SUBUNITS_FOR_HTTNV: a party committee is HTTNV or above only when every listed subunit is
    HTNV or above (no level counts as not) and at least half are HTTNV or above; otherwise HTNV at
    most (Quy định 132-QĐ/TW; Hướng dẫn 21-HD/BTCTW, đảng bộ HTTNV)."""
    collective = ctx.case.collective
    subunits = collective.subunits
    if collective.kind != "party_committee" or not subunits:
        return
    unrated = sum(1 for s in subunits if s.level is None)
    failing = sum(1 for s in subunits if s.level is not None and not at_least(s.level, "HTNV"))
    good = sum(1 for s in subunits if at_least(s.level, "HTTNV"))
    reasons = []
    if failing:
        reasons.append(f"có {failing} tổ chức trực thuộc xếp loại {level_name('KHTNV')}")
    if unrated:
        reasons.append(f"có {unrated} tổ chức trực thuộc chưa có mức xếp loại")
    if not reasons and not common.at_least_share(good, len(subunits), ctx.settings.half_share):
        reasons.append(
            f"chỉ có {good}/{len(subunits)} tổ chức trực thuộc xếp loại {level_name('HTTNV')} "
            f"trở lên (cần ít nhất {percent(ctx.settings.half_share)})"
        )
    if not reasons:
        return
    yield Verdict(
        SUBUNITS_FOR_HTTNV,
        collective.id,
        "HTNV",
        f"{ctx.collective_label()} {' và '.join(reasons)} nên đảng bộ chỉ được xếp loại tối đa "
        f"{level_name('HTNV')}{common.proposed(collective.level)}.",
    )


SETTINGS = PackSettings(
    discipline_waiver=False,
    state_track_khtnv_link=True,
    state_track_needs_excellent=True,
    score_required=False,
)

PACK = RulePack(
    id="r132_hd21",
    title="Quy định 132-QĐ/TW, Hướng dẫn 21-HD/BTCTW",
    first_year=2019,
    last_year=2022,
    settings=SETTINGS,
    rules=(
        *common.SHARED_RULES,
        cell_members_for_httnv,
        cell_over_20pct_khtnv,
        subunits_for_httnv,
    ),
)
