"""Heading detection and depth: fixture cases in tests/fixtures/outline.txt.

Each case is a title line, then input and expected outline, each closed by a
line holding only ``.`` (the markdown-it fixture format).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import reportparse

FIXTURES = Path(__file__).parent / "fixtures" / "outline.txt"


def _cases(path: Path) -> list[tuple[str, str, str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    cases, i = [], 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i]
        assert lines[i + 1] == ".", f"{path}:{i + 2}: expected '.' after the case title"
        i += 2
        blocks = []
        for _ in range(2):
            start = i
            while lines[i] != ".":
                i += 1
            blocks.append("\n".join(lines[start:i]))
            i += 1
        cases.append((title, blocks[0] + "\n", blocks[1] + "\n" if blocks[1] else ""))
    return cases


CASES = _cases(FIXTURES)


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_outline(text: str, expected: str) -> None:
    doc = reportparse.parse(text)
    assert reportparse.render(doc, "outline") == expected
