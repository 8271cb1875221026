"""Markdown: the title as ``#``, headings as ``#`` levels below it, paragraphs in between.

A heading of depth d is d + 1 ``#`` in every document, with a title or without one, so
that the same depth reads the same everywhere; deeper than six ``#`` it is a bold line.
A paragraph that Markdown would read as a heading, quote, list or rule has its first
character escaped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reportparse.render import heading_text

if TYPE_CHECKING:
    from reportparse.model import Document

# What makes a line a Markdown heading, list item, quote, rule or setext underline.
_BLOCK_START = re.compile(r"(?:#{1,6}|[-+*]|\d{1,9}[.)])(?:[ \t]|$)|>|[-_*=]{3,}\s*$|=+\s*$")


def to_markdown(doc: Document) -> str:
    """``doc`` as Markdown, blocks separated by blank lines, ending with a newline."""
    blocks: list[str] = []
    if doc.title:
        blocks.append(f"# {doc.title}")
    blocks.extend(_paragraph(p.text) for p in doc.paragraphs)
    for sec in doc.walk():
        depth = sec.level + 1
        text = heading_text(sec)
        blocks.append(f"{'#' * depth} {text}" if depth <= 6 else f"**{text}**")
        blocks.extend(_paragraph(p.text) for p in sec.paragraphs)
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _paragraph(text: str) -> str:
    m = _BLOCK_START.match(text)
    if m is None:
        return text
    i = len(m.group().rstrip(" \t")) - 1 if text[0].isdigit() else 0  # the '.' of '1.', else the first character
    return f"{text[:i]}\\{text[i:]}"
