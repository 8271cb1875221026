"""The document model: a pydantic tree with source spans.

Spans are 0-based half-open character offsets into the decoded text; lines are
1-based, counting ``\\r\\n``, ``\\r`` and ``\\n`` each as one line end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import Self

from reportparse.records import SCHEMA_VERSION, NoiseKind, Severity, walk_sections

if TYPE_CHECKING:
    from reportparse import records

__all__ = ["SCHEMA_VERSION", "Diagnostic", "Document", "Metadata", "NoiseItem", "NoiseKind", "Paragraph",
           "Section", "Severity", "Span", "from_records"]

LineNumber = Annotated[int, Field(ge=1, description="1-based source line")]
Level = Annotated[int, Field(ge=1, description="depth in the tree; 1 is the top level")]


class _Frozen(BaseModel):
    # Built lazily: the parser assembles trees with ``model_construct`` (its output is valid
    # by construction, checked by the property tests), so a run that only prints JSON never
    # pays for building validators.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    @classmethod
    def assemble(cls, **values: Any) -> Self:
        """``model_construct`` with every field given: no validation, and one fields-set shared
        by all instances of the class (frozen, so never changed), which halves a tree's memory.

        The instance is made as ``model_construct`` makes it (its ``__dict__`` in field order, the
        fields-set, no extra, no private values) without its per-field search for aliases and
        defaults, which our models do not have (a class that had them takes ``model_construct``)."""
        plan = _PLANS.get(cls)
        if plan is None:
            fields, names = _plan(cls)
            plan = _PLANS[cls] = fields, names, None if names is None else _instances(cls, fields)
        fields, names, make = plan
        if make is None or len(values) != len(names):
            return cls.model_construct(fields, **values)
        return make({name: values[name] for name in names})


_set = object.__setattr__
_PLANS: dict[type[BaseModel], tuple[set[str], tuple[str, ...] | None, Callable[[dict[str, Any]], Any] | None]] = {}


def _plan(cls: type[BaseModel]) -> tuple[set[str], tuple[str, ...] | None]:
    """The fields-set of ``cls``, and its field names if :meth:`_Frozen.assemble` may build it
    directly (no aliases, no root model, no post-init or private attributes, no extra allowed)."""
    fields = cls.__pydantic_fields__
    direct = not (any(f.alias is not None or f.validation_alias is not None for f in fields.values())
                  or cls.__pydantic_root_model__ or cls.__pydantic_post_init__ or cls.__private_attributes__
                  or cls.model_config.get("extra") == "allow")
    return set(fields), tuple(fields) if direct else None


class Span(_Frozen):
    """A half-open character range ``[start, end)`` in the decoded text."""

    start: int = Field(ge=0, description="offset of the first character")
    end: int = Field(ge=0, description="offset just past the last character")


class Paragraph(_Frozen):
    """A block of body text. Its span may enclose noise that was removed from it."""

    text: str = Field(description="the text, furniture removed, split lines rejoined")
    line: LineNumber
    span: Span


class NoiseItem(_Frozen):
    """A piece of page furniture or boilerplate that was removed."""

    kind: NoiseKind = Field(description="what sort of furniture it is")
    text: str = Field(description="the removed text exactly as in the source")
    line: LineNumber
    span: Span


class Diagnostic(_Frozen):
    """A problem found while parsing: data, never an exception."""

    code: str = Field(description="stable code, e.g. H101")
    name: str = Field(description="kebab-case rule name, e.g. ordinal-gap")
    message: str
    severity: Severity = "warning"
    line: LineNumber
    column: int = Field(default=1, ge=1, description="1-based column")


class Section(_Frozen):
    """A numbered heading (or an unnumbered title) with its body and sub-sections."""

    marker: str = Field(description="the ordinal marker exactly as in the source, e.g. '（一）'")
    family: str = Field(description="marker family id, e.g. 'zh-dun' for 一、")
    ordinal: int = Field(ge=0, description="the number the marker stands for; 0 when unnumbered")
    title: str = Field(description="heading title without marker or trailing punctuation")
    level: Level
    line: LineNumber
    end_line: LineNumber = Field(description="line where marker and title end: a later one when a page "
                                             "break or a split marker joined lines into the heading")
    span: Span = Field(description="span of marker and title in the source")
    inline: bool = Field(default=False, description="found inside a line (a lost line break)")
    paragraphs: list[Paragraph] = Field(default_factory=list)
    children: list[Section] = Field(default_factory=list)


class Metadata(_Frozen):
    """Facts about the input."""

    encoding: str = Field(description="the encoding the bytes were decoded with")
    bom: bool = Field(default=False, description="whether a byte-order mark was present")
    lines: int = Field(ge=0, description="number of source lines")
    characters: int = Field(ge=0, description="number of decoded characters")
    source: str | None = Field(default=None, description="file name, if known")


class Document(_Frozen):
    """A parsed report: the root of the JSON output."""

    schema_name: Literal["reportparse.Document"] = "reportparse.Document"
    version: str = SCHEMA_VERSION
    title: str | None = Field(default=None, description="title line(s) before the first heading")
    metadata: Metadata
    paragraphs: list[Paragraph] = Field(
        default_factory=list, description="body text before the first heading"
    )
    sections: list[Section] = Field(default_factory=list)
    noise: list[NoiseItem] = Field(default_factory=list, description="removed furniture")
    warnings: list[Diagnostic] = Field(default_factory=list)

    def walk(self) -> list[Section]:
        """All sections in document order (pre-order)."""
        return walk_sections(self.sections)


def from_records(doc: records.Document) -> Document:
    """The model of the parser's records (:mod:`reportparse.records`), built without validation:
    the records are valid by construction."""
    return Document.assemble(
        schema_name=doc.schema_name, version=doc.version, title=doc.title,
        metadata=Metadata.assemble(encoding=doc.metadata.encoding, bom=doc.metadata.bom,
                                   lines=doc.metadata.lines, characters=doc.metadata.characters,
                                   source=doc.metadata.source),
        paragraphs=[_paragraph(p) for p in doc.paragraphs],
        sections=[_section(s) for s in doc.sections],
        noise=[_make_noise({"kind": n.kind, "text": n.text, "line": n.line, "span": _span(n.span)}) for n in doc.noise],
        warnings=[diagnostic(d) for d in doc.warnings],
    )


def diagnostic(d: records.Diagnostic) -> Diagnostic:
    """The model of one diagnostic record."""
    return Diagnostic.assemble(code=d.code, name=d.name, message=d.message, severity=d.severity,
                               line=d.line, column=d.column)


def _maker(cls: type[_Frozen]) -> Callable[[dict[str, Any]], Any]:
    """What :meth:`_Frozen.assemble` does for ``cls``, given the values as a dict in field order:
    for the classes a tree holds thousands of, without the keyword arguments and the look-ups."""
    fields, names = _plan(cls)
    if names is None:  # never for the classes it is used for (tests/test_fast_paths.py)
        raise TypeError(f"{cls.__name__} cannot be assembled directly")
    return _instances(cls, fields)


def _instances(cls: type[BaseModel], fields: set[str]) -> Callable[[dict[str, Any]], Any]:
    """What makes an instance of ``cls`` as ``model_construct`` makes it (its ``__dict__`` the
    values given, in field order; ``fields`` its fields-set; no extra, no private values)."""
    new = cls.__new__

    def make(values: dict[str, Any]) -> Any:
        m = new(cls)
        _set(m, "__dict__", values)
        _set(m, "__pydantic_fields_set__", fields)
        _set(m, "__pydantic_extra__", None)
        _set(m, "__pydantic_private__", None)
        return m

    return make


_make_span = _maker(Span)
_make_paragraph = _maker(Paragraph)
_make_section = _maker(Section)
_make_noise = _maker(NoiseItem)


def _span(s: records.Span) -> Span:
    return _make_span({"start": s.start, "end": s.end})  # Span.assemble(start=…, end=…)


def _paragraph(p: records.Paragraph) -> Paragraph:
    return _make_paragraph({"text": p.text, "line": p.line, "span": _span(p.span)})


def _section(s: records.Section) -> Section:
    return _make_section({  # Section.assemble with these values, in field order
        "marker": s.marker, "family": s.family, "ordinal": s.ordinal, "title": s.title, "level": s.level,
        "line": s.line, "end_line": s.end_line, "span": _span(s.span), "inline": s.inline,
        "paragraphs": [_paragraph(p) for p in s.paragraphs], "children": [_section(c) for c in s.children],
    })
