"""Stage 4: which candidates are headings, and how deep each one is.

Depth comes from sequence continuity in the document itself, not a fixed
ranking: a candidate joins the open sequence its number continues; a number 1
opens a new level under the current heading (or restarts an open sequence of
its family); a small gap or a duplicate is accepted with a warning where the
line is clearly a heading line. Look-alikes are refused: a marker followed by
another numeral (一、二、三类), a wrapped line that continues a sentence, an
inline number that does not continue anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportparse.markers.scan import SENTENCE_END, Candidate
from reportparse.model import Diagnostic
from reportparse.source import TextLine

_CLOSED = SENTENCE_END + ":”’」』)]》…"
_MAX_GAP = 3
_PROSE_MIN = 16  # a shorter line that ends without punctuation is a title, not a cut sentence


@dataclass
class Heading:
    """An accepted candidate and its depth (1-based)."""

    candidate: Candidate
    level: int


@dataclass
class _Level:
    family: str
    style: str
    last: int
    path: tuple[int, ...]
    heading: Heading


@dataclass
class _State:
    stack: list[_Level] = field(default_factory=list)
    closed: dict[str, int] = field(default_factory=dict)  # family -> last ordinal of a closed level
    headings: list[Heading] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def pop_to(self, depth: int) -> None:
        """Close every level deeper than ``depth`` (0 closes all)."""
        while len(self.stack) > depth:
            lvl = self.stack.pop()
            self.closed[lvl.family] = lvl.last

    def warn(self, c: Candidate, code: str, name: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(code=code, name=name, message=message,
                                           line=c.line.number, column=1))


def _same_sequence(lvl: _Level, c: Candidate) -> bool:
    if lvl.family != c.family:
        return False
    if c.family == "decimal":
        return len(lvl.path) == len(c.marker.path)
    return True


def _open_levels(state: _State, c: Candidate) -> list[int]:
    """Indexes of open levels of ``c``'s sequence, deepest first, same style first."""
    idx = [i for i in range(len(state.stack) - 1, -1, -1) if _same_sequence(state.stack[i], c)]
    return sorted(idx, key=lambda i: state.stack[i].style != c.marker.style)


def _continues(lvl: _Level, c: Candidate) -> bool:
    if c.family == "decimal":
        return lvl.path[:-1] == c.marker.path[:-1] and c.ordinal == lvl.last + 1
    return c.ordinal == lvl.last + 1


def infer_outline(lines: list[TextLine], candidates: list[Candidate]) -> tuple[list[Heading], list[Diagnostic]]:
    """Accepted headings with depths, and the warnings the numbering gave."""
    state = _State()
    index = {id(line): i for i, line in enumerate(lines)}
    heading_lines: set[int] = set()
    for c in candidates:
        prev = _previous_line(lines, index, c)
        prev_open = (prev is not None and id(prev) not in heading_lines
                     and _is_open_prose(prev.view))
        level = _place(state, c, prev_open)
        if level is None:
            continue
        h = Heading(c, level)
        state.headings.append(h)
        state.stack.append(_Level(c.family, c.marker.style, c.ordinal, c.marker.path, h))
        if c.where == "start":
            heading_lines.add(id(c.line))
    return state.headings, state.diagnostics


def _previous_line(lines: list[TextLine], index: dict[int, int], c: Candidate) -> TextLine | None:
    if c.where != "start":
        return None
    i = index.get(id(c.line), 0)
    return lines[i - 1] if i > 0 else None


def _is_open_prose(view: str) -> bool:
    tail = view.rstrip()
    return len(tail.strip()) >= _PROSE_MIN and tail[-1] not in _CLOSED


def _place(state: _State, c: Candidate, prev_open: bool) -> int | None:
    """Depth for ``c`` if it is a heading (updating the stack below it), else None."""
    if c.numeral_follows:
        return None
    fam = c.marker.family
    empty = not c.title and not fam.body_is_text and c.body_start >= len(c.line.view)
    if empty and prev_open:
        return None
    if c.where == "embedded":
        return _place_embedded(state, c)
    opened = _open_levels(state, c)
    for i in opened:
        if _continues(state.stack[i], c):
            state.pop_to(i)
            return i + 1
    strict = c.where == "inline" or prev_open
    if c.ordinal == 1:
        if opened:
            i = opened[0]
            if fam.nests and i == len(state.stack) - 1 and not strict:
                return len(state.stack) + 1  # a collection inside a collection
            if strict:
                return None
            state.pop_to(i)
            return i + 1
        return len(state.stack) + 1
    if opened:
        i = opened[0]
        lvl = state.stack[i]
        if c.family == "decimal" and lvl.path[:-1] != c.marker.path[:-1]:
            return None
        if lvl.last < c.ordinal <= lvl.last + (2 if c.where == "inline" else _MAX_GAP) and (
            c.where == "inline" or not prev_open
        ):
            state.warn(c, "H101", "ordinal-gap",
                       f"{c.marker_text} follows {lvl.heading.candidate.marker_text}: number skipped")
            state.pop_to(i)
            return i + 1
        if c.ordinal == lvl.last and not strict and c.title:
            state.warn(c, "H102", "duplicate-ordinal",
                       f"{c.marker_text} repeats the number of the heading before it in this sequence")
            state.pop_to(i)
            return i + 1
        return None
    if state.closed.get(c.family) == c.ordinal - 1 and not strict:
        return len(state.stack) + 1  # numbering that runs on across parents (articles)
    if fam.strong and c.where == "start":
        state.warn(c, "H103", "sequence-start",
                   f"{c.marker_text} starts a sequence at {c.ordinal}, not 1")
        return len(state.stack) + 1
    return None


def _place_embedded(state: _State, c: Candidate) -> int | None:
    """A bracketed marker inside a line: a sub-heading run into its parent's title."""
    if c.ordinal != 1 or not state.headings:
        return None
    parent = state.headings[-1].candidate
    if parent.line is not c.line or parent.title_end != c.marker.start or parent.family == c.family:
        return None
    if any(lvl.family == c.family for lvl in state.stack):
        return None
    return len(state.stack) + 1
