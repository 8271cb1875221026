"""Tables of contents: ``目录``, dot-leader entries, lines listing several ``第X篇:`` titles, ``正文``."""

from __future__ import annotations

import regex

from reportparse.model import NoiseItem
from reportparse.noise.spans import noise_item, whole_line
from reportparse.source import SourceText

_HEAD = regex.compile(r"[ ]*目[ ]*录[ ]*|[ ]*正[ ]*文[ ]*|[ ]*contents[ ]*", regex.IGNORECASE)
_LEADER = regex.compile(r"(?:\.{4,}|…{2,}|·{4,}|-{6,}|_{6,})[ ]*\d{0,4}[ ]*$")
_ARTICLE = regex.compile(r"第[ ]*[一二三四五六七八九十百\d]{1,4}[ ]*篇[ ]*[:]")
_TRAILING_BODY = regex.compile(r"[ ]+正文[ ]*$")


def find_toc(src: SourceText) -> list[NoiseItem]:
    """Table-of-contents lines."""
    out: list[NoiseItem] = []
    for n in range(1, src.line_count + 1):
        view = src.line_view(n)
        if not view.strip():
            continue
        if _HEAD.fullmatch(view) or (_LEADER.search(view) and len(view.strip()) < 120):
            out.append(whole_line(src, n, "toc"))
        elif len(_ARTICLE.findall(view)) >= 2:
            out.append(whole_line(src, n, "toc"))
        else:
            m = _TRAILING_BODY.search(view)
            if m and _ARTICLE.search(view):
                base = src.starts[n - 1]
                out.append(noise_item(src, "toc", base + m.start(), base + m.end()))
    return out
