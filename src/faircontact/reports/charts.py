"""Charts as accessible, server-rendered SVG: no scripts, no inline styles, the same markup in the browser and
in the PDF.

Each chart is ``role="img"`` named by its ``<title>`` and described by its ``<desc>``; the page puts a data table
with the same figures beside it, so nothing is only in the picture. Colours are from the GOV.UK palette and each
has at least 3:1 contrast against white (WCAG 2.2 §1.4.11); every bar carries its value as text.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "Arial, Liberation Sans, sans-serif"
PALETTE = ("#1d70b8", "#00703c", "#d4351c", "#4c2c92", "#505a5f", "#d53880", "#003078")
TEXT = "#0b0c0c"
GRID = "#b1b4b6"


@dataclass(frozen=True)
class Series:
    """One set of values; ``None`` draws no bar and writes ``labels[i]`` (e.g. "fewer than 10") instead."""

    name: str
    values: list[float | None]
    labels: list[str] | None = None
    colour: str | None = None

    def fill(self, index: int) -> str:
        return self.colour or PALETTE[index % len(PALETTE)]

    def label(self, i: int, unit: str = "") -> str:
        if self.labels is not None:
            return self.labels[i]
        value = self.values[i]
        return "" if value is None else f"{_number(value)}{unit}"


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _axis(values: list[float]) -> list[float]:
    """Five or so evenly spaced ticks from 0 covering the largest value; whole numbers for counts."""
    peak = max(values, default=0)
    if peak <= 0:
        return [0.0, 1.0]
    whole = all(float(v).is_integer() for v in values)
    raw = peak / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(
        m * magnitude
        for m in (1, 2, 2.5, 5, 10)
        if m * magnitude >= raw and not (whole and not float(m * magnitude).is_integer())
    )
    step = max(step, 1.0) if whole else step
    return [step * i for i in range(math.ceil(peak / step) + 1)]


def _text(x, y, content, *, anchor="start", size=12, weight="normal", fill=TEXT, extra="") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" font-weight="{weight}" '
        f'fill="{fill}" text-anchor="{anchor}"{extra}>{escape(content)}</text>'
    )


def _open(chart_id: str, title: str, desc: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fc-chart" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _legend(series: list[Series], left: float, right: float) -> tuple[list[str], float]:
    """A key of coloured squares, wrapped onto as many rows as it needs; returns its parts and height."""
    parts, x, y = [], left, 14.0
    for i, s in enumerate(series):
        item = 18 + 6.5 * len(s.name) + 18
        if x > left and x + item > right:
            x, y = left, y + 18
        parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{s.fill(i)}"/>')
        parts.append(_text(x + 18, y, s.name))
        x += item
    return parts, y + 12


def column_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    categories: list[str],
    series: list[Series],
    unit: str = "",
    width: int = 480,
    height: int = 260,
) -> SafeString:
    """Vertical bars, one group per category (e.g. per month), one colour per series."""
    left, right, bottom = 44, 8, 28
    legend, top = _legend(series, left, width - right) if len(series) > 1 else ([], 0.0)
    top += 12
    height += top
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = _axis([v for s in series for v in s.values if v is not None])
    ymax = ticks[-1]
    parts = _open(chart_id, title, desc, width, height) + legend
    for tick in ticks:
        y = top + plot_h - plot_h * tick / ymax
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(left - 6, y + 4, _number(tick) + unit, anchor="end", size=11))
    slot = plot_w / max(len(categories), 1)
    bar_w = min(28.0, slot * 0.8 / len(series))
    every = max(1, math.ceil(len(categories) * 48 / plot_w))
    for i, category in enumerate(categories):
        x0 = left + slot * i + (slot - bar_w * len(series)) / 2
        for j, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            h = plot_h * value / ymax
            x, y = x0 + bar_w * j, top + plot_h - h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" fill="{s.fill(j)}"/>')
            if value and slot >= 24 * len(series):
                parts.append(_text(x + (bar_w - 1) / 2, y - 3, s.label(i, unit), anchor="middle", size=10))
        if i % every == 0:
            parts.append(_text(left + slot * (i + 0.5), height - bottom + 16, category, anchor="middle", size=11))
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="{TEXT}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    categories: list[str],
    series: list[Series],
    unit: str = "",
    width: int = 480,
    label_width: int = 200,
) -> SafeString:
    """Horizontal bars, one row per category, one bar per series; a withheld value is written, not drawn."""
    bar_h = 16 if len(categories) * len(series) <= 16 else 12
    gap = bar_h * 3 // 4
    legend, top = _legend(series, label_width, width - 8) if len(series) > 1 else ([], 0.0)
    top += 6
    size = 12 if bar_h > 12 else 11
    # a long category is wrapped onto lines of its own, never cut short ("Black or Black British: Caribbean")
    wrapped = [textwrap.wrap(category, max(8, label_width // 7)) or [""] for category in categories]
    rows = [max(bar_h * len(series), (size + 2) * len(lines)) + gap for lines in wrapped]
    height = top + sum(rows) + 6
    plot_w = width - label_width - 80
    xmax = _axis([v for s in series for v in s.values if v is not None])[-1]
    parts = _open(chart_id, title, desc, width, height) + legend
    y0 = top
    for i, lines in enumerate(wrapped):
        first = y0 + bar_h * len(series) / 2 + 3 - (size + 2) * (len(lines) - 1) / 2
        spans = "".join(
            f'<tspan x="{label_width - 8}" dy="{0 if n == 0 else size + 2}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(
            f'<text x="{label_width - 8}" y="{max(first, y0 + size):.1f}" font-family="{FONT}" font-size="{size}" '
            f'font-weight="normal" fill="{TEXT}" text-anchor="end">{spans}</text>'
        )
        for j, s in enumerate(series):
            y = y0 + bar_h * j
            value = s.values[i]
            w = 0 if value is None else plot_w * value / xmax
            if w:
                parts.append(
                    f'<rect x="{label_width}" y="{y:.1f}" width="{w:.1f}" height="{bar_h - 2}" fill="{s.fill(j)}"/>'
                )
            parts.append(_text(label_width + w + 5, y + bar_h - 4, s.label(i, unit), size=11 if bar_h > 12 else 10))
        y0 += rows[i]
    parts.append(
        f'<line x1="{label_width}" x2="{label_width}" y1="{top - 4}" y2="{height - 4}" stroke="{TEXT}" '
        f'stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))
