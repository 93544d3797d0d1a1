"""Render a `PartyDocument` to PDF with WeasyPrint, from an HTML template with the DOCX layout.

Fed only dataclasses; charts are inline pygal SVG (no scripts).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from kiemdiem.documents import charts
from kiemdiem.documents.model import Chart, Heading, NumberedItem, Paragraph, PartyDocument, Table


@dataclass(frozen=True)
class _HtmlBlock:
    kind: str
    block: object
    svg: SafeString | None = None


def _blocks(doc: PartyDocument) -> list[_HtmlBlock]:
    kinds = {Heading: "heading", Paragraph: "paragraph", NumberedItem: "item", Table: "table"}
    out = []
    for block in doc.blocks:
        if isinstance(block, Chart):
            # pygal output is generated here from numbers and escaped labels, never user HTML.
            svg = mark_safe(charts.chart_svg(block))  # noqa: S308
            out.append(_HtmlBlock("chart", block, svg))
        else:
            out.append(_HtmlBlock(kinds[type(block)], block))
    return out


def render_html(doc: PartyDocument) -> str:
    """The print HTML of the document (also useful as a preview)."""
    return render_to_string("documents/party_document.html", {"doc": doc, "blocks": _blocks(doc)})


def render_pdf(doc: PartyDocument) -> bytes:
    """The document as PDF bytes."""
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    return bytes(HTML(string=render_html(doc)).write_pdf())
