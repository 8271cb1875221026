"""Page numbers: ``第 3 页 共 7 页`` and friends, anywhere; ``- 3 -``, ``3/7``, bare numbers as lines."""

from __future__ import annotations

import regex

from reportparse.model import NoiseItem
from reportparse.noise.spans import noise_item, whole_line
from reportparse.source import SourceText

# Glued anywhere inside a line.
_GLUED = regex.compile(
    r"第[ ]*\d{1,4}[ ]*页[ ]*[,/、]?[ ]*共[ ]*\d{1,4}[ ]*页"
    r"|共[ ]*\d{1,4}[ ]*页[ ]*[,/、]?[ ]*第[ ]*\d{1,4}[ ]*页"
    r"|\b[Pp]age[ ]+\d{1,4}[ ]+of[ ]+\d{1,4}\b"
)
# Only as a whole line.
_LINE = regex.compile(
    r"[ ]*(?:[-—–―][ ]*\d{1,4}[ ]*[-—–―]|\d{1,4}[ ]*/[ ]*\d{1,4}|第[ ]*\d{1,4}[ ]*页"
    r"|[Pp]age[ ]+\d{1,4}|[-—–―]{1,2}[ ]*\d{1,4}|\d{1,4}[ ]*[-—–―]{1,2})[ ]*"
)
_BARE = regex.compile(r"[ ]*(\d{1,4})[ ]*")


def find_page_footers(src: SourceText) -> list[NoiseItem]:
    """Page footers and headers that carry a page number."""
    out: list[NoiseItem] = []
    bare: list[tuple[int, int]] = []  # (line number, value) of lines that are just a number
    for n in range(1, src.line_count + 1):
        view = src.line_view(n)
        if _LINE.fullmatch(view):
            out.append(whole_line(src, n, "page_footer"))
            continue
        m = _BARE.fullmatch(view)
        if m:
            bare.append((n, int(m.group(1))))
            continue
        base = src.starts[n - 1]
        for g in _GLUED.finditer(view):
            out.append(noise_item(src, "page_footer", base + g.start(), base + g.end()))
    out.extend(whole_line(src, n, "page_footer") for n in _page_number_lines(bare))
    return out


def _page_number_lines(bare: list[tuple[int, int]]) -> list[int]:
    """Lines holding only a number that counts pages: a neighbour bare line is one more or less."""
    keep = []
    for i, (n, v) in enumerate(bare):
        prev_ok = i > 0 and bare[i - 1][1] in (v - 1, v - 2)
        next_ok = i + 1 < len(bare) and bare[i + 1][1] in (v + 1, v + 2)
        if prev_ok or next_ok:
            keep.append(n)
    return keep
