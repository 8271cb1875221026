"""Tables of contents: ``目录``, dot-leader entries, lines listing several ``第X篇:`` titles, ``正文``.

After a ``目录`` line, the entry lines that follow (a marker or a leader, short,
no sentence end) belong to it, until a line that is not an entry, an entry
repeated (the body has begun: its first heading), a line without the page number
the entries have, or a line ending in ``正文``.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportparse.markers.scan import SENTENCE_END, starts_with_marker
from reportparse.markers.table import match_marker
from reportparse.noise.spans import Masks, is_blank, keyword_lines
from reportparse.patterns import lazy
from reportparse.records import NoiseItem
from reportparse.source import SourceText

_HEAD = lazy(r"[ ]*(?:#{1,6}[ ]*)?(?:目[ ]*录|(?i:contents))[ ]*")
_BODY = lazy(r"[ ]*正[ ]*文[ ]*")
# A leader run is only tried from its first character, so a long run is scanned once.
_RUN = r"(?:(?<!\.)\.{4,}|(?<!…)…{3,}|(?<!·)·{4,}|(?<!-)-{6,}|(?<!_)_{6,}|(?<![.])\.(?:[ ]\.){3,})"
_LEADER = lazy(_RUN + r"[ ]*(?:\d{1,4}|(?<=[.…·_-]{10}))[ ]*$")
# Tried from the first space of a run only, likewise.
_TRAILING_BODY = lazy(r"(?<![ ])[ ]+正[ ]*文[ ]*$")
_PAGE_TAIL = lazy(r"(?<![ ])[ ]+\d{1,4}[ ]*$")  # 一、总体情况<TAB>3: a page number set off by space
# What a contents line holds somewhere: a head word, a leader, an article marker.
_KEYS = lazy(r"目[ ]*录|(?i:contents)|正[ ]*文|\.{4}|…{3}|·{4}|-{6}|_{6}|\.[ ]\.[ ]\.|篇")
_MAX_ENTRY = 60  # characters of an entry without its leader
_MAX_ENTRIES = 300
_MAX_LINE = 2000  # longer lines are never looked at as entries


def find_toc(src: SourceText, earlier: Sequence[NoiseItem] = ()) -> list[NoiseItem]:
    """Table-of-contents heads, entry lines and the ``正文`` that closes them."""
    masks = Masks(src, earlier)
    out: list[NoiseItem] = []
    resume = 1  # lines before this were taken as entries
    for n in keyword_lines(src, _KEYS, _MAX_LINE):
        if n < resume:
            continue
        view = _view(src, masks, n)
        if view is None:
            continue
        if _HEAD.fullmatch(view):
            out.extend(masks.rest(n, "toc"))
            resume = _entries_after(src, masks, n + 1, out)
        elif _BODY.fullmatch(view) or _is_leader_entry(view) or _articles(view) >= 2:
            out.extend(masks.rest(n, "toc"))
    return out


def _view(src: SourceText, masks: Masks, n: int) -> str | None:
    """Line ``n``'s view with earlier noise blanked, or None if blank or too long to be an entry."""
    if src.ends[n - 1] - src.starts[n - 1] > _MAX_LINE or is_blank(src, n):
        return None
    view = masks.view(n)
    return view if view.strip() else None


def _entries_after(src: SourceText, masks: Masks, n: int, out: list[NoiseItem]) -> int:
    """Take the entry lines from line ``n`` on; return the line to go on from."""
    seen: set[str] = set()
    entries = 0
    paged = False  # the entries end in page numbers
    while n <= src.line_count and entries < _MAX_ENTRIES:
        if is_blank(src, n) or (n in masks and not masks.view(n).strip()):
            n += 1
            continue
        view = _view(src, masks, n)
        if view is None:
            return n
        title = _LEADER.sub("", view)
        has_page = title != view or _PAGE_TAIL.search(view) is not None
        key = _PAGE_TAIL.sub("", title).replace(" ", "")
        closing = _TRAILING_BODY.search(view) is not None
        if key in seen or not _is_entry(view, key) or (paged and not has_page):
            return n
        if not entries:
            paged = has_page
        seen.add(key)
        out.extend(masks.rest(n, "toc"))
        entries += 1
        n += 1
        if closing:
            break
    return n


def _is_entry(view: str, key: str) -> bool:
    if _articles(view) >= 2 or _is_leader_entry(view):
        return True
    return starts_with_marker(view) and len(key) <= _MAX_ENTRY and not key.rstrip().endswith(
        tuple(SENTENCE_END)) and not any(p in key for p in "。!?")


def _is_leader_entry(view: str) -> bool:
    """A title, then a leader (and a page number): ``第一章 总则……3``."""
    if not _LEADER.search(view):
        return False
    title = _LEADER.sub("", view).strip()
    return 0 < len(title) <= _MAX_ENTRY


def _articles(view: str) -> int:
    """How many ``第X篇:`` titles the line lists."""
    count = 0
    pos = view.find("第")
    while pos >= 0:
        marker = match_marker(view, pos)
        if marker is not None and marker.family.id == "zh-part" and view[marker.end:].lstrip().startswith(":"):
            count += 1
        pos = view.find("第", pos + 1)
    return count
