"""The structure checks behind ``reportparse check``.

Each check is a function ``(doc) -> list[Diagnostic]`` listed in :data:`CHECKS`
under the code it reports. :func:`check` runs the selected ones and adds the
warnings the parse itself gave (D101-D103, H101-H103).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

import regex

from reportparse.lint.codes import BY_CODE, RULES
from reportparse.markers.numerals import ordinal_value
from reportparse.markers.table import BY_ID, UNNUMBERED, MarkerMatch, match_marker
from reportparse.records import Diagnostic
from reportparse.source import SourceText, normalise

if TYPE_CHECKING:
    from reportparse.model import Document, Section

_LONG_HEADING = 40  # H109: a title longer than this, with no punctuation, is a heading run into its text
_SHORT_HEADING = 20  # H108: a title at most this long, with no punctuation, reads as a heading
_SENTENCE_PUNCTUATION = frozenset("，,；;。：:！!？?")
_PUNCTUATED = frozenset({"zh-dun", "arabic", "zh-paren", "arabic-paren"})  # families with a punctuation style


def check(doc: Document, select: Iterable[str] | None = None,
          ignore: Iterable[str] | None = None, source: SourceText | str | None = None) -> list[Diagnostic]:
    """The findings for ``doc``, sorted by line, column and code.

    ``select`` and ``ignore`` take full codes (``H101``) or prefixes (``H``, ``H1``);
    the longest matching selector wins, ``ignore`` on a tie. With no ``select``, the
    rules on by default are checked. An unknown selector raises ``ValueError``.
    ``source`` is the decoded text ``doc`` was parsed from: with it, each finding has
    the 1-based column of its marker; without it, column 1.
    """
    selected = Selection(select, ignore)
    tree = _Tree(doc)
    found: dict[tuple[str, int, int | None], _Found] = {}
    for d in doc.warnings:
        if selected(d.code) and not (d.code == "H101" and tree.explained_gap(d)):
            f = _Found(d.code, d.line, tree.marker_offset(d), d.message)
            found.setdefault(f.key, f)
    for code, run in CHECKS:
        if selected(code):
            for f in run(tree):
                found.setdefault(f.key, f)
    if isinstance(source, str):
        source = SourceText.from_text(source)
    out = [Diagnostic(code=f.code, name=BY_CODE[f.code].name, message=f.message, line=f.line,
                      column=_column(source, f)) for f in found.values()]
    return sorted(out, key=lambda d: (d.line, d.column, d.code, d.message))


def _column(source: SourceText | None, f: _Found) -> int:
    if source is None or f.offset is None or source.line_of(f.offset) != f.line:
        return 1
    return source.column_of(f.offset)


@dataclass(frozen=True)
class _Found:
    """A finding before it gets its column: the source offset of its marker, if known."""

    code: str
    line: int
    offset: int | None
    message: str

    @property
    def key(self) -> tuple[str, int, int | None]:
        return self.code, self.line, self.offset


class Selection:
    """Which codes ``select`` / ``ignore`` keep (the longest matching prefix wins); constructing
    one with an unknown selector raises ``ValueError``."""

    def __init__(self, select: Iterable[str] | None, ignore: Iterable[str] | None) -> None:
        self.select = _validated(select) if select is not None else None
        self.ignore = _validated(ignore or ())

    def __call__(self, code: str) -> bool:
        ignored = max((len(s) for s in self.ignore if code.startswith(s)), default=-1)
        if self.select is None:
            rule = BY_CODE.get(code)
            return ignored < 0 and (rule is None or rule.default)
        selected = max((len(s) for s in self.select if code.startswith(s)), default=-1)
        return selected > ignored


def _validated(selectors: Iterable[str]) -> list[str]:
    out = []
    for raw in selectors:
        s = raw.strip().upper()
        if not s or not any(r.code.startswith(s) for r in RULES):
            raise ValueError(f"unknown rule selector {raw!r}; codes are {', '.join(BY_CODE)}")
        out.append(s)
    return out


class _Tree:
    """``doc`` with what the checks share: sibling sequences, each heading's sibling before
    it, the headings of each line, and the paragraphs that start with a mis-numbered marker."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.sequences = list(_sequences(doc))
        self.before: dict[int, Section] = {}
        for seq in self.sequences:
            for prev, sec in pairwise(seq):
                self.before[id(sec)] = prev
        self.on_line: dict[int, list[Section]] = {}
        for sec in doc.walk():
            self.on_line.setdefault(sec.line, []).append(sec)
        self.paragraph_markers = _paragraph_markers(doc)

    def section_of(self, d: Diagnostic) -> Section | None:
        """The heading a parse warning names: on its line, with the marker its message starts with."""
        return next((s for s in self.on_line.get(d.line, ()) if s.marker and d.message.startswith(s.marker)),
                    None)

    def marker_offset(self, d: Diagnostic) -> int | None:
        sec = self.section_of(d)
        return sec.span.start if sec is not None else None

    def duplicate(self, sec: Section) -> bool:
        """Whether ``sec`` repeats the number of the sibling before it."""
        prev = self.before.get(id(sec))
        return prev is not None and prev.ordinal == sec.ordinal

    def explained_gap(self, d: Diagnostic) -> bool:
        """Whether the numbers an ordinal gap skips are accounted for by findings of their own: a
        repeated number just before it, or mis-numbered lines in between that are not headings."""
        sec = self.section_of(d)
        prev = self.before.get(id(sec)) if sec is not None else None
        if sec is None or prev is None:
            return False
        skipped = sec.ordinal - prev.ordinal - 1
        between = sum(1 for family, f in self.paragraph_markers
                      if family == sec.family and prev.line < f.line < sec.line)
        return 0 < skipped <= between + self.duplicate(prev)


def _families(sections: Sequence[Section]) -> Iterator[list[Section]]:
    """The sequences among ``sections`` (siblings): one list per marker family, in order."""
    groups: dict[str, list[Section]] = {}
    for sec in sections:
        if sec.family != UNNUMBERED.id:
            groups.setdefault(sec.family, []).append(sec)
    yield from groups.values()


def _sequences(doc: Document) -> Iterator[list[Section]]:
    """Every sequence of sibling headings in ``doc``."""
    yield from _families(doc.sections)
    for sec in doc.walk():
        yield from _families(sec.children)


def _with_ancestors(doc: Document) -> Iterator[tuple[Section, list[Section]]]:
    """Each section with its ancestors, outermost first."""
    stack: list[Section] = []
    for sec in doc.walk():
        del stack[sec.level - 1:]
        yield sec, list(stack)
        stack.append(sec)


#: Markers the parser cannot take for one, at a paragraph start: the punctuation twice (4.. 二..),
#: or 一、 written 二. before a digit (二.2017年工作).
_MALFORMED = regex.compile(r"(?P<num>\d{1,3}|(?P<cn>[一二三四五六七八九十百零〇两]{1,4}))[ ]?"
                           r"(?:(?P<twice>\.[ ]?\.|\.[ ]?、|、[ ]?、)|(?(cn)\.(?=\d)|(?!)))")
_CN_NUMERALS = frozenset("一二三四五六七八九十百零〇两廿")


def _path(sec: Section) -> tuple[int, ...]:
    mm = match_marker(normalise(sec.marker).strip(), 0)
    return mm.path if mm is not None else (sec.ordinal,)


def _key(mm: MarkerMatch) -> str:
    """The sequence a marker belongs to: its family; for decimals, with its depth (1.2 and 1.2.3 differ)."""
    return f"decimal/{len(mm.path)}" if mm.family.id == "decimal" else mm.family.id


def _sequence_key(sec: Section) -> str:
    if sec.family != "decimal":
        return sec.family
    return f"decimal/{len(_path(sec))}"


def _numeral_follows(view: str, end: int, family: str) -> bool:
    """Whether another numeral of the marker's own kind follows it (一、二、三类, 1.5亿元)."""
    if end >= len(view):
        return True
    if family in ("arabic", "decimal", "arabic-paren", "arabic-half-paren"):
        return view[end].isdigit()
    return view[end] in _CN_NUMERALS


def _paragraph_markers(doc: Document) -> list[tuple[str, _Found]]:
    """Paragraphs that start like the next heading of an open sequence but were not taken for one:
    the number goes back (H104) or repeats the open heading's (H102), the punctuation is doubled
    (H106) or not the sequence's (H105). Each with the marker family it belongs to."""
    out: list[tuple[str, _Found]] = []
    for sec, ancestors in _with_ancestors(doc):
        open_by_family = {_sequence_key(a): a for a in [*ancestors, sec]}
        for para in sec.paragraphs:
            view = normalise(para.text)
            at = len(view) - len(view.lstrip(" #"))
            start = para.span.start + at
            bad = _MALFORMED.match(view, at)
            if bad is not None:
                family = "zh-dun" if bad["cn"] else "arabic"
                head = open_by_family.get(family)
                if head is not None and ordinal_value(bad["num"]) == head.ordinal + 1:
                    marker = para.text[at:bad.end()]
                    if bad["twice"]:
                        found = _Found("H106", para.line, start, f"{marker} has its punctuation twice, "
                                                                 "so it was not taken for a heading")
                    else:
                        found = _Found("H105", para.line, start, f"{marker} beside {head.marker} "
                                       f"(line {head.line}), so it was not taken for a heading")
                    out.append((family, found))
                continue
            mm = match_marker(view, at)
            if mm is None or mm.quantity_like or _numeral_follows(view, mm.end, mm.family.id):
                continue
            head = open_by_family.get(_key(mm))
            if head is None or mm.path > _path(head):
                continue
            marker = para.text[at:mm.end]
            if mm.path < _path(head):
                message = f"{marker} comes after {head.marker} (line {head.line}), so it was not taken for a heading"
                out.append((mm.family.id, _Found("H104", para.line, start, message)))
            elif mm.ordinal > 1:
                message = (f"{marker} repeats the number of {head.marker} (line {head.line}), "
                           "so it was not taken for a heading")
                out.append((mm.family.id, _Found("H102", para.line, start, message)))
    return out


def _noise_in_paragraph(tree: _Tree) -> list[_Found]:
    doc = tree.doc
    paragraphs = [*doc.paragraphs, *(p for s in doc.walk() for p in s.paragraphs)]
    paragraphs.sort(key=lambda p: p.span.start)
    out, i = [], 0
    for item in sorted(doc.noise, key=lambda n: n.span.start):
        while i < len(paragraphs) and paragraphs[i].span.end <= item.span.start:
            i += 1
        if i < len(paragraphs) and paragraphs[i].span.start < item.span.start \
                and item.span.end < paragraphs[i].span.end:
            out.append(_Found("N101", item.line, item.span.start,
                              f"{item.kind} {item.text.strip()!r} was cut out of a paragraph"))
    return out


def _duplicates(tree: _Tree) -> list[_Found]:
    out = []
    for seq in tree.sequences:
        for k in range(1, len(seq)):
            prev, sec = seq[k - 1], seq[k]
            if sec.ordinal != prev.ordinal:
                continue
            # A second 1 is a new list unless the numbering goes on as if it were 2.
            if sec.ordinal == 1 and not (k + 1 < len(seq) and seq[k + 1].ordinal == 3):
                continue
            out.append(_Found("H102", sec.line, sec.span.start,
                              f"{sec.marker} repeats the number of {prev.marker} (line {prev.line})"))
    return out + [f for _, f in tree.paragraph_markers if f.code == "H102"]


def _out_of_order(tree: _Tree) -> list[_Found]:
    out = [_Found("H104", sec.line, sec.span.start, f"{sec.marker} comes after {prev.marker}")
           for seq in tree.sequences for prev, sec in pairwise(seq) if 1 < sec.ordinal < prev.ordinal]
    return out + [f for _, f in tree.paragraph_markers if f.code == "H104"]


def _style(sec: Section) -> str | None:
    mm = match_marker(normalise(sec.marker), 0)
    return mm.style if mm is not None else None


def _mixed_punctuation(tree: _Tree) -> list[_Found]:
    out = []
    for seq in tree.sequences:
        if seq[0].family not in _PUNCTUATED:
            continue
        first = seq[0]
        style = _style(first)
        for sec in seq[1:]:
            if _style(sec) != style:
                out.append(_Found("H105", sec.line, sec.span.start,
                                  f"{sec.marker} beside {first.marker} (line {first.line}) in one sequence"))
    return out + [f for _, f in tree.paragraph_markers if f.code == "H105"]


def _doubled_punctuation(tree: _Tree) -> list[_Found]:
    out = []
    for sec in tree.doc.walk():
        if sec.family not in ("zh-dun", "arabic"):
            continue
        marker = normalise(sec.marker).replace(" ", "")
        if len(marker) - len(marker.rstrip("、.")) > 1:
            out.append(_Found("H106", sec.line, sec.span.start, f"{sec.marker} has its punctuation twice"))
    return out + [f for _, f in tree.paragraph_markers if f.code == "H106"]


def _level_against_gbt_order(tree: _Tree) -> list[_Found]:
    out = []
    for sec, ancestors in _with_ancestors(tree.doc):
        if not ancestors:
            continue
        parent = ancestors[-1]
        own, above = BY_ID.get(sec.family), BY_ID.get(parent.family)
        if own is None or above is None or own.id == above.id:
            continue
        if own.rank < above.rank:
            out.append(_Found("H107", sec.line, sec.span.start,
                              f"{sec.marker} is under {parent.marker} (line {parent.line}); "
                              f"GB/T 9704 puts {own.example} above {above.example}"))
    return out


def _heading_like(title: str, longest: int) -> bool:
    """Whether ``title`` reads as a heading, not a sentence: at most ``longest`` characters and
    no sentence punctuation inside."""
    return len(title) <= longest and not any(ch in _SENTENCE_PUNCTUATION for ch in title)


def _empty_section(tree: _Tree) -> list[_Found]:
    out = []
    for seq in tree.sequences:
        if len(seq) < 3:
            continue
        for k, sec in enumerate(seq[:-1]):
            if sec.paragraphs or sec.children or not _heading_like(sec.title, _SHORT_HEADING):
                continue
            if all(s.paragraphs or s.children for s in seq[:k] + seq[k + 1:]):
                out.append(_Found("H108", sec.line, sec.span.start,
                                  f"{sec.marker}{sec.title} has no text and no sub-headings, "
                                  "unlike the other headings of its sequence"))
    return out


def _long_heading(tree: _Tree) -> list[_Found]:
    return [_Found("H109", s.line, s.span.start,
                   f"{s.marker} title is {len(s.title)} characters long with no punctuation "
                   f"(more than {_LONG_HEADING}): a heading and its text may have run together")
            for s in tree.doc.walk() if len(s.title) > _LONG_HEADING and _heading_like(s.title, len(s.title))]


def _inline_heading(tree: _Tree) -> list[_Found]:
    """One finding per line: the first heading found inside it, and how many more there are."""
    by_line: dict[int, list[Section]] = {}
    for sec in tree.doc.walk():
        if sec.inline:
            by_line.setdefault(sec.line, []).append(sec)
    out = []
    for line, secs in by_line.items():
        secs.sort(key=lambda s: s.span.start)
        first = secs[0]
        more = f" (and {len(secs) - 1} more heading{'s' * (len(secs) > 2)} in this line)" if len(secs) > 1 else ""
        out.append(_Found("H110", line, first.span.start, f"{first.marker}{first.title[:12]} starts inside a "
                                                          f"line{more}: a line break was lost before it"))
    return out


Check = Callable[[_Tree], list[_Found]]

#: code -> check, in code order. D101-D103, H101 and H103 come from the parse itself; H102 from
#: the parse and from the tree.
CHECKS: tuple[tuple[str, Check], ...] = (
    ("N101", _noise_in_paragraph),
    ("H102", _duplicates),
    ("H104", _out_of_order),
    ("H105", _mixed_punctuation),
    ("H106", _doubled_punctuation),
    ("H107", _level_against_gbt_order),
    ("H108", _empty_section),
    ("H109", _long_heading),
    ("H110", _inline_heading),
)
