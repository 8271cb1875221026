"""Stage 5: assemble the document records from lines, headings and noise."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TypeVar

from reportparse.markers.scan import Candidate
from reportparse.outline import Heading
from reportparse.records import Diagnostic, Document, Metadata, NoiseItem, Paragraph, Section, Span
from reportparse.source import SourceText, TextLine

_TITLE_MAX = 60
_TITLE_END = "。!?;:,"


def _paragraph(src: SourceText, line: TextLine, a: int, b: int) -> Paragraph | None:
    """The paragraph of ``line.text[a:b]`` without the layout space at its ends, or None if that is all."""
    view = line.view
    if a < b and (view[a].isspace() or view[b - 1].isspace()):  # layout space is blank on the view
        a, b = line.strip_bounds(a, b)
    if a >= b:
        return None
    start, end = line.offset(a), line.end_offset(b)
    return Paragraph(text=line.text[a:b], line=src.line_of(start, line.number), span=Span(start=start, end=end))


def build_document(
    src: SourceText,
    lines: Iterable[TextLine],
    headings: Iterable[Heading],
    noise: list[NoiseItem],
    warnings: list[Diagnostic],
    source_name: str | None = None,
) -> Document:
    """The Document for ``src``: title, front paragraphs, the section tree, noise and warnings.

    ``lines`` and ``headings`` are read once, in order, side by side (the outline gives its
    headings in line order); pass :func:`drained` lists to free each line, and the headings on
    it, as soon as its records are built."""
    pending = iter(headings)
    nxt = next(pending, None)
    front: list[Paragraph] = []
    top: list[Section] = []
    # the open sections, outermost first: (level, its paragraphs, its children); the root is level 0
    stack: list[tuple[int, list[Paragraph], list[Section]]] = [(0, front, top)]
    title: str | None = None
    markers: dict[str, str] = {}  # one string for each marker text (一、 on many headings)
    for line in lines:
        pos = 0
        if nxt is not None and nxt.candidate.line is line:
            on_line = [nxt]
            nxt = next(pending, None)
            while nxt is not None and nxt.candidate.line is line:
                on_line.append(nxt)
                nxt = next(pending, None)
            pos = _open_sections(src, line, on_line, stack, markers)
        para = _paragraph(src, line, pos, len(line.text))
        if para is None:
            continue
        if title is None and len(stack) == 1 and not front and _is_title(para.text):
            title = para.text.lstrip("# \u3000")
            continue
        stack[-1][1].append(para)
    if nxt is not None:  # never: a heading out of line order would have been lost
        raise ValueError(f"heading on line {nxt.candidate.line.number} is out of line order")
    return Document(
        title=title,
        metadata=Metadata(encoding=src.encoding, bom=src.bom, lines=src.line_count,
                          characters=len(src.text), source=source_name),
        paragraphs=front,
        sections=top,
        noise=noise,
        warnings=warnings,
    )


def _open_sections(src: SourceText, line: TextLine, on_line: list[Heading],
                   stack: list[tuple[int, list[Paragraph], list[Section]]], markers: dict[str, str]) -> int:
    """Add the sections of the headings ``on_line`` (on ``line``) to the open ones on ``stack``, and
    the text before each to the section open there; the position where the line's body begins."""
    if len(on_line) > 1:
        on_line.sort(key=lambda h: h.candidate.marker.start)
    pos = 0
    last = len(on_line) - 1
    for k, h in enumerate(on_line):
        c = h.candidate if k == last else _clipped(h.candidate, on_line[k + 1].candidate.marker.start)
        if c.marker.start > pos and not _is_layout(c, line.text[pos:c.marker.start]):
            para = _paragraph(src, line, pos, c.marker.start)
            if para:
                stack[-1][1].append(para)
        while stack[-1][0] >= h.level:
            stack.pop()
        sec = _section(src, c, h.level, markers)
        stack[-1][2].append(sec)
        stack.append((h.level, sec.paragraphs, sec.children))
        pos = c.body_start
    return pos


T = TypeVar("T")


def drained(items: list[T]) -> Iterator[T]:
    """The items of ``items`` in order, each removed from the list as it is handed out (the
    list ends empty): what a stage reads once need not outlive its reading."""
    items.reverse()
    while items:
        yield items.pop()


def _is_layout(c: Candidate, before: str) -> bool:
    """Whether ``before``, what stands before a line-start marker, is layout (``##``, a bullet),
    not a paragraph; with furniture kept it may be text."""
    return c.where == "start" and not any(map(str.isalnum, before))


def _clipped(c: Candidate, next_marker: int) -> Candidate:
    """``c`` with its title and body ending where the next heading on its line begins."""
    if c.title_end <= next_marker and c.body_start <= next_marker:
        return c
    end = min(c.title_end, next_marker)
    return replace(c, title_end=end, body_start=min(c.body_start, next_marker))


def _is_title(text: str) -> bool:
    t = text.strip()
    return 0 < len(t) <= _TITLE_MAX and t[-1] not in _TITLE_END + "。！？；：，"


def _section(src: SourceText, c: Candidate, level: int, markers: dict[str, str]) -> Section:
    """The section record of heading ``c`` at ``level``, its paragraphs and children still to come
    (``markers``: the marker strings made so far, to share)."""
    line, mm = c.line, c.marker
    start = line.offset(mm.start)
    end = line.end_offset(max(c.title_end, mm.end))
    number = src.line_of(start, line.number)
    marker = line.text[mm.start:mm.end]
    return Section(
        marker=markers.setdefault(marker, marker),
        family=mm.family.id,
        ordinal=mm.ordinal,
        title=c.title.strip(),
        level=level,
        line=number,
        end_line=src.line_of(max(start, end - 1), number),
        span=Span(start=start, end=end),
        inline=c.where != "start",
    )
