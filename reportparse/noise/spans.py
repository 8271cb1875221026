"""Building NoiseItems from matches on the view."""

from __future__ import annotations

from reportparse.model import NoiseItem, NoiseKind, Span
from reportparse.source import SourceText


def noise_item(src: SourceText, kind: NoiseKind, start: int, end: int) -> NoiseItem:
    """A NoiseItem for source range ``[start, end)``, trimmed of surrounding white space."""
    while start < end and src.view[start].isspace():
        start += 1
    while end > start and src.view[end - 1].isspace():
        end -= 1
    return NoiseItem(kind=kind, text=src.text[start:end], line=src.line_of(start),
                     span=Span(start=start, end=end))


def whole_line(src: SourceText, number: int, kind: NoiseKind) -> NoiseItem:
    """A NoiseItem covering 1-based line ``number`` (its content, not its line end)."""
    return noise_item(src, kind, src.starts[number - 1], src.ends[number - 1])
