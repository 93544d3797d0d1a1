"""Forms of accounts, with Vietnamese errors on the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("Mật khẩu mới"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password_again = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("Hai lần nhập mật khẩu mới không giống nhau."))
        return data


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"), max_length=100, help_text=_("Ví dụ: bao-cao-hang-thang")
    )


class LoginsCreateForm(forms.Form):
    output = forms.ChoiceField(
        label=_("Nhận danh sách"),
        choices=[("print", _("Trang in, mỗi chi bộ một trang")), ("xlsx", _("Tệp Excel (.xlsx)"))],
        initial="print",
    )


class GrantForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    role = forms.ChoiceField(
        label=_("Vai trò"),
        choices=[
            ("cell_secretary", _("Bí thư chi bộ")),
            ("committee_office", _("Văn phòng cấp ủy")),
        ],
    )
