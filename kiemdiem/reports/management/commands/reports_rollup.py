"""Rebuild the pre-aggregated classification counts of one or more years."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kiemdiem.reports import services


class Command(BaseCommand):
    help = "Rebuild reports.UnitResultCount for the given years (set-based)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="+", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        for year in options["years"]:
            rows = services.rollup_refresh(year=year)
            self.stdout.write(f"{year}: {rows} units")
