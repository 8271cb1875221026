"""Page numbers: ``第 3 页 共 7 页`` and friends anywhere; ``- 3 -``, ``3/7``, counting bare numbers as
lines; a page number beside a title that recurs (``某某县政府工作报告　第 3 页``)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from reportparse.noise.spans import LINE_END, collect, line_start, noise_item
from reportparse.patterns import lazy
from reportparse.records import NoiseItem
from reportparse.source import SourceText

_DASH = "[-—–―]{1,2}"
_PAGE = "[页頁]"  # 頁 in traditional characters
# Glued anywhere: a page count, or a dashed number set off by spaces.
_GLUED = lazy(
    rf"第[ ]*\d{{1,4}}[ ]*{_PAGE}[ ]*[,/、|]?[ ]*共[ ]*\d{{1,4}}[ ]*{_PAGE}"
    rf"|共[ ]*\d{{1,4}}[ ]*{_PAGE}[ ]*[,/、|]?[ ]*第[ ]*\d{{1,4}}[ ]*{_PAGE}"
    r"|(?<![A-Za-z])(?i:page)[ ]*\d{1,4}[ ]*(?i:of|/)[ ]*\d{1,4}(?!\d)"
    rf"|(?<![^ \r\n]){_DASH}[ ]+\d{{1,4}}[ ]+{_DASH}(?![^ \r\n])",
    keys=("页", "頁", "p", "P", "- ", "— ", "– ", "― "),
)
# A second, printed page number right after a page count, set inside a word: ``… 页 媒 1 体``.
_PRINTED = lazy(r"[ ]\p{Han}[ ](\d{1,3})[ ]\p{Han}")
# Only as a whole line.
_LINE = line_start(
    rf"[ ]*(?:{_DASH}[ ]*\d{{1,4}}[ ]*{_DASH}|\d{{1,4}}[ ]*/[ ]*\d{{1,4}}|第[ ]*\d{{1,4}}[ ]*{_PAGE}|(?i:page|p\.)[ ]*\d{{1,4}}(?:[ ]+{_DASH}[ ]+[^\r\n]{{1,30}}?)?)[ ]*"
    + LINE_END,
    keys="-—–―/页頁pP",
)
_BARE = line_start(r"[ ]*(\d{1,4})[ ]*" + LINE_END)
# A page number beside a short title on its own line: ``某某县政府工作报告　第 3 页``, ``- 3 - 工作总结``.
_NUMBER = rf"(?:第[ ]*\d{{1,4}}[ ]*{_PAGE}|{_DASH}[ ]*\d{{1,4}}[ ]*{_DASH})"
_TITLED = line_start(
    rf"[ ]*(?:(?P<before>[^\r\n ]{{2,30}}?)[ ]+{_NUMBER}|{_NUMBER}[ ]+(?P<after>[^\r\n ]{{2,30}}?))[ ]*"
    + LINE_END,
    # 页, or a dashed number's dash with the space that parts it from its title
    keys=("页", "頁", " -", " —", " –", " ―", "- ", "— ", "– ", "― "),
)
_TITLED_MIN = 2  # lines with one title and a page number before they count as page headers
_MIN_CHAIN = 3  # page numbers in a row before bare numbers count as pages
_MIN_GAP = 3  # lines from one page number to the next
_MEDIAN_GAP = 6  # typical lines from one page number to the next


def find_page_footers(src: SourceText, earlier: Sequence[NoiseItem] = ()) -> list[NoiseItem]:
    """Page footers and headers that carry a page number."""
    view = src.view
    out: list[NoiseItem | None] = []
    for m in _GLUED.finditer(view, timeout=src.timeout):
        out.append(noise_item(src, "page_footer", m.start(), m.end()))
        p = _PRINTED.match(view, m.end())
        if p:
            out.append(noise_item(src, "page_footer", p.start(1), p.end(1)))
    out.extend(noise_item(src, "page_footer", m.start(), m.end()) for m in _LINE.scan(src))
    numbers = list(_BARE.scan(src))
    lines = src.lines_of(m.start() for m in numbers)
    bare = [(n, int(m.group(1)), m.start(), m.end()) for n, m in zip(lines, numbers, strict=True)]
    out.extend(noise_item(src, "page_footer", a, b) for a, b in _counting_pages(bare))
    out.extend(_titled_numbers(src))
    return collect(out)


def _titled_numbers(src: SourceText) -> list[NoiseItem | None]:
    """Lines of a page number beside a title that recurs on such lines: page headers (a sentence
    that ends ``…见第 3 页`` has its punctuation, and no twin)."""
    by_title: dict[str, list[tuple[int, int]]] = {}
    for m in _TITLED.scan(src):
        title = m.group("before") or m.group("after")
        if not any(p in title for p in "。,;:!?，"):
            by_title.setdefault(title, []).append((m.start(), m.end()))
    return [noise_item(src, "page_footer", a, b)
            for spans in by_title.values() if len(spans) >= _TITLED_MIN for a, b in spans]


def _counting_pages(bare: list[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
    """Spans of bare-number lines that count pages: chains of numbers rising by one (or two, a page lost).

    Each number is at least :data:`_MIN_GAP` lines after the one before, a chain
    holds at least :data:`_MIN_CHAIN` numbers, and most of its gaps are a page long.
    """
    chains: list[list[tuple[int, int, int]]] = []
    by_last: dict[int, list[tuple[int, int, int]]] = {}
    for line, value, start, end in bare:
        chain = None
        for prev in (value - 1, value - 2):
            found = by_last.get(prev)
            if found is not None and line - found[-1][0] >= _MIN_GAP:
                chain = by_last.pop(prev)
                break
        if chain is None:
            chain = []
            chains.append(chain)
        chain.append((line, start, end))
        by_last[value] = chain
    return [(s, e) for chain in chains if len(chain) >= _MIN_CHAIN and _pages_apart(chain) for _, s, e in chain]


def _pages_apart(chain: list[tuple[int, int, int]]) -> bool:
    """Whether the numbers stand a page apart (median gap): not labels of short numbered paragraphs."""
    gaps = sorted(b[0] - a[0] for a, b in itertools.pairwise(chain))
    return gaps[len(gaps) // 2] >= _MEDIAN_GAP
