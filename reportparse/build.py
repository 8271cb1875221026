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
        on_line: list[Heading] = []
        while nxt is not None and nxt.candidate.line is line:
            on_line.append(nxt)
            nxt = next(pending, None)
        if on_line:
            if len(on_line) > 1:
                on_line.sort(key=lambda h: h.candidate.marker.start)
            for k, h in enumerate(on_line):
                c = _clipped(h.candidate, on_line[k + 1].candidate.marker.start if k + 1 < len(on_line) else None)
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


def _clipped(c: Candidate, next_marker: int | None) -> Candidate:
    """``c`` with its title and body ending where the next heading on its line begins."""
    if next_marker is None or (c.title_end <= next_marker and c.body_start <= next_marker):
        return c
    end = min(c.title_end, next_marker)
    return replace(c, title_end=end, body_start=min(c.body_start, next_marker))


def _is_title(text: str) -> bool:
    t = text.strip()
    return 0 < len(t) <= _TITLE_MAX and t[-1] not in _TITLE_END + "。！？；：，"


def _section(src: SourceText, c: Candidate, level: int, markers: dict[str, str]) -> Section:
    """The section record of heading ``c`` at ``level``, its paragraphs and children still to come
    (``markers``: the marker strings made so far, to share)."""
    line = c.line
    start = line.offset(c.marker.start)
    end = line.end_offset(max(c.title_end, c.marker.end))
    number = src.line_of(start, line.number)
    marker = c.marker_text
    return Section(
        marker=markers.setdefault(marker, marker),
        family=c.family,
        ordinal=c.ordinal,
        title=c.title.strip(),
        level=level,
        line=number,
        end_line=src.line_of(max(start, end - 1), number),
        span=Span(start=start, end=end),
        inline=c.where != "start",
    )
