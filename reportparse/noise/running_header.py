"""Running headers: a short line (the title, a unit name) repeated at page boundaries.

A line counts when it recurs verbatim at least three times and most of its
occurrences sit at a page break: next to a page number (within two non-blank lines),
within two non-blank lines of a form feed (the page break a PDF-to-text converter
writes), or at the document's opening. A line repeated with a bare number beside every
occurrence (the first may lack one), the numbers rising, is a running header even where
the numbers skip pages (an excerpt): those numbers are page numbers too. Then all its
occurrences go: a page whose number
was lost keeps its header. Lines that repeat away from page breaks (table rows,
``各位代表！``) stay. The first line of the document stays too where body text follows
it: it is the title, and only its repetitions are furniture.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence

from reportparse.markers.scan import SENTENCE_END
from reportparse.markers.table import match_marker
from reportparse.noise.spans import collect, whole_line
from reportparse.records import NoiseItem
from reportparse.source import SourceText

_MIN_REPEATS = 3
_MIN_LEN, _MAX_LEN = 4, 60
_REACH = 2  # non-blank lines between a header and its page number


def find_running_headers(src: SourceText, earlier: Sequence[NoiseItem] = ()) -> list[NoiseItem]:
    """Short lines that recur at page boundaries and are not headings."""
    page_lines = {n.line for n in earlier if n.kind == "page_footer"}
    footers = page_lines  # lines an earlier page number holds: an item there would be dropped
    feeds = _form_feed_lines(src)
    bare = _bare_numbers(src)
    if not page_lines and not feeds and not bare:
        return []
    nonblank: list[int] = []  # line numbers of non-blank lines, in order
    seen: dict[str, list[int]] = defaultdict(list)  # key -> indexes into nonblank
    blank, view = src.blank_lines, src.view
    for n, a, b in zip(range(1, src.line_count + 1), src.starts, src.ends, strict=False):  # the last start may open no line
        if n in blank:
            continue
        nonblank.append(n)
        if b - a > 4 * _MAX_LEN:
            continue
        key = view[a:b].strip()
        if _MIN_LEN <= len(key) <= _MAX_LEN:
            seen[key].append(len(nonblank) - 1)
    near = _near(_page_edges(nonblank, feeds), itself=True) | _near(_indexes(nonblank, page_lines), itself=False)
    out = []
    for key, where in seen.items():
        if len(where) < _MIN_REPEATS or _is_content(key):
            continue
        at_break = sum(1 for i in where if i == 0 or i in near)  # the document's opening is a break too
        numbers = _rising_numbers_beside(where, nonblank, bare) if 2 * at_break < len(where) else []
        if numbers and nonblank[-1] in bare and bare[nonblank[-1]] > bare[numbers[-1]]:
            numbers.append(nonblank[-1])  # the last page's number, with no page after it to head
        if numbers:
            out.extend(whole_line(src, n, "page_footer") for n in numbers if n not in page_lines)
            page_lines = page_lines | set(numbers)
            near |= _near(_indexes(nonblank, numbers), itself=False)
            at_break = len(where)
        if at_break >= 2 and 2 * at_break >= len(where):
            out.extend(whole_line(src, nonblank[i], "running_header") for i in where
                       if nonblank[i] not in footers and not _is_title(src, i, nonblank, page_lines))
    return collect(out)


def _bare_numbers(src: SourceText) -> dict[int, int]:
    """Lines that hold a number of one to four digits and nothing else: line -> value."""
    out: dict[int, int] = {}
    view = src.view
    for n, a, b in zip(range(1, src.line_count + 1), src.starts, src.ends, strict=False):  # the last start may open no line
        if b - a > 8:
            continue
        key = view[a:b].strip()
        if key.isascii() and key.isdigit() and len(key) <= 4:
            out[n] = int(key)
    return out


def _rising_numbers_beside(where: list[int], nonblank: list[int], bare: dict[int, int]) -> list[int]:
    """The bare-number lines next to (within two non-blank lines of) each occurrence of a repeated
    line, where every occurrence but the first has one and their values rise: page numbers beside a
    running header, even where pages between were lost (a number that does not run on by one)."""
    found: list[int] = []
    for k, i in enumerate(where):
        lo, hi = max(0, i - _REACH), min(len(nonblank), i + _REACH + 1)
        near = [nonblank[j] for j in range(lo, hi)
                if j != i and nonblank[j] in bare and (not found or nonblank[j] > found[-1])]
        if not near:
            if k == 0:
                continue  # the first page (a cover) often has no number
            return []
        line = min(near, key=lambda n: abs(n - nonblank[i]))
        if found and bare[line] <= bare[found[-1]]:
            return []
        found.append(line)
    return found if len(found) >= _MIN_REPEATS else []


_PROSE_MARKS = frozenset(SENTENCE_END + ",，")  # a line with these is body text, not a cover's


def _is_title(src: SourceText, i: int, nonblank: list[int], page_lines: set[int]) -> bool:
    """Whether occurrence ``i`` is the document's first line with body text right after it
    (a sentence: not a page number, a heading or a line of a cover page)."""
    if i != 0 or len(nonblank) < 2 or nonblank[1] in page_lines:
        return False
    nxt = src.line_view(nonblank[1]).strip()
    if match_marker(nxt, 0) is not None:
        return False
    return nxt.endswith(":") or any(ch in _PROSE_MARKS for ch in nxt)  # 各位代表： opens the body


def _indexes(nonblank: list[int], lines: Iterable[int]) -> list[int]:
    """Indexes into ``nonblank`` of those of ``lines`` that are in it."""
    found = ((n, bisect.bisect_left(nonblank, n)) for n in lines)
    return [i for n, i in found if i < len(nonblank) and nonblank[i] == n]


def _near(indexes: Iterable[int], *, itself: bool) -> set[int]:
    """Indexes within :data:`_REACH` of one of ``indexes``, and that one too if ``itself``
    (next to a page edge; a line next to a page number is not the number's own line)."""
    return {i + d for i in indexes for d in range(-_REACH, _REACH + 1) if d or itself}


def _form_feed_lines(src: SourceText) -> list[int]:
    """Numbers of the lines that hold a form feed, in order."""
    text, out, pos = src.text, [], 0
    while (pos := text.find("\f", pos)) >= 0:
        n = src.line_of(pos)
        if not out or out[-1] != n:
            out.append(n)
        pos += 1
    return out


def _page_edges(nonblank: list[int], feeds: list[int]) -> set[int]:
    """Indexes into ``nonblank`` of the last line before each form feed and the first at or after it."""
    edges: set[int] = set()
    for n in feeds:
        i = bisect.bisect_left(nonblank, n)  # the first non-blank line at or after the feed
        if i < len(nonblank):
            edges.add(i)
        if i > 0:
            edges.add(i - 1)
    return edges


def _is_content(key: str) -> bool:
    return match_marker(key, 0) is not None or key.endswith((*SENTENCE_END, ":"))
