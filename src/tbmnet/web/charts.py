"""Charts as inline SVG: no script, no CDN, readable without colour (each bar is labelled
with its value, and carries a tooltip)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#2b6cb0", "#b7791f", "#805ad5", "#c53030", "#2f855a", "#975a16", "#4a5568",
           "#2c7a7b")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str = ""


def bar_chart(title: str, bars: Sequence[Bar], *, chart_id: str,
              value_text: Callable[[float], str] = lambda v: f"{v:g}",
              width: int = 520, label_width: int = 170) -> SafeString:
    """Horizontal bars, longest for the largest value; labels and title are escaped."""
    row, value_room = 26, 90
    top = max([float(b.value) for b in bars] + [1.0])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
             f'height="{row * len(bars) + 10}" aria-labelledby="{chart_id}-title" '
             f'id="{chart_id}"><title id="{chart_id}-title">{escape(title)}</title>']
    for i, bar in enumerate(bars):
        y = 5 + i * row
        length = int((width - label_width - value_room) * float(bar.value) / top)
        label, value = escape(str(bar.label)), escape(value_text(bar.value))
        colour = bar.colour or PALETTE[i % len(PALETTE)]
        parts.append(f'<text x="0" y="{y + 16}" font-size="13">{label}</text>'
                     f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="18" '
                     f'fill="{colour}"><title>{label}: {value}</title></rect>'
                     f'<text x="{label_width + length + 6}" y="{y + 16}" font-size="13">'
                     f'{value}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text part above is escaped
