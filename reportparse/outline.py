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

import unicodedata
from dataclasses import dataclass, field, replace

from reportparse.markers.scan import CLOSING, RUN_ON, Candidate, starts_with_marker
from reportparse.markers.table import BY_ID, UNNUMBERED
from reportparse.records import Diagnostic
from reportparse.source import TextLine

_MAX_GAP = 3
_DIVISION_RANK = BY_ID["zh-chapter"].rank  # 第X篇/编/部分 and 第X章: divisions of the whole text
_PROSE_MIN = 16
_OPEN_ENDINGS = frozenset("的和与及或对在将把被从向于第等并而且、，,")


@dataclass(slots=True)
class Heading:
    """An accepted candidate and its depth (1-based)."""

    candidate: Candidate
    level: int
    nests_own_family: bool = False  # its first sub-heading is a 1 of its own family
    in_own_family: bool = False  # it is that sub-heading (such nesting goes one level only)
    after_title: bool = False  # that sub-heading's line follows a title line (a document of its own?)


@dataclass(slots=True)
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
    parent_family: dict[str, str] = field(default_factory=dict)  # family -> family it was last under
    headings: list[Heading] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    nesting_own: bool = False  # the last placement nested a 1 under its own family

    replaced: _Level | None = None  # the level last closed at the depth a new heading takes
    run_ins: set[int] = field(default_factory=set)  # ids of 一、 run into a title that a later 二、 confirms
    unfollowed: dict[int, Candidate] = field(default_factory=dict)  # the 1s that no 2 of their kind follows

    def pop_to(self, depth: int) -> None:
        """Close every level deeper than ``depth`` (0 closes all)."""
        while len(self.stack) > depth:
            lvl = self.stack.pop()
            self.closed[lvl.family] = lvl.last
            self.replaced = lvl

    def warn(self, c: Candidate, code: str, name: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(code=code, name=name, message=message, line=c.line.number))


def _open_levels(state: _State, c: Candidate) -> list[int]:
    """Indexes of open levels of ``c``'s sequence, deepest first, same style first."""
    # One sequence: the same family, and for decimals the same depth (1.2 and 1.2.3 are two).
    mm = c.marker
    family, style = mm.family.id, mm.style
    depth = len(mm.path) if family == "decimal" else None
    same: list[int] = []
    other: list[int] = []
    stack = state.stack
    for i in range(len(stack) - 1, -1, -1):
        lvl = stack[i]
        if lvl.family == family and (depth is None or len(lvl.path) == depth):
            (same if lvl.style == style else other).append(i)
    return same + other if other else same


def _continues(lvl: _Level, c: Candidate) -> bool:
    """Whether ``c`` is the next number of ``lvl``, an open level of its sequence."""
    mm = c.marker
    return mm.ordinal == lvl.last + 1 and (lvl.family != "decimal" or lvl.path[:-1] == mm.path[:-1])


def infer_outline(lines: list[TextLine], candidates: list[Candidate]) -> tuple[list[Heading], list[Diagnostic]]:
    """Accepted headings with depths, and the warnings the numbering gave."""
    candidates = _confirm_bare_chapters(candidates)
    state = _State(run_ins=_confirmed_run_ins(candidates), unfollowed=_unfollowed_openers(candidates))
    index = _LineIndex(lines)
    # The two latest lines that hold a heading ending as a title, in line order (None before
    # there are two): only the line just before a candidate's is asked about, and candidates
    # come in line order, so two suffice.
    heading_lines: list[TextLine | None] = [None, None]
    for c in candidates:
        if c.marker.family is UNNUMBERED and c.md_level == 1 and index.of(c.line) == 0:
            continue  # "# 标题" on the first line is the document title
        prev = _previous_line(lines, index, c)
        prev_open = (prev is not None and prev is not heading_lines[1] and prev is not heading_lines[0]
                     and not c.md_level and ends_mid_sentence(prev.view)
                     and not _title_between(lines, index.of(c.line) or 0, heading_lines))
        state.replaced = None
        if state.stack and _starts_reprint(state, lines, index, c):
            state.pop_to(0)  # a document printed in full inside this one: a tree of its own
        level = _place(state, c, prev_open)
        if level is None:
            state.nesting_own = False
            continue
        # A sibling of a 1 nested under its own family is in that nested list too: it
        # does not nest its family once more (一、 一、 一、 … stays two levels deep).
        lvl = state.replaced
        sibling_own = (lvl is not None and len(state.stack) == level - 1 and lvl.family == c.family
                       and lvl.heading.in_own_family)
        h = Heading(c, level, in_own_family=state.nesting_own or sibling_own,
                    after_title=state.nesting_own and _title_before(lines, index, c))
        state.nesting_own = False
        state.headings.append(h)
        mm = c.marker
        if level > 1:
            state.parent_family[mm.family.id] = state.stack[level - 2].family
        state.stack.append(_Level(mm.family.id, mm.style, mm.ordinal, mm.path, h))
        if c.where == "start" or c.body_start >= len(c.line.view.rstrip()):
            if heading_lines[1] is not c.line:  # it ends as a title, not mid-sentence
                heading_lines[0], heading_lines[1] = heading_lines[1], c.line
    _lift_unconfirmed(state.headings)
    return state.headings, state.diagnostics


_REPRINT_TITLE_MAX = 40
_REPRINT_LOOKBACK = 3  # lines before a 第一章/第一条 that may hold a reprinted document's title lines


def _starts_reprint(state: _State, lines: list[TextLine], index: _LineIndex, c: Candidate) -> bool:
    """Whether ``c`` (a 第一章, 第一条 … opening its family) begins a document reprinted inside
    this one under its own title lines (a regulation after the decision amending it, the
    next rule of a collection): a title line, maybe with a bracketed note under it, stands
    right before it while the open outline is of other families, or while its own family
    is open past 1 (第九条, a title, 第一条: numbering that starts again under no new parent;
    not 篇, whose collections nest)."""
    fam = c.marker.family
    if not fam.strong or c.ordinal != 1 or c.where != "start" or c.quoted:
        return False
    if any(lvl.family == c.family and (lvl.last <= 1 or fam.nests) for lvl in state.stack):
        return False  # a 第一篇 under a 第四篇 is a collection the collection holds: it nests
    return _title_before(lines, index, c)


def _title_before(lines: list[TextLine], index: _LineIndex, c: Candidate) -> bool:
    """Whether a title line (short, unpunctuated, unnumbered), maybe with a bracketed note
    under it, stands right before ``c``'s line."""
    i = index.of(c.line) or 0
    for line in reversed(lines[max(0, i - _REPRINT_LOOKBACK):i]):
        text = line.view.strip(" #*")
        if not text:
            continue
        if text[0] in "(〔[" and text[-1] in ")〕]":
            continue  # （2020年1月1日通过 …修正）
        # A symbol (√适用□不适用, a form's check boxes) is no word of a title.
        return (len(text) <= _REPRINT_TITLE_MAX and not starts_with_marker(text)
                and not any(ch in "。!?;:,，、" or unicodedata.category(ch)[0] == "S" for ch in text))
    return False


_BARE_TITLE_MAX = 40  # a bare chapter number heads a short title line
_BARE_NOT_IN_TITLE = frozenset("。，；,;!?")


def _confirm_bare_chapters(candidates: list[Candidate]) -> list[Candidate]:
    """Bare chapter numbers (``1 总则``) kept where the decimal outline goes on below them,
    as decimal headings one level above ``1.1``; the others are dropped (``5 县市`` is text).

    A bare ``N`` on a short title line is a chapter when ``N.1`` comes next in the decimal
    outline, or when it continues the chapter numbering: chapter ``N-1`` came before it
    (a bare number or the first part of a decimal), or a kept chapter ``N+1`` follows it.
    A number before a measure word (``3 项…``, ``1 项目概述``) is a chapter only by the first
    test: the numbering alone does not make a count a chapter.
    """
    if not any(c.family == "decimal-bare" for c in candidates):
        return candidates
    seq = [k for k, c in enumerate(candidates) if c.where == "start"
           and (c.family == "decimal-bare" or (c.family == "decimal" and not c.marker.quantity_like))]
    kept: set[int] = set()
    for j, k in enumerate(seq):
        c = candidates[k]
        if c.family != "decimal-bare" or not _bare_title_line(c):
            continue
        nxt = candidates[seq[j + 1]] if j + 1 < len(seq) else None
        if nxt is not None and nxt.family == "decimal" and nxt.marker.path[:2] == (c.ordinal, 1):
            kept.add(k)
    chapter = None  # the chapter number the outline is in, going forward
    for k in seq:
        c = candidates[k]
        if c.family == "decimal":
            chapter = c.marker.path[0] if chapter is not None or kept else None
        elif k in kept or (chapter == c.ordinal - 1 and _bare_title_line(c) and not c.marker.quantity_like):
            kept.add(k)
            chapter = c.ordinal
    following = None  # the kept chapter number after, going backward
    for k in reversed(seq):
        c = candidates[k]
        if c.family != "decimal-bare":
            continue
        if k not in kept and following == c.ordinal + 1 and _bare_title_line(c) and not c.marker.quantity_like:
            kept.add(k)
        following = c.ordinal if k in kept else None
    decimal = BY_ID["decimal"]
    return [replace(c, marker=replace(c.marker, family=decimal, quantity_like=False)) if k in kept else c
            for k, c in enumerate(candidates) if c.family != "decimal-bare" or k in kept]


def _bare_title_line(c: Candidate) -> bool:
    rest = c.line.view[c.title_start:].strip()
    return 0 < len(rest) <= _BARE_TITLE_MAX and not any(ch in _BARE_NOT_IN_TITLE for ch in rest)


_TITLE_LINE_MAX = 80
_CLAUSE_ENDS = frozenset(";,，、")


def _unfollowed_openers(candidates: list[Candidate]) -> dict[int, Candidate]:
    """The 1s whose sequence never goes on (no 2 of their family and style before the next 1
    of it, nor a 3 at a line start: a sequence that lost its 2), by id. Strong families,
    articles and decimal outlines are left to their own rules."""
    lone: list[Candidate] = []  # 1s whose sequence a later 1 of their kind restarted first
    # (family, style) -> its 1s awaiting a 2: a 1 that a 1 follows with no other heading between
    # is the same sequence numbered twice (1, 1, 3), and shares the later 1's fate.
    open_ones: dict[tuple[str, str], list[Candidate]] = {}
    parted: set[tuple[str, str]] = set()  # keys whose last 1 another line-start candidate followed
    for c in candidates:
        mm = c.marker
        fam, ordinal = mm.family, mm.ordinal
        key = (fam.id, mm.style)
        if c.where == "start":
            for k in open_ones:
                if k != key:
                    parted.add(k)
        if fam.strong or fam.body_is_text or fam.id in ("decimal", UNNUMBERED.id) or c.quoted \
                or c.reference or c.in_list or ordinal > 3 or (ordinal == 3 and c.where != "start"):
            continue
        chain = open_ones.pop(key, None)
        if ordinal == 1:
            if chain is None or key in parted:
                if chain is not None:
                    lone.extend(chain)
                chain = []
            chain.append(c)  # in place: a copy per 1 is quadratic on a run of 1s
            open_ones[key] = chain
            parted.discard(key)
    lone.extend(one for chain in open_ones.values() for one in chain)  # never followed by a 2 at all
    return {id(one): one for one in lone}


def _title_line(c: Candidate) -> bool:
    """Whether ``c`` heads its line as a title does: a short title without a comma (its body
    may follow after a colon or a full stop), and not a clause that goes on (``…以下；``)."""
    view, end = c.line.view, len(c.line.view)
    while end > c.marker.end and view[end - 1].isspace():  # the rest of the line, not copied
        end -= 1
    if end > c.marker.end and view[end - 1] in _CLAUSE_ENDS:
        return False
    title = c.title_within(_TITLE_LINE_MAX)
    return title is not None and not any(ch in ",，;" for ch in title)


_RUN_IN_REACH = 200  # candidates to look ahead for the 二、 that confirms a run-in 一、


def _confirmed_run_ins(candidates: list[Candidate]) -> set[int]:
    """Ids of the run-in 一、/1、 candidates whose sequence goes on at a line start (二、)
    before the heading they were run into has a sibling."""
    out: set[int] = set()
    head: Candidate | None = None  # the last candidate at a line start: the heading a 一、 runs into
    for k, c in enumerate(candidates):
        if c.where == "start":
            head = c
        if c.where != "embedded" or c.marker.style != "、" or head is None or head.line is not c.line:
            continue
        parent = head
        for d in candidates[k + 1:k + 1 + _RUN_IN_REACH]:
            if d.where != "start":
                continue
            if d.family == c.family and d.marker.style == c.marker.style:
                if d.ordinal == 2:
                    out.add(id(c))
                break
            if d.family == parent.family:
                break
    return out


def _lift_unconfirmed(headings: list[Heading]) -> None:
    """Undo a nesting of 一、 under 一、 when the outer sequence never goes on: they were siblings.
    The last item of a sequence (5、 after 4、) keeps the 1、 2、 … under it where an outer
    heading or the end follows them: numbering cannot start again on its level under no new
    parent, unless title lines before the 1 open a document of its own."""
    for k, h in enumerate(headings):
        if not h.nests_own_family:
            continue
        c = h.candidate
        end = k + 1
        while end < len(headings) and headings[end].level > h.level:
            end += 1
        nxt = headings[end] if end < len(headings) else None
        confirmed = (nxt is not None and nxt.level == h.level and nxt.candidate.family == c.family
                     and nxt.candidate.ordinal == c.ordinal + 1)
        if not confirmed and c.ordinal > 1 and (nxt is None or nxt.level < h.level):
            confirmed = not headings[k + 1].after_title
        if not confirmed:
            for sub in headings[k + 1:end]:
                sub.level -= 1


class _LineIndex:
    """The position of a line in ``lines``, found by walking on from the last one asked
    about: candidates come in line order, so no table of all the lines is needed."""

    def __init__(self, lines: list[TextLine]) -> None:
        self.lines = lines
        self.i = 0

    def of(self, line: TextLine) -> int | None:
        """The index of ``line`` in the lines, or None if it is not one of them."""
        lines, i = self.lines, self.i
        while i < len(lines) and lines[i] is not line:
            i += 1
        if i == len(lines):  # behind the last one asked about (never in the parser's order)
            i = next((k for k, other in enumerate(lines) if other is line), -1)
            if i < 0:
                return None
        self.i = i
        return i


def _previous_line(lines: list[TextLine], index: _LineIndex, c: Candidate) -> TextLine | None:
    if c.where != "start":
        return None
    i = index.of(c.line) or 0
    return lines[i - 1] if i > 0 else None


_TITLE_BETWEEN_MAX = 40
_IN_PROSE = frozenset("，,、；;：:。！？!?（）()“”")


def _title_between(lines: list[TextLine], i: int, heading_lines: list[TextLine | None]) -> bool:
    """Whether the line before ``lines[i]`` is a title line on its own between finished text
    and a heading (the next report of a collection: ``…完成任务。`` / ``某某局2024年工作计划`` /
    ``一、…``): short, no punctuation in it, no word that leaves it open, and the line before
    it ends a sentence or holds a heading. A line wrapped in mid-sentence has none of these."""
    if i < 1:
        return False
    text = lines[i - 1].view.strip(" *#")
    if not text or len(text) > _TITLE_BETWEEN_MAX or text[-1] in _OPEN_ENDINGS:
        return False
    if any(ch in _IN_PROSE for ch in text):
        return False
    if i == 1:
        return True
    before = lines[i - 2]
    tail = before.view.rstrip()
    return any(before is line for line in heading_lines) or (bool(tail) and tail[-1] in CLOSING)


def ends_mid_sentence(view: str) -> bool:
    """Whether a line ends mid-sentence: a long line without final punctuation, or any
    line ending in a word that cannot end a sentence (的, 和, 对, 第 …)."""
    tail = view.rstrip()
    if not tail or tail[-1] in CLOSING:
        return False
    text = tail.lstrip(" #")  # Markdown heading marks are layout, not words of the line
    return len(text) >= _PROSE_MIN or tail[-1] in _OPEN_ENDINGS


def _place(state: _State, c: Candidate, prev_open: bool) -> int | None:
    """Depth for ``c`` if it is a heading (updating the stack below it), else None."""
    if c.quoted or c.numeral_follows or c.reference or c.in_list or c.table_row:
        return None
    fam = c.marker.family
    if fam is UNNUMBERED:
        return _place_unnumbered(state, c)
    if c.md_level:
        _pop_markdown(state, c.md_level)
    elif fam.rank <= _DIVISION_RANK and c.where == "start":
        # 第X篇 and 第X章 divide the whole text: an unnumbered Markdown heading before one
        # (## 序言, ## 前言) ends where it begins, and does not take the chapters in.
        _pop_markdown(state, 1)
    if prev_open and not c.titled and not fam.body_is_text and c.body_start >= len(c.line.view):
        return None  # a bare marker (no title, no body) after a line that breaks off mid-sentence
    if c.where == "embedded":
        return _place_embedded(state, c)
    opened = _open_levels(state, c)
    for i in opened:
        if _continues(state.stack[i], c):
            if c.marker.quantity_like and (c.where != "start" or prev_open):
                return None
            state.pop_to(i)
            return i + 1
    if c.marker.quantity_like:
        return None
    strict = (c.where == "inline" and len(c.line.view) < RUN_ON) or prev_open
    if c.ordinal == 1:
        if opened:
            i = opened[0]
            if strict:
                return None
            top = state.stack[i].heading
            if i == len(state.stack) - 1 and not top.in_own_family:
                # 一、 straight after 一、: a list inside the heading, kept nested only
                # if the outer sequence goes on later (see _lift_unconfirmed). A 1 of
                # another style (一、 under 一.) is a sequence of its own in another
                # role: it nests, whether or not the outer sequence goes on.
                top.nests_own_family = state.stack[i].style == c.marker.style
                state.nesting_own = True
                return len(state.stack) + 1
            state.pop_to(i)
            return i + 1
        if id(c) in state.unfollowed and (prev_open or not _title_line(c)):
            # A 1 that opens no sequence, in a line of prose (（1）班的同学…), or where the
            # line before breaks off mid-sentence (…捐赠给 / （1）班): the sentence goes on.
            return None
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
        if c.ordinal == lvl.last and not strict and c.titled:
            state.warn(c, "H102", "duplicate-ordinal",
                       f"{c.marker_text} repeats the number of the heading before it in this sequence")
            state.pop_to(i)
            return i + 1
        return None
    if strict:
        return None
    if state.closed.get(c.family) == c.ordinal - 1:
        return len(state.stack) + 1  # numbering that runs on across parents (articles)
    if fam.strong and c.where == "start":
        state.warn(c, "H103", "sequence-start",
                   f"{c.marker_text} starts a sequence at {c.ordinal}, not 1")
        return _place_by_rank(state, c)
    if c.family == "decimal" and len(c.marker.path) == 1 and c.where == "start":
        # A bare chapter number the decimal outline confirmed (4 above 4.1) in an excerpt
        # that starts past chapter 1: the outline's top level, above any decimal part open.
        state.warn(c, "H103", "sequence-start",
                   f"{c.marker_text} starts a sequence at {c.ordinal}, not 1")
        state.pop_to(next((i for i, lvl in enumerate(state.stack) if lvl.family == c.family),
                          len(state.stack)))
        return len(state.stack) + 1
    return None


def _place_by_rank(state: _State, c: Candidate) -> int:
    """Depth for a sequence that starts mid-way: under the family it was seen under, else by GB/T rank."""
    parent = state.parent_family.get(c.family)
    for i in range(len(state.stack) - 1, -1, -1):
        if state.stack[i].family == parent:
            state.pop_to(i + 1)
            return i + 2
    rank = c.marker.family.rank
    depth = len(state.stack)
    while depth > 0 and state.stack[depth - 1].family != UNNUMBERED.id and \
            BY_ID[state.stack[depth - 1].family].rank >= rank:
        depth -= 1
    state.pop_to(depth)
    return depth + 1


def _place_unnumbered(state: _State, c: Candidate) -> int:
    if c.md_level:
        _pop_markdown(state, c.md_level, numbered_deeper=True)
        return len(state.stack) + 1
    state.pop_to(0)  # 附件: a new top-level part
    return 1


def _pop_markdown(state: _State, md_level: int, *, numbered_deeper: bool = False) -> None:
    """Close Markdown headings of ``md_level`` or deeper, and everything under them; with
    ``numbered_deeper``, numbered ones marked deeper than ``md_level`` too (``## 某某规定``
    ends the ``### 第四章`` of the rule before it; equal marks say nothing, as converters
    put one mark on every heading)."""
    for i, lvl in enumerate(state.stack):
        level = lvl.heading.candidate.md_level
        if (lvl.family == UNNUMBERED.id and level >= md_level) or (numbered_deeper and level > md_level):
            state.pop_to(i)
            return


def _place_embedded(state: _State, c: Candidate) -> int | None:
    """A marker inside a heading line: a sub-heading run into its parent's title. A bracketed
    one must end the title; a 一、 or 1、 inside it must be confirmed by a 二、 later on."""
    if c.ordinal != 1 or not state.headings:
        return None
    parent = state.headings[-1].candidate
    if parent.line is not c.line or parent.family == c.family:
        return None
    if c.marker.style == "、":
        if id(c) not in state.run_ins or not parent.title_start < c.marker.start < parent.title_end:
            return None
    elif parent.title_end != c.marker.start:
        return None
    if any(lvl.family == c.family for lvl in state.stack):
        return None
    return len(state.stack) + 1
