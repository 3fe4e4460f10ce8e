"""Plain-text tables for the terminal (no dependency).

Right-to-left text (Arabic) is wrapped in a first-strong isolate (U+2068 ... U+2069), so a
terminal that applies the bidi algorithm keeps each cell's words in reading order without
reordering the neighbouring columns; widths are counted in display columns (combining marks
and direction controls take none, wide characters two).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from newscrawl.normalize.arabic import BIDI_CONTROLS, has_arabic

_ISOLATE_START, _ISOLATE_END = "\u2068", "\u2069"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if ch in BIDI_CONTROLS or unicodedata.combining(ch) or ch == "\u200b":
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def isolate(text: str) -> str:
    """``text`` in a direction isolate when it holds right-to-left script, else unchanged."""
    return f"{_ISOLATE_START}{text}{_ISOLATE_END}" if has_arabic(text) else text


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def render_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    cells = [[_cell(row.get(col)) for col in columns] for row in rows]
    widths = [
        max([len(col)] + [display_width(r[i]) for r in cells]) for i, col in enumerate(columns)
    ]
    lines = ["  ".join(col.ljust(w) for col, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(line.rstrip() for line in lines)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return isolate(str(value))
