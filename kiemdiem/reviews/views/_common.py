"""Shared helpers of the review pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from kiemdiem.reviews import forms_catalog

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _int_param(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _sections_view(
    form: forms_catalog.FormSpec, answers: dict[str, Any], hints: list[Any]
) -> list[dict[str, Any]]:
    """Each section with its items and the stored answers, ready for the template."""
    view = []
    for section in form.sections:
        data = answers.get(section.key) or {}
        entry: dict[str, Any] = {
            "section": section,
            "text": data.get("text", ""),
            "level": data.get("level", ""),
        }
        if section.kind == "graded":
            entry["items"] = [
                {"item": item, **(data.get(item.key) or {"text": "", "grade": ""})}
                for item in section.items
            ]
        elif section.kind == "hints":
            entry["hints"] = [{"hint": h, "answer": data.get(str(h.pk), "")} for h in hints]
        view.append(entry)
    return view
