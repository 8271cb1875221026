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


@pytest.mark.parametrize("entity", ["&amp;", "&lt;", "&gt;", "&quot;", "&ldquo;", "&hellip;"])
def test_entity_at_a_line_end_keeps_its_letters(entity: str) -> None:
    doc = _assert_nothing_lost(f"一、总体情况\n今年工作。{entity}\n## 标题{entity}\n")
    assert doc.sections[0].paragraphs[0].text == f"今年工作。{entity}"
    assert doc.walk()[1].title == f"标题{entity[:-1]}"  # its ; goes with the title's final punctuation


def test_keep_noise_keeps_escaped_spaces_in_the_text() -> None:
    text = "一、总体情况\n&nbsp;\n今年工作。&nbsp;\n<U+00A0>再来。\n"
    doc = reportparse.parse(text, keep_noise=True)
    assert [p.text for p in doc.sections[0].paragraphs] == ["&nbsp;", "今年工作。&nbsp;", "<U+00A0>再来。"]
    assert [n.text for n in doc.noise] == ["&nbsp;", "&nbsp;", "<U+00A0>"]  # listed all the same
    assert_nothing_lost(text, doc, noise=False)
    assert [p.text for p in reportparse.parse(text).sections[0].paragraphs] == ["今年工作。", "再来。"]


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


# --- adversarial input: work per character bounded ----------------------------------------------------
#
# Counted, not timed: the marker matches the line scanner tries and the characters it hands to
# its patterns, per character of input. A stage that goes back over the rest of a line for each
# marker on it (quadratic) does thousands of times the work of one that does not.

class _Counted:
    """A compiled pattern that counts the characters its calls are given to scan (or consume)."""

    def __init__(self, pattern: regex.Pattern[str], tally: list[int]) -> None:
        self._pattern, self._tally = pattern, tally

    def _span(self, string: str, pos: int = 0, endpos: int | None = None) -> int:
        return max(1, (len(string) if endpos is None else min(endpos, len(string))) - pos)

    def match(self, string: str, pos: int = 0, endpos: int | None = None, **kw: object) -> regex.Match[str] | None:
        m = self._pattern.match(string, pos, endpos, **kw)
        self._tally[0] += m.end() - pos + 1 if m else 1
        return m

    def fullmatch(self, string: str, pos: int = 0, endpos: int | None = None, **kw: object) -> regex.Match[str] | None:
        self._tally[0] += self._span(string, pos, endpos)
        return self._pattern.fullmatch(string, pos, endpos, **kw)

    def search(self, string: str, pos: int = 0, endpos: int | None = None, **kw: object) -> regex.Match[str] | None:
        self._tally[0] += self._span(string, pos, endpos)
        return self._pattern.search(string, pos, endpos, **kw)

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None, **kw: object) -> Iterator[regex.Match[str]]:
        self._tally[0] += self._span(string, pos, endpos)
        return self._pattern.finditer(string, pos, endpos, **kw)

    def split(self, string: str, maxsplit: int = 0, **kw: object) -> list[str]:
        self._tally[0] += max(1, len(string))
        return self._pattern.split(string, maxsplit, **kw)


def _scan_work(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[int, int]:
    """(marker matches tried, characters handed to patterns) by the line scanner while parsing ``text``."""
    import reportparse.markers.scan as scan

    tally, calls = [0], [0]
    for name, value in list(vars(scan).items()):
        if isinstance(value, regex.Pattern):
            monkeypatch.setattr(scan, name, _Counted(value, tally))
    real = scan.match_marker

    def counted_match_marker(view: str, pos: int, **kw: bool) -> object:
        calls[0] += 1
        return real(view, pos, **kw)

    monkeypatch.setattr(scan, "match_marker", counted_match_marker)
    reportparse.parse(text)
    monkeypatch.undo()
    return calls[0], tally[0]


DENSE_LINES = [
    pytest.param("(1)" * 400, id="(1)-repeated"),
    pytest.param("（（（（1））））" * 150, id="nested-brackets-repeated"),
    pytest.param("（1）" * 400, id="full-width-(1)-repeated"),
    pytest.param("一、二、三、" * 200, id="一、二、三、-one-line"),
    pytest.param("一、（一）1、（1）①a)" * 150, id="all-families-one-line"),
    pytest.param("一、总体情况今年工作顺利。（一）主要做法做法如下，第 3 页 共 9 页 效果良好。1、具体措施措施如下。" * 40,
                 id="one-line-dump-with-footers"),
    pytest.param(("（" * 200 + "一）标题\n") * 20, id="lines-of-brackets"),
]


@pytest.mark.parametrize("text", DENSE_LINES)
def test_line_scan_work_is_linear_in_the_line(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    calls, scanned = _scan_work(monkeypatch, text)
    assert calls <= len(text), f"{calls:,} marker matches on {len(text):,} characters"
    assert scanned <= 20 * len(text), f"{scanned:,} characters scanned on {len(text):,}"


class _CountedPieces(tuple):  # type: ignore[type-arg]
    visits = 0

    def __iter__(self) -> Iterator[tuple[int, int]]:
        for piece in super().__iter__():
            _CountedPieces.visits += 1
            yield piece


def test_mapping_a_line_back_to_the_source_does_not_walk_its_pieces() -> None:
    from reportparse.source import TextLine

    n = 3000  # a one-line dump cut by thousands of removed footers
    line = TextLine(1, _CountedPieces((10 * k, 10 * k + 2) for k in range(n)), "ab" * n, "ab" * n)
    _CountedPieces.visits = 0
    assert [line.offset(i) for i in range(2 * n)] == [10 * (i // 2) + i % 2 for i in range(2 * n)]
    assert line.offset(2 * n) == 10 * (n - 1) + 2
    assert line.end_offset(2 * n) == 10 * (n - 1) + 2
    assert _CountedPieces.visits <= 2 * n, f"{_CountedPieces.visits:,} pieces visited for {2 * n:,} look-ups"


def test_a_run_of_1s_costs_the_lone_1_pass_the_same_per_1_however_long() -> None:
    """A 1 that a 1 of its kind follows joins that 1's chain; copying the chain for each 1 made
    a run of them quadratic (52,632 lines of 一、总体情况 spent 4 s there, (1) x 100k 27 s)."""
    from reportparse.markers.scan import scan_markers
    from reportparse.noise import clean_lines
    from reportparse.outline import _unfollowed_openers
    from reportparse.source import SourceText

    def best_seconds(n: int) -> float:
        src = SourceText.from_text("一、总体情况\n" * n)
        cands = scan_markers(clean_lines(src, []))
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            _unfollowed_openers(cands)
            best = min(best, time.perf_counter() - t0)
        return best

    small, large = best_seconds(4_000), best_seconds(32_000)
    assert large <= 16 * small + 0.05, f"8x the 1s took {large / small:.1f}x the time"


def test_keep_noise_keeps_an_escaped_space_between_marker_and_title() -> None:
    """--keep-noise leaves every escape in the text: one between a marker and its title too
    (it was dropped as the separator, its letters in no title, paragraph or heading)."""
    text = "一、&nbsp;总体情况\n今年工作顺利。\n二、<U+00A0> 存在问题\n"
    kept = reportparse.parse(text, keep_noise=True)
    assert [(s.marker, s.title) for s in kept.walk()] == [("一、", "&nbsp;总体情况"), ("二、", "<U+00A0> 存在问题")]
    assert [(s.marker, s.title) for s in reportparse.parse(text).walk()] == [("一、", "总体情况"), ("二、", "存在问题")]
