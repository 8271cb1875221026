"""Tables of contents: ``目录``, dot-leader entries, lines listing several ``第X篇:`` titles, ``正文``.

After a ``目录`` line, the entry lines that follow (a marker or a leader, short,
no sentence end) belong to it, until a line that is not an entry, an entry
repeated (the body has begun: its first heading), a line without the page number
the entries have, or a line ending in ``正文``.

Without a label, contents are known by their shape: a block of short entry lines
with no body between them whose entries come again later, in order, as the
body's headings. An entry is seen through its layout: indentation, Markdown marks,
bullets, bold and link syntax (``* [第一节 总则](#第一节-总则)``). Three entries make such a
block, or two where each is a link to an anchor on the page (``[第一章 总则](#a)``): plain
lines are not taken as contents on two alone. Lines next to a block, labelled or not, that
are each a link to an anchor on the page belong to it, with or without a marker.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from reportparse.markers.scan import SENTENCE_END, starts_with_marker
from reportparse.markers.table import match_marker, plain_han
from reportparse.noise.spans import Masks, is_blank, keyword_lines, next_nonblank
from reportparse.patterns import lazy
from reportparse.records import NoiseItem
from reportparse.source import SourceText

_HEAD = lazy(r"[ ]*(?:#{1,6}[ ]*)?[*_]{0,3}[ ]*(?:目[ ]*录|(?i:contents))[ ]*[*_]{0,3}[ ]*")
# Layout around an entry's words: indentation, Markdown marks, bullets, bold, a link's brackets.
_ENTRY_LEAD = lazy(r"[ ]*(?:#{1,6}[ ]*)?(?:[-*+•·][ ]+)?(?:\*\*|__)?[ ]*")
_LINK = lazy(r"\[([^\]]{1,80})\]\([^)]*\)[ ]*", keys=("](",))
_ANCHOR_LINK = lazy(r"\[[^\]]{1,80}\]\(#[^)]*\)[ *_]*", keys=("](#",))  # a link to a place on the same page
_BODY = lazy(r"[ ]*正[ ]*文[ ]*", keys="正")
# A leader run is only tried from its first character, so a long run is scanned once.
# A short run (…… or an OCR-broken . .) only where a page number ends the line after it.
_RUN = (r"(?:(?<!\.)\.{4,}|(?<!…)…{3,}|(?<!·)·{4,}|(?<!-)-{6,}|(?<!_)_{6,}|(?<![.])\.(?:[ ]\.){3,}"
        r"|(?:(?<!…)…{2}|(?<![.\d])\.[ ]\.)(?=[ ]*\d{1,4}[ ]*$))")
_LEADER = lazy(_RUN + r"[ ]*(?:\d{1,4}|(?<=[.…·_-]{10}))[ ]*$",
               keys=("....", "……", "····", "------", "______", ". ."))
_LEADER_CHAR = lazy(r"[.…·_-]")  # what every leader run is made of: a line without one has no leader
# Tried from the first space of a run only, likewise.
_TRAILING_BODY = lazy(r"(?<![ ])[ ]+正[ ]*文[ ]*$", keys="正")
_PAGE_TAIL = lazy(r"(?<![ ])[ ]+\d{1,4}[ ]*$")  # 一、总体情况<TAB>3: a page number set off by space
# What every match of _KEYS begins with (keyword_lines' starts, and folded: in any case).
_KEY_STARTS = ("目", "正", "....", "……", "····", "------", "______", ". .", "篇")
_KEY_FOLDED = ("contents",)
# What a contents line holds somewhere: a head word, a leader, an article marker
# (keys: the starts, and for ``contents`` in any case its n or N).
_KEYS = lazy(r"目[ ]*录|(?i:contents)|正[ ]*文|\.{4}|…{3}|·{4}|-{6}|_{6}|\.[ ]\.[ ]\.|篇",
             keys=(*_KEY_STARTS, "n", "N"))
_MAX_ENTRY = 60  # characters of an entry without its leader
_MAX_ENTRIES = 300
_MAX_LINE = 2000  # longer lines are never looked at as entries


def find_toc(src: SourceText, earlier: Sequence[NoiseItem] = ()) -> list[NoiseItem]:
    """Table-of-contents heads, entry lines and the ``正文`` that closes them."""
    masks = Masks(src, earlier, every_line=True)  # the contents' shape is looked for on every line
    out: list[NoiseItem] = []
    resume = 1  # lines before this were taken as entries
    for n in keyword_lines(src, _KEYS, _MAX_LINE, _KEY_STARTS, _KEY_FOLDED):
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
    taken = {item.line for item in out}
    for n in _shaped_contents(src, masks, taken):
        out.extend(masks.rest(n, "toc"))
    for n in _linked_neighbours(src, masks, {item.line for item in out}):
        out.extend(masks.rest(n, "toc"))
    return sorted(out, key=lambda item: item.span.start)


def _linked_neighbours(src: SourceText, masks: Masks, lines: set[int]) -> list[int]:
    """Lines next to a contents block (blank lines between allowed) that are each a link to
    an anchor on the page with a short text: its entries too, marker or not
    (``- [某某条例](#某某条例)`` above the ``[第一章 总则](#…)`` entries of that rule)."""
    found: list[int] = []
    todo = sorted(lines)
    seen = set(lines)
    while todo:
        n = todo.pop()
        for step in (-1, 1):
            m = next_nonblank(src, n, step)
            if not m or m in seen:
                continue
            view = _view(src, masks, m)
            if view is None or len(view) > _ENTRY_LINE_MAX or not _is_anchor_link(view):
                continue
            if not _is_short_title(entry_text(view).replace(" ", "")):
                continue
            seen.add(m)
            found.append(m)
            todo.append(m)
    return found


_MIN_BLOCK = 3  # entries a contents block without a label has at least
_MIN_LINKED = 2  # the same, where every entry links to an anchor on the page
_MIN_FOUND = 0.6  # share of its entries that must come again later as headings


def _shaped_contents(src: SourceText, masks: Masks, taken: set[int]) -> list[int]:
    """Lines of contents blocks without a label: runs of entry lines (blank lines between
    them allowed) whose entries come again later, in order, each with body text after it."""
    lines: list[tuple[int, str | None]] = []  # (line, entry key or None for a body line)
    heads: dict[str, list[int]] = {}  # heading key -> the lines that start with it, in order
    long_lines: list[tuple[int, str]] = []  # too long for an entry, maybe a heading with its body
    runs: list[tuple[list[tuple[int, str]], int]] = []  # (its entries, how many must come again)
    run: list[tuple[int, str]] = []
    linked: set[int] = set()  # entry lines that link to an anchor on the page
    keys: set[str] = set()
    count = src.line_count
    entry_keys: dict[str, tuple[str | None, str | None, bool]] = {}  # _entry_key of each line text seen
    blank, starts, ends, src_view, cuts = src.blank_lines, src.starts, src.ends, src.view, masks.cuts
    for n in range(1, count + 2):
        key = None
        if n <= count:
            if n in taken or n in blank:
                continue
            # _view(src, masks, n), without its calls: this runs on every line
            a, b = starts[n - 1], ends[n - 1]
            view = None if b - a > _MAX_LINE else masks.view(n) if n in cuts else src_view[a:b]
            if view is not None and not view.strip():
                view = None
            if view is None or len(view) > _ENTRY_LINE_MAX:
                if view is not None:
                    long_lines.append((n, view))
                lines.append((n, None))
            else:
                found = entry_keys.get(view)
                if found is None:
                    found = entry_keys[view] = _entry_key(view)
                head, key, is_linked = found
                if head is not None:
                    heads.setdefault(head, []).append(n)
                if is_linked:
                    linked.add(n)
                lines.append((n, key))
        if key is not None and key not in keys:
            run.append((n, key))
            keys.add(key)
            continue
        if key is None and not run:  # a body line with no run open (``keys`` is empty too)
            continue
        # a body line, or an entry repeated (the body has begun with its first heading)
        least = _MIN_LINKED if all(k in linked for k, _ in run) else _MIN_BLOCK
        if len(run) >= least:
            runs.append((run, least))
        run = [(n, key)] if key is not None else []
        keys = {key} if key is not None else set()
    if not runs:
        return []
    wanted = {key for r, _ in runs for _, key in r}
    for n, view in long_lines:
        if (head := _heading_key(entry_text(view[:_ENTRY_LINE_MAX]))) in wanted:
            heads.setdefault(head, []).append(n)
            heads[head].sort()
    return [n for r, least in runs if _listed_later(r, heads, lines, least) for n, _ in r]


_ENTRY_LINE_MAX = 160  # a longer line is never an entry (a leader entry is the longest kind)


def _entry_key(view: str) -> tuple[str | None, str | None, bool]:
    """A short line's heading key (its marker and title, spaces dropped) if it starts with a
    marker; the same key again if the line is a contents entry (else None); and whether it is
    an entry that links to an anchor on the page."""
    if plain_han(view.lstrip(" ")[:1]):  # cheap: a line of prose
        return None, None, False
    text = entry_text(view)
    if not text or not starts_with_marker(text):
        return None, None, False
    words = _PAGE_TAIL.sub("", _LEADER.sub("", text) if _LEADER_CHAR.search(text) else text)
    key = _heading_key(words)
    if not (_is_short_title(words.replace(" ", "")) or _is_leader_entry(text)):
        return key, None, False
    return key, key, _is_anchor_link(view)


_KEY_END = lazy(r"[。!?;:,，]")


def _heading_key(text: str) -> str:
    """A heading line's marker and title, spaces dropped: what a contents entry lists of it."""
    end = _KEY_END.search(text)
    return (text[:end.start()] if end else text).replace(" ", "")


def _is_anchor_link(view: str) -> bool:
    """Whether an entry line is a link to an anchor on the page (``* [一、总则](#x)``), nothing else."""
    lead = _ENTRY_LEAD.match(view)
    return _ANCHOR_LINK.fullmatch(view, lead.end() if lead else 0) is not None


def _listed_later(run: list[tuple[int, str]], heads: dict[str, list[int]],
                  lines: list[tuple[int, str | None]], least: int) -> bool:
    """Whether ``least`` and enough of the entries of ``run`` come again after it, in order, as
    headings with body after them."""
    after = run[-1][0]
    found: list[int] = []
    for _, key in run:
        at = heads.get(key, ())
        i = bisect.bisect_right(at, after)
        if i < len(at):
            after = at[i]
            found.append(after)
    if len(found) < max(least, _MIN_FOUND * len(run)):
        return False
    # the body between the first and the last of them: text, not another list of entries
    lo = bisect.bisect_right(lines, found[0], key=_line_number)
    hi = bisect.bisect_left(lines, found[-1], key=_line_number)
    # (a chapter and its first section may stand with no text between them: half will do)
    body = sum(1 for _, key in lines[lo:hi] if key is None)
    return body >= max(1, (len(found) - 1) // 2)


def _line_number(line: tuple[int, str | None]) -> int:
    return line[0]


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
        view = entry_text(view)
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


def entry_text(view: str) -> str:
    """An entry line's words: its layout and link syntax dropped (``* [一、总则](#x)`` is ``一、总则``)."""
    lead = _ENTRY_LEAD.match(view)
    rest = view[lead.end():] if lead else view
    link = _LINK.match(rest)
    if link:
        rest = link.group(1) + rest[link.end():]
    return rest.rstrip(" *_")


def _is_entry(view: str, key: str) -> bool:
    if _articles(view) >= 2 or _is_leader_entry(view):
        return True
    return starts_with_marker(view) and _is_short_title(key)


def _is_short_title(key: str) -> bool:
    """Whether an entry's words (after its marker) are short and hold no sentence end."""
    return len(key) <= _MAX_ENTRY and not key.rstrip().endswith(tuple(SENTENCE_END)) and not any(
        p in key for p in "。!?")


def _is_leader_entry(view: str) -> bool:
    """A title, then a leader (and a page number): ``第一章 总则……3``."""
    if not _LEADER_CHAR.search(view) or not _LEADER.search(view):
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
