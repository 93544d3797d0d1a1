"""Create an API token for a user and print it once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kiemdiem.accounts.auth import token_issue
from kiemdiem.accounts.models import User


class Command(BaseCommand):
    help = "Tạo mã truy cập API cho một người dùng (in ra một lần duy nhất)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", help="tên gợi nhớ của mã, ví dụ: bao-cao-hang-thang")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không tìm thấy người dùng «{options['username']}»")
        self.stdout.write(token_issue(user=user, name=options["name"]))
