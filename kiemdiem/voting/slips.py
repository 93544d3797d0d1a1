"""The printed code slips of a secret ballot: a PDF of cut-out slips, each with its short code and
a QR code of the voting page's address with the code, in random order."""

from __future__ import annotations

from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Slip:
    code: str
    qr_svg: SafeString


def slips_for(codes: list[str], *, vote_url: str) -> list[Slip]:
    """`vote_url` is the absolute address of the code page; the QR code carries it with the code."""
    slips = []
    for code in codes:
        svg = segno.make(f"{vote_url}?code={code}", error="m").svg_inline(scale=3, border=2)
        # segno builds the SVG from the code alone: no user text reaches it.
        slips.append(Slip(code=code, qr_svg=mark_safe(svg)))  # noqa: S308
    return slips


def slips_pdf(*, title: str, unit_name: str, codes: list[str], vote_url: str) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    html = render_to_string(
        "voting/slips_pdf.html",
        {
            "title": title,
            "unit_name": unit_name,
            "slips": slips_for(codes, vote_url=vote_url),
            "vote_url": vote_url,
        },
    )
    return bytes(HTML(string=html).write_pdf())
