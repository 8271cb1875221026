"""The decoded text, its line table and a normalised view for matching.

The view has exactly the same length as the text, so an offset found in the
view slices the original: full-width ASCII becomes ASCII, every kind of layout
space becomes a plain space, zero-width characters become spaces, and the
escaped ``<U+00A0>`` tokens and ``&nbsp;`` entities some scrapers leave behind become
spaces too, and punctuation entities (``&ldquo;``) their character padded with spaces.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, partial

import regex

from reportparse.patterns import lazy

_LINE_END = lazy(r"\r\n|\r|\n")
#: Escaped spaces that scrapers leave in the text (spaces on the view; noise.escapes records them).
ESCAPED_SPACE = r"<U\+00A0>|&nbsp;|&#160;"
_ESCAPED_NBSP = lazy(ESCAPED_SPACE, regex.IGNORECASE)
# HTML entities for punctuation that scraped text keeps: on the view, the character itself
# padded with spaces to the entity's length, so quotes and sentence ends are seen.
_ENTITY = lazy(r"&(?:ldquo|rdquo|lsquo|rsquo|quot|hellip|mdash|amp|lt|gt);", regex.IGNORECASE)
_ENTITY_CHAR = {"ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’", "quot": '"', "hellip": "…",
                "mdash": "—", "amp": "&", "lt": "<", "gt": ">"}

_TABLE: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_TABLE.update({cp: 0x20 for cp in (0x3000, 0x00A0, 0x0009, 0x000B, 0x000C, 0x2002, 0x2003,
                                     0x2009, 0x202F, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)})
# Keep the full-width parentheses recognisable as parentheses, like their ASCII twins.
_TABLE[0x3014] = ord("〔")

#: Characters that are layout space in the text itself (not an escape that the view blanks).
LAYOUT = frozenset(" \n\r") | frozenset(chr(cp) for cp, to in _TABLE.items() if to == 0x20)

#: Last guard against a pattern gone slow: one whole-text scan may take this long, plus
#: :data:`SCAN_SECONDS_PER_MB` per megabyte. A scan runs at tens of MB/s, so this is never
#: reached unless a pattern backtracks catastrophically; regex then raises TimeoutError.
SCAN_SECONDS = 10.0
SCAN_SECONDS_PER_MB = 2.0


def scan_timeout(length: int) -> float:
    """Seconds one regex scan over ``length`` characters may take (pass as ``timeout=``)."""
    return SCAN_SECONDS + SCAN_SECONDS_PER_MB * length / 1_000_000


#: (character, replacement) of :data:`_TABLE`, less those that map to themselves.
_REPLACEMENTS = tuple((chr(cp), chr(to)) for cp, to in _TABLE.items() if cp != to)
#: Above this length a text is folded by one ``str.replace`` per character it holds, several
#: times faster than ``str.translate`` on non-Latin text (a mapping looked up per character).
_REPLACE_MIN = 4096


def normalise(text: str) -> str:
    """Return the same-length matching view of ``text``."""
    if len(text) < _REPLACE_MIN:
        view = text.translate(_TABLE)
    else:  # the same: no replacement is itself replaced (they are ASCII, and no key is)
        view = text
        for ch, to in _REPLACEMENTS:
            if ch in view:
                view = view.replace(ch, to)
    if "<" in view or "&" in view:
        view = _ESCAPED_NBSP.sub(lambda m: " " * len(m.group()), view)
    if "&" in view:
        view = _ENTITY.sub(lambda m: _ENTITY_CHAR[m.group()[1:-1].lower()].ljust(len(m.group())), view)
    return view


def splits_at_lf(text: str) -> bool:
    """Whether every ``\r`` in ``text`` is one of a ``\r\n``: then its lines are its split at
    ``\n``, a ``\r`` at the end of some of them."""
    cr = text.count("\r")
    return not cr or cr == text.count("\r\n")


@dataclass(frozen=True)
class SourceText:
    """Decoded text with line offsets; lines exclude their line-end characters."""

    text: str
    view: str
    starts: array[int]  # where each line begins: 8 bytes a line, not a Python int
    ends: array[int]  # where each line ends, before its line end
    encoding: str = "utf-8"
    bom: bool = False

    @property
    def timeout(self) -> float:
        """Seconds one whole-text regex scan may take (pass as ``timeout=``)."""
        return scan_timeout(len(self.text))

    @classmethod
    def from_text(cls, text: str, encoding: str = "utf-8", bom: bool = False) -> SourceText:
        if not splits_at_lf(text):
            starts = [0]
            ends = []
            for m in _LINE_END.finditer(text):
                ends.append(m.start())
                starts.append(m.end())
            ends.append(len(text))
        else:  # one split: each line starts one past the end of the line before (its \n)
            parts = text.split("\n")
            starts = list(itertools.accumulate((len(part) + 1 for part in parts[:-1]), initial=0))
            ends = [start + len(part) - part.endswith("\r") for start, part in zip(starts, parts, strict=True)]
        return cls(text, normalise(text), array("q", starts), array("q", ends), encoding, bom)

    @cached_property
    def line_count(self) -> int:
        """Number of lines; a final line end does not open an extra line."""
        n = len(self.starts)
        if n > 1 and self.starts[-1] == len(self.text):
            n -= 1
        return n

    @cached_property
    def blank_lines(self) -> frozenset[int]:
        """The 1-based numbers of the lines that hold only spaces on the view (or nothing)."""
        view, starts, ends = self.view, self.starts, self.ends
        if splits_at_lf(view):  # the view's lines are its split at \n (as in from_text), \r and all
            parts = view.split("\n")
            return frozenset(itertools.compress(
                itertools.count(1), map(operator.not_, map(str.strip, parts, itertools.repeat(" \r")))))
        return frozenset(n for n in range(1, len(starts) + 1)
                         if starts[n - 1] == ends[n - 1] or not view[starts[n - 1]:ends[n - 1]].strip(" "))

    def line_of(self, offset: int, near: int | None = None) -> int:
        """1-based line number of the character at ``offset``; ``near``, a line it is likely on,
        is checked first (and is the number returned if it is right: one int for both)."""
        starts = self.starts
        if near is not None and 0 < near <= len(starts) and starts[near - 1] <= offset and (
                near == len(starts) or offset < starts[near]):
            return near
        return max(1, bisect.bisect_right(starts, offset))

    def lines_of(self, offsets: Iterable[int]) -> list[int]:
        """:meth:`line_of` of each of ``offsets`` (none negative), in order."""
        return list(map(partial(bisect.bisect_right, self.starts), offsets))

    def column_of(self, offset: int) -> int:
        """1-based column of the character at ``offset``."""
        return offset - self.starts[self.line_of(offset) - 1] + 1

    def line(self, number: int) -> str:
        """The text of 1-based line ``number`` without its line end."""
        return self.text[self.starts[number - 1]:self.ends[number - 1]]

    def line_view(self, number: int) -> str:
        """The normalised view of 1-based line ``number``."""
        return self.view[self.starts[number - 1]:self.ends[number - 1]]


def is_layout_text(text: str) -> bool:
    """Whether ``text`` is layout space only: spaces, line ends and what the view folds to a space."""
    return all(ch in LAYOUT or ch.isspace() for ch in text)


class TextLine:
    """A line of content after noise removal: pieces of the source, maybe several lines joined.

    ``pieces`` are ``(start, end)`` source offsets; ``text`` and ``view`` are their
    concatenations, so position ``i`` in ``text`` maps back with :meth:`offset`. Immutable.

    Kept small, as the parser holds every line at once: a line of one piece keeps only where
    it starts (its pieces are made when asked for), and a view equal to the text is the text.
    """

    __slots__ = ("_pieces", "_start", "_starts", "number", "text", "view")

    number: int
    text: str
    view: str

    def __init__(self, number: int, pieces: Sequence[tuple[int, int]], text: str, view: str) -> None:
        self.number = number
        self.text = text
        self.view = view
        self._starts: list[int] | None = None
        if len(pieces) == 1 and pieces[0][1] - pieces[0][0] == len(text):
            self._start: int = pieces[0][0]
            self._pieces: tuple[tuple[int, int], ...] | None = None
        else:
            self._start = 0
            self._pieces = pieces if isinstance(pieces, tuple) else tuple(pieces)

    @classmethod
    def one_piece(cls, src: SourceText, number: int, start: int, end: int) -> TextLine:
        """Line ``number`` holding ``[start, end)`` of the source (nothing if ``end <= start``)."""
        line = cls.__new__(cls)
        line.number = number
        line._starts = None
        if end > start:
            text, view = src.text[start:end], src.view[start:end]
            line.text, line.view = text, text if view == text else view
            line._start, line._pieces = start, None
        else:
            line.text = line.view = ""
            line._start, line._pieces = 0, ()
        return line

    @classmethod
    def from_pieces(cls, src: SourceText, number: int, pieces: list[tuple[int, int]]) -> TextLine:
        if len(pieces) == 1:  # most lines: one piece, sliced straight from the text
            return cls.one_piece(src, number, *pieces[0])
        pieces = [(a, b) for a, b in pieces if b > a]
        text = "".join(src.text[a:b] for a, b in pieces)
        view = "".join(src.view[a:b] for a, b in pieces)
        return cls(number, tuple(pieces), text, text if view == text else view)

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        """The ``(start, end)`` source ranges the line is made of, in order."""
        if self._pieces is None:
            return ((self._start, self._start + len(self.text)),)
        return self._pieces

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TextLine):
            return NotImplemented
        return (self.number, self.pieces, self.text, self.view) == (other.number, other.pieces, other.text, other.view)

    def __hash__(self) -> int:
        return hash((self.number, self.pieces, self.text, self.view))

    def __repr__(self) -> str:
        return f"TextLine(number={self.number!r}, pieces={self.pieces!r}, text={self.text!r}, view={self.view!r})"

    @property
    def _piece_starts(self) -> list[int]:
        """Position in ``text`` where each piece begins (found on first use)."""
        starts = self._starts
        if starts is None:
            starts = self._starts = list(itertools.accumulate((b - a for a, b in self.pieces[:-1]), initial=0))
        return starts

    def offset(self, i: int) -> int:
        """Source offset of position ``i`` of this line's text (``i == len`` maps past the end)."""
        pieces = self._pieces
        if pieces is None:
            return self._start + i
        if not pieces:
            return i
        if i >= len(self.text):
            return pieces[-1][1] + i - len(self.text)
        k = max(0, bisect.bisect_right(self._piece_starts, i) - 1)
        return pieces[k][0] + i - self._piece_starts[k]

    def end_offset(self, i: int) -> int:
        """Source offset just past position ``i - 1``: the end of a half-open range ending at ``i``."""
        return self.offset(i - 1) + 1 if i > 0 else self.offset(0)

    def is_layout(self, i: int) -> bool:
        """Whether position ``i`` is layout space: blank on the view and in the text (the letters
        of an escape such as ``&nbsp;``, or the padding of an entity, are blank on the view only)."""
        ch = self.text[i]
        return self.view[i].isspace() and (ch in LAYOUT or ch.isspace())

    def strip_bounds(self, a: int, b: int) -> tuple[int, int]:
        """``[a, b)`` of ``text`` without the layout space at its ends."""
        while a < b and self.is_layout(a):
            a += 1
        while b > a and self.is_layout(b - 1):
            b -= 1
        return a, b

    def is_blank(self) -> bool:
        """Whether the line holds layout space only (an escape such as ``&nbsp;`` is not)."""
        return not self.view.strip() and is_layout_text(self.text)
