"""Stage 2: page furniture and boilerplate, found, recorded and removed.

Each rule is a function ``(src, earlier) -> list[NoiseItem]`` in its own module,
where ``earlier`` is what the rules before it found (sorted, disjoint). They run
in :data:`RULES` order, and an item overlapping one already taken is dropped:
earlier rules win. :func:`clean_lines` then cuts the noise out and rejoins
sentences a page break split.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence

from reportparse.noise.attachments import find_attachment_lists
from reportparse.noise.boilerplate import find_boilerplate
from reportparse.noise.caption import find_captions
from reportparse.noise.escapes import find_escapes
from reportparse.noise.markup import find_markup
from reportparse.noise.page_footer import find_page_footers
from reportparse.noise.page_meta import find_page_meta
from reportparse.noise.rejoin import clean_lines
from reportparse.noise.related import find_related_lists
from reportparse.noise.running_header import find_running_headers
from reportparse.noise.toc import find_toc
from reportparse.noise.web_chrome import find_web_chrome
from reportparse.records import NoiseItem
from reportparse.source import SourceText

Rule = Callable[[SourceText, Sequence[NoiseItem]], list[NoiseItem]]

RULES: tuple[tuple[str, Rule], ...] = (
    ("page_footer", find_page_footers),
    ("running_header", find_running_headers),
    ("markup", find_markup),
    ("toc", find_toc),
    ("attachments", find_attachment_lists),
    ("boilerplate", find_boilerplate),
    ("web_chrome", find_web_chrome),
    ("page_meta", find_page_meta),
    ("related", find_related_lists),
    ("caption", find_captions),
    ("escapes", find_escapes),
)


def find_noise(src: SourceText) -> list[NoiseItem]:
    """All noise in ``src``, in source order, without overlaps (earlier rules win)."""
    taken: list[NoiseItem] = []
    for _name, rule in RULES:
        fresh = _disjoint_from(rule(src, taken), taken)
        if fresh:
            taken = list(heapq.merge(taken, fresh, key=lambda n: n.span.start))
    return taken


def _disjoint_from(items: list[NoiseItem], taken: Sequence[NoiseItem]) -> list[NoiseItem]:
    """``items`` sorted, less those that overlap ``taken`` or an item kept before them."""
    items = sorted(items, key=lambda n: (n.span.start, -n.span.end))
    kept: list[NoiseItem] = []
    i = 0
    for item in items:
        s, e = item.span.start, item.span.end
        while i < len(taken) and taken[i].span.end <= s:
            i += 1
        if i < len(taken) and taken[i].span.start < e:
            continue
        if kept and kept[-1].span.end > s:
            continue
        kept.append(item)
    return kept


__all__ = ["RULES", "Rule", "clean_lines", "find_noise"]
