"""Renderers: read a Document, return text. Each format lives in its own module."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportparse.model import Document, Section

#: format name -> (module, function); modules are imported only when used.
FORMATS: dict[str, tuple[str, str]] = {
    "json": ("reportparse.render.to_json", "to_json"),
    "outline": ("reportparse.render.to_outline", "to_outline"),
    "markdown": ("reportparse.render.to_markdown", "to_markdown"),
    "chunks": ("reportparse.render.to_chunks", "to_chunks"),
    "tree": ("reportparse.render.to_tree", "to_tree_text"),
    "text": ("reportparse.render.to_text", "to_text"),
    "html": ("reportparse.render.to_html", "to_html"),
}


def render(doc: Document, format: str = "json", **options: Any) -> str:
    """Render ``doc`` in ``format`` (one of :data:`FORMATS`)."""
    try:
        module, name = FORMATS[format]
    except KeyError:
        raise ValueError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}") from None
    return getattr(import_module(module), name)(doc, **options)


def render_parts(doc: Document, format: str = "json", **options: Any) -> Iterator[str]:
    """:func:`render` in pieces that join to the same text; JSON comes piece by piece, so a big
    document is written out without the whole text ever in memory."""
    if format == "json":
        from reportparse.render.to_json import iter_json

        return iter_json(doc, **options)
    if format == "html":
        from reportparse.render.to_html import iter_html

        return iter_html(doc, **options)
    return iter([render(doc, format, **options)])


def heading_text(sec: Section) -> str:
    """Marker and title as one line: a space between them only where they would run together
    (``第一章 总则``, ``1.1 概况``, ``1. 2024年``), none after punctuation (``一、总体情况``)."""
    if not sec.marker or not sec.title:
        return sec.marker + sec.title
    last = sec.marker[-1]
    glues = ((last.isascii() and last.isalnum()) or unicodedata.category(last) == "Lo"
             or (last in ".．" and sec.title[0].isdigit()))
    return f"{sec.marker} {sec.title}" if glues else sec.marker + sec.title
