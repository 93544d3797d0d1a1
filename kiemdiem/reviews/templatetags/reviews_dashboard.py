"""The dashboard's table body: one row per unit, built with `format_html` in one pass.

A whole tree has thousands of rows; the template engine resolving a dozen variables per row took
most of the page's time at 100,000 members (bench/campaign_open.py), so the rows are rendered
here, with the same escaping, and the template keeps the table around them.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kiemdiem.reviews.selectors import COUNT_KEYS, DashboardRow

register = template.Library()
_SHOWN = list(COUNT_KEYS)


@register.simple_tag
def dashboard_rows(rows: list[DashboardRow], levels: int) -> SafeString:
    late_badge = format_html(' <span class="badge badge-error">{}</span>', _("Trễ hạn"))
    empty = SafeString("")
    return format_html_join(
        "\n",
        '<tr class="{}"><td class="rv-depth-{}"><a href="?unit={}&amp;levels={}">{}</a></td>'
        + '<td class="num">{}</td>' * len(_SHOWN)
        + "<td>{}{}</td></tr>",
        (
            (
                "rv-late" if row.late else "",
                row.depth,
                row.unit.pk,
                levels,
                row.unit.name,
                *(row.counts[key] for key in _SHOWN),
                row.deadline.strftime("%d/%m/%Y") if row.deadline else "—",
                late_badge if row.late else empty,
            )
            for row in rows
        ),
    )
