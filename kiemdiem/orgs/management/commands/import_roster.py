"""`kiemdiem import_roster FILE [FILE …] [--dry-run] [--user NAME]`: import a roster, all or nothing,
in the user's scope (by default as the system actor, which the audit names).

Exit 0 when imported (or when a dry run found no error), 1 when rejected (every error printed).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandParser

from kiemdiem.accounts.auth import system_actor
from kiemdiem.accounts.models import User
from kiemdiem.orgs.roster.importer import roster_import


class Command(BaseCommand):
    help = "Nhập danh sách tổ chức đảng và đảng viên từ tệp XLSX hoặc CSV (tất cả hoặc không)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", nargs="+", help="tệp .xlsx, hoặc các tệp .csv (mỗi tệp một trang tính)"
        )
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
        parser.add_argument(
            "--user",
            default="",
            help="nhập với quyền của tài khoản này (kiểm tra phạm vi như trên trang); "
            "mặc định: tài khoản hệ thống",
        )

    def _progress(self, done: int, total: int) -> None:
        if not total:
            return
        width = 40
        filled = int(width * done / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        files = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                self.stderr.write(f"Không tìm thấy tệp «{name}»")
                sys.exit(1)
            files.append((path.name, path.read_bytes()))
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                self.stderr.write(f"Không tìm thấy tài khoản «{options['user']}»")
                sys.exit(1)
        else:
            actor = system_actor()
        try:
            report = roster_import(
                actor=actor, files=files, dry_run=options["dry_run"], progress=self._progress
            )
        except PermissionDenied as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        for warning in report.warnings:
            self.stderr.write(
                f"Cảnh báo: {warning.sheet}, dòng {warning.row}, cột «{warning.column}»: {warning.message}"
            )
        if not report.ok:
            self.stderr.write(f"Từ chối nhập: {len(report.errors)} lỗi, không có gì được ghi.")
            for error in report.errors:
                self.stderr.write(
                    f"{error.sheet}\tdòng {error.row}\t{error.column}\t«{error.value}»\t{error.message}"
                )
            sys.exit(1)
        prefix = "Kiểm tra (không ghi): " if report.dry_run else ""
        if not report.changed:
            self.stdout.write(f"{prefix}Không có thay đổi: dữ liệu đã giống hệt tệp.")
        for sheet, counts in report.counts.items():
            self.stdout.write(
                f"{prefix}{sheet}: thêm {counts.added}, cập nhật {counts.updated}, không đổi {counts.unchanged}"
            )
