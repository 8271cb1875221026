"""Chunks: JSON Lines, one record per retrieval chunk (see :mod:`reportparse.chunks`).

Each record holds ``text`` (the breadcrumb if asked for, then the body: headings and
paragraphs one per line), ``source``, ``heading_path`` (the headings from the top down,
markers included), ``line_start``/``line_end`` (1-based source lines),
``char_start``/``char_end`` (half-open offsets into the decoded text), ``encoding``,
``title`` (the document's, or null) and ``overlap`` (characters at the start of the
body repeated from the record before).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from reportparse.chunks import ChunkOptions, chunk_document

if TYPE_CHECKING:
    from reportparse.model import Document


def to_chunks(doc: Document, *, source: str | None = None, max_chars: int | None = None, overlap: int = 0,
              min_chars: int = 0, breadcrumb: bool = False) -> str:
    """``doc`` as JSON Lines, one record per chunk in document order. ``source`` is the decoded
    text ``doc`` was parsed from (:func:`reportparse.chunks.source_text`): offsets and lines
    point into it. Raises ValueError without it, or for options that cannot work."""
    if source is None:
        raise ValueError("the chunks format needs the decoded source text: "
                         "render(doc, 'chunks', source=reportparse.chunks.source_text(data))")
    options = ChunkOptions(max_chars=max_chars, overlap=overlap, min_chars=min_chars, breadcrumb=breadcrumb)
    return "".join(json.dumps(c.record(), ensure_ascii=False) + "\n"
                   for c in chunk_document(doc, source, options))
