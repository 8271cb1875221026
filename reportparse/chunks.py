"""Retrieval chunks: a Document's text in pieces of bounded size, each with its full heading path.

A chunk's body is the document's own text: headings and paragraphs in document order,
one per line. Each section gives the chunks of its own text (its heading line, then its
paragraphs), and every chunk carries the path of headings from the top down to it, so a
sub-heading never drops out of the path of a split section.

- ``max_chars``: a section longer than this is split between paragraphs; a paragraph
  longer than the room left is split between sentences (after 。！？；… and any closing
  quotes or brackets); only a sentence longer than ``max_chars`` on its own is cut
  inside (at a comma if there is one in its second half). A heading is never the last
  line of a chunk: it moves on with the text it heads.
- ``overlap``: each further chunk of a section starts with the last whole sentences of
  the one before, at most this many characters (``Chunk.overlap`` counts them).
- ``min_chars``: a section shorter than this, with all it contains, joins the text of
  its parent (its heading becomes a line of the parent's chunk). A section with neither
  text nor sub-sections always does, so no chunk is only a heading.
- ``breadcrumb``: the text starts with the path joined by " > " on a line of its own; it
  is not counted in ``max_chars``.

Nothing is dropped or repeated: the bodies, less their overlaps, are the document's
headings and paragraphs (the title is metadata). Offsets and lines point into the
decoded source text, which is why :func:`chunk_document` needs it.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, SupportsIndex

import regex

from reportparse.errors import ReportParseError
from reportparse.render import heading_text

if TYPE_CHECKING:  # the parser's records (reportparse.records) serve as well
    from reportparse.model import Document, Paragraph, Section

BREADCRUMB_SEPARATOR = " > "
SENTENCE_ENDS = "。！？；…"
#: characters that stay with the sentence end before them: closing quotes and brackets, space
_CLOSERS = "”’」』）》〉】)\\]\"\\s"
_SENTENCE_END = regex.compile(f"[{SENTENCE_ENDS}]+[{_CLOSERS}]*")
_CLAUSE_END = regex.compile(r"[，、：,:]\s*")
_LINE_END = regex.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class ChunkOptions:
    """How to cut: ``max_chars`` (None: a section is one chunk), ``overlap``, ``min_chars``,
    ``breadcrumb`` (see the module docstring). Raises ValueError for values that cannot work,
    TypeError for a number that is not an ``int``."""

    max_chars: int | None = None
    overlap: int = 0
    min_chars: int = 0
    breadcrumb: bool = False

    def __post_init__(self) -> None:
        for name in ("max_chars", "overlap", "min_chars"):
            value = getattr(self, name)
            if (value is not None or name != "max_chars") and (not isinstance(value, int) or isinstance(value, bool)):
                raise TypeError(f"{name} must be a whole number, not {value!r}")
        if self.max_chars is not None and self.max_chars < 1:
            raise ValueError(f"max_chars must be at least 1, not {self.max_chars}")
        if self.overlap < 0 or self.min_chars < 0:
            raise ValueError("overlap and min_chars cannot be negative")
        if self.overlap and self.max_chars is None:
            raise ValueError("overlap needs max_chars (without it nothing is split)")
        if self.max_chars is not None and self.overlap >= self.max_chars:
            raise ValueError(f"overlap ({self.overlap}) must be smaller than max_chars ({self.max_chars})")


@dataclass(frozen=True)
class Chunk:
    """One piece of a document: ``text`` (breadcrumb and body) and where it comes from.

    ``char_start``/``char_end`` are the half-open offsets of the body in the decoded source,
    ``line_start``/``line_end`` its first and last source line (1-based); ``overlap`` is the
    number of characters at the start of the body repeated from the chunk before.
    """

    body: str
    heading_path: list[str]
    line_start: int
    line_end: int
    char_start: int
    char_end: int
    overlap: int = 0
    breadcrumb: str = ""
    source: str | None = None
    encoding: str = "utf-8"
    title: str | None = None

    @property
    def text(self) -> str:
        """The breadcrumb (if asked for) and the body."""
        return self.breadcrumb + self.body

    @property
    def metadata(self) -> dict[str, Any]:
        """Everything but the text, as loaders attach it to a framework's document."""
        return {"source": self.source, "heading_path": list(self.heading_path),
                "line_start": self.line_start, "line_end": self.line_end,
                "char_start": self.char_start, "char_end": self.char_end,
                "encoding": self.encoding, "title": self.title, "overlap": self.overlap}

    def record(self) -> dict[str, Any]:
        """The chunk as one JSON Lines record: ``text`` first, then :attr:`metadata`."""
        return {"text": self.text, **self.metadata}


def chunk_document(doc: Document, text: str, options: ChunkOptions | None = None) -> list[Chunk]:
    """The chunks of ``doc``, parsed from the decoded ``text``, in document order."""
    return list(_Chunker(doc, text, options or ChunkOptions()).run())


def source_text(data: str | bytes, encoding: str | None = None) -> str:
    """The decoded text :func:`reportparse.parse` reads ``data`` as (what offsets point into)."""
    from reportparse.decode import decode, decode_text

    return decode(data, encoding).text if isinstance(data, bytes) else decode_text(data).text


def chunk(data: str | bytes, options: ChunkOptions | None = None, *, source: str | None = None,
          encoding: str | None = None, keep_noise: bool = False) -> list[Chunk]:
    """Parse ``data`` (see :func:`reportparse.parse`) and cut it into chunks; raises the same
    :class:`~reportparse.ReportParseError` s as ``parse``."""
    from reportparse.pipeline import records_with_source

    doc, src = records_with_source(data, encoding=encoding, keep_noise=keep_noise, source=source)
    return chunk_document(doc, src.text, options)


def chunk_paths(path_or_paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
                options: ChunkOptions | None = None, *, encoding: str | None = None,
                keep_noise: bool = False, include: Iterable[str] = (),
                exclude: Iterable[str] = ()) -> Iterator[Chunk]:
    """The chunks of each file named, one file at a time: a folder gives the files below it that
    ``include`` matches (default ``*.txt``) and ``exclude`` does not, as on the command line.

    Raises :class:`~reportparse.inputs.InputReadError` for a file or folder that cannot be read
    and :class:`~reportparse.ReportParseError` for one that cannot be parsed, each naming the
    file, when it comes to that file; :class:`~reportparse.inputs.NoInputError` for a folder
    with no matching file.
    """
    from reportparse.inputs import InputReadError, display, read_bytes, resolve

    if isinstance(path_or_paths, (str, os.PathLike)):
        path_or_paths = [path_or_paths]
    found = resolve([os.fspath(p) for p in path_or_paths], include=include, exclude=exclude)
    for problem in found.problems:
        raise InputReadError(f"{display(problem.path)}: {problem.message}")
    for item in found.inputs:
        data = read_bytes(item.path)
        try:
            yield from chunk(data, options, source=display(item.path), encoding=encoding, keep_noise=keep_noise)
        except ReportParseError as exc:
            raise type(exc)(f"{display(item.path)}: {exc}") from None


# --- blocks: the lines of a chunk's body --------------------------------------------------

@dataclass
class _Block:
    """A heading line or a paragraph, with what maps its characters back to the source."""

    text: str
    start: int  # source offset of the first character
    end: int  # source offset just past the last one
    heading: bool
    added: int = -1  # index of a character that is not in the source (the space heading_text adds)
    _where: list[int] | None = field(default=None, repr=False)

    def offset(self, i: int, src: str) -> int:
        """Source offset of character ``i`` (``i == len(text)``: just past the end)."""
        if i <= 0:
            return self.start
        if i >= len(self.text):
            return self.end
        if self.end - self.start == len(self.text) and src[self.start:self.end] == self.text:
            return self.start + i
        if self._where is None:
            self._where = _align(self.text, src, self.start, self.end, self.added)
        return self._where[i]

    def end_offset(self, i: int, src: str) -> int:
        """Source offset just past character ``i - 1``."""
        return self.offset(i - 1, src) + 1 if 0 < i < len(self.text) else self.offset(i, src)


def _align(text: str, src: str, start: int, end: int, added: int = -1) -> list[int]:
    """Where each character of ``text`` is in ``src[start:end]``: a paragraph's text is pieces of
    the source in order (furniture and line breaks left out), a heading's its marker and title
    (with the ``added`` character between them)."""
    where: list[int] = []
    pos = start
    for i, ch in enumerate(text):
        found = -1 if i == added else src.find(ch, pos, end)
        if found < 0:  # stands where the next character is
            where.append(min(pos, end - 1))
            continue
        where.append(found)
        pos = found + 1
    return where


@dataclass(frozen=True)
class _Unit:
    """A slice ``[a, b)`` of block ``block`` (its index in the group)."""

    block: int
    a: int
    b: int
    heading: bool = False
    overlap: bool = False


class _Run(list[_Unit]):
    """The units of the chunk being filled, with their joined length and how many are text
    (neither heading nor overlap), kept as units come and go."""

    def __init__(self, units: Iterable[_Unit] = ()) -> None:
        super().__init__(units)
        self._recount()

    def _recount(self) -> None:
        self.length = _length(self)
        self.texts = sum(not u.heading and not u.overlap for u in self)

    def length_with(self, unit: _Unit) -> int:
        """The joined length with ``unit`` added."""
        return self.length + unit.b - unit.a + (bool(self) and self[-1].block != unit.block)

    def append(self, unit: _Unit) -> None:
        self.length = self.length_with(unit)
        self.texts += not unit.heading and not unit.overlap
        super().append(unit)

    def pop(self, index: SupportsIndex = -1) -> _Unit:
        unit = super().pop(index)
        self._recount()
        return unit


class _Chunker:
    def __init__(self, doc: Document, text: str, options: ChunkOptions) -> None:
        self.doc, self.src, self.opt = doc, text, options
        self.limit = options.max_chars if options.max_chars is not None else float("inf")
        self.starts = [0] + [m.end() for m in _LINE_END.finditer(text)]
        self.folds: dict[int, bool] = {}

    # --- which sections fold into their parent ---------------------------------------------

    def _folds(self, sec: Section) -> bool:
        key = id(sec)
        if key not in self.folds:
            kids = [self._folds(c) for c in sec.children]  # every child decided, memoised
            self.folds[key] = all(kids) and (
                (not sec.paragraphs and not sec.children) or self._size(sec) < self.opt.min_chars)
        return self.folds[key]

    def _size(self, sec: Section) -> int:
        blocks = self._subtree(sec)
        return sum(len(b.text) for b in blocks) + len(blocks) - 1

    def _heading(self, sec: Section) -> _Block:
        text = heading_text(sec)
        added = len(sec.marker) if len(text) > len(sec.marker) + len(sec.title) else -1
        return _Block(text, sec.span.start, sec.span.end, heading=True, added=added)

    def _paragraphs(self, paras: list[Paragraph]) -> list[_Block]:
        return [_Block(p.text, p.span.start, p.span.end, heading=False) for p in paras]

    def _subtree(self, sec: Section) -> list[_Block]:
        blocks = [self._heading(sec), *self._paragraphs(sec.paragraphs)]
        for child in sec.children:
            blocks += self._subtree(child)
        return blocks

    # --- groups: runs of blocks that share a heading path -----------------------------------

    def run(self) -> Iterator[Chunk]:
        pending: list[_Block] = []

        def walk(path: list[str], head: _Block | None, paras: list[_Block],
                 children: list[Section]) -> Iterator[Chunk]:
            nonlocal pending
            run = pending + ([head] if head else []) + paras
            pending = []
            bare = not paras  # the run holds only the headings that open this section
            for child in children:
                if self._folds(child):
                    run += self._subtree(child)
                    bare = False
                    continue
                if run and bare:
                    pending = run  # headings without text of their own open the child's first chunk
                elif run:
                    yield from self._pack(path, run)
                run, bare = [], False
                yield from walk([*path, heading_text(child)], self._heading(child),
                                self._paragraphs(child.paragraphs), child.children)
            if run:
                yield from self._pack(path, run)

        yield from walk([], None, self._paragraphs(self.doc.paragraphs), self.doc.sections)

    # --- packing a group into chunks ----------------------------------------------------------

    def _pack(self, path: list[str], blocks: list[_Block]) -> Iterator[Chunk]:
        limit = self.limit
        cur = _Run()

        def fits(unit: _Unit) -> bool:
            """Whether ``cur`` and ``unit`` make at most ``limit`` characters (spaces at the end not
            counted)."""
            piece = blocks[unit.block].text[unit.a:unit.b]
            return cur.length_with(unit) - (len(piece) - len(piece.rstrip())) <= limit

        def room(block: int) -> float:
            """Characters of block ``block`` that still fit in ``cur``."""
            return limit - cur.length_with(_Unit(block, 0, 1)) + 1

        def has_text() -> bool:
            return cur.texts > 0

        def close() -> Iterator[Chunk]:
            """Emit ``cur`` less its trailing headings; the next chunk starts with the overlap
            and those headings."""
            nonlocal cur
            k = len(cur)
            while k > 0 and cur[k - 1].heading:
                k -= 1
            if not any(not u.heading and not u.overlap for u in cur[:k]):
                k = len(cur)  # nothing but headings: they go out alone
            emitted, carried = cur[:k], cur[k:]
            yield self._chunk(path, blocks, emitted)
            cur = _Run(self._overlap(blocks, emitted) + carried)

        def make_room(enough: Callable[[], bool]) -> Iterator[Chunk]:
            """Close the chunk, then drop overlap, then send headings out alone, until ``enough()``."""
            nonlocal cur
            if not enough() and has_text():
                yield from close()
            while cur and cur[0].overlap and not enough():
                cur.pop(0)
            if not enough() and cur:
                alone: list[_Unit] = []
                while cur and not enough():
                    alone.append(cur.pop(0))
                yield self._chunk(path, blocks, alone)

        for i, block in enumerate(blocks):
            whole = _Unit(i, 0, len(block.text), heading=block.heading)
            if len(block.text) <= limit:
                if not fits(whole) and has_text():
                    yield from close()
                while cur and cur[0].overlap and not fits(whole):
                    cur.pop(0)
                if fits(whole):
                    cur.append(whole)
                    continue
            # too long, or after a heading that must not end a chunk: fill up by sentences
            text = block.text
            for a, b in _sentences(text):
                while len(text[a:b].rstrip()) > limit:
                    # a sentence too long for any chunk: cut it where at least half a chunk is free
                    yield from make_room(lambda i=i: room(i) >= max(1, limit // 2))
                    cut = _cut(text, a, a + int(room(i)))
                    while cut < b and text[cut].isspace():
                        cut += 1  # spaces after the cut come along (not counted)
                    cur.append(_Unit(i, a, cut, heading=block.heading))
                    a = cut
                    if a == b:
                        break
                    yield from close()
                else:
                    unit = _Unit(i, a, b, heading=block.heading)
                    yield from make_room(lambda unit=unit: fits(unit))
                    cur.append(unit)
        if cur and any(not u.overlap for u in cur):
            yield self._chunk(path, blocks, cur)

    def _overlap(self, blocks: list[_Block], emitted: list[_Unit]) -> list[_Unit]:
        """The last whole sentences of ``emitted``, at most ``overlap`` characters in all."""
        if not self.opt.overlap:
            return []
        tail: list[_Unit] = []
        for unit in reversed(emitted):
            spans = [(unit.a, unit.b)] if unit.overlap else [
                (a, b) for a, b in _sentences(blocks[unit.block].text, unit.a, unit.b)]
            for a, b in reversed(spans):
                candidate = [_Unit(unit.block, a, b, heading=unit.heading, overlap=True), *tail]
                if _length(candidate) > self.opt.overlap:
                    return tail
                tail = candidate
        return tail

    def _chunk(self, path: list[str], blocks: list[_Block], units: list[_Unit]) -> Chunk:
        body = _join(blocks, units)
        overlap = _length([u for u in units if u.overlap])
        first, last = units[0], units[-1]
        start = blocks[first.block].offset(first.a, self.src)
        end = max(start + 1, blocks[last.block].end_offset(last.b, self.src))
        crumb = BREADCRUMB_SEPARATOR.join(path) + "\n" if self.opt.breadcrumb and path else ""
        meta = self.doc.metadata
        return Chunk(body=body, heading_path=list(path), line_start=self._line(start),
                     line_end=self._line(end - 1), char_start=start, char_end=end, overlap=overlap,
                     breadcrumb=crumb, source=meta.source, encoding=meta.encoding, title=self.doc.title)

    def _line(self, offset: int) -> int:
        return max(1, bisect.bisect_right(self.starts, offset))


def _length(units: list[_Unit]) -> int:
    """Length of the units joined: a line break between blocks, nothing inside one."""
    n = 0
    for k, u in enumerate(units):
        n += u.b - u.a + (k > 0 and units[k - 1].block != u.block)
    return n


def _join(blocks: list[_Block], units: list[_Unit]) -> str:
    out: list[str] = []
    for k, u in enumerate(units):
        if k and units[k - 1].block != u.block:
            out.append("\n")
        out.append(blocks[u.block].text[u.a:u.b])
    return "".join(out)


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence end (and the closing quotes and spaces after it)."""
    return [text[a:b] for a, b in _sentences(text)]


def _sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    end = len(text) if end is None else end
    a = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.end() > a:
            yield a, m.end()
            a = m.end()
    if a < end:
        yield a, end


def _cut(text: str, a: int, limit: int) -> int:
    """Where to cut a sentence too long for one chunk: after the last comma in the second half
    of ``[a, limit)``, or at ``limit``."""
    best = limit
    for m in _CLAUSE_END.finditer(text, a + (limit - a) // 2, limit):
        best = m.end()
    return best if best > a else limit
