"""Content-site notices: ``以下是小编整理的…希望对大家有所帮助``, repost and copyright notices,
site ads, previous/next links, ``(推荐打开..)`` and ``文章标题:`` pieces.

A notice is its whole line; inside a long line (a document run into one line)
only the sentence holding it goes. Short copyright lines go; a sentence that
merely mentions a source or copyright does not.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from reportparse.markers.scan import SENTENCE_END
from reportparse.noise.spans import ANY, collect, keyword_lines, noise_item, whole_line
from reportparse.patterns import lazy
from reportparse.records import NoiseItem
from reportparse.source import SourceText

# Phrases that only a content site's own notices use.
_NOTICE = lazy(
    r"小编|希望(?:能)?对(?:大家|您|你)有所帮助|本文来[自源]" + ANY + r"{0,60}?转载|转载请(?:务必)?(?:保留|注明)"
    r"|欢迎(?:访问|光临)本[站网]|推荐访问|请继续关注"
)
# Lines that are a notice when short: copyright, previous/next article links, "more at …".
_SHORT_KEYS = lazy(r"版权所有(?![人者权])|(?i:copyright)|©|上一篇[ ]*:|下一篇[ ]*:|更多")
_SHORT = lazy(
    r"[ ]*(?:.{0,30}?(?:版权所有|(?i:copyright)|©)|上一篇[ ]*:|下一篇[ ]*:|更多.{0,12}?请(?:访问|关注|登录)).*",
    regex.DOTALL,
)
_SHORT_MAX = 150
# Pieces cut from inside a line.
_PIECE = lazy(
    r"\([ ]*(?:推荐打开|请继续|请关注|未完待续|更多精彩)[^()\r\n]{0,20}\)|文章标题[ ]*:"
)
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
    for n in keyword_lines(src, _SHORT_KEYS, _SHORT_MAX):
        if _SHORT.fullmatch(view, src.starts[n - 1], src.ends[n - 1]):
            out.append(whole_line(src, n, "boilerplate"))
    out.extend(noise_item(src, "boilerplate", m.start(), m.end()) for m in _PIECE.finditer(view, timeout=src.timeout))
    return collect(out)


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
