"""Outline: one heading per line, indented by depth, with family, depth and line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportparse.render import heading_text

if TYPE_CHECKING:
    from reportparse.model import Document


def to_outline(doc: Document, *, details: bool = True) -> str:
    """``一、总体情况 [zh-dun d1 L3]`` lines, two spaces of indent per level; marker and title as
    :func:`~reportparse.render.heading_text` writes them (``第一章 总则``), as in every other format."""
    out = []
    for sec in doc.walk():
        head = f"{'  ' * (sec.level - 1)}{heading_text(sec)}"
        out.append(f"{head} [{sec.family} d{sec.level} L{sec.line}]" if details else head)
    return "\n".join(out) + ("\n" if out else "")
