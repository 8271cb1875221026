"""Failures found by the property tests, the fuzzer and adversarial inputs, each kept as a test.

A bug in a module owned elsewhere is pinned with ``xfail(strict=True)``: the fix turns
the test into an XPASS, which fails the run until the marker (and, for a bug the
property tests step around, its guard in ``test_properties._hits_known_bug``) is removed.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
import regex
from content_count import assert_nothing_lost

import reportparse

# --- helpers -------------------------------------------------------------------------------------


def _assert_nothing_lost(text: str) -> reportparse.Document:
    doc = reportparse.parse(text)
    assert_nothing_lost(text, doc)
    return doc


def _assert_headings_apart(doc: reportparse.Document) -> None:
    previous_end = 0
    for sec in doc.walk():
        assert sec.span.start >= previous_end, f"{sec.marker}{sec.title!r} lies inside the heading before it"
        previous_end = sec.span.end


# --- text lost, doubled or misplaced -------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "一、总体情况；二、存在问题\n三、措施\n",
    "一、总体情况（一）收入；（二）支出\n",
    "(1)工作目标；第一章到第三章\n",
])
def test_heading_after_semicolon_is_not_inside_previous_title(text: str) -> None:
    doc = _assert_nothing_lost(text)
    _assert_headings_apart(doc)


@pytest.mark.parametrize("text", [
    " ## 基本原则。一、下一步打算\n",
    "## 组织领导。①主要做法\n",
])
def test_markdown_title_does_not_swallow_a_heading(text: str) -> None:
    doc = _assert_nothing_lost(text)
    _assert_headings_apart(doc)


def test_escaped_nbsp_line_is_recorded_as_noise() -> None:
    doc = _assert_nothing_lost("<U+00A0><U+00A0>\n一、总体情况\n")
    assert [(n.kind, n.text) for n in doc.noise] == [("layout", "<U+00A0><U+00A0>")]


def test_escaped_nbsp_inside_a_line_is_removed() -> None:
    doc = reportparse.parse("一、总体情况\n今年<U+00A0>工作顺利。\n")
    assert [(n.kind, n.text) for n in doc.noise] == [("layout", "<U+00A0>")]
    assert doc.sections[0].paragraphs[0].text == "今年工作顺利。"


@pytest.mark.parametrize("heading", ["一、指导思想", "## 指导思想", "（一）指导思想"])
def test_heading_before_a_page_break_keeps_its_title(heading: str) -> None:
    doc = reportparse.parse(f"{heading}\n—35—\n今年全县财政收入稳步增长。\n")
    sec = doc.sections[0]
    assert sec.title == "指导思想"
    assert [p.text for p in sec.paragraphs] == ["今年全县财政收入稳步增长。"]


# --- adversarial input: no superlinear slowdown ------------------------------------------------------
#
# Each input must parse within RATIO times a plain linear pass over the same text (a regex
# split into sentences and a marker match on each), plus a constant, measured in this run.
# A parse that overruns is stopped by SIGALRM, so a quadratic stage costs only the bound.
# One case per known slow path; variants of the same cause are in benchmarks/run.py.

RATIO = 200
CONSTANT = 0.5  # seconds
LINES = 10_000
_PIECE = regex.compile(r"[^\n。！？；]*[\n。！？；]?")
_MARKERISH = regex.compile(r"[ \u3000]*(?:第?[一二三四五六七八九十\d]+[、.．章节条]|[（(][一二三四五六七八九十\d]+[）)])")
_CN = "一二三四五六七八九十"


class _Overrun(Exception):
    pass


def _linear_pass(text: str) -> float:
    """Seconds for the baseline pass (best of three)."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for m in _PIECE.finditer(text):
            _MARKERISH.match(m.group())
        best = min(best, time.perf_counter() - t0)
    return best


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise _Overrun

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _long_glued_line(size: int) -> str:
    """One line, no breaks: sentences glued with headings of several families."""
    body = "今年全县财政收入稳步增长，各项支出得到有效保障。" * 3
    parts, n, i = [], 0, 0
    while n < size:
        part = f"{body}{_CN[i % 10]}、总体情况。（{_CN[i % 10]}）收入；{i % 999 + 1}、税收。"
        parts.append(part)
        n += len(part)
        i += 1
    return "".join(parts)[:size]


ADVERSARIAL = [
    pytest.param(lambda: "一、\n" * LINES, id="same-marker-lines"),
    pytest.param(lambda: "".join(f"{_CN[i % 10]}、标题\n" for i in range(LINES)), id="cycling-marker-lines"),
    pytest.param(lambda: "".join(f"{i % 999 + 1}、标题\n" for i in range(LINES * 2)), id="numbered-lines"),
    pytest.param(lambda: "今年。（一）收入。" * LINES, id="inline-markers"),
    pytest.param(lambda: "包括：1.甲；2.乙；3.丙。" * LINES, id="in-sentence-lists"),
    pytest.param(lambda: "".join(f"第 {i % 999 + 1} 页 共 999 页\n" for i in range(LINES)), id="footer-lines"),
    pytest.param(lambda: "".join(f"正文第 {i % 999 + 1} 页 共 9 页继续。\n" for i in range(LINES)),
                 id="glued-footers"),
    pytest.param(lambda: "".join(".".join(["1"] * d) + " 标题\n" for d in range(1, 51)) * (LINES // 50),
                 id="decimal-50-deep"),
    pytest.param(lambda: _long_glued_line(1_000_000), id="one-1MB-line-glued-headings"),
    pytest.param(lambda: "今年工作顺利完成各项任务，" * 160_000, id="one-2MB-line-no-markers"),
    pytest.param(lambda: "今年全县财政收入稳步增长，各项支出得到有效保障。\n" * (LINES * 4), id="body-lines"),
    pytest.param(lambda: "“一、引号没有闭合\n" * LINES, id="open-quotes"),
]


@pytest.mark.parametrize("make", ADVERSARIAL)
def test_adversarial_input_parses_in_linear_time(make: Callable[[], str]) -> None:
    text = make()
    base = _linear_pass(text)
    bound = RATIO * base + CONSTANT
    t0 = time.perf_counter()
    try:
        with _deadline(bound):
            reportparse.parse(text)
    except _Overrun:
        pytest.fail(f"parse overran {bound:.2f}s = {RATIO} x a linear pass ({base * 1000:.1f} ms) "
                    f"+ {CONSTANT}s on {len(text):,} characters")
    elapsed = time.perf_counter() - t0
    assert elapsed <= bound
