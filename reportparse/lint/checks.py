"""The structure checks behind ``reportparse check``.

Each check is a function ``(doc) -> list[Diagnostic]`` listed in :data:`CHECKS`
under the code it reports. :func:`check` runs the selected ones and adds the
warnings the parse itself gave (D101, D102, H101-H103).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import pairwise

from reportparse.lint.codes import BY_CODE, RULES
from reportparse.markers.table import BY_ID, match_marker
from reportparse.model import Diagnostic, Document, Section
from reportparse.source import normalise

_LONG_HEADING = 40
_PUNCTUATED = frozenset({"zh-dun", "arabic", "zh-paren", "arabic-paren"})  # families with a punctuation style
_NUMERAL_NEXT = frozenset("0123456789一二三四五六七八九十百零〇两廿")

Check = Callable[[Document], list[Diagnostic]]


def check(doc: Document, select: Iterable[str] | None = None,
          ignore: Iterable[str] | None = None) -> list[Diagnostic]:
    """The findings for ``doc``, sorted by line, column and code.

    ``select`` and ``ignore`` take full codes (``H101``) or prefixes (``H``, ``H1``);
    the longest matching selector wins, ``ignore`` on a tie. With no ``select``, the
    rules on by default are checked. An unknown selector raises ``ValueError``.
    """
    selected = Selection(select, ignore)
    found = {d for d in doc.warnings if selected(d.code)}
    for code, run in CHECKS:
        if selected(code):
            found.update(run(doc))
    return sorted(found, key=lambda d: (d.line, d.column, d.code, d.message))


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


def _finding(code: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(code=code, name=BY_CODE[code].name, message=message, line=line)


def _families(sections: Sequence[Section]) -> Iterator[list[Section]]:
    """The sequences among ``sections`` (siblings): one list per marker family, in order."""
    groups: dict[str, list[Section]] = {}
    for sec in sections:
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


def _noise_in_paragraph(doc: Document) -> list[Diagnostic]:
    paragraphs = [*doc.paragraphs, *(p for s in doc.walk() for p in s.paragraphs)]
    paragraphs.sort(key=lambda p: p.span.start)
    out, i = [], 0
    for item in sorted(doc.noise, key=lambda n: n.span.start):
        while i < len(paragraphs) and paragraphs[i].span.end <= item.span.start:
            i += 1
        if i < len(paragraphs) and paragraphs[i].span.start < item.span.start \
                and item.span.end < paragraphs[i].span.end:
            out.append(_finding("N101", item.line,
                                f"{item.kind} {item.text.strip()!r} was cut out of a paragraph"))
    return out


def _out_of_order(doc: Document) -> list[Diagnostic]:
    out = []
    for seq in _sequences(doc):
        for prev, sec in pairwise(seq):
            if 1 < sec.ordinal < prev.ordinal:
                out.append(_finding("H104", sec.line, f"{sec.marker} comes after {prev.marker}"))
    for sec, ancestors in _with_ancestors(doc):
        open_by_family = {a.family: a for a in [*ancestors, sec]}
        for para in sec.paragraphs:
            view = normalise(para.text)
            mm = match_marker(view, 0)
            if mm is None or mm.quantity_like or mm.end >= len(view) or view[mm.end] in _NUMERAL_NEXT:
                continue
            head = open_by_family.get(mm.family.id)
            if head is not None and mm.ordinal < head.ordinal:
                out.append(_finding("H104", para.line,
                                    f"{para.text[:mm.end]} comes after {head.marker} (line {head.line}), "
                                    "so it was not taken for a heading"))
    return out


def _style(sec: Section) -> str | None:
    mm = match_marker(normalise(sec.marker), 0)
    return mm.style if mm is not None else None


def _mixed_punctuation(doc: Document) -> list[Diagnostic]:
    out = []
    for seq in _sequences(doc):
        if seq[0].family not in _PUNCTUATED:
            continue
        first = seq[0]
        style = _style(first)
        for sec in seq[1:]:
            if _style(sec) != style:
                out.append(_finding("H105", sec.line, f"{sec.marker} beside {first.marker} "
                                                      f"(line {first.line}) in one sequence"))
    return out


def _doubled_punctuation(doc: Document) -> list[Diagnostic]:
    out = []
    for sec in doc.walk():
        if sec.family not in ("zh-dun", "arabic"):
            continue
        marker = normalise(sec.marker).replace(" ", "")
        if len(marker) - len(marker.rstrip("、.")) > 1:
            out.append(_finding("H106", sec.line, f"{sec.marker} has its punctuation twice"))
    return out


def _level_against_gbt_order(doc: Document) -> list[Diagnostic]:
    out = []
    for sec, ancestors in _with_ancestors(doc):
        if not ancestors:
            continue
        parent = ancestors[-1]
        own, above = BY_ID.get(sec.family), BY_ID.get(parent.family)
        if own is None or above is None or own.id == above.id:
            continue
        if own.rank < above.rank:
            out.append(_finding("H107", sec.line,
                                f"{sec.marker} is under {parent.marker} (line {parent.line}); "
                                f"GB/T 9704 puts {own.example} above {above.example}"))
    return out


def _empty_section(doc: Document) -> list[Diagnostic]:
    out = []
    for seq in _sequences(doc):
        filled = any(s.paragraphs or s.children for s in seq)
        for sec in seq:
            if not sec.paragraphs and not sec.children and (filled or not sec.title):
                out.append(_finding("H108", sec.line, f"{sec.marker}{sec.title} has no text and no sub-headings"))
    return out


def _long_heading(doc: Document) -> list[Diagnostic]:
    return [_finding("H109", s.line, f"{s.marker} title is {len(s.title)} characters long "
                                     f"(more than {_LONG_HEADING})")
            for s in doc.walk() if len(s.title) > _LONG_HEADING]


def _inline_heading(doc: Document) -> list[Diagnostic]:
    return [_finding("H110", s.line, f"{s.marker}{s.title[:12]} starts inside a line: "
                                     "a line break was lost before it")
            for s in doc.walk() if s.inline]


#: code -> check, in code order. D101, D102 and H101-H103 come from the parse itself.
CHECKS: tuple[tuple[str, Check], ...] = (
    ("N101", _noise_in_paragraph),
    ("H104", _out_of_order),
    ("H105", _mixed_punctuation),
    ("H106", _doubled_punctuation),
    ("H107", _level_against_gbt_order),
    ("H108", _empty_section),
    ("H109", _long_heading),
    ("H110", _inline_heading),
)
