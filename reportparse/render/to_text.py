"""Plain text: the title, then the headings (marker and title) and paragraphs, one per line.

Parsing this text again gives the same heading tree; the property tests rely on it.
So what shared a source line stays on one line, as the scanner saw it: body text
that followed its heading (on a line of its own it could read as a heading), and a
heading found inside a line (on a line of its own it would change how the next
line is read). Body text follows its heading after ``：`` as in ``一、指导思想：坚持…``,
which ends a short title and keeps the scanner from looking for headings after it;
after ``。`` when the title is too long for that; after a space when there is no
title (``第一条 为了…``). Body that a page break or a split marker joined to its
heading's line goes there too (it starts on the line where the heading ends); and a paragraph that a heading cuts off mid-sentence gets a closing ``。``, so that
the heading does not read as a wrapped line.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from reportparse.markers.scan import COLON_TITLE_MAX
from reportparse.outline import ends_mid_sentence
from reportparse.render import heading_text
from reportparse.source import normalise

if TYPE_CHECKING:
    from reportparse.model import Document, Section

_SENTENCE_END = "。！？；!?;”’」』）)》]"


def to_text(doc: Document) -> str:
    """``doc`` as plain text, ending with a newline."""
    rows: list[tuple[int, str]] = []  # (source line, text)
    if doc.title:
        rows.append((0, doc.title))
    rows.extend((p.line, p.text) for p in doc.paragraphs)
    ends_in_body = bool(doc.paragraphs)  # the last row is a paragraph (not the title, not a heading)
    for sec in doc.walk():
        head = _heading_line(sec)
        if sec.inline and rows and rows[-1][0] == sec.line:
            _, before = rows.pop()
            head = before + ("" if before.endswith(tuple(_SENTENCE_END)) else "。") + head
        elif ends_in_body and ends_mid_sentence(normalise(rows[-1][1])):
            # A paragraph cut off by this heading (a page break joined them in the source):
            # close it, so that the heading does not read as a wrapped line.
            rows[-1] = (rows[-1][0], rows[-1][1] + "。")
        paragraphs = list(sec.paragraphs)
        if paragraphs and paragraphs[0].line in (sec.line, sec.end_line):
            head += _joiner(sec.title) + paragraphs.pop(0).text
        elif ends_mid_sentence(normalise(head)):
            # Its title ended a sentence: keep the next line from reading as a wrapped one (a
            # Markdown line ending as a statement is body text, so it gets a colon).
            head += "：" if head.startswith("#") else "。"
        rows.append((sec.line, head))
        rows.extend((p.line, p.text) for p in paragraphs)
        ends_in_body = bool(paragraphs)
    return "".join(text + "\n" for _, text in rows)


def _joiner(title: str) -> str:
    if not title:
        return " "
    return "：" if len(title) <= COLON_TITLE_MAX else "。"


def _heading_line(sec: Section) -> str:
    if sec.family != "unnumbered" or _is_end_matter(sec.title):
        return heading_text(sec)
    # A Markdown heading: one '#' more than its depth, so that a depth-1 heading on the
    # first line is not taken for the document title.
    return f"{'#' * min(6, sec.level + 1)} {sec.title}"


@lru_cache(maxsize=256)
def _is_end_matter(title: str) -> bool:
    """Whether an unnumbered title is a heading by itself (附件1, 参考文献), not a Markdown one."""
    from reportparse.errors import ReportParseError
    from reportparse.pipeline import parse

    try:
        doc = parse(title)
    except ReportParseError:
        return False
    return bool(doc.sections) and doc.sections[0].family == "unnumbered"
