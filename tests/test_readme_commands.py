"""The README's command examples: each "`reportparse …` (…):" followed by a text block is run
and its output compared, so the README cannot drift from what the commands print."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportparse.cli import main

ROOT = Path(__file__).resolve().parent.parent
_EXAMPLE = re.compile(r"^`reportparse ([^`]+)`([^\n]*(?:\n(?!```)[^\n]+)*?):\n\n```text\n(.*?)```", re.M | re.S)


def _examples() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [(m.group(1), m.group(3)) for m in _EXAMPLE.finditer(text)
            if m.group(1).startswith("check ")]


@pytest.mark.parametrize(("command", "shown"), _examples())
def test_readme_check_example_prints_what_is_shown(command: str, shown: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, shlex.split(command), catch_exceptions=False)
    assert result.stdout == shown


def test_the_readme_shows_check_on_a_folder_with_statistics_and_github() -> None:
    commands = [c for c, _ in _examples()]
    assert "check samples/" in commands
    assert "check samples/ --statistics" in commands
    assert "check samples/ --output-format github" in commands
