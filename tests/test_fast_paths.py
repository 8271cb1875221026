"""Fast paths that must give exactly what the plain version gives (speed work, issue 14)."""

from __future__ import annotations

import regex

from reportparse.source import _REPLACE_MIN, _TABLE, SourceText, normalise

# Every character the view folds, and the line ends and blank lines a text can hold.
_FOLDED = "".join(map(chr, _TABLE))
_TEXTS = [
    "",
    "\n",
    "一、总体情况\n",
    "\n\n正文。\n",
    "第一章　总则\r\n（一）做法\r二、\n",
    " \u3000\t\n\u00a0\n&nbsp;\n  x  ",
    ("（一）工作情况：１２３，ＡＢＣ！\u3000&nbsp;&ldquo;引&rdquo;\t" + _FOLDED + "\n \n") * 20,
]


def _reference_lines(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    starts, ends = [0], []
    for m in regex.finditer(r"\r\n|\r|\n", text):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    return tuple(starts), tuple(ends)


def test_a_long_text_is_folded_as_a_short_one_is() -> None:
    """Above _REPLACE_MIN the view is built by replacements, below by ``str.translate``."""
    for text in _TEXTS:
        text += "\n"  # so that no escape spans two copies
        copies = _REPLACE_MIN // len(text) + 1
        assert len(text) < _REPLACE_MIN <= len(text * copies)
        assert normalise(text * copies) == normalise(text) * copies


def test_the_line_table_and_blank_lines_match_a_scan_of_the_line_ends() -> None:
    for text in _TEXTS + [t * 200 for t in _TEXTS]:
        src = SourceText.from_text(text)
        starts, ends = _reference_lines(text)
        assert (src.starts, src.ends) == (starts, ends)
        view = src.view
        assert src.blank_lines == frozenset(
            n for n in range(1, len(starts) + 1) if not view[starts[n - 1]:ends[n - 1]].strip(" "))
