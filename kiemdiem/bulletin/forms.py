"""Forms of the news editing pages: they check shape only; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kiemdiem.bulletin.models import PhotoKind


class PostForm(forms.Form):
    """A post's fields. The choices (units, categories, conferences) come from selectors."""

    unit = forms.TypedChoiceField(label=_("Đơn vị đăng tin"), coerce=int)
    category = forms.TypedChoiceField(label=_("Chuyên mục"), coerce=int)
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    lead = forms.CharField(
        label=_("Sapo (đoạn dẫn)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "HTML đơn giản: đoạn văn <p>, in đậm, in nghiêng, danh sách, trích dẫn, tiêu đề "
            "nhỏ, liên kết. Các thẻ khác bị loại bỏ khi lưu."
        ),
    )
    author = forms.CharField(label=_("Tin"), max_length=120, required=False)
    photographer = forms.CharField(label=_("Ảnh"), max_length=120, required=False)
    conference = forms.TypedChoiceField(
        label=_("Hội nghị kiểm điểm liên quan"), coerce=int, required=False, empty_value=None
    )
    published_at = forms.DateTimeField(
        label=_("Ngày đăng"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Để trống: ngày đăng là lúc bấm «Đăng tin». Ngày sau này: hẹn giờ đăng."),
    )
    cover = forms.FileField(label=_("Ảnh đại diện"), required=False)
    cover_caption = forms.CharField(label=_("Chú thích ảnh"), max_length=500, required=False)

    def __init__(
        self,
        *args: Any,
        units: list[tuple[int, str]],
        categories: list[tuple[int, str]],
        conferences: list[tuple[int, str]],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        self.fields["category"].choices = categories  # type: ignore[attr-defined]
        self.fields["conference"].choices = [("", "—"), *conferences]  # type: ignore[attr-defined]
        if editing:
            # The unit of a post does not change; photos are managed beside the form.
            for name in ("unit", "cover", "cover_caption"):
                del self.fields[name]


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Tệp ảnh"))
    caption = forms.CharField(label=_("Chú thích"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Loại ảnh"), choices=PhotoKind.choices, initial="inline")
    after_paragraph = forms.IntegerField(
        label=_("Đặt sau đoạn văn số"),
        min_value=0,
        initial=0,
        required=False,
        help_text=_("0: cuối bài."),
    )


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the field it names (or on the form)."""
    for error in exc.error_list:
        params = error.params or {}
        field = params.get("field")
        message = error.message % params if params else error.message
        form.add_error(field if field in form.fields else None, str(message))
