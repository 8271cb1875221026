"""Chunks: JSON Lines, one record per section, for a search index or a RAG pipeline.

Each record holds ``path`` (the headings from the top down to this one, markers
included), ``level``, ``lines`` (the first and last source line of the section's
own text, sub-sections excluded), ``text`` (its own paragraphs joined by
newlines) and ``source`` (the file name, or null). Body text before the first
heading comes first, as a record with level 0 and the document title (if any)
as its path.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from reportparse.render import heading_text

if TYPE_CHECKING:
    from reportparse.model import Document, Section


def to_chunks(doc: Document) -> str:
    """``doc`` as JSON Lines, one record per section in document order."""
    sections = doc.walk()
    records: list[dict[str, Any]] = []
    source = doc.metadata.source
    if doc.paragraphs:
        first = doc.paragraphs[0].line
        last = sections[0].line - 1 if sections else doc.metadata.lines
        records.append(_record([doc.title] if doc.title else [], 0, first, max(first, last),
                               "\n".join(p.text for p in doc.paragraphs), source))
    path: list[str] = []
    for i, sec in enumerate(sections):
        del path[sec.level - 1:]
        path.append(heading_text(sec))
        records.append(_record(list(path), sec.level, sec.line, _last_line(doc, sections, i),
                               "\n".join(p.text for p in sec.paragraphs), source))
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _last_line(doc: Document, sections: list[Section], i: int) -> int:
    """The line before the next heading (that heading's line if it starts mid-line)."""
    if i + 1 == len(sections):
        return max(sections[i].line, doc.metadata.lines)
    nxt = sections[i + 1]
    return max(sections[i].line, nxt.line if nxt.inline else nxt.line - 1)


def _record(path: list[str], level: int, first: int, last: int, text: str,
            source: str | None) -> dict[str, Any]:
    return {"path": path, "level": level, "lines": [first, last], "text": text, "source": source}
