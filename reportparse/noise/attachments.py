"""Attachment lists that work as contents: ``附件：1、…`` and the numbered titles under it,
where every attachment it names is printed later in the document.

Such a list, like a table of contents, repeats titles that come again (``附件1：…``
or ``附件1`` and the title on the next line), so removing it loses nothing. A list
of attachments not printed here is content (the guideline's traps: body text, not
headings) and stays. The list starts at ``附件：`` with entry 1 on the same line or
the next, and goes on while each line holds the next number and a short title with
no sentence end.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportparse.markers.table import match_marker
from reportparse.noise.spans import LINE_START, Masks, next_nonblank
from reportparse.patterns import lazy
from reportparse.records import NoiseItem
from reportparse.source import SourceText

_LABEL = lazy(LINE_START + r"[ ]*附[ ]?件[ ]*:[ ]*", keys="附")
# The opening of a printed attachment: 附件1：title, 附件一 title, or 附件2 alone (the title follows).
_PRINTED = lazy(r"[ ]*附[ ]?件[ ]*(?:[0-9]{1,3}|[一二三四五六七八九十]{1,3})(?![0-9一二三四五六七八九十])[ ]*[:.、]?[ ]*")
_MAX_TITLE = 60
_MAX_ENTRIES = 50


def find_attachment_lists(src: SourceText, earlier: Sequence[NoiseItem] = ()) -> list[NoiseItem]:
    """The lines of each attachment list."""
    masks = Masks(src, earlier)
    out: list[NoiseItem] = []
    for m in _LABEL.finditer(src.view, timeout=src.timeout):
        n = src.line_of(m.start())
        pos = m.end() - src.starts[n - 1]
        view = masks.view(n)
        if view[pos:].strip():
            lines = _entries(src, masks, n, pos)
        else:
            nxt = next_nonblank(src, n)
            lines = _entries(src, masks, nxt, 0) if nxt else []
            if lines:
                lines.insert(0, n)
        if not lines or not _all_printed(src, masks, lines, pos):
            continue
        for line in lines:
            out.extend(masks.rest(line, "toc"))
    return out


def _entries(src: SourceText, masks: Masks, n: int, pos: int) -> list[int]:
    """Lines from ``n`` holding entries 1, 2, … (the first from column ``pos``)."""
    lines: list[int] = []
    expected = 1
    while n and len(lines) < _MAX_ENTRIES:
        view = masks.view(n)
        if not _is_entry(view, pos if not lines else _lead(view), expected):
            break
        lines.append(n)
        expected += 1
        n = next_nonblank(src, n)
    return lines


def _all_printed(src: SourceText, masks: Masks, lines: list[int], pos: int) -> bool:
    """Whether the attachments that list ``lines`` names come again, in order, after it."""
    titles = []
    for i, n in enumerate(lines):
        view = masks.view(n)
        marker = match_marker(view, pos if i == 0 else _lead(view))
        if marker is not None:  # the label line alone holds no entry
            titles.append(_key(view[marker.end:]))
    printed = iter(_printed_titles(src, lines[-1] + 1))
    return bool(titles) and all(any(title in keys for keys in printed) for title in titles)


def _printed_titles(src: SourceText, n: int) -> list[set[str]]:
    """The titles of the attachments printed from line ``n`` on, each as the forms it may be
    listed by: the title after ``附件1：``, or for ``附件2`` alone on its line the line after
    it, and a title set on two lines (the issuer, then ``关于…的决定``) by either line or both."""
    out = []
    while n <= src.line_count:
        view = src.line_view(n)
        m = _PRINTED.match(view)
        if m is not None:
            rest = view[m.end():]
            if rest.strip():
                out.append({_key(rest)})
            else:
                first = next_nonblank(src, n)
                second = next_nonblank(src, first) if first else 0
                one = _key(src.line_view(first)) if first else ""
                two = _key(src.line_view(second)) if second else ""
                out.append({one, two, one + two})
        n += 1
    return out


def _key(title: str) -> str:
    return title.strip().rstrip("。.;；").replace(" ", "")


def _is_entry(view: str, pos: int, expected: int) -> bool:
    marker = match_marker(view, pos)
    if marker is None or marker.ordinal != expected or marker.family.id not in ("arabic", "zh-dun"):
        return False
    title = view[marker.end:].strip()
    return 0 < len(title) <= _MAX_TITLE and not any(p in title[:-1] for p in "。!?;") and ":" not in title


def _lead(view: str) -> int:
    return len(view) - len(view.lstrip(" "))


