"""`kiemdiem logins_create UNIT_CODE --out FILE.xlsx`: a login for every member of a unit's
subtree who has none, with one-time passwords, written to a workbook (one sheet per cell)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kiemdiem.accounts import services, sheets
from kiemdiem.accounts.auth import system_actor
from kiemdiem.orgs.models import Unit


class Command(BaseCommand):
    help = "Tạo tài khoản cho mọi đảng viên chưa có của một đơn vị; ghi danh sách ra tệp XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("unit_code", help="mã đơn vị, ví dụ: CB-A")
        parser.add_argument("--out", required=True, help="tệp .xlsx để ghi danh sách tài khoản")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = Unit.objects.filter(code=options["unit_code"]).first()
        if unit is None:
            raise CommandError(f"Không tìm thấy đơn vị có mã «{options['unit_code']}»")
        out = Path(options["out"])
        if out.suffix.lower() != ".xlsx":
            raise CommandError("Tệp ra phải có đuôi .xlsx")
        # One transaction: if the sheet cannot be written, no login exists whose password is lost.
        with transaction.atomic():
            issued = services.logins_create(actor=system_actor(), unit=unit)
            out.write_bytes(sheets.logins_xlsx(issued, unit_name=unit.name))
        self.stdout.write(f"Đã tạo {len(issued)} tài khoản; danh sách ghi ở {out}")
