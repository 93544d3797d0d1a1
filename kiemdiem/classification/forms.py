"""Forms of the rules check page: a case from a unit's roster, or a pasted / uploaded JSON case.

The forms check shape only (a unit from the list, a year with a rule pack, decodable JSON); the
case itself is validated by the engine's parser, which names the field at fault.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kiemdiem.classification.rules import PACK_IDS, UnknownPackError, loads, pack_id_for_year

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
STAGE_CHOICES = [("proposal", _("Đề xuất")), ("decision", _("Quyết định"))]


class CaseFromUnitForm(forms.Form):
    """Which unit, which review year, which stage (and optionally which pack)."""

    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int, choices=())
    year = forms.IntegerField(label=_("Năm kiểm điểm"))
    stage = forms.ChoiceField(label=_("Bước"), choices=STAGE_CHOICES, initial="proposal")
    rule_pack = forms.ChoiceField(
        label=_("Bộ quy định"),
        required=False,
        choices=[("", _("Theo năm kiểm điểm")), *((pack, pack) for pack in PACK_IDS)],
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        year = cleaned.get("year")
        if year is not None and not cleaned.get("rule_pack"):
            try:
                pack_id_for_year(year)
            except UnknownPackError:
                self.add_error(
                    "year",
                    ValidationError(
                        _("Năm %(year)s không có bộ quy định xếp loại (chỉ là dữ liệu lịch sử)."),
                        code="no_pack",
                        params={"year": year},
                    ),
                )
        return cleaned


class CaseJsonForm(forms.Form):
    """A case as JSON text, or as an uploaded .json file (the file wins)."""

    case_json = forms.CharField(
        label=_("Nội dung JSON"), required=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    case_file = forms.FileField(label=_("Tệp JSON"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("case_file")
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError(_("Tệp quá lớn."), code="too_large")
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ValidationError(_("Tệp không phải văn bản UTF-8."), code="encoding") from exc
            cleaned["case_json"] = text
        text = (cleaned.get("case_json") or "").strip()
        if not text:
            raise ValidationError(_("Hãy dán nội dung JSON hoặc chọn một tệp."), code="required")
        try:
            cleaned["case"] = loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                _("Nội dung không phải JSON hợp lệ (dòng %(line)s, cột %(column)s)."),
                code="invalid_json",
                params={"line": exc.lineno, "column": exc.colno},
            ) from exc
        return cleaned
