"""Rule pack r366_hd43: review years 2025 on.

Quy định 366-QĐ/TW (30/8/2025), Điều 11; Hướng dẫn 43-HD/BTCTW (31/10/2025); Công văn
10072-CV/BTCTW; Kết luận 198-KL/TW. The rules of r124_hd25, plus the 100-point score: the band
of the score is a ceiling (≥90 HTXSNV, 70–<90 HTTNV, 50–<70 HTNV, <50 KHTNV) and a proposed
level needs a score.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal

from kiemdiem.classification.rules import common, r124_hd25
from kiemdiem.classification.rules.base import Context, RulePack, Verdict, level_name

SCORE_BAND = "SCORE_BAND"


def _score_text(score: Decimal) -> str:
    text = f"{score.normalize():f}" if score == score.to_integral_value() else f"{score:f}"
    return text.replace(".", ",")


def score_band(ctx: Context) -> Iterator[Verdict]:
    """SCORE_BAND: the band of a subject's 100-point score is its ceiling; a proposed level with no
    score is a finding and sets no band ceiling (Quy định 366-QĐ/TW, Điều 11; Hướng dẫn
    43-HD/BTCTW: xếp loại theo thang điểm 100). Applies to the classified-or-not members who are
    not excluded, and to the collective; scores compare exactly (89,99 is below 90)."""
    subjects = [(m.id, ctx.member_label(m), m.score, m.level) for m in ctx.counted_members]
    collective = ctx.case.collective
    subjects.append((collective.id, ctx.collective_label(), collective.score, collective.level))
    for subject, label, score, level in subjects:
        if score is None:
            if level is not None and ctx.settings.score_required:
                yield Verdict(
                    SCORE_BAND,
                    subject,
                    None,
                    f"{label} chưa có điểm đánh giá (thang 100 điểm) nên chưa đủ căn cứ xếp loại "
                    f"{level_name(level)}; cần chấm điểm trước khi xếp loại.",
                    always=True,
                )
            continue
        ceiling = common.band_ceiling(score, ctx.settings)
        if ceiling == "HTXSNV":
            continue
        yield Verdict(
            SCORE_BAND,
            subject,
            ceiling,
            f"{label} đạt {_score_text(score)} điểm nên chỉ được xếp loại tối đa "
            f"{level_name(ceiling)}{common.proposed(level)}.",
        )


PACK = RulePack(
    id="r366_hd43",
    title="Quy định 366-QĐ/TW, Hướng dẫn 43-HD/BTCTW",
    first_year=2025,
    last_year=None,
    settings=dataclasses.replace(r124_hd25.SETTINGS, score_required=True),
    rules=(*r124_hd25.RULES, score_band),
)
