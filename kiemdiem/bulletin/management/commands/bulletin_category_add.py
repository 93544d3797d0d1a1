"""`kiemdiem bulletin_category_add NAME [--parent SLUG] [--slug SLUG]`: add a news category."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kiemdiem.bulletin import selectors, services


class Command(BaseCommand):
    help = "Thêm một chuyên mục tin (tối đa hai cấp)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--slug", default="")
        parser.add_argument("--parent", default="", help="đường dẫn của chuyên mục cha")
        parser.add_argument("--position", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        parent = selectors.category_get(slug=options["parent"]) if options["parent"] else None
        try:
            category = services.category_create(
                actor=None,
                name=options["name"],
                slug=options["slug"],
                parent=parent,
                position=options["position"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Đã thêm chuyên mục «{category.name}» ({category.slug}).")
        )
