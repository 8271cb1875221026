"""The parser's own records: slotted classes with the fields of :mod:`reportparse.model`.

The stages build these (a few hundred bytes a node, no pydantic import); ``reportparse.parse``
turns them into the pydantic model (:func:`reportparse.model.from_records`), and the command line
renders them directly. They have the model's fields in its order, with its defaults, so the
renderers and checks read either. Plain classes, not dataclasses: defining them costs nothing
at start-up.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

SCHEMA_VERSION = "1.1"

NoiseKind = Literal["page_footer", "running_header", "boilerplate", "toc", "layout"]
Severity = Literal["info", "warning", "error"]


class _Record:
    __slots__ = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self.__slots__)})"

    __hash__ = None  # type: ignore[assignment]  # mutable, like a dataclass


class Span(_Record):
    """A half-open character range ``[start, end)`` in the decoded text."""

    __slots__ = ("start", "end")  # noqa: RUF023 (the model's order)

    def __init__(self, *, start: int, end: int) -> None:
        self.start = start
        self.end = end


class Paragraph(_Record):
    """A block of body text (see :class:`reportparse.model.Paragraph`)."""

    __slots__ = ("text", "line", "span")  # noqa: RUF023 (the model's order)

    def __init__(self, *, text: str, line: int, span: Span) -> None:
        self.text = text
        self.line = line
        self.span = span


class NoiseItem(_Record):
    """A removed piece of page furniture (see :class:`reportparse.model.NoiseItem`)."""

    __slots__ = ("kind", "text", "line", "span")  # noqa: RUF023 (the model's order)

    def __init__(self, *, kind: NoiseKind, text: str, line: int, span: Span) -> None:
        self.kind = kind
        self.text = text
        self.line = line
        self.span = span


class Diagnostic(_Record):
    """A problem found while parsing (see :class:`reportparse.model.Diagnostic`); hashable."""

    __slots__ = ("code", "name", "message", "severity", "line", "column")  # noqa: RUF023 (the model's order)

    def __init__(self, *, code: str, name: str, message: str, severity: Severity = "warning", line: int,
                 column: int = 1) -> None:
        self.code = code
        self.name = name
        self.message = message
        self.severity = severity
        self.line = line
        self.column = column

    def __hash__(self) -> int:
        return hash(self._values())


class Section(_Record):
    """A heading with its body and sub-sections (see :class:`reportparse.model.Section`)."""

    __slots__ = ("marker", "family", "ordinal", "title", "level", "line",  # noqa: RUF023 (the model's order)
                 "end_line", "span", "inline", "paragraphs", "children")

    def __init__(self, *, marker: str, family: str, ordinal: int, title: str, level: int, line: int,
                 end_line: int, span: Span, inline: bool = False, paragraphs: list[Paragraph] | None = None,
                 children: list[Section] | None = None) -> None:
        self.marker = marker
        self.family = family
        self.ordinal = ordinal
        self.title = title
        self.level = level
        self.line = line
        self.end_line = end_line
        self.span = span
        self.inline = inline
        self.paragraphs = [] if paragraphs is None else paragraphs
        self.children = [] if children is None else children


class Metadata(_Record):
    """Facts about the input (see :class:`reportparse.model.Metadata`)."""

    __slots__ = ("encoding", "bom", "lines", "characters", "source")  # noqa: RUF023 (the model's order)

    def __init__(self, *, encoding: str, bom: bool = False, lines: int, characters: int,
                 source: str | None = None) -> None:
        self.encoding = encoding
        self.bom = bom
        self.lines = lines
        self.characters = characters
        self.source = source


class Document(_Record):
    """A parsed report (see :class:`reportparse.model.Document`)."""

    __slots__ = ("schema_name", "version", "title", "metadata", "paragraphs", "sections", "noise", "warnings")  # noqa: RUF023 (the model's order)

    def __init__(self, *, schema_name: Literal["reportparse.Document"] = "reportparse.Document",
                 version: str = SCHEMA_VERSION, title: str | None = None, metadata: Metadata,
                 paragraphs: list[Paragraph] | None = None, sections: list[Section] | None = None,
                 noise: list[NoiseItem] | None = None, warnings: list[Diagnostic] | None = None) -> None:
        self.schema_name = schema_name
        self.version = version
        self.title = title
        self.metadata = metadata
        self.paragraphs = [] if paragraphs is None else paragraphs
        self.sections = [] if sections is None else sections
        self.noise = [] if noise is None else noise
        self.warnings = [] if warnings is None else warnings

    def walk(self) -> list[Section]:
        """All sections in document order (pre-order)."""
        return walk_sections(self.sections)


S = TypeVar("S")  # a records.Section or a model.Section: anything with .children


def walk_sections(sections: list[S]) -> list[S]:
    """``sections`` and all their descendants in document order (pre-order); records or models."""
    out: list[S] = []
    stack = list(reversed(sections))
    while stack:
        sec = stack.pop()
        out.append(sec)
        stack.extend(reversed(sec.children))
    return out
