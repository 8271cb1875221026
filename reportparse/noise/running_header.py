"""Running headers: a short line (the title, a unit name) repeated at page boundaries."""

from __future__ import annotations

import itertools
from collections import defaultdict

from reportparse.markers.table import match_marker
from reportparse.model import NoiseItem
from reportparse.noise.spans import whole_line
from reportparse.source import SourceText

_MIN_REPEATS = 3
_MAX_LEN = 60


def find_running_headers(src: SourceText) -> list[NoiseItem]:
    """Short lines that recur three times or more, verbatim, and are not headings."""
    seen: dict[str, list[int]] = defaultdict(list)
    for n in range(1, src.line_count + 1):
        key = src.line_view(n).strip()
        if 4 <= len(key) <= _MAX_LEN:
            seen[key].append(n)
    out: list[NoiseItem] = []
    for key, numbers in seen.items():
        if len(numbers) >= _MIN_REPEATS and not _is_content(key):
            # Apart from each other: a real running header recurs once per page.
            gaps = [b - a for a, b in itertools.pairwise(numbers)]
            if min(gaps) >= 3:
                out.extend(whole_line(src, n, "running_header") for n in numbers)
    return out


def _is_content(key: str) -> bool:
    return match_marker(key, 0) is not None or key.endswith(("。", "：", ":"))
