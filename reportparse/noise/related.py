"""Lists of related-article titles: ``推荐相关文章：…``, ``【推荐阅读】…``, ``相关链接>>`` and the titles
under it (also a bare ``相关阅读`` alone on its line, with two titles or more under it),
and a line that only lists several article titles.

Under a related-list header, each following line that looks like a link (a short
title with no sentence end, or a link's address or id: one token of Latin letters,
digits and signs, no Han character and no space, such as ``https://…`` or ``item_0042:``)
belongs to the list, until the first line that does not. A title line is three or more titles
set apart by spaces, each ending in a genre word (报告, 总结, 方案, …).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportparse.markers.scan import starts_with_marker
from reportparse.noise.spans import Masks, is_blank, keyword_lines
from reportparse.patterns import lazy
from reportparse.records import NoiseItem
from reportparse.source import SourceText

_HEADER_WORD = (
    r"(?:推荐相关文章|相关文章推荐|相关(?:文章|阅读|报道|链接|附件|文档|新闻|推荐|专题|内容)|推荐(?:阅读|文章)"
    r"|延伸阅读|热门(?:文章|推荐)|猜你喜欢)"
)
# The header word with a colon or arrows after it, or in lenticular brackets (【推荐阅读】).
_HEADER = lazy(rf"{_HEADER_WORD}[ ]*(?::|>{{1,2}}|»)|【[ ]*{_HEADER_WORD}[ ]*】|(?P<word>{_HEADER_WORD})[ ]*(?![^\r\n])",
               keys=("相关", "推荐", "延伸阅读", "热门", "猜你喜欢"))
_MIN_BARE = 2  # titles under a header word that stands alone on its line, without a colon
_ADDRESS = lazy(r"[ ]*[!-~]{8,200}[ ]*")  # one ASCII token: a link's address or id
_GENRE = (
    "报告|总结|计划|方案|要点|汇报|讲话|发言|材料|心得|体会|范文|意见|通知|制度|办法|规定|细则|讲稿|致辞"
    "|简报|综述|调研|述职|述廉|规划|演讲稿|决定|决议|通报|公告|纪要"
)
_GENRE_KEYS = lazy(rf"(?:{_GENRE})[ ]")
_TITLE_LINE = lazy(
    rf"[ ]*[\p{{Han}}\w]{{1,40}}?(?:{_GENRE})(?:[ ]+[\p{{Han}}\w]{{1,40}}?(?:{_GENRE})){{2,}}[ ]*"
)
_MAX_TITLE = 60
_MAX_ENTRIES = 30
_MAX_LINE = 400


def find_related_lists(src: SourceText, earlier: Sequence[NoiseItem] = ()) -> list[NoiseItem]:
    """Related-list headers with their titles, and lines of titles."""
    masks = Masks(src, earlier)
    out: list[NoiseItem] = []
    done = 0  # lines up to here are in a list already
    for m in _HEADER.finditer(src.view, timeout=src.timeout):
        n = src.line_of(m.start())
        if n <= done or src.ends[n - 1] - src.starts[n - 1] > _MAX_LINE:
            continue
        view, col = masks.view(n), m.start() - src.starts[n - 1]
        if view[:col].strip():
            continue
        if m.group("word") is not None and (view[m.end() - src.starts[n - 1]:].strip()
                                             or len(_entries_after(src, masks, n)) < _MIN_BARE):
            continue  # a header word alone on its line heads a list only with titles under it
        out.extend(masks.rest(n, "boilerplate"))
        done = n
        if not view[m.end() - src.starts[n - 1]:].strip():
            for k in _entries_after(src, masks, n):
                out.extend(masks.rest(k, "boilerplate"))
                done = k
    for n in keyword_lines(src, _GENRE_KEYS, _MAX_LINE):
        view = masks.view(n)
        # A title line has a space after its first two genre words at least: count them first.
        if len(_GENRE_KEYS.findall(view)) >= 2 and _TITLE_LINE.fullmatch(view):
            out.extend(masks.rest(n, "boilerplate"))
    return out


def _entries_after(src: SourceText, masks: Masks, n: int) -> list[int]:
    """The link lines after the header on line ``n``."""
    lines: list[int] = []
    k = n + 1
    while k <= src.line_count and len(lines) < _MAX_ENTRIES:
        if is_blank(src, k):
            k += 1
            continue
        view = masks.view(k)
        if not view.strip():
            k += 1  # all taken as noise already: part of the page's furniture
            continue
        if not _is_link(view):
            break
        lines.append(k)
        k += 1
    return lines


def _is_link(view: str) -> bool:
    if _ADDRESS.fullmatch(view) or _HEADER.match(view.strip()):
        return True
    title = view.strip()
    return (0 < len(title) <= _MAX_TITLE and not starts_with_marker(view)
            and not any(p in title for p in "。!?;") and not title.endswith((":", ",")))
