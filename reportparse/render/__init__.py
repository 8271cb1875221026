"""Renderers: read a Document, return text. Each format lives in its own module."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from reportparse.model import Document

#: format name -> (module, function); modules are imported only when used.
FORMATS: dict[str, tuple[str, str]] = {
    "json": ("reportparse.render.to_json", "to_json"),
    "outline": ("reportparse.render.to_outline", "to_outline"),
    "markdown": ("reportparse.render.to_markdown", "to_markdown"),
    "chunks": ("reportparse.render.to_chunks", "to_chunks"),
    "tree": ("reportparse.render.to_tree", "to_tree_text"),
    "text": ("reportparse.render.to_text", "to_text"),
}


def render(doc: Document, format: str = "json", **options: Any) -> str:
    """Render ``doc`` in ``format`` (one of :data:`FORMATS`)."""
    try:
        module, name = FORMATS[format]
    except KeyError:
        raise ValueError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}") from None
    return getattr(import_module(module), name)(doc, **options)
