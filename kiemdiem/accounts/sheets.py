"""The sheet of new logins the office prints and hands out: one worksheet (and one printed page)
per cell, a row per member."""

from __future__ import annotations

from itertools import groupby

from django.utils.translation import gettext as _

from kiemdiem.accounts.services import IssuedLogin
from kiemdiem.documents.xlsx import XlsxSheet, render_xlsx

HEADERS = ("STT", "Họ và tên", "Số thẻ đảng viên", "Tên đăng nhập", "Mật khẩu một lần", "Ký nhận")


def by_cell(issued: list[IssuedLogin]) -> list[tuple[str, str, list[IssuedLogin]]]:
    """(cell code, cell name, its logins) in the order the service returned them."""
    return [
        (code, rows[0].cell_name, rows)
        for code, group in groupby(issued, key=lambda login: login.cell_code)
        for rows in [list(group)]
    ]


def _rows(logins: list[IssuedLogin]) -> tuple[tuple[str | int, ...], ...]:
    return tuple(
        (index, login.full_name, login.card_number, login.username, login.password, "")
        for index, login in enumerate(logins, start=1)
    )


def logins_xlsx(issued: list[IssuedLogin], *, unit_name: str) -> bytes:
    """A workbook: every new login first, then one worksheet per cell."""
    note = _("Mật khẩu chỉ dùng một lần: lần đăng nhập đầu tiên phải đổi mật khẩu mới.")
    sheets = [
        XlsxSheet(
            title=_("Tất cả"),
            heading=(_("Tài khoản đăng nhập mới · %(unit)s") % {"unit": unit_name}, note),
            headers=(*HEADERS[:2], _("Chi bộ"), *HEADERS[2:5]),
            rows=tuple(
                (
                    index,
                    login.full_name,
                    login.cell_name,
                    login.card_number,
                    login.username,
                    login.password,
                )
                for index, login in enumerate(issued, start=1)
            ),
        )
    ]
    used_titles: set[str] = set()
    for code, name, rows in by_cell(issued):
        title = code[:31]
        while title in used_titles:
            title = f"{title[:28]}-{len(used_titles)}"
        used_titles.add(title)
        sheets.append(
            XlsxSheet(title=title, heading=(name, note), headers=HEADERS, rows=_rows(rows))
        )
    return render_xlsx(sheets)
