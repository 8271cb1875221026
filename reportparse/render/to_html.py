"""HTML: one self-contained page to look at a parse, its source text beside its outline.

The left pane is the heading outline (collapsible, depth by indentation and colour, with
the number of sub-headings); the right pane is the source text, one element per line with
its number: headings in their depth's colour, removed noise greyed and struck through
(its kind on hover), a mark where a sentence was rejoined across lines, and the ``check``
findings as badges. The page has no external resource: the template
(``templates/report.html``) holds the style and the script. Every piece of text is escaped.

The page also carries its facts as JSON (:func:`page_facts`), which the batch index reads
back with :func:`read_facts`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from html import escape
from importlib import resources
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from reportparse.render import heading_text
from reportparse.source import SourceText

if TYPE_CHECKING:
    from reportparse.model import Diagnostic, Document, Section

_DEPTHS = 6  # depth colours; deeper levels take them again from the top
_FACTS_ID = "reportparse-facts"
_FACTS = re.compile(rf'<script type="application/json" id="{_FACTS_ID}">(.*?)</script>', re.DOTALL)
_SLOT = re.compile(r"\{\{(\w+)\}\}")
# Lines go in blocks that the browser lays out only when they come into view
# (``content-visibility: auto``); until then a block takes its estimated height.
_BLOCK = 100
_ROW_PX = 26  # the height of one row of text (the template's line-height)
_ROW_WIDTH = 50  # full-width characters on one row, for the estimate


@lru_cache(maxsize=4)
def template(name: str) -> str:
    """The package data file ``templates/NAME``."""
    return resources.files("reportparse.render").joinpath("templates", name).read_text("utf-8")


def fill(text: str, slots: dict[str, str]) -> Iterator[str]:
    """``text`` with each ``{{name}}`` replaced by ``slots[name]``, in pieces; what goes in is
    not searched for slots again."""
    pos = 0
    for m in _SLOT.finditer(text):
        yield text[pos:m.start()]
        yield slots[m.group(1)]
        pos = m.end()
    yield text[pos:]


def to_html(doc: Document, *, source: str, findings: Sequence[Diagnostic] | None = None) -> str:
    """The page for ``doc``, parsed from ``source`` (the decoded text); ``findings`` default to
    what ``reportparse check`` reports with its default rules."""
    return "".join(iter_html(doc, source=source, findings=findings))


def iter_html(doc: Document, *, source: str, findings: Sequence[Diagnostic] | None = None) -> Iterator[str]:
    """:func:`to_html` in pieces, one per block of lines. Raises ``ValueError`` if ``source``
    is not the text ``doc`` was parsed from."""
    if len(source) != doc.metadata.characters:
        raise ValueError(f"the source text has {len(source)} characters, the document was parsed "
                         f"from {doc.metadata.characters}: pass the text the document came from")
    if findings is None:
        from reportparse.lint import check

        findings = check(doc)
    facts = page_facts(doc, findings)
    name = doc.title or doc.metadata.source or "(untitled)"
    slots = {
        "title": escape(name),
        "facts_json": _script_json(facts),
        "heading": escape(name),
        "source": f"<span>{escape(doc.metadata.source)}</span>" if doc.title and doc.metadata.source else "",
        "summary": _summary(facts),
        "outline": _outline(doc.sections) or '<p class="none">No headings.</p>',
    }
    head, tail = template("report.html").split("{{lines}}")
    yield from fill(head, slots)
    yield from _lines(doc, source, findings)
    yield from fill(tail, slots)


def page_facts(doc: Document, findings: Sequence[Diagnostic]) -> dict[str, Any]:
    """What the batch index shows of a page: title, source, lines, headings by level, noise by
    kind and findings by code."""
    levels = Counter(s.level for s in doc.walk())
    return {
        "title": doc.title,
        "source": doc.metadata.source,
        "lines": doc.metadata.lines,
        "headings": sum(levels.values()),
        "levels": {str(k): levels[k] for k in sorted(levels)},
        "noise": dict(Counter(n.kind for n in doc.noise).most_common()),
        "findings": dict(sorted(Counter(d.code for d in findings).items())),
    }


def read_facts(head: str) -> dict[str, Any] | None:
    """The facts a page made by :func:`to_html` carries, from the start of its text; None if
    there are none (not such a page, or a damaged one)."""
    m = _FACTS.search(head)
    if m is None:
        return None
    try:
        facts = json.loads(m.group(1))
    except ValueError:
        return None
    return facts if isinstance(facts, dict) else None


def _script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: no ``<``, ``>`` or ``&`` as themselves."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _summary(facts: dict[str, Any]) -> str:
    parts = [_count(facts["headings"], "heading")]
    noise = facts["noise"]
    parts.append("noise removed: " + ", ".join(f"{n} {escape(k)}" for k, n in noise.items())
                 if noise else "no noise")
    found = facts["findings"]
    total = sum(found.values())
    parts.append(_count(total, "finding") + (": " + ", ".join(f"{escape(c)} ×{n}" for c, n in found.items())
                                             if total else ""))
    return "".join(f"<span>{p}</span>" for p in parts)


def _depth(level: int) -> int:
    return (level - 1) % _DEPTHS + 1


def _outline(sections: Sequence[Section]) -> str:
    """Nested lists: a heading with sub-headings is a ``<details>`` with their number."""
    if not sections:
        return ""
    out: list[str] = ["<ul>"]
    for sec in sections:
        text = escape(heading_text(sec) or "(no title)")
        link = (f'<a href="#L{sec.line}" data-line="{sec.line}" title="line {sec.line}">{text}</a>')
        d = _depth(sec.level)
        if sec.children:
            below = _descendants(sec)
            out.append(f'<li class="d{d}"><details open><summary>{link}<span class="count" '
                       f'title="{_count(below, "sub-heading")}">{below}</span></summary>'
                       f"{_outline(sec.children)}</details></li>")
        else:
            out.append(f'<li class="d{d} leaf">{link}</li>')
    out.append("</ul>")
    return "".join(out)


def _descendants(sec: Section) -> int:
    n, stack = 0, list(sec.children)
    while stack:
        child = stack.pop()
        n += 1
        stack.extend(child.children)
    return n


# --- the source text ---------------------------------------------------------------------------

def _pieces(src: SourceText, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """``(line, a, b)``: the part ``[a, b)`` of ``[start, end)`` on each line it touches."""
    n = src.line_of(start)
    while n <= src.line_count and src.starts[n - 1] < max(end, start + 1):
        a, b = max(start, src.starts[n - 1]), min(end, src.ends[n - 1])
        if a < b:
            yield n, a, b
        n += 1


class _Marks:
    """What is drawn on each line: heading and noise ranges, join points, findings."""

    def __init__(self, doc: Document, src: SourceText, findings: Sequence[Diagnostic]) -> None:
        self.heads: dict[int, list[tuple[int, int, Section]]] = {}
        self.noise: dict[int, list[tuple[int, int, str]]] = {}
        self.joins: dict[int, tuple[int, str]] = {}
        self.findings: dict[int, list[Diagnostic]] = {}
        self.heading_lines: dict[int, Section] = {}
        sections = doc.walk()
        for sec in sections:
            self.heading_lines.setdefault(sec.line, sec)
            for n, a, b in _pieces(src, sec.span.start, sec.span.end):
                self.heads.setdefault(n, []).append((a, b, sec))
        for item in doc.noise:
            for n, a, b in _pieces(src, item.span.start, item.span.end):
                self.noise.setdefault(n, []).append((a, b, item.kind))
        for pieces in (*self.heads.values(), *self.noise.values()):
            pieces.sort(key=lambda p: p[0])
        for d in findings:
            self.findings.setdefault(min(max(d.line, 1), max(src.line_count, 1)), []).append(d)
        blocks = [p.span for p in doc.paragraphs]
        for sec in sections:
            blocks.append(sec.span)
            blocks.extend(p.span for p in sec.paragraphs)
        for span in blocks:
            self._join(src, span.start, span.end)

    def _join(self, src: SourceText, start: int, end: int) -> None:
        """Marks where a block (paragraph or heading) runs on from one line to a later one."""
        if end <= start or src.line_of(start) == src.line_of(end - 1):
            return
        ends: list[tuple[int, int]] = []  # (line, offset past its last character of the block)
        for n, a, b in _pieces(src, start, end):
            last = self._last_content(src, n, a, b)
            if last is not None:
                ends.append((n, last))
        for (n, at), (m, _) in pairwise(ends):
            across = any(k in self.noise for k in range(n, m + 1))
            why = "a page break" if across else "a line break"
            self.joins[n] = (at, f"joined with line {m}: {why} had split this sentence")

    def _last_content(self, src: SourceText, n: int, a: int, b: int) -> int | None:
        """The offset past the last character of ``[a, b)`` that is neither space nor noise."""
        cut = self.noise.get(n, [])
        k = len(cut) - 1
        i = b
        while i > a:
            while k >= 0 and cut[k][0] >= i:
                k -= 1
            if k >= 0 and cut[k][1] >= i:  # the character before i is noise: skip the piece
                i = cut[k][0]
            elif src.text[i - 1].isspace():
                i -= 1
            else:
                return i
        return None


def _lines(doc: Document, source: str, findings: Sequence[Diagnostic]) -> Iterator[str]:
    src = SourceText.from_text(source)
    marks = _Marks(doc, src, findings)
    for first in range(1, src.line_count + 1, _BLOCK):
        numbers = range(first, min(first + _BLOCK, src.line_count + 1))
        rows = sum(_rows(src, n, marks) for n in numbers)
        yield (f'<div class="blk" style="contain-intrinsic-size:auto {rows * _ROW_PX}px">\n'
               + "".join(_line(src, n, marks) for n in numbers) + "</div>\n")


def _rows(src: SourceText, n: int, marks: _Marks) -> int:
    """About how many rows line ``n`` takes on a page of ordinary width."""
    text = src.text[src.starts[n - 1]:src.ends[n - 1]]
    width = len(text) - sum(c.isascii() for c in text) / 2
    for d in marks.findings.get(n, ()):
        width += len(d.message) / 2 + 6
    return max(1, -int(-width // _ROW_WIDTH))


def _line(src: SourceText, n: int, marks: _Marks) -> str:
    start, end = src.starts[n - 1], src.ends[n - 1]
    heads = marks.heads.get(n, [])
    noise = marks.noise.get(n, [])
    join = marks.joins.get(n)
    classes = ["ln"]
    sec = marks.heading_lines.get(n)
    if sec is not None:
        classes.append(f"hl h{_depth(sec.level)}")
    if noise and _only_noise(src.text, start, end, noise):
        classes.append("nzl")
    cuts = {start, end}
    for a, b, _ in heads:
        cuts.update((a, b))
    for a, b, _ in noise:
        cuts.update((a, b))
    if join is not None:
        cuts.add(join[0])
    points = sorted(cuts)
    body: list[str] = []
    hi = ni = 0  # the first heading and noise piece not yet passed
    for a, b in pairwise(points):
        if join is not None and a == join[0]:
            body.append(_join_mark(join[1]))
        while hi < len(heads) and heads[hi][1] <= a:
            hi += 1
        while ni < len(noise) and noise[ni][1] <= a:
            ni += 1
        head = heads[hi][2] if hi < len(heads) and heads[hi][0] <= a else None
        kind = noise[ni][2] if ni < len(noise) and noise[ni][0] <= a else None
        body.append(_segment(src.text[a:b], head, kind))
    if join is not None and join[0] == end:
        body.append(_join_mark(join[1]))
    for d in marks.findings.get(n, ()):
        body.append(f'<span class="f {escape(d.severity)}" title="{escape(d.name)}">'
                    f"<b>{escape(d.code)}</b> {escape(d.message)}</span>")
    return f'<div class="{" ".join(classes)}" id="L{n}" data-n="{n}">{"".join(body)}</div>\n'


def _join_mark(title: str) -> str:
    return f'<span class="j" title="{escape(title)}"></span>'


def _only_noise(text: str, start: int, end: int, noise: list[tuple[int, int, str]]) -> bool:
    """Whether ``text[start:end]`` is nothing but the (sorted) ``noise`` pieces and space."""
    pos = start
    for a, b, _ in noise:
        if text[pos:a].strip():
            return False
        pos = max(pos, b)
    return not text[pos:end].strip()


def _segment(text: str, head: Section | None, kind: str | None) -> str:
    """A piece of a line with what covers it: a heading, noise, both or neither."""
    cls = [f"h h{_depth(head.level)}"] if head is not None else []
    attrs = ""
    if kind is not None:
        cls.append("nz")
        attrs = f' title="removed: {escape(kind)}" data-kind="{escape(kind)}"'
    if not cls:
        return escape(text, quote=False)
    return f'<span class="{" ".join(cls)}"{attrs}>{escape(text, quote=False)}</span>'
