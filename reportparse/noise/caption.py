"""Photo captions of news pages: one to three sentences ending in a photographer's or
reporter's credit (``新华社记者 张三 摄``, ``本报记者 李四``, ``王五 摄``). A credit
without 摄 names its outlet (报, 社, 台, 网, …) and sets the name apart with a space,
so that a wrapped line ending ``…当过记者多年`` is not one.

A caption is a line of its own, or the start of a line where a page was run into
one line (then it opens with a date, ``3月5日，``, and its credit ends in 摄).
A line repeating a caption's sentences without the credit is that caption again.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportparse.noise.spans import LINE_START, collect, keyword_lines, noise_item, whole_line
from reportparse.patterns import lazy
from reportparse.records import NoiseItem
from reportparse.source import SourceText

_NAME = r"[\p{Han}·]{1,4}"
_NAMES = rf"{_NAME}(?:[ ]+{_NAME}){{0,3}}"
_BY = r"[\p{Han}·]{0,12}?(?:记者|通讯员|摄影)[ ]*"
# A credit without 摄 names its outlet and sets the name apart: 本报记者 张三.
_OUTLET_BY = r"[\p{Han}·]{0,12}?(?:报|社|台|网|视|媒体)(?:记者|通讯员)[ ]+"
_CREDIT = rf"(?:{_BY}{_NAMES}[ ]*摄|{_OUTLET_BY}{_NAMES}|{_NAME}[ ]+摄影?)"
_SENTENCES = r"(?:[^。\r\n]{1,150}。){1,3}"
_KEYS = lazy(r"记者|通讯员|摄", keys=("记者", "通讯员", "摄"))
_LINE = lazy(rf"[ ]*(?P<cap>{_SENTENCES})[ ]*{_CREDIT}[ ]*")
_LINE_MAX = 500
_GLUED = lazy(
    LINE_START + r"[ ]*(?P<cap>\d{1,2}月\d{1,2}日,[^。\r\n]{0,150}。(?:[^。\r\n]{0,150}。)?)[ ]*"
    rf"(?:{_BY}{_NAMES}[ ]*摄|{_NAME}[ ]+摄)(?=[ ])",
    keys="摄",
)
_MAX_ECHO = 300


def find_captions(src: SourceText, earlier: Sequence[NoiseItem] = ()) -> list[NoiseItem]:
    """Captions with their credits, and lines that repeat a caption without it."""
    out: list[NoiseItem | None] = []
    captions: set[str] = set()
    found = [_LINE.fullmatch(src.view, src.starts[n - 1], src.ends[n - 1]) for n in keyword_lines(src, _KEYS, _LINE_MAX, ("记者", "通讯员", "摄"))]
    found.extend(_GLUED.finditer(src.view, timeout=src.timeout))
    for m in found:
        if m is not None:
            out.append(noise_item(src, "boilerplate", m.start("cap"), m.end()))
            captions.add(m.group("cap").replace(" ", ""))
    if captions:
        for n in range(1, src.line_count + 1):
            if src.ends[n - 1] - src.starts[n - 1] <= _MAX_ECHO and src.line_view(n).replace(" ", "") in captions:
                out.append(whole_line(src, n, "boilerplate"))
    return collect(out)
