"""Cut noise out of the lines and rejoin sentences that a page break split.

A page break is a page footer or running header with nothing but space or other
noise beside it on its line (or a footer glued inside a line). When the text
before a break does not end a sentence and the text after it does not start a
heading, the two halves become one line, without the indentation of the second.
A line of boilerplate or contents between them means the text was cut, not
split: no join then. Hard-wrapped text (a PDF dump) is joined the same way where
a line fills the wrap width and the next one is not indented.
Space next to a removed page number inside a line goes with it (``媒 1 体`` →
``媒体``), except that space between two Latin words is kept once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportparse.markers.scan import CLOSING, SENTENCE_END, starts_with_marker
from reportparse.markers.table import match_marker
from reportparse.patterns import lazy
from reportparse.records import NoiseItem
from reportparse.source import LAYOUT, SourceText, TextLine, is_layout_text, splits_at_lf

#: Noise kinds that mark a page boundary.
PAGE_BREAK_KINDS = frozenset({"page_footer", "running_header"})
#: Noise kinds that, filling a line of their own, end the text before them: no join across them.
_BARRIER_KINDS = frozenset({"boilerplate", "toc"})
_HEADING_MAX = 40  # a heading line no longer than this, with no pause in it, is complete
_PAUSES = SENTENCE_END + ",、:"
# The end of a list-literal table row: closing quote, empty cells, bracket.
_ROW_END = lazy(r"""['"](?:[ ]*,[ ]*(?:''|""))*[ ]*\]$""")


def clean_lines(src: SourceText, noise: list[NoiseItem]) -> list[TextLine]:
    """Non-blank content lines with ``noise`` removed; a sentence cut by a page break is one line."""
    by_line: dict[int, list[NoiseItem]] = {}
    for item in noise:
        for n in range(src.line_of(item.span.start), src.line_of(max(item.span.start, item.span.end - 1)) + 1):
            by_line.setdefault(n, []).append(item)
    wrap = wrap_width(src)
    out: list[TextLine] = []
    first: TextLine | None = None  # the open line, before any join
    full = False  # the last physical line filled the wrap width: a hard wrap may follow
    pieces: list[tuple[int, int]] = []  # the open line's pieces, joins included (made at its first join)
    joined = False  # until then, its pieces are first.pieces
    barrier = False  # a line of boilerplate since the open line
    break_pending = False
    blank = src.blank_lines
    for n in range(1, src.line_count + 1):
        items = by_line.get(n)
        if items is None and n in blank and is_layout_text(src.text[src.starts[n - 1]:src.ends[n - 1]]):
            full = False  # a blank line parts paragraphs (the is_blank branch below, without a TextLine)
            continue
        if items:
            cut, break_before, break_after = _cut(src, n, items)
            line = TextLine.from_pieces(src, n, cut)
        else:
            break_before = break_after = False
            line = TextLine.one_piece(src, n, src.starts[n - 1], src.ends[n - 1])
        if line.is_blank():
            break_pending = break_pending or break_before or break_after
            barrier = barrier or any(item.kind in _BARRIER_KINDS for item in items or ())
            full = full and items is not None  # a blank line parts paragraphs; a removed one does not
            continue
        page_break = break_pending or break_before
        # An indented line opens a paragraph; a marker split after its bracket is mended later.
        # A number alone on a line after a full one is a page number, not the sentence going on.
        head = pieces if joined else first.pieces if first is not None else ()
        wrapped = (full and not line.view.startswith(" ") and _last_char(src, head) not in _OPENERS
                   and not _PAGE_NUMBER.fullmatch(line.view))
        if (page_break or wrapped) and not barrier and first is not None and _joinable(
                src, first, joined, head, line):
            if not joined:
                pieces = list(first.pieces)
            _join(src, pieces, list(line.pieces))
            joined = True
        else:
            if first is not None:
                out.append(TextLine.from_pieces(src, first.number, pieces) if joined else first)
            first, joined = line, False
        break_pending, barrier = break_after, False
        full = wrap is not None and _width(line.text.rstrip()) >= wrap
    if first is not None:
        out.append(TextLine.from_pieces(src, first.number, pieces) if joined else first)
    return out


_OPENERS = "(〔[“‘「『《"
_WRAP_SHARE = 0.3  # hard-wrapped text: this share of its lines fills the wrap width
_WRAP_MIN_LINES = 6
_WRAP_OPEN_SHARE = 0.6  # and at least this share of the full lines stops mid-sentence
_WRAP_MIN_WIDTH = 30
# A full line may fall short of the peak by a tenth of it, at least four columns: justification
# moves a character or three (no closing quote may open a line, punctuation is set narrow).
# A join still needs an open end before it.
_WRAP_SLACK_MIN = 4
_WRAP_SLACK_SHARE = 10
_PAGE_NUMBER = lazy(r"[ ]*\d{1,4}[ ]*")


# One column each: ASCII letters, digits, space; the rest counts twice. These are the other
# ASCII characters, dropped from a line's ASCII to count its narrow ones.
_WIDE_ASCII = bytes(b for b in range(128) if not (chr(b) == " " or chr(b).isalnum()))


def _width(s: str) -> int:
    """Display width as typeset: one column for an ASCII letter, digit or space, two for anything
    else (punctuation too: a dump may have made ``，`` into ``,``, but it was set full width)."""
    return 2 * len(s) - len(s.encode("ascii", "ignore").translate(None, _WIDE_ASCII))


_WIDE_BUT_LF = _WIDE_ASCII.replace(b"\n", b"")


def _widths(texts: list[str]) -> list[int]:
    """:func:`_width` of each of ``texts`` (none of which holds a ``\n``), from one encoding of them all."""
    if not texts:
        return []
    narrow = "\n".join(texts).encode("ascii", "ignore").translate(None, _WIDE_BUT_LF).split(b"\n")
    return [2 * len(text) - len(ascii_) for text, ascii_ in zip(texts, narrow, strict=True)]


def wrap_width(src: SourceText) -> int | None:
    """The display width at which the text was hard-wrapped (PDF dumps), or None if it was not.

    Hard-wrapped text has a peak of line widths just under its wrap width, and most of
    its full lines stop mid-sentence (text whose paragraphs are merely of a size ends
    them with punctuation); the width returned is where a line counts as full.
    """
    # (width, last character on the view) of each non-blank line; the lines themselves are not kept
    count = src.line_count
    if not splits_at_lf(src.text):
        texts = [src.line(n) for n in range(1, count + 1)]
        views = [src.line_view(n) for n in range(1, count + 1)]
    else:  # the same lines, by one split each (a \r left at the end goes with the rstrip)
        texts, views = src.text.split("\n")[:count], src.view.split("\n")[:count]
    widths = _widths(list(map(str.rstrip, texts)))
    lines = [(width, view[-1]) for width, view in zip(widths, map(str.rstrip, views), strict=True) if view]
    widths = [w for w, _ in lines]
    if len(widths) < _WRAP_MIN_LINES:
        return None
    counts = Counter(widths)
    best = max(counts, key=lambda w: (sum(counts.get(w - k, 0) for k in range(3)), w))
    full = sum(counts.get(best - k, 0) for k in range(3))
    if best < _WRAP_MIN_WIDTH or full < _WRAP_MIN_LINES or full < _WRAP_SHARE * len(widths):
        return None
    open_ends = sum(1 for w, last in lines if best - 2 <= w <= best and last not in CLOSING)
    if open_ends < _WRAP_OPEN_SHARE * full:
        return None
    return best - max(_WRAP_SLACK_MIN, best // _WRAP_SLACK_SHARE)


def _cut(src: SourceText, n: int, items: list[NoiseItem]) -> tuple[list[tuple[int, int]], bool, bool]:
    """Line ``n``'s kept pieces, whether a page break opens it, and whether one closes it."""
    start, end = src.starts[n - 1], src.ends[n - 1]
    view = src.view
    pieces: list[tuple[int, int]] = []
    pos = start
    text_before = False  # content kept so far on this line
    break_before = False
    text_after_break: bool | None = None  # None: no page break on the line yet
    for item in sorted(items, key=lambda i: i.span.start):
        a, b = max(item.span.start, start), min(item.span.end, end)
        is_break = item.kind in PAGE_BREAK_KINDS
        if a > pos:
            keep_end = a
            if is_break:  # space before a page break goes, unless it parts two Latin words
                k = _skip_space_left(src, pos, a)
                if k == pos or not view[k - 1].isascii():
                    keep_end = k
            if _has_text(view, pos, keep_end):
                text_before = True
                if text_after_break is not None:
                    text_after_break = True
            pieces.append((pos, keep_end))
        if is_break:
            if not text_before:
                break_before = True
            text_after_break = False
        spaced_left = a == start or view[a - 1] == " " or (pieces and pieces[-1][1] < a)
        pos = max(pos, b)
        if is_break or spaced_left:
            pos = _skip_space_right(src, pos, end)
    if pos < end:
        if _has_text(view, pos, end) and text_after_break is not None:
            text_after_break = True
        pieces.append((pos, end))
    return pieces, break_before, text_after_break is False


def _skip_space_left(src: SourceText, lo: int, i: int) -> int:
    """``i`` moved left over layout space (never into an escaped token), not past ``lo``."""
    while i > lo and src.view[i - 1] == " " and src.text[i - 1] in LAYOUT:
        i -= 1
    return i


def _skip_space_right(src: SourceText, i: int, hi: int) -> int:
    """``i`` moved right over layout space (never into an escaped token), not past ``hi``."""
    while i < hi and src.view[i] == " " and src.text[i] in LAYOUT:
        i += 1
    return i


def _has_text(view: str, a: int, b: int) -> bool:
    return b > a and not view[a:b].isspace()


def _join(src: SourceText, head: list[tuple[int, int]], tail: list[tuple[int, int]]) -> None:
    """Append ``tail`` to ``head`` in place, without the space between them."""
    while head:
        a, b = head[-1]
        b2 = _skip_space_left(src, a, b)
        if b2 > a:
            head[-1] = (a, b2)
            break
        head.pop()
    while tail:
        a, b = tail[0]
        a2 = _skip_space_right(src, a, b)
        if a2 < b:
            tail[0] = (a2, b)
            break
        tail.pop(0)
    head.extend(tail)


def _joinable(src: SourceText, first: TextLine, joined: bool, head: Sequence[tuple[int, int]], after: TextLine) -> bool:
    """Whether the open line (``first``, grown to ``head``) stops mid-sentence and ``after`` opens no heading.

    A short heading line (a marker, no punctuation inside) is complete without a final stop.
    """
    last = _last_char(src, head)
    if not last or last in CLOSING or _starts_heading(after.view):
        return False
    return joined or not (_starts_heading(first.view) and _is_short_title(first.view))


def _last_char(src: SourceText, pieces: Sequence[tuple[int, int]]) -> str:
    """The last non-space character of ``pieces`` on the view, or ''.

    A table row printed as a list literal (``['项目', '金额', '']``) ends where the
    text of its last non-empty cell ends: the brackets and quotes are not punctuation.
    """
    tail = _tail_view(src, pieces).rstrip()
    if tail.endswith("]") and _ROW_END.search(tail):
        tail = _ROW_END.sub("", tail).rstrip()
    return tail[-1] if tail else ""


def _tail_view(src: SourceText, pieces: Sequence[tuple[int, int]], size: int = 200) -> str:
    """The last ``size`` characters of ``pieces`` on the view."""
    parts: list[str] = []
    left = size
    for a, b in reversed(pieces):
        parts.append(src.view[max(a, b - left):b])
        left -= b - max(a, b - left)
        if left <= 0:
            break
    return "".join(reversed(parts))


def _starts_heading(view: str) -> bool:
    """Whether ``view`` opens with a heading marker (not a quantity such as ``2.98万元``) or ``#``.

    A bare number (``2 小时…``) opens one only on a short title line (``5 保障措施``): a bare
    chapter number heads a title, and a sentence after it is a quantity's.
    """
    lead = view.lstrip()
    if lead.startswith("#"):
        return True
    if not starts_with_marker(view):
        return False
    marker = match_marker(view, len(view) - len(lead))
    if marker is not None and marker.family.id == "decimal-bare":
        return _is_short_title(view)
    return marker is None or not marker.quantity_like


def _is_short_title(view: str) -> bool:
    """A short heading line with no sentence end or pause in its title: complete as it stands."""
    pos = len(view) - len(view.lstrip(" #"))
    marker = match_marker(view, pos)
    title = view[marker.end if marker else pos:].strip()
    return len(title) <= _HEADING_MAX and not any(p in title for p in _PAUSES)
