"""The README's blocks run as tests, so the README cannot drift from what the commands print.

Each fenced block is one of:

- the output of a command: the paragraph before it starts with "`reportparse …`" and ends
  with ":"; the block is what the command prints (stdout; stdout and stderr as a terminal
  shows them where the block holds an ``Error:`` or ``warning:`` line), all of it, or its
  first lines where the paragraph says "first lines";
- a shell session: ``$ reportparse …`` lines (also ``$ grep WORD FILE`` and ``$ rm FILE``),
  each followed by what it prints;
- an install (``sh``, each line ``pip install … && COMMAND``): the ``reportparse`` commands
  after the install run and succeed (``pytest`` is this test run itself);
- shell completion (``sh``, each line ``… _REPORTPARSE_COMPLETE=SHELL_source reportparse …``):
  the command prints that shell's completion script;
- the first lines of a file: "Input (`samples/….txt`, …, first lines):";
- a configuration (``toml``): read as ``pyproject.toml``, it is valid;
- Python: run, with the files it names made first;
- a block that cannot run here (an install, a cluster, minutes of benchmarks), marked by a
  comment right before it, ``<!-- readme-test: skip (why) -->``.

A block that is none of these fails the test that classifies them. Commands that need files
of their own name a setup: ``<!-- readme-test: setup NAME -->`` before the paragraph or the
block, NAME one of :data:`SETUPS`. Every block runs in a temporary folder holding a copy of
``samples/``, so that nothing is written into the repository. Times (``in 0.1 s``,
``"seconds": 0.0056``) are compared as any time.
"""

from __future__ import annotations

import io
import re
import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportparse.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.M | re.S)
_MARK = re.compile(r"<!-- readme-test: (skip|setup) ?(.*?) -->")
_COMMAND = re.compile(r"^`reportparse ([^`]+)`")
_COMPLETION = re.compile(r'^(?:eval "\$\()?_REPORTPARSE_COMPLETE=(\w+_source) reportparse(?:\)"| \| source)(?:\s+#.*)?$')
_INPUT = re.compile(r"^Input \(`([^`]+)`.*first lines\):$", re.S)
_TIME = re.compile(r"\bin \d+(?:\.\d+)? s\b|(?<=\"seconds\": )\d+(?:\.\d+)?(?:e-?\d+)?")
_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
_REPORT = "{n}号工作总结\n一、总体情况\n今年工作顺利。\n二、存在问题\n仍有不足。\n"


@dataclass(frozen=True)
class Block:
    """A fenced block of the README, the paragraph before it and the marks before either."""

    line: int
    lang: str
    body: str
    intro: str
    marks: dict[str, str]

    @property
    def id(self) -> str:
        return f"README.md:{self.line}"


def _blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    out = []
    for m in _FENCE.finditer(text):
        before = text[:m.start()].rstrip("\n").split("\n\n")
        intro, marks = "", {}
        for chunk in reversed(before[-2:]):
            found = list(_MARK.finditer(chunk))
            marks.update((k, v.strip("() ")) for k, v in (f.groups() for f in found))
            rest = _MARK.sub("", chunk).strip()
            if rest and not intro and chunk is before[-1]:
                intro = rest
            if rest:
                break
        out.append(Block(text.count("\n", 0, m.start()) + 1, m.group(1), m.group(2), intro, marks))
    return out


BLOCKS = _blocks()


def _bad_inputs(folder: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(_PNG)
    (folder / "damaged.txt").write_bytes("一、总体情况\n今年".encode() + b"\xff\xfe" + "顺利。\n".encode())


def _batch_with_a_png(folder: Path) -> None:
    for i, rel in enumerate(["a.txt", "b.txt", "c.txt", "d.txt", "sub/e.txt", "sub/f.txt", "sub/g.txt"]):
        (folder / "in" / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / "in" / rel).write_text(_REPORT.format(n=i + 1), encoding="utf-8")
    (folder / "in" / "sub" / "broken.txt").write_bytes(_PNG)


def _a_report(folder: Path) -> None:
    (folder / "report.txt").write_text((ROOT / "samples" / "year-end-summary.txt").read_text(encoding="utf-8"),
                                       encoding="utf-8")


#: Files a block's commands need, made in an empty folder they then run in.
SETUPS: dict[str, Callable[[Path], None]] = {
    "bad-inputs": _bad_inputs, "batch-with-a-png": _batch_with_a_png, "a-report": _a_report}


def _kind(b: Block) -> str:
    if "skip" in b.marks:
        return "skip"
    if b.lang == "sh" and all(line.startswith("pip install ") for line in b.body.splitlines()):
        return "install"
    if b.lang == "sh" and all(_COMPLETION.match(line) for line in b.body.splitlines()):
        return "completion"
    if b.lang == "text" and b.body.startswith("$ "):
        return "session"
    if b.lang in ("text", "markdown") and _COMMAND.match(b.intro) and b.intro.endswith(":"):
        return "command"
    if b.lang == "text" and _INPUT.match(b.intro):
        return "input"
    if b.lang == "toml":
        return "config"
    if b.lang == "python":
        return "python"
    return "unknown"


def _of(kind: str) -> list[Block]:
    return [b for b in BLOCKS if _kind(b) == kind]


def _ids(blocks: list[Block]) -> list[str]:
    return [b.id for b in blocks]


def _invoke(command: str) -> Result:
    return CliRunner().invoke(main, shlex.split(command), catch_exceptions=False)


def _where(b: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in ``tmp_path``, which holds a copy of ``samples/`` and the block's setup: what the
    commands write stays out of the repository."""
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    if "setup" in b.marks:
        SETUPS[b.marks["setup"]](tmp_path)
    monkeypatch.chdir(tmp_path)


def _step(command: str) -> str:
    """What a session's step prints: ``reportparse …`` (stdout and stderr as they come),
    ``grep WORD FILE`` (the lines holding WORD), ``rm FILE`` (nothing)."""
    program, *args = shlex.split(command)
    if program == "reportparse":
        return CliRunner().invoke(main, args, catch_exceptions=False).output
    if program == "grep" and len(args) == 2:
        return "".join(line for line in Path(args[1]).read_text(encoding="utf-8").splitlines(True) if args[0] in line)
    if program == "rm" and len(args) == 1:
        Path(args[0]).unlink()
        return ""
    raise AssertionError(f"a session step the test cannot run: {command}")


def _varying(text: str) -> str:
    """``text`` with its times (``in 0.1 s``, ``"seconds": 0.0056``) made alike."""
    return _TIME.sub("0", text)


def _printed(result: Result, shown: str) -> str:
    terminal = any(line.startswith(("Error:", "warning:")) for line in shown.splitlines())
    return _varying(result.output if terminal else result.stdout)


def test_every_block_is_run_or_marked() -> None:
    unknown = [f"{b.id} ({b.lang or 'no language'})" for b in BLOCKS if _kind(b) == "unknown"]
    assert unknown == [], "a README block that no test runs: make it runnable or mark it <!-- readme-test: skip (why) -->"
    assert all(b.marks["setup"] in SETUPS for b in BLOCKS if "setup" in b.marks)
    assert all(b.marks["skip"] for b in _of("skip")), "say why a block is skipped"


@pytest.mark.parametrize("block", _of("command"), ids=_ids(_of("command")))
def test_command_prints_what_is_shown(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _where(block, tmp_path, monkeypatch)
    command = _COMMAND.match(block.intro).group(1)
    result = _invoke(command)
    shown = _varying(block.body)
    exit_code = re.search(r"\(exit code (\d+)", block.intro)  # checked where the README states it
    assert result.exit_code == int(exit_code.group(1)) if exit_code else result.exit_code in (0, 1), result.output
    printed = _printed(result, shown)
    if "first lines" in block.intro:
        assert printed.startswith(shown)
    else:
        assert printed == shown


@pytest.mark.parametrize("block", _of("session"), ids=_ids(_of("session")))
def test_session_prints_what_is_shown(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _where(block, tmp_path, monkeypatch)
    steps = re.split(r"^\$ ", block.body, flags=re.M)[1:]
    assert steps
    for step in steps:
        command, _, shown = step.partition("\n")
        assert _varying(_step(command)) == _varying(shown), command


@pytest.mark.parametrize("block", _of("install"), ids=_ids(_of("install")))
def test_install_block_commands_succeed(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _where(block, tmp_path, monkeypatch)
    commands = [line.partition(" && ")[2] for line in block.body.splitlines()]
    assert all(commands), "each install line goes on with the command it makes work"
    for command in commands:
        if command.startswith("reportparse "):
            result = _invoke(command.removeprefix("reportparse "))
            assert result.exit_code == 0, result.output
            assert result.stdout
        else:
            assert command == "pytest"


@pytest.mark.parametrize("block", _of("completion"), ids=_ids(_of("completion")))
def test_completion_lines_print_a_script(block: Block) -> None:
    for line in block.body.splitlines():
        shell = _COMPLETION.match(line).group(1)
        result = CliRunner().invoke(main, [], prog_name="reportparse", env={"_REPORTPARSE_COMPLETE": shell})
        assert result.exit_code == 0
        assert "_REPORTPARSE_COMPLETE" in result.stdout and "reportparse" in result.stdout, shell


@pytest.mark.parametrize("block", _of("input"), ids=_ids(_of("input")))
def test_input_shown_is_the_file_s_first_lines(block: Block) -> None:
    path = ROOT / _INPUT.match(block.intro).group(1)
    assert block.body.strip()
    assert path.read_text(encoding="utf-8").startswith(block.body)


@pytest.mark.parametrize("block", _of("config"), ids=_ids(_of("config")))
def test_configuration_shown_is_valid(block: Block, tmp_path: Path) -> None:
    from reportparse import config

    path = tmp_path / "pyproject.toml"
    path.write_text(block.body, encoding="utf-8")
    settings = config.load(str(path))
    assert settings != config.DEFAULT


@pytest.mark.parametrize("block", _of("python"), ids=_ids(_of("python")))
def test_python_shown_runs(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _where(block, tmp_path, monkeypatch)
    exec(compile(block.body, block.id, "exec"), {"out": io.StringIO(), "__name__": "readme"})


@pytest.mark.parametrize("block", _of("skip"), ids=_ids(_of("skip")))
def test_blocks_marked_as_not_run_here(block: Block) -> None:
    pytest.skip(block.marks["skip"])


def test_the_readme_shows_check_on_a_folder_with_statistics_and_github() -> None:
    commands = [_COMMAND.match(b.intro).group(1) for b in _of("command")]
    assert "check samples/" in commands
    assert "check samples/ --statistics" in commands
    assert "check samples/ --output-format github" in commands

