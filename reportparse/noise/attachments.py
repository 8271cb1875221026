"""Attachment lists: ``附件：1、…`` and the numbered titles that follow it, one per line.

The list names the attachments printed later; like a table of contents it is
not part of the outline. It starts at ``附件：`` with entry 1 on the same line
or the next, and goes on while each line holds the next number and a short
title with no sentence end.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportparse.markers.table import match_marker
from reportparse.noise.spans import LINE_START, Masks, is_blank
from reportparse.patterns import lazy
from reportparse.records import NoiseItem
from reportparse.source import SourceText

_LABEL = lazy(LINE_START + r"[ ]*附[ ]?件[ ]*:[ ]*")
_MAX_TITLE = 60
_MAX_ENTRIES = 50


def find_attachment_lists(src: SourceText, earlier: Sequence[NoiseItem] = ()) -> list[NoiseItem]:
    """The lines of each attachment list."""
    masks = Masks(src, earlier)
    out: list[NoiseItem] = []
    for m in _LABEL.finditer(src.view, timeout=src.timeout):
        n = src.line_of(m.start())
        pos = m.end() - src.starts[n - 1]
        view = masks.view(n)
        if view[pos:].strip():
            lines = _entries(src, masks, n, pos)
        else:
            nxt = _next_nonblank(src, n + 1)
            lines = _entries(src, masks, nxt, 0) if nxt else []
            if lines:
                lines.insert(0, n)
        for line in lines:
            out.extend(masks.rest(line, "toc"))
    return out


def _entries(src: SourceText, masks: Masks, n: int, pos: int) -> list[int]:
    """Lines from ``n`` holding entries 1, 2, … (the first from column ``pos``)."""
    lines: list[int] = []
    expected = 1
    while n and len(lines) < _MAX_ENTRIES:
        view = masks.view(n)
        if not _is_entry(view, pos if not lines else _lead(view), expected):
            break
        lines.append(n)
        expected += 1
        n = _next_nonblank(src, n + 1)
    return lines


def _is_entry(view: str, pos: int, expected: int) -> bool:
    marker = match_marker(view, pos)
    if marker is None or marker.ordinal != expected or marker.family.id not in ("arabic", "zh-dun"):
        return False
    title = view[marker.end:].strip()
    return 0 < len(title) <= _MAX_TITLE and not any(p in title[:-1] for p in "。!?;") and ":" not in title


def _lead(view: str) -> int:
    return len(view) - len(view.lstrip(" "))


def _next_nonblank(src: SourceText, n: int) -> int:
    """The first non-blank line from ``n`` on, or 0."""
    while n <= src.line_count:
        if not is_blank(src, n):
            return n
        n += 1
    return 0
