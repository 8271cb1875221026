"""Escaped spaces that scrapers leave in the text: ``<U+00A0>`` tokens and ``&nbsp;`` entities.

They run last: a caption or a pagination line that holds some keeps them in its own text.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from reportparse.noise.spans import collect, noise_item
from reportparse.patterns import lazy
from reportparse.records import NoiseItem
from reportparse.source import ESCAPED_SPACE, SourceText

_ESCAPES = lazy(rf"(?:{ESCAPED_SPACE})+", regex.IGNORECASE)


def find_escapes(src: SourceText, earlier: Sequence[NoiseItem] = ()) -> list[NoiseItem]:
    """Each run of escaped spaces, as layout."""
    if "<" not in src.text and "&" not in src.text:
        return []
    return collect(noise_item(src, "layout", m.start(), m.end()) for m in _ESCAPES.finditer(src.text, timeout=src.timeout))
