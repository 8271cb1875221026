"""Plain text: the title, then the headings (marker and title) and paragraphs, one per line.

Parsing this text again gives the same heading tree; the property tests rely on it.
So what shared a source line stays on one line, as the scanner saw it: body text
that followed its heading (on a line of its own it could read as a heading), and a
heading found inside a line (on a line of its own it would change how the next
line is read). Body that a page break or a split marker joined to its heading's line
goes there too (it starts on the line where the heading ends).

With ``source``, the decoded text the document was parsed from, what parts the pieces
of such a line is the source's own (``一、指导思想：坚持…``, ``第一条为了…``): the text
adds no punctuation the source did not have. Without it, the model does not know, and
body follows its heading after ``：`` when the title is short, ``。`` when it is long and a
space when there is none (``第一条 为了…``); a heading inside a line follows ``。``.
A paragraph that a heading cuts off mid-sentence, and a heading that ends as a sentence
would go on, are followed by a blank line, so that the next line does not read as their
wrapped continuation.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from reportparse.markers.scan import COLON_TITLE_MAX, starts_with_marker
from reportparse.outline import ends_mid_sentence
from reportparse.render import heading_text
from reportparse.source import normalise

if TYPE_CHECKING:
    from reportparse.model import Document, Section

_SENTENCE_END = "。！？；!?;”’」』）)》]"


def to_text(doc: Document, *, source: str | None = None) -> str:
    """``doc`` as plain text, ending with a newline; ``source`` is the decoded text it was
    parsed from (see the module's description)."""
    rows: list[tuple[int, str, int | None]] = []  # (source line, text, where its text ends in the source)
    if doc.title:
        rows.append((0, doc.title, None))
    rows.extend((p.line, p.text, p.span.end) for p in doc.paragraphs)
    ends_in_body = bool(doc.paragraphs)  # the last row is a paragraph (not the title, not a heading)
    for sec in doc.walk():
        head, end = _heading_line(sec, source)
        last = len(rows) - 1 - (bool(rows) and rows[-1][1] == "")  # the last row that is not blank
        if sec.inline and last >= 0 and rows[last][0] == sec.line:
            del rows[last + 1:]  # the heading goes on in that line: no blank line before it
            _, before, before_end = rows.pop()
            gap = _between(source, before_end, sec.span.start)
            if gap is None:
                gap = "" if before.endswith(tuple(_SENTENCE_END)) else "。"
            head = before + gap + head
        elif ends_in_body and ends_mid_sentence(normalise(rows[-1][1])):
            # A paragraph cut off by this heading (a page break joined them in the source):
            # a blank line, so that the heading does not read as a wrapped line.
            rows.append((0, "", None))
        paragraphs = list(sec.paragraphs)
        if paragraphs and paragraphs[0].line in (sec.line, sec.end_line):
            first = paragraphs.pop(0)
            gap = _between(source, end, first.span.start)
            head += (_joiner(sec.title, first.text) if gap is None else gap) + first.text
            end = first.span.end
            rows.append((sec.line, head, end))
        else:
            rows.append((sec.line, head, end))
            if ends_mid_sentence(normalise(head)):
                # Its title ends as a sentence would go on: keep the next line from reading as its continuation.
                rows.append((0, "", None))
        rows.extend((p.line, p.text, p.span.end) for p in paragraphs)
        ends_in_body = bool(paragraphs)
    while rows and rows[-1][1] == "":
        rows.pop()
    return "".join(text + "\n" for _, text, _ in rows)


def _between(source: str | None, start: int | None, end: int) -> str | None:
    """What stands between two pieces of one source line: the source's own punctuation and
    spaces, or None when it is not known (no source) or holds more (a line end, removed text)."""
    if source is None or start is None or not 0 <= start <= end <= len(source):
        return None
    gap = source[start:end]
    if len(gap) > 8 or any(ch in "\r\n" or ch.isalnum() for ch in gap):
        return None
    return gap


def _joiner(title: str, body: str) -> str:
    """What parts a heading from its body on one line, where the source is not known."""
    if not title:
        return " "
    if len(title) > COLON_TITLE_MAX or starts_with_marker(normalise(body)):
        return "。"  # a marker after a colon would open a list (包括：1.…)
    return "："


def _heading_line(sec: Section, source: str | None) -> tuple[str, int | None]:
    """The heading's line, and where its title ends in the source (None if not known: the
    span may hold punctuation the title left out)."""
    found = _as_in_source(sec, source)
    if sec.family != "unnumbered" or _is_end_matter(sec.title):
        return found or (heading_text(sec), None)
    # A Markdown heading: one '#' more than its depth, so that a depth-1 heading on the
    # first line is not taken for the document title.
    return f"{'#' * min(6, sec.level + 1)} {sec.title}", found[1] if found else None


def _as_in_source(sec: Section, source: str | None) -> tuple[str, int] | None:
    """Marker and title with what parts them in ``source`` (``第一章　总则``, ``第一章总则``), and
    where they end there; None when the source does not hold them so (no source, a title
    joined from two lines)."""
    if source is None or not source.startswith(sec.marker, sec.span.start):
        return None
    pos = sec.span.start + len(sec.marker)
    if not sec.title:
        return sec.marker, pos
    gap = pos
    while gap < len(source) and source[gap] in " \t\u3000":
        gap += 1
    if not source.startswith(sec.title, gap):
        return None
    return sec.marker + source[pos:gap] + sec.title, gap + len(sec.title)


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
