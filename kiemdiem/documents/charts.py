"""Chart rendering for documents and pages: pygal SVG (inline, no JavaScript) and a PNG for DOCX.

DOCX cannot hold SVG, so the same bars are drawn with Pillow for Word files.
"""

from __future__ import annotations

import io
import re

import pygal
from PIL import Image, ImageDraw, ImageFont
from pygal.style import Style

from kiemdiem.documents.model import Chart

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
COLOURS = ("#b71c1c", "#1565c0", "#2e7d32", "#f9a825", "#6a1b9a", "#455a64")
FONT_FILES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
)


def chart_svg(chart: Chart, *, width: int = 720, height: int = 360) -> str:
    """An inline SVG (no XML declaration, no scripts) for HTML pages and WeasyPrint."""
    style = Style(
        font_family="'Times New Roman', 'Liberation Serif', serif",
        colors=COLOURS,
        background="white",
        plot_background="white",
        title_font_size=22,
        label_font_size=16,
        major_label_font_size=16,
        legend_font_size=16,
        value_font_size=16,
    )
    bar = pygal.Bar(
        width=width,
        height=height,
        style=style,
        js=[],
        disable_xml_declaration=True,
        title=chart.title,
        legend_at_bottom=True,
        print_values=True,
        explicit_size=True,
    )
    bar.x_labels = list(chart.labels)
    for series in chart.series:
        bar.add(series.name, list(series.values))
    # pygal always writes an inline config <script>; without its (CDN) tooltip code it is dead
    # weight, and pages must run no script outside the vendored htmx.
    return SCRIPT.sub("", str(bar.render(is_unicode=True)))


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_FILES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def chart_png(chart: Chart, *, width: int = 1400, height: int = 700) -> bytes:
    """The same grouped bars as a PNG, for DOCX."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    title_font, label_font = _font(34), _font(24)
    draw.text((width // 2, 20), chart.title, fill="black", font=title_font, anchor="mt")
    left, right, top, bottom = 90, width - 30, 90, height - 130
    peak = max((v for s in chart.series for v in s.values), default=0) or 1
    draw.line((left, top, left, bottom), fill="black", width=2)
    draw.line((left, bottom, right, bottom), fill="black", width=2)
    groups = max(len(chart.labels), 1)
    group_width = (right - left) / groups
    bar_width = group_width * 0.8 / max(len(chart.series), 1)
    for g, label in enumerate(chart.labels):
        x0 = left + g * group_width + group_width * 0.1
        for s, series in enumerate(chart.series):
            value = series.values[g] if g < len(series.values) else 0
            h = (bottom - top) * value / peak
            x = x0 + s * bar_width
            draw.rectangle(
                (x, bottom - h, x + bar_width - 4, bottom), fill=COLOURS[s % len(COLOURS)]
            )
            draw.text(
                (x + bar_width / 2, bottom - h - 4),
                f"{value:g}",
                fill="black",
                font=label_font,
                anchor="mb",
            )
        draw.text(
            (left + (g + 0.5) * group_width, bottom + 10),
            label,
            fill="black",
            font=label_font,
            anchor="ma",
        )
    x = left
    for s, series in enumerate(chart.series):
        draw.rectangle((x, height - 50, x + 24, height - 26), fill=COLOURS[s % len(COLOURS)])
        draw.text((x + 32, height - 38), series.name, fill="black", font=label_font, anchor="lm")
        x += 60 + int(draw.textlength(series.name, font=label_font))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
