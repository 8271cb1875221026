"""Stage 2: page furniture and boilerplate, found, recorded and removed.

Each rule is a function ``(src) -> list[NoiseItem]`` in its own module; they
run in :data:`RULES` order and later rules skip text earlier ones took.
:func:`clean_lines` then cuts the noise out and rejoins sentences a page
break split.
"""

from __future__ import annotations

from collections.abc import Callable

from reportparse.model import NoiseItem
from reportparse.noise.boilerplate import find_boilerplate
from reportparse.noise.page_footer import find_page_footers
from reportparse.noise.rejoin import clean_lines
from reportparse.noise.running_header import find_running_headers
from reportparse.noise.toc import find_toc
from reportparse.source import SourceText

Rule = Callable[[SourceText], list[NoiseItem]]

RULES: tuple[tuple[str, Rule], ...] = (
    ("page_footer", find_page_footers),
    ("boilerplate", find_boilerplate),
    ("toc", find_toc),
    ("running_header", find_running_headers),
)


def find_noise(src: SourceText) -> list[NoiseItem]:
    """All noise in ``src``, in source order, without overlaps (earlier rules win)."""
    taken: list[NoiseItem] = []
    for _name, rule in RULES:
        for item in rule(src):
            if not any(item.span.start < t.span.end and t.span.start < item.span.end for t in taken):
                taken.append(item)
    taken.sort(key=lambda n: n.span.start)
    return taken


__all__ = ["RULES", "clean_lines", "find_noise"]
