"""Content-site notices: ``以下是小编整理的…希望对大家有所帮助``, ``以下是为大家整理的…``, repost,
takedown (``如有侵权请联系删除``) and copyright notices,
site registration lines, previous/next links, and pieces cut from inside a line.

A notice is its whole line; inside a long line (a document run into one line)
only the sentence holding it goes. Short copyright lines go, and short lines with a
site's registration number (``京ICP备…号``, ``公网安备…号``, ``网站标识码…``) or a short
call to visit (``推荐访问…``); a sentence that merely mentions a source or copyright does not.
Pieces: a bracketed call to read on (``(请继续关注…)``, ``(未完待续)``), a bracketed link
label cut short with dots (``(点此展开..)``), and a title field (``文章标题:``) whose value
repeats the title just before it.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from reportparse.markers.scan import SENTENCE_END
from reportparse.noise.spans import ANY, collect, keyword_lines, noise_item, whole_line
from reportparse.patterns import lazy
from reportparse.records import NoiseItem
from reportparse.source import SourceText

# Phrases that only a content site's own notices use: its editor, its wishes for the reader, the
# text it serves (以下是为大家整理的…), reposts and takedown offers (本文来自网络，如有侵权请联系删除).
_READER = r"(?:大家|您|你们?|各位)"
_NOTICE = lazy(
    r"小编|希望(?:能)?对(?:大家|您|你)有所帮助|本文来[自源]" + ANY + r"{0,60}?转载|转载请(?:务必)?(?:保留|注明)"
    r"|欢迎(?:访问|光临)本[站网]|请继续关注"
    rf"|(?:以下|下面|下文|本文|本篇|这篇)(?:就)?是?(?:本站|本网|我们|编者)?(?:为|给|帮){_READER}(?:精心)?"
    r"(?:整理|收集|搜集|精选|汇编|分享|推荐)(?:的|了)"
    r"|本文(?:内容|图片)?(?:来自|来源于|转自|源自|摘自)(?:网络|互联网)"
    r"|侵权[^。\r\n]{0,3}?(?:请|敬请)?(?:及时)?(?:与|和)?(?:我们|本站|本网|站长|作者|管理员)?联系"
    r"(?:我们|本站|本网|站长|作者|管理员)?(?:予以|进行)?删除|侵删",
    keys=("小编", "转载", "欢迎", "请继续关注", "大家", "您", "你", "各位", "网", "侵"),
)
# Lines that are a notice when short: copyright, a site's registration numbers, previous/next
# article links, "more at …", a call to visit.
_SHORT_KEYS = lazy(
    r"版权所有(?![人者权])|(?i:copyright)|©|(?i:icp)[备证]|公网安备|网站标识码|上一篇[ ]*:|下一篇[ ]*:|更多|推荐访问",
    keys=("版权所有", "y", "Y", "©", "备", "证", "公网安备", "网站标识码", "上一篇", "下一篇", "更多", "推荐访问"),
)
_SHORT_STARTS = ("版权所有", "©", "公网安备", "网站标识码", "上一篇", "下一篇", "更多", "推荐访问")  # and any-case copyright, icp
_REGISTRATION = (
    r"(?i:icp)[备证][ ]*:?[ ]*\d{4,}号?|公网安备[ ]*:?[ ]*\d{6,}号?|网站标识码[ ]*:?[ ]*[A-Za-z0-9]{6,}"
)
_SHORT = lazy(
    r"[ ]*(?:.{0,30}?(?:版权所有|(?i:copyright)|©)|[^。\r\n]{0,60}?(?:" + _REGISTRATION + r")"
    r"|上一篇[ ]*:|下一篇[ ]*:|更多.{0,12}?请(?:访问|关注|登录)).*"
    r"|[^。,;!?\r\n]{0,10}?推荐访问[^。,;!?\r\n]{0,20}",
    regex.DOTALL,
)
_SHORT_MAX = 150
# Pieces cut from inside a line: a call to read on, a link label cut short with dots.
_PIECE = lazy(r"\([ ]*(?:请继续|请关注|未完待续|更多精彩)[^()\r\n]{0,20}\)|\([ ]*\p{Han}{1,12}[ ]*\.{2,}[ ]*\)",
              keys=("请继续", "请关注", "未完待续", "更多精彩", ".."))
# A title field: cut when its value repeats the title just before it (the page's header, run in).
_TITLE_FIELD = lazy(r"(?:文章)?标题[ ]*:", keys=("标题",))
_TITLE_VALUE = lazy(r"[ ]*([^ \r\n]{2,40})")
_LONG_LINE = 400
_SENTENCE_REACH = 200


def find_boilerplate(src: SourceText, earlier: Sequence[NoiseItem] = ()) -> list[NoiseItem]:
    """Notice lines (or sentences, in long lines), short copyright lines and notice pieces."""
    view = src.view
    out: list[NoiseItem | None] = []
    for m in _NOTICE.finditer(view, timeout=src.timeout):
        n = src.line_of(m.start())
        start, end = src.starts[n - 1], src.ends[n - 1]
        if end - start <= _LONG_LINE:
            out.append(noise_item(src, "boilerplate", start, end))
        else:
            out.append(_sentence_around(src, m.start(), m.end(), start, end))
    for n in keyword_lines(src, _SHORT_KEYS, _SHORT_MAX, _SHORT_STARTS, ("copyright", "icp")):
        if _SHORT.fullmatch(view, src.starts[n - 1], src.ends[n - 1]):
            out.append(whole_line(src, n, "boilerplate"))
    out.extend(noise_item(src, "boilerplate", m.start(), m.end()) for m in _PIECE.finditer(view, timeout=src.timeout))
    out.extend(_title_fields(src))
    return collect(out)


def _title_fields(src: SourceText) -> list[NoiseItem | None]:
    """Title-field labels whose value repeats the title right before them (on the line, or the line above)."""
    view = src.view
    out: list[NoiseItem | None] = []
    for m in _TITLE_FIELD.finditer(view, timeout=src.timeout):
        n = src.line_of(m.start())
        value = _TITLE_VALUE.match(view, m.end(), src.ends[n - 1])
        if value is None:
            continue
        before = view[src.starts[n - 1]:m.start()].strip()
        if not before and n > 1:
            before = src.line_view(n - 1).strip()
        if before.endswith(value.group(1)):
            out.append(noise_item(src, "boilerplate", m.start(), m.end()))
    return out


def _sentence_around(src: SourceText, a: int, b: int, start: int, end: int) -> NoiseItem | None:
    """The sentence of line ``[start, end)`` that holds ``[a, b)``, or None if it runs too long."""
    view = src.view
    lo = a
    while lo > start and view[lo - 1] not in SENTENCE_END:
        if a - lo >= _SENTENCE_REACH:
            return None
        lo -= 1
    hi = b
    while hi < end and view[hi] not in SENTENCE_END:
        if hi - b >= _SENTENCE_REACH:
            return None
        hi += 1
    return noise_item(src, "boilerplate", lo, min(hi + 1, end))
