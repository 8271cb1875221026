"""Patterns compiled on first use (reportparse.patterns)."""

from __future__ import annotations

import subprocess
import sys

import regex

from reportparse.patterns import LazyPattern, lazy


def test_a_lazy_pattern_compiles_on_first_use_and_matches_as_compiled() -> None:
    p = lazy(r"(?P<n>\d+)页", regex.IGNORECASE)
    assert p._compiled is None
    eager = regex.compile(r"(?P<n>\d+)页", regex.IGNORECASE)
    text = "第 12页 共 30页"
    assert [m.span() for m in p.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert p._compiled is not None
    assert p.match("7页", 0)["n"] == "7"
    assert p.fullmatch("x7页", 1) is not None and p.search(text).start() == 2
    assert p.sub("#", text) == eager.sub("#", text)
    assert (p.pattern, p.groupindex, p.flags) == (eager.pattern, eager.groupindex, eager.flags)


def test_importing_the_parser_compiles_no_pattern() -> None:
    code = ("import gc, reportparse.pipeline, reportparse.cli\n"
            "from reportparse.patterns import LazyPattern\n"
            "ps = [o for o in gc.get_objects() if isinstance(o, LazyPattern)]\n"
            "print(len(ps), sum(o._compiled is not None for o in ps))")
    found, compiled = map(int, subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                               check=True).stdout.split())
    assert found > 40 and compiled == 0
    assert isinstance(lazy("a"), LazyPattern)
