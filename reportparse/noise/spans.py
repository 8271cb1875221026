"""Building NoiseItems from matches on the view, and what the rules share about lines."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence

import regex

from reportparse.patterns import LazyPattern, lazy
from reportparse.records import NoiseItem, NoiseKind, Span
from reportparse.source import LAYOUT, SourceText

#: A line start or end on the view, for whole-text scans (``\r`` alone ends a line too).
LINE_START = r"(?<![^\r\n])"
LINE_END = r"(?![^\r\n])"
#: Any character but a line end (``.`` matches ``\r``).
ANY = r"[^\r\n]"

#: Views shorter than this are scanned by the line pattern's own finditer (:meth:`LineStartPattern.scan`).
SCAN_MIN = 20_000


class LineStartPattern:
    """``LINE_START + (?:body)``, compiled on first use, with :meth:`scan`: the matches that its
    ``finditer`` over a whole view gives, found at a fraction of the cost. ``finditer`` tries the
    look-behind at every position; :meth:`scan` lets the regex engine jump from line end to line
    end by a literal search, tries ``body`` after each, and matches the pattern itself only where
    that succeeds; where few lines hold one of the pattern's keys, it tries those lines only.
    ``body`` must not match an empty string, nor a line end: a match lies within one line (every
    rule's line pattern does)."""

    __slots__ = ("_after_eol", "_after_lf", "anchored")

    def __init__(self, body: str, flags: int = 0, keys: tuple[str, ...] | str = ()) -> None:
        # keys (of which every match of body holds one: reportparse.patterns) gate all three
        self.anchored = lazy(f"{LINE_START}(?:{body})", flags, keys)
        self._after_lf = lazy(f"\\n(?:{body})", flags, keys)  # where no \r ends a line
        self._after_eol = lazy(f"[\\r\\n](?:{body})", flags, keys)

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        """The pattern's ``match``."""
        return self.anchored.match(string, pos, endpos)

    def scan(self, src: SourceText) -> Iterator[regex.Match[str]]:
        """The matches of ``anchored.finditer(src.view)``, in order."""
        view, timeout, anchored = src.view, src.timeout, self.anchored
        if len(view) < SCAN_MIN:  # finditer costs less there than compiling the search pattern
            yield from anchored.finditer(view, timeout=timeout)
            return
        lines = _key_lines(src, anchored.keys)
        if lines is not None:  # a match holds a key, on its own line
            starts = src.starts
            for n in lines:
                m = anchored.match(view, starts[n - 1])
                if m is not None:
                    yield m
            return
        after = self._after_eol if "\r" in view else self._after_lf
        # the guard (timeout) is for the searches through the view; a match tried at one line start,
        # like a rule's fullmatch of one line, goes without (passing it costs more than most matches)
        m = anchored.match(view, 0)
        pos = 0
        if m is not None:
            yield m
            pos = m.end()
        while True:
            # lines in a row often match (a column of numbers): the next line is tried first
            m = anchored.match(view, pos + 1) if _ends_line(view, pos) else None
            if m is None:
                # a line starts after the line end at hit.start(); the one just before pos counts
                hit = after.search(view, max(0, pos - 1), timeout=timeout)
                if hit is None:
                    return
                m = anchored.match(view, hit.start() + 1)
                if m is None:  # never: the search tried the same body there
                    raise AssertionError(f"line pattern {anchored!r} failed where its search matched")
            yield m
            pos = m.end()


#: Lines per key hit below which a line pattern is tried at every line start rather than on the key lines.
_KEY_LINE_SPACING = 4


def _key_lines(src: SourceText, keys: tuple[str, ...]) -> list[int] | None:
    """The lines where one of ``keys`` occurs on the view, in order; None if there are no keys,
    or more hits than one for each :data:`_KEY_LINE_SPACING` lines."""
    if not keys:
        return None
    hits = _starts_of(src.view, keys, (), src.line_count // _KEY_LINE_SPACING)
    return None if hits is None else sorted(set(src.lines_of(hits)))


def _ends_line(view: str, pos: int) -> bool:
    r"""Whether a match that ended at ``pos`` ended its line at a ``\n``, so that the next line
    start is ``pos + 1`` (no line starts at ``pos`` itself: the match did not end in a line end)."""
    return view.startswith("\n", pos) and pos > 0 and view[pos - 1] not in "\r\n"


def line_start(body: str, flags: int = 0, keys: tuple[str, ...] | str = ()) -> LineStartPattern:
    """A pattern that matches ``body`` at line starts only (see :class:`LineStartPattern`);
    ``keys`` as for :func:`reportparse.patterns.lazy`."""
    return LineStartPattern(body, flags, keys)


def noise_item(src: SourceText, kind: NoiseKind, start: int, end: int) -> NoiseItem | None:
    """A NoiseItem for source range ``[start, end)`` trimmed of layout space, or None if only space is left.

    Trimming stops at an escape (``<U+00A0>``, ``&nbsp;``): it is spaces on the view but text in the source.
    """
    view, text = src.view, src.text
    while start < end and view[start] == " " and text[start] in LAYOUT:
        start += 1
    while end > start and view[end - 1] == " " and text[end - 1] in LAYOUT:
        end -= 1
    if start >= end:
        return None
    return NoiseItem(kind=kind, text=text[start:end], line=src.line_of(start), span=Span(start=start, end=end))


def whole_line(src: SourceText, number: int, kind: NoiseKind) -> NoiseItem | None:
    """A NoiseItem covering 1-based line ``number`` (its content, not its line end)."""
    return noise_item(src, kind, src.starts[number - 1], src.ends[number - 1])


def collect(items: Iterator[NoiseItem | None] | Sequence[NoiseItem | None]) -> list[NoiseItem]:
    """The items that are not None."""
    return [item for item in items if item is not None]


def keyword_lines(src: SourceText, keywords: regex.Pattern[str], max_len: int,
                  starts: tuple[str, ...] = (), folded: tuple[str, ...] = ()) -> list[int]:
    """Lines no longer than ``max_len`` where ``keywords`` occur on the view, each once, in order.

    A fast literal search first, so that a line pattern is only tried where it can match.
    ``starts`` (as written) and ``folded`` (in any case, as ``(?i:…)`` matches them) are strings
    that every match of ``keywords`` begins with, where it never spans a line: then ``keywords``
    is tried only where one of them occurs (``str.find``), unless they occur too often.
    """
    view = src.view
    hits = _starts_of(view, starts, folded, len(view) // _KEY_SPACING) if starts or folded else None
    if hits is None:
        found: Iterable[int] = (m.start() for m in keywords.finditer(view, timeout=src.timeout))
    else:  # every match starts at a hit, and a hit inside a match is on the match's line
        found = (p for p in hits if keywords.match(view, p) is not None)  # one position: no guard needed
    out: list[int] = []
    line_end = -1  # end of the line of the last hit
    for start in found:
        if start <= line_end:
            continue
        n = src.line_of(start)
        line_end = src.ends[n - 1]
        if line_end - src.starts[n - 1] <= max_len:
            out.append(n)
    return out


#: Characters per keyword hit below which a scan of the whole view is cheaper than trying each hit.
_KEY_SPACING = 64
_FOLDED: dict[str, LazyPattern] = {}


def _starts_of(view: str, starts: tuple[str, ...], folded: tuple[str, ...], limit: int) -> list[int] | None:
    """The positions where one of ``starts`` (or ``folded``, in any case) occurs in ``view``, in
    order; None if there are more than ``limit``."""
    hits: list[int] = []
    for word in starts:
        at = view.find(word)
        while at >= 0:
            hits.append(at)
            if len(hits) > limit:
                return None
            at = view.find(word, at + 1)
    for word in folded:
        pattern = _FOLDED.get(word)
        if pattern is None:
            pattern = _FOLDED[word] = lazy(f"(?i:{regex.escape(word)})", keys=_folded_keys(word))
        hits.extend(m.start() for m in pattern.finditer(view, overlapped=True))
        if len(hits) > limit:
            return None
    hits.sort()
    return hits


#: Letters in the order they grow common in the text of a report (rare first).
_RARE_FIRST = "zqxjvwyfbgpmhudlcotrneai"


def _folded_keys(word: str) -> tuple[str, ...]:
    """Keys for ``(?i:word)``: one of its letters in both cases, the rarest; never k or s, which
    fold to signs too (K, ſ). No keys where ``word`` has no such letter."""
    letters = [c for c in _RARE_FIRST if c in word.lower()]
    return (letters[0], letters[0].upper()) if letters else ()


def is_blank(src: SourceText, number: int) -> bool:
    """Whether line ``number`` holds only layout space on the view."""
    return number in src.blank_lines


def next_nonblank(src: SourceText, n: int, step: int = 1) -> int:
    """The nearest non-blank line after (``step`` 1) or before (-1) line ``n``, or 0."""
    n += step
    while 1 <= n <= src.line_count:
        if n not in src.blank_lines:
            return n
        n += step
    return 0


class Masks:
    """The lines that earlier noise touches, seen with that noise blanked out.

    ``earlier`` is sorted by start and free of overlaps, as :func:`reportparse.noise.find_noise` keeps it
    (so its ends are sorted too): the noise on a line is found by bisecting them, when asked for;
    ``every_line`` (for a rule that looks at every line) finds it for all lines at once instead.
    """

    def __init__(self, src: SourceText, earlier: Sequence[NoiseItem], every_line: bool = False) -> None:
        self.src = src
        self._earlier = earlier
        self._ends = [item.span.end for item in earlier]
        self._cuts = self._all_cuts() if every_line else None

    def spans(self, number: int) -> list[tuple[int, int]]:
        """The ``(start, end)`` pieces of line ``number`` (its content) that earlier noise covers, in order."""
        if self._cuts is not None:
            return self._cuts.get(number, [])
        pos, end = self.src.starts[number - 1], self.src.ends[number - 1]
        earlier, out = self._earlier, []
        i = bisect.bisect_right(self._ends, pos)  # the first item that ends after the line starts
        while i < len(earlier) and earlier[i].span.start < end:
            a, b = max(earlier[i].span.start, pos), min(earlier[i].span.end, end)
            if b > a:
                out.append((a, b))
            i += 1
        return out

    @property
    def cuts(self) -> dict[int, list[tuple[int, int]]]:
        """:meth:`spans` of every line earlier noise touches, by line number."""
        if self._cuts is None:
            self._cuts = self._all_cuts()
        return self._cuts

    def _all_cuts(self) -> dict[int, list[tuple[int, int]]]:
        """:attr:`cuts`, found in one pass over the noise."""
        src, cuts = self.src, {}
        for item in self._earlier:
            first = src.line_of(item.span.start)
            last = src.line_of(max(item.span.start, item.span.end - 1))
            for n in range(first, last + 1):
                a, b = max(item.span.start, src.starts[n - 1]), min(item.span.end, src.ends[n - 1])
                if b > a:
                    cuts.setdefault(n, []).append((a, b))
        return cuts

    def __contains__(self, number: int) -> bool:
        return bool(self.spans(number))

    def view(self, number: int) -> str:
        """Line ``number``'s view with the earlier noise on it turned into spaces (same length)."""
        src = self.src
        pos, end = src.starts[number - 1], src.ends[number - 1]
        spans = self.spans(number)
        if not spans:
            return src.view[pos:end]
        parts: list[str] = []
        for a, b in spans:
            parts.append(src.view[pos:a])
            parts.append(" " * (b - a))
            pos = b
        parts.append(src.view[pos:end])
        return "".join(parts)

    def rest(self, number: int, kind: NoiseKind) -> list[NoiseItem]:
        """Items for what earlier noise left of line ``number``, one per piece."""
        src = self.src
        pos, end = src.starts[number - 1], src.ends[number - 1]
        out: list[NoiseItem | None] = []
        for a, b in self.spans(number):
            if a > pos:
                out.append(noise_item(src, kind, pos, a))
            pos = max(pos, b)
        if pos < end:
            out.append(noise_item(src, kind, pos, end))
        return collect(out)
