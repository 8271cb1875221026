"""A web page's article metadata: publication timestamps, source and date lines, editor credits.

- A short line naming the source (``来源：``, not ``资料来源：``) next to a date or a web
  address is the page's byline.
- Above the first line of running text or below the last one (so that a meeting's
  ``时间：…`` or a table's ``来源：国家统计局`` stays): a line that is only a date with a
  clock time (a publication stamp), and field lines (``来源：…``, ``时间：…``, ``作者：…``,
  or several on one line: ``发布时间：… 浏览次数：…``).
  A field left empty has its value on the next line.
- ``责任编辑：…`` (or ``（责任编辑：…）``, ``【责任编辑：…】``) anywhere, its value or closing bracket maybe on the next line.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportparse.noise.spans import (
    LINE_END,
    LINE_START,
    Masks,
    collect,
    keyword_lines,
    line_start,
    next_nonblank,
    noise_item,
    whole_line,
)
from reportparse.patterns import lazy
from reportparse.records import NoiseItem
from reportparse.source import SourceText

_DATE = r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"
_STAMP = line_start(
    r"[ ]*(?:(?:发布)?(?:时间|日期):[ ]*)?" + _DATE
    + r"[ ]*\d{1,2}(?::\d{1,2}(?::\d{1,2})?|时\d{1,2}分(?:\d{1,2}秒)?)[ ]*" + LINE_END,
    keys=":时",
)
_SOURCE = lazy(r"(?<!\p{Han})来源[ ]*:", keys=("来源",))
_BYLINE_MAX = 100
_BYLINE_CUE = lazy(rf"{_DATE}|www\.|\.com|\.cn")
_FIELD_NAME = (r"(?:来源|稿源|时间|发布时间|发布日期|更新时间|作者|编辑|发布者|浏览(?:次数|量)?|点击(?:次数|数|量)?"
               r"|阅读(?:次数|量)|访问(?:次数|量))")
_FIELD_VALUE = r"(?:[^\r\n。,;:]|(?<=\d):(?=\d))"  # a clock time's colon is part of a value
# One field or several on a line (发布时间：… 浏览次数：…); a value ends where the next field starts.
_FIELD = lazy(
    LINE_START + rf"[ ]*(?:{_FIELD_NAME}[ ]*:[ ]*(?P<value>{_FIELD_VALUE}{{0,30}}?)[ ]*)+" + LINE_END,
    # the end of a field name, and the colon or a space before it
    keys=tuple(end + after for end in "源间期者辑览数量击" for after in ": "),
)
# An editor credit in round or square brackets: （责任编辑：…）, 【责任编辑：…】, [责任编辑：…].
_EDITOR = lazy(LINE_START + r"[ ]*(?P<open>[(【\[])?[ ]*责任编辑[ ]*:(?P<value>[^)】\]\r\n]{0,20})(?P<close>[)】\]])?[ ]*"
               + LINE_END, keys=("责任编辑",))
_EDITOR_PIECE = lazy(r"[(【\[][ ]*责任编辑[ ]*:[^)】\]\r\n]{0,30}[)】\]]", keys=("责任编辑",))
_CLOSE = lazy(r"[ ]*[)】\]][ ]*")
_PROSE_MIN = 30  # characters of a line of running text
_VALUE_MAX = 12  # characters of a value on its own line


def find_page_meta(src: SourceText, earlier: Sequence[NoiseItem] = ()) -> list[NoiseItem]:
    """Stamps, bylines, field lines above or below the running text, and editor credits."""
    view = src.view
    out: list[NoiseItem | None] = []
    out.extend(noise_item(src, "boilerplate", m.start(), m.end()) for m in _EDITOR_PIECE.finditer(view, timeout=src.timeout))
    for n in keyword_lines(src, _SOURCE, _BYLINE_MAX):
        if _BYLINE_CUE.search(view, src.starts[n - 1], src.ends[n - 1]):
            out.append(whole_line(src, n, "boilerplate"))
    first, last = _prose_bounds(src, Masks(src, earlier))
    for m in _STAMP.scan(src):
        if not first <= src.line_of(m.start()) <= last:
            out.append(noise_item(src, "boilerplate", m.start(), m.end()))
    for m in _FIELD.finditer(view, timeout=src.timeout):
        n = src.line_of(m.start())
        if first <= n <= last:
            continue
        out.append(whole_line(src, n, "boilerplate"))
        if not m.group("value").strip():
            out.append(_value_line(src, n))
    for m in _EDITOR.finditer(view, timeout=src.timeout):
        n = src.line_of(m.start())
        out.append(whole_line(src, n, "boilerplate"))
        if m.group("open") and not m.group("close"):
            nxt = next_nonblank(src, n)
            if nxt and _CLOSE.fullmatch(src.line_view(nxt)):
                out.append(whole_line(src, nxt, "boilerplate"))
        elif not m.group("value").strip():
            out.append(_value_line(src, n))
    return collect(out)


def _value_line(src: SourceText, n: int) -> NoiseItem | None:
    """The next non-blank line after ``n`` if it is short enough to be a field's value."""
    nxt = next_nonblank(src, n)
    if not nxt:
        return None
    value = src.line_view(nxt).strip()
    if len(value) > _VALUE_MAX or any(p in value for p in "。,;:!?"):
        return None
    return whole_line(src, nxt, "boilerplate")


def _prose_bounds(src: SourceText, masks: Masks) -> tuple[int, int]:
    """First and last lines of running text (0, -1 if none), judged without the noise found before
    (a page count glued to a short line does not make it running text)."""
    first = 0
    for n in range(1, src.line_count + 1):
        if _is_prose(src, masks, n):
            first = n
            break
    if not first:
        return 0, -1
    for n in range(src.line_count, first - 1, -1):
        if _is_prose(src, masks, n):
            return first, n
    return first, first


def _is_prose(src: SourceText, masks: Masks, n: int) -> bool:
    start, end = src.starts[n - 1], src.ends[n - 1]
    if end - start < _PROSE_MIN:
        return False
    view = masks.view(n)[:400] if n in masks else src.view[start:min(end, start + 400)]
    return len(view.strip()) >= _PROSE_MIN and ("。" in view or "," in view)


