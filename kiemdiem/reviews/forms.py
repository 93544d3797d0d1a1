"""Forms for the review pages (shape only; rules live in services), and the parser that turns a
posted self-review or report form into the JSON answers of `forms_catalog`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kiemdiem.orgs.models import Unit
from kiemdiem.reviews import forms_catalog
from kiemdiem.reviews.models import DEADLINE_FIELDS, Period

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignCreateForm(forms.Form):
    title = forms.CharField(label=_("Tên đợt kiểm điểm"), max_length=255)
    year = forms.IntegerField(
        label=_("Năm"), min_value=2019, max_value=2100, initial=lambda: timezone.localdate().year
    )
    period = forms.ChoiceField(label=_("Kỳ"), choices=Period.choices, initial=Period.YEAR)
    period_index = forms.IntegerField(
        label=_("Quý / đợt"),
        min_value=0,
        initial=0,
        required=False,
        help_text=_("Quý 1–4 cho kỳ quý, số đợt cho kỳ đột xuất; để trống với năm, nhiệm kỳ."),
    )

    def clean_period_index(self) -> int:
        return self.cleaned_data.get("period_index") or 0

    root_unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị gốc"))

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["root_unit"].queryset = units  # type: ignore[attr-defined]


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Tên đợt kiểm điểm"), max_length=255)
    plan_number = forms.CharField(label=_("Số kế hoạch"), max_length=64, required=False)
    review_date = forms.DateField(label=_("Ngày xếp loại"), widget=DATE_WIDGET)
    cell_conference_due = forms.DateField(
        label=_("Hạn hội nghị chi bộ"), required=False, widget=DATE_WIDGET
    )
    grassroots_decision_due = forms.DateField(
        label=_("Hạn quyết định cấp cơ sở"), required=False, widget=DATE_WIDGET
    )
    upper_decision_due = forms.DateField(
        label=_("Hạn quyết định cấp trên cơ sở"), required=False, widget=DATE_WIDGET
    )
    report_due = forms.DateField(label=_("Hạn báo cáo"), required=False, widget=DATE_WIDGET)


class UnitDeadlineForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị"))
    cell_conference_due = forms.DateField(
        label=_("Hạn hội nghị chi bộ"), required=False, widget=DATE_WIDGET
    )
    grassroots_decision_due = forms.DateField(
        label=_("Hạn quyết định cấp cơ sở"), required=False, widget=DATE_WIDGET
    )
    upper_decision_due = forms.DateField(
        label=_("Hạn quyết định cấp trên cơ sở"), required=False, widget=DATE_WIDGET
    )
    report_due = forms.DateField(label=_("Hạn báo cáo"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def dates(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in DEADLINE_FIELDS}


class HintForm(forms.Form):
    target = forms.ChoiceField(label=_("Gửi tới"), choices=())
    text = forms.CharField(label=_("Nội dung gợi ý"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(
        self, *args: Any, targets: dict[str, list[tuple[str, str]]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        targets = targets or {}
        self.fields["target"].choices = [  # type: ignore[attr-defined]
            (_("Tổ chức đảng"), targets.get("unit", [])),
            (_("Tập thể lãnh đạo"), targets.get("body", [])),
            (_("Cá nhân lãnh đạo"), targets.get("member", [])),
        ]


def answers_from_post(form: forms_catalog.FormSpec, data: QueryDict) -> dict[str, Any]:
    """The posted fields (`I.1.text`, `I.1.grade`, `II.text`, `IV.<hint>`, `VII.level`,
    `header.<key>`, `score.general.<key>`, `score.tasks`, `score.note.<key>`) as the answers
    JSON; the service cleans it against the form."""
    answers: dict[str, Any] = {}
    for section in form.sections:
        if section.kind == "graded":
            answers[section.key] = {
                item.key: {
                    "text": data.get(f"{section.key}.{item.key}.text", ""),
                    "grade": data.get(f"{section.key}.{item.key}.grade", ""),
                }
                for item in section.items
            }
        elif section.kind == "text":
            answers[section.key] = {"text": data.get(f"{section.key}.text", "")}
        elif section.kind == "hints":
            prefix = f"{section.key}."
            answers[section.key] = {
                key[len(prefix) :]: value for key, value in data.items() if key.startswith(prefix)
            }
        elif section.kind == "level":
            answers[section.key] = {"level": data.get(f"{section.key}.level", "")}
    if form.header:
        answers["header"] = {
            key: data.get(f"header.{key}", "") for key, _label in forms_catalog.HEADER_FIELDS
        }
    if form.scored:
        answers["score"] = {
            "general": {
                item.key: data.get(f"score.general.{item.key}") == "1" for item in form.score_items
            },
            "tasks": data.get("score.tasks", ""),
            "notes": {
                item.key: data.get(f"score.note.{item.key}", "") for item in form.score_items
            },
        }
    return answers
