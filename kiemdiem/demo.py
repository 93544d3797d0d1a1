"""The whole demo, app by app: each app's demo loader builds on the ones before it.

This module sits above every app (like `config/urls.py`), so the `kiemdiem demo` command can
load the organization first and then each later stage of the cycle. Every loader is idempotent
and fictional: running the demo twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class DemoStage:
    name: str
    load: Callable[[], object]
    label: str = ""


@dataclass
class DemoRun:
    stages: list[tuple[DemoStage, object]] = field(default_factory=list)


def later_stages() -> list[DemoStage]:
    """The loaders that build on the organization demo, in the order of the review cycle."""
    from kiemdiem.awards.demo import awards_demo_load
    from kiemdiem.bulletin.demo import bulletin_demo_load
    from kiemdiem.conferences.demo import conferences_demo_load
    from kiemdiem.reviews.demo import reviews_demo_load
    from kiemdiem.year_demo import year_2019_demo_load

    return [
        # First: a whole closed year, so a newcomer sees 2019 finished beside 2020 in progress.
        DemoStage(
            "year_2019",
            year_2019_demo_load,
            "năm 2019 đã kết thúc: kiểm điểm, biểu quyết, quyết định, báo cáo của cả cây",
        ),
        DemoStage("reviews", reviews_demo_load, "đợt kiểm điểm năm 2020 (r132_hd21)"),
        DemoStage(
            "conferences", conferences_demo_load, "hội nghị kiểm điểm năm 2020 của Ban Thường vụ"
        ),
        # Five years of results (2016–2020), 5-year commendations and a decision.
        DemoStage("awards", awards_demo_load, "kết quả xếp loại 2016–2020 và khen thưởng"),
        # Last: its conference report links to the demo conference when one exists.
        DemoStage("bulletin", bulletin_demo_load, "bản tin: 12 tin bài trong 3 chuyên mục"),
    ]


def later_stages_load() -> DemoRun:
    run = DemoRun()
    for stage in later_stages():
        run.stages.append((stage, stage.load()))
    return run
