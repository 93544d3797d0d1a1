"""`kiemdiem demo`: load the fictional demo (organization, then each stage of the cycle; idempotent)
and print the logins. The stages after the organization are listed in `kiemdiem.demo`."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kiemdiem.demo import later_stages_load
from kiemdiem.orgs.demo import DEMO_PASSWORD, ROOT_NAME, demo_load


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu hư cấu: Đảng bộ Quân khu 9X, khoảng 60 chi bộ và 1.500 đảng viên, "
        "cùng các tài khoản thử. Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            type=float,
            default=1.0,
            help="hệ số số đảng viên (1.0 ≈ 1.500; 0.1 ≈ 190)",
        )
        parser.add_argument(
            "--i-know-this-is-demo",
            action="store_true",
            dest="demo_confirmed",
            help="chạy cả khi DEBUG tắt (máy chỉ dùng để trình diễn): tạo các tài khoản thử "
            "với mật khẩu chung",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["size"] <= 0:
            raise CommandError("--size phải lớn hơn 0.")
        if not settings.DEBUG and not options["demo_confirmed"]:
            raise CommandError(
                "DEBUG đang tắt: đây có thể là máy chủ thật. Dữ liệu mẫu tạo các tài khoản thử "
                f"với mật khẩu chung «{DEMO_PASSWORD}». Nếu máy này chỉ để trình diễn, chạy lại "
                "với --i-know-this-is-demo."
            )
        started = time.perf_counter()
        summary = demo_load(size=options["size"])
        if summary.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã tạo {ROOT_NAME}: {summary.units} đơn vị ({summary.cells} chi bộ), "
                    f"{summary.people} đảng viên trong {time.perf_counter() - started:.1f} giây."
                )
            )
        else:
            self.stdout.write(f"{ROOT_NAME} đã có sẵn; không tạo thêm gì.")
        for stage, result in later_stages_load().stages:
            done = "đã tạo" if getattr(result, "created", None) else "đã có sẵn"
            self.stdout.write(f"  {stage.label or stage.name}: {done}")
        self.stdout.write(
            f"Tài khoản thử (mật khẩu chung «{DEMO_PASSWORD}», chỉ dùng cho dữ liệu mẫu):"
        )
        for username, scope in summary.logins:
            self.stdout.write(f"  {username:<12} {scope}")
