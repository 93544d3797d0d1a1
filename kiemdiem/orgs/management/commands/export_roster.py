"""`kiemdiem export_roster OUT.xlsx [--unit CODE]`: write the roster in the import format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kiemdiem.accounts.models import User
from kiemdiem.orgs.models import Unit
from kiemdiem.orgs.roster.exporter import roster_export


class Command(BaseCommand):
    help = "Xuất danh sách tổ chức đảng và đảng viên ra tệp XLSX (cùng định dạng nhập)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output")
        parser.add_argument("--unit", help="mã đơn vị gốc (mặc định: tất cả)")

    def handle(self, *args: Any, **options: Any) -> None:
        root = None
        if options["unit"]:
            root = Unit.objects.filter(code=options["unit"]).first()
            if root is None:
                raise CommandError(f"Không tìm thấy đơn vị «{options['unit']}»")
        system = User(username="system", is_superuser=True, is_active=True)
        Path(options["output"]).write_bytes(roster_export(for_user=system, root=root))
        self.stdout.write(f"Đã ghi {options['output']}")
