"""Every regular expression in the package, checked for catastrophic backtracking.

The patterns are collected from the modules themselves (module-level patterns, compiled or lazy,
and the marker table), so a new pattern is checked without being listed here. Each is
run over long strings built from its own literal characters, the inputs most likely to
make a backtracking engine explode; regex's ``timeout=`` turns an explosion into a
failure instead of a hang. The runtime guard (``SourceText.timeout``) is tested too.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
import regex
from click.testing import CliRunner

import reportparse
import reportparse.source
from reportparse.cli import main
from reportparse.markers.table import FAMILIES
from reportparse.patterns import LazyPattern

_LENGTH = 20_000
_SECONDS = 5.0  # a linear scan of 20,000 characters takes well under a millisecond


_SCANS = ("finditer", "search", "findall", "sub", "subn", "split")


def _patterns() -> dict[str, tuple[regex.Pattern[str], bool]]:
    """Each pattern, and whether the package scans text with it (else it only matches at a position)."""
    found: dict[str, tuple[regex.Pattern[str], bool]] = {}
    for info in pkgutil.walk_packages(reportparse.__path__, "reportparse."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:
            if info.name.startswith("reportparse.integrations."):
                continue  # an optional extra that is not installed (its own tests say so)
            raise
        code = inspect.getsource(module)
        for name, value in vars(module).items():
            if isinstance(value, LazyPattern):  # compiled on first use (reportparse.patterns)
                value = value.compiled
            if isinstance(value, regex.Pattern) and value.pattern:
                scans = regex.search(rf"\b{name}\.(?:{'|'.join(_SCANS)})\(", code) is not None
                found.setdefault(f"{info.name}.{name}", (value, scans))
    for family in FAMILIES:
        found[f"marker family {family.id}"] = (family.pattern, False)  # matched at a position only
    return found


_PATTERNS = _patterns()


def _literals(pattern: str) -> str:
    """The characters a pattern's source names, escapes and class syntax left out."""
    chars = regex.sub(r"\\[pP]\{[^}]*\}|\\[A-Za-z]|[\\\[\]{}()*+?|^$]", "", pattern)
    return "".join(dict.fromkeys(chars))[:40] or "a"


def _cycled(unit: str, length: int = _LENGTH) -> str:
    return (unit * (length // len(unit) + 1))[:length]


#: Texts dense in markers, brackets or page footers that once made a stage quadratic (issue 11).
DENSE = {
    "(1) repeated": "(1)",
    "（（（（1）））） repeated": "（（（（1））））",
    "（1） repeated": "（1）",
    "一、二、三、 on one line": "一、二、三、",
    "every family on one line": "一、（一）1、（1）①a)",
    "one-line dump with footers": "一、总体情况今年工作顺利。（一）主要做法做法如下，第 3 页 共 9 页 效果良好。1、具体措施措施如下。",
    "lines of 200 （": "（" * 200 + "一）标题\n",
    "一、总体情况 lines": "一、总体情况\n",
    "1.1.1.1.1 标题 lines": "1.1.1.1.1 标题\n",
    "footer lines between body lines": "第 1 页 共 2 页\n今年工作。\n",
}


def _adversarial(pattern: str) -> list[str]:
    lit = _literals(pattern)
    return [
        _cycled(lit),  # its characters, cycled
        lit[0] * _LENGTH,  # one character, repeated
        (lit[0] * 50 + "\n") * (_LENGTH // 51),  # short lines of it
        (lit + " ") * (_LENGTH // (len(lit) + 1)) + "\x00",  # ends on a character nothing expects
        *(_cycled(unit) for unit in DENSE.values()),
    ]


def test_the_package_has_patterns_to_check() -> None:
    assert len(_PATTERNS) >= 40
    assert _PATTERNS["reportparse.noise.page_footer._GLUED"][1]  # scanned with finditer
    assert not _PATTERNS["reportparse.noise.toc._HEAD"][1]  # only fullmatch-ed on a line
    # Every subpackage is walked (reportparse.markers once had no __init__.py and was skipped).
    assert any(name.startswith("reportparse.markers.scan.") for name in _PATTERNS)


@pytest.mark.parametrize("name", sorted(_PATTERNS))
def test_pattern_scans_adversarial_text_in_linear_time(name: str) -> None:
    pattern, scans = _PATTERNS[name]
    for text in _adversarial(pattern.pattern):
        try:
            for probe in (text, text[::-1]):
                pattern.match(probe, timeout=_SECONDS)
                pattern.fullmatch(probe, timeout=_SECONDS)
                if scans:
                    for _ in pattern.finditer(probe, timeout=_SECONDS):
                        pass
        except TimeoutError:
            pytest.fail(f"{name} backtracks: over {_SECONDS} s on {len(text)} characters of {text[:30]!r}…")


def test_marker_families_are_tried_by_their_first_character() -> None:
    """match_marker tries only the families whose marker can begin with the character at hand."""
    from reportparse.markers.table import _families_from
    from reportparse.source import normalise

    for family in FAMILIES:
        example = normalise(family.example + "标题")
        assert family.match(example, 0) is not None
        assert family in _families_from(example[0])
    assert _families_from("今") == ()


@pytest.mark.parametrize("name", sorted(DENSE))
def test_dense_text_parses_without_the_scan_guard(name: str) -> None:
    """The guard is for a pattern gone wrong; a stage that is quadratic on a long line of
    markers runs into it too (it times a whole scan, the work done for each match included)."""
    reportparse.parse(_cycled(DENSE[name]))


def test_scan_guard_turns_a_slow_scan_into_a_documented_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reportparse.source, "SCAN_SECONDS", 0.0)
    monkeypatch.setattr(reportparse.source, "SCAN_SECONDS_PER_MB", 0.0)
    with pytest.raises(reportparse.ScanTimeoutError, match="took too long"):
        reportparse.parse("一、总体情况\n第 1 页 共 2 页\n")
    result = CliRunner().invoke(main, ["parse", "-"], input="一、总体情况\n第 1 页 共 2 页\n")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "took too long" in result.output


def test_scan_guard_grows_with_the_text() -> None:
    small = reportparse.source.SourceText.from_text("一、总体情况\n")
    big = reportparse.source.SourceText.from_text("今年工作顺利。\n" * 200_000)
    assert small.timeout >= reportparse.source.SCAN_SECONDS
    assert big.timeout > small.timeout + 2.0


def test_the_check_catches_a_backtracking_pattern() -> None:
    quadratic = regex.compile(r"[ ]*(?:>|/)[ ]*")  # scanned: every start re-reads the run of spaces
    with pytest.raises(TimeoutError):
        for text in _adversarial(quadratic.pattern):
            for _ in quadratic.finditer(text, timeout=0.05):
                pass
