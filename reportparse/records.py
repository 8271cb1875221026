"""The parser's own records: slotted dataclasses with the fields of :mod:`reportparse.model`.

The stages build these (a few hundred bytes a node, no pydantic import); ``reportparse.parse``
turns them into the pydantic model (:func:`reportparse.model.from_records`), and the command line
renders them directly. They have the model's fields in its order, with its defaults, so the
renderers and checks read either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SCHEMA_VERSION = "1.1"

NoiseKind = Literal["page_footer", "running_header", "boilerplate", "toc", "layout"]
Severity = Literal["info", "warning", "error"]


@dataclass(slots=True, kw_only=True)
class Span:
    """A half-open character range ``[start, end)`` in the decoded text."""

    start: int
    end: int


@dataclass(slots=True, kw_only=True)
class Paragraph:
    """A block of body text (see :class:`reportparse.model.Paragraph`)."""

    text: str
    line: int
    span: Span


@dataclass(slots=True, kw_only=True)
class NoiseItem:
    """A removed piece of page furniture (see :class:`reportparse.model.NoiseItem`)."""

    kind: NoiseKind
    text: str
    line: int
    span: Span


@dataclass(slots=True, frozen=True, kw_only=True)
class Diagnostic:
    """A problem found while parsing (see :class:`reportparse.model.Diagnostic`); hashable, as
    the checks collect them in a set."""

    code: str
    name: str
    message: str
    severity: Severity = "warning"
    line: int
    column: int = 1


@dataclass(slots=True, kw_only=True)
class Section:
    """A heading with its body and sub-sections (see :class:`reportparse.model.Section`)."""

    marker: str
    family: str
    ordinal: int
    title: str
    level: int
    line: int
    end_line: int
    span: Span
    inline: bool = False
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Metadata:
    """Facts about the input (see :class:`reportparse.model.Metadata`)."""

    encoding: str
    bom: bool = False
    lines: int
    characters: int
    source: str | None = None


@dataclass(slots=True, kw_only=True)
class Document:
    """A parsed report (see :class:`reportparse.model.Document`)."""

    schema_name: Literal["reportparse.Document"] = "reportparse.Document"
    version: str = SCHEMA_VERSION
    title: str | None = None
    metadata: Metadata
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    noise: list[NoiseItem] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    def walk(self) -> list[Section]:
        """All sections in document order (pre-order)."""
        out: list[Section] = []
        stack = list(reversed(self.sections))
        while stack:
            sec = stack.pop()
            out.append(sec)
            stack.extend(reversed(sec.children))
        return out
