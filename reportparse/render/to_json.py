"""JSON: the Document (the model or its records) as JSON, Chinese kept readable.

The text is byte for byte what ``Document.model_dump_json(indent=...)`` gives (a test holds it to
that), written from the document's attributes with one template per kind of node and depth: no
pydantic, and no generic encoder walking the tree value by value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportparse.model import Document

#: a piece is yielded once this many characters are waiting
_CHUNK = 1 << 16

# Templates: "\0" + digit is a line break indented to the node's depth plus the digit; "\1" the
# key separator; "%s"/"%d" the values in field order.
_SPAN = '"span"\1{\0' + '2"start"\1%d,\0' + '2"end"\1%d\0' + "1}"
_PARAGRAPH = '{\0' + '1"text"\1%s,\0' + '1"line"\1%d,\0' + "1" + _SPAN + "\0" + "0}"
_NOISE = '{\0' + '1"kind"\1%s,\0' + '1"text"\1%s,\0' + '1"line"\1%d,\0' + "1" + _SPAN + "\0" + "0}"
_DIAGNOSTIC = ('{\0' + '1"code"\1%s,\0' + '1"name"\1%s,\0' + '1"message"\1%s,\0' + '1"severity"\1%s,\0'
               + '1"line"\1%d,\0' + '1"column"\1%d\0' + "0}")
_SECTION_HEAD = ('{\0' + '1"marker"\1%s,\0' + '1"family"\1%s,\0' + '1"ordinal"\1%d,\0' + '1"title"\1%s,\0'
                 + '1"level"\1%d,\0' + '1"line"\1%d,\0' + '1"end_line"\1%d,\0' + "1" + _SPAN + ",\0"
                 + '1"inline"\1%s,\0' + '1"paragraphs"\1')
_SECTION_MID = ",\0" + '1"children"\1'
_SECTION_TAIL = "\0" + "0}"
_DOCUMENT_HEAD = ('{\0' + '1"schema_name"\1%s,\0' + '1"version"\1%s,\0' + '1"title"\1%s,\0'
                  + '1"metadata"\1{\0' + '2"encoding"\1%s,\0' + '2"bom"\1%s,\0' + '2"lines"\1%d,\0'
                  + '2"characters"\1%d,\0' + '2"source"\1%s\0' + '1},\0' + '1"paragraphs"\1')


class _Layout:
    """The templates laid out for one indent, by depth."""

    def __init__(self, indent: int | None) -> None:
        self.indent = indent
        self.colon = ":" if indent is None else ": "
        self.cache: dict[tuple[str, int], str] = {}

    def __call__(self, template: str, depth: int) -> str:
        key = (template, depth)
        done = self.cache.get(key)
        if done is None:
            done = template.replace("\1", self.colon)
            for k in "012":
                done = done.replace("\0" + k, self.newline(depth + int(k)))
            self.cache[key] = done
        return done

    def newline(self, depth: int) -> str:
        """A line break and the indent of ``depth`` (nothing when compact)."""
        return "" if self.indent is None else "\n" + " " * (self.indent * depth)


def _text(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _bool(value: bool) -> str:
    return "true" if value else "false"


class _Writer:
    """Appends the pieces of one document to ``out``; the generators yield them in chunks."""

    def __init__(self, indent: int | None) -> None:
        self.layout = _Layout(indent)
        self.out: list[str] = []

    def full(self) -> bool:
        return len(self.out) > _CHUNK // 64

    def take(self) -> str:
        text = "".join(self.out)
        self.out.clear()
        return text

    def items(self, items: list[Any], depth: int, write: Callable[[Any, int], str]) -> Iterator[str]:
        """The list ``items`` whose key is at ``depth``."""
        out, lay = self.out, self.layout
        if not items:
            out.append("[]")
            return
        inner = lay.newline(depth + 1)
        out.append("[" + inner)
        for k, item in enumerate(items):
            if k:
                out.append("," + inner)
            out.append(write(item, depth + 1))
            if len(out) > _CHUNK // 64:
                yield self.take()
        out.append(lay.newline(depth) + "]")

    def paragraph(self, p: Any, depth: int) -> str:
        return self.layout(_PARAGRAPH, depth) % (encode_basestring(p.text), p.line, p.span.start, p.span.end)

    def noise(self, n: Any, depth: int) -> str:
        return self.layout(_NOISE, depth) % (encode_basestring(n.kind), encode_basestring(n.text),
                                              n.line, n.span.start, n.span.end)

    def diagnostic(self, d: Any, depth: int) -> str:
        return self.layout(_DIAGNOSTIC, depth) % (
            encode_basestring(d.code), encode_basestring(d.name), encode_basestring(d.message),
            encode_basestring(d.severity), d.line, d.column)

    def sections(self, sections: list[Any], depth: int) -> Iterator[str]:
        """The section list whose key is at ``depth``, walked with a stack (a deep tree is fine)."""
        out, lay = self.out, self.layout
        if not sections:
            out.append("[]")
            return
        out.append("[" + lay.newline(depth + 1))
        stack: list[tuple[list[Any], int]] = [(sections, depth)]  # a list and the depth of its key
        done = [0]  # how many of each list are written
        while stack:
            items, d = stack[-1]
            i = done[-1]
            if i == len(items):
                stack.pop()
                done.pop()
                out.append(lay.newline(d) + "]")
                if stack:
                    out.append(lay(_SECTION_TAIL, d - 1))
                continue
            if i:
                out.append("," + lay.newline(d + 1))
            done[-1] = i + 1
            s, sd = items[i], d + 1
            out.append(lay(_SECTION_HEAD, sd) % (
                encode_basestring(s.marker), encode_basestring(s.family), s.ordinal, encode_basestring(s.title),
                s.level, s.line, s.end_line, s.span.start, s.span.end, _bool(s.inline)))
            yield from self.items(s.paragraphs, sd + 1, self.paragraph)
            out.append(lay(_SECTION_MID, sd))
            if s.children:
                out.append("[" + lay.newline(sd + 2))
                stack.append((s.children, sd + 1))
                done.append(0)
            else:
                out.append("[]" + lay(_SECTION_TAIL, sd))
            if len(out) > _CHUNK // 64:
                yield self.take()


def iter_json(doc: Document, *, indent: int | None = 2) -> Iterator[str]:
    """``doc`` as JSON text in pieces, to write out as they come (a big tree is never one string)."""
    w = _Writer(indent)
    lay, out = w.layout, w.out
    m = doc.metadata
    out.append(lay(_DOCUMENT_HEAD, 0) % (
        encode_basestring(doc.schema_name), encode_basestring(doc.version), _text(doc.title),
        encode_basestring(m.encoding), _bool(m.bom), m.lines, m.characters, _text(m.source)))
    yield from w.items(doc.paragraphs, 1, w.paragraph)
    out.append("," + lay.newline(1) + '"sections"' + lay.colon)
    yield from w.sections(doc.sections, 1)
    out.append("," + lay.newline(1) + '"noise"' + lay.colon)
    yield from w.items(doc.noise, 1, w.noise)
    out.append("," + lay.newline(1) + '"warnings"' + lay.colon)
    yield from w.items(doc.warnings, 1, w.diagnostic)
    out.append(lay.newline(0) + "}")
    yield w.take()


def to_json(doc: Document, *, indent: int | None = 2) -> str:
    """``doc`` as JSON text; ``indent=None`` gives one compact line."""
    return "".join(iter_json(doc, indent=indent))
