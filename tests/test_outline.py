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


def test_a_line_that_lost_its_breaks_keeps_headings_glued_after_a_colon_list() -> None:
    """In a whole document on one line, a 2. a section of text after a colon's 1. is the
    next heading of the outline, not the list's second item."""
    from reportparse.outline import RUN_ON

    body = "各乡镇各部门要把这项工作摆上重要议事日程，主要负责同志亲自抓，分管负责同志具体抓，层层压实责任"
    section = "。".join([body] * (RUN_ON // (3 * len(body)) + 2))
    text = (f"县专项行动实施方案。1.加强组织领导。各成员单位的任务如下：1.摸清底数。{section}"
            f"。2.完善工作机制。{section}。3.强化督查考核。{section}。\n")
    assert len(text) > RUN_ON
    assert reportparse.render(reportparse.parse(text), "outline") == (
        "1.加强组织领导 [arabic d1 L1]\n2.完善工作机制 [arabic d1 L1]\n3.强化督查考核 [arabic d1 L1]\n")
