"""`kiemdiem check_rules FILE.json` (or `-` for standard input): print the contract's JSON result.

Exit 0 when the case was checked, whatever it found; 2 when the input cannot be read, is not
JSON, or is not a valid case (each error on its own line, naming the field:
`members[3].admitted_on: not a date`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from kiemdiem.classification.rules import CaseError, check, loads

INVALID_INPUT = 2


class Command(BaseCommand):
    help = "Kiểm tra một trường hợp xếp loại theo quy định của năm (JSON vào, JSON ra)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp JSON của trường hợp, hoặc - để đọc từ đầu vào chuẩn")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        sys.exit(INVALID_INPUT)

    def _read(self, source: str) -> str:
        try:
            if source == "-":
                return sys.stdin.read().lstrip("\ufeff")
            return Path(source).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            self._fail(f"{source}: cannot read: {exc}")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["file"]
        text = self._read(source)
        try:
            data = loads(text)
        except json.JSONDecodeError as exc:
            self._fail(f"{source}: not valid JSON: {exc}")
        try:
            result = check(data)
        except CaseError as exc:
            self._fail("\n".join(exc.lines()))
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
