"""The command line: behaviour, exact error lines and exit codes (CliRunner), plus a few runs of
the installed ``reportparse`` for stdin, broken pipes and start-up imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from installed import command

import reportparse
import reportparse.pipeline
from reportparse.cli import main, schema_text
from reportparse.lint import RULES

REPORT = "2024年工作总结\n一、总体情况\n今年工作顺利。\n（一）收入\n收入增长。\n三、存在问题\n仍有不足。\n"
CLEAN = "2024年工作总结\n一、总体情况\n今年工作顺利。\n二、存在问题\n仍有不足。\n"
SCHEMA = Path(__file__).parent.parent / "schema" / "document.schema.json"


def run(*args: str, input: bytes | str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


# --- parse -----------------------------------------------------------------------------------

def test_parse_json_by_default_readable_chinese_and_final_newline(report: Path) -> None:
    result = run("parse", str(report))
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.endswith("}\n")
    assert "总体情况" in result.stdout and "\\u" not in result.stdout
    data = json.loads(result.stdout)
    assert data["metadata"]["source"] == str(report)
    assert reportparse.Document.model_validate(data).sections[0].title == "总体情况"


def test_parse_warns_on_stderr_about_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "damaged.txt"
    path.write_bytes("一、总体情况\n今年".encode() + b"\xff\xfe" + "工作顺利。\n".encode())
    result = run("parse", str(path), "--format", "outline")
    assert result.exit_code == 0
    assert result.stdout == "一、总体情况 [zh-dun d1 L1]\n"
    assert result.stderr == (f"warning: {path}: 2 undecodable byte(s) replaced by U+FFFD; "
                             "pass the right encoding to keep them\n")


def test_parse_stdin_dash_and_no_file(report: Path) -> None:
    for args in (["parse", "-"], ["parse"]):
        result = run(*args, "--format", "outline", input=REPORT.encode("gb18030"))
        assert result.exit_code == 0
        assert result.stdout.splitlines()[0] == "一、总体情况 [zh-dun d1 L2]"


@pytest.mark.parametrize(("fmt", "start"), [
    ("outline", "一、总体情况 [zh-dun d1 L2]\n"),
    ("markdown", "# 2024年工作总结\n\n## 一、总体情况\n"),
    ("text", "2024年工作总结\n一、总体情况\n"),
    ("tree", "2024年工作总结\n├── 一、总体情况  line 2, 1 paragraph\n"),
    ("chunks", '{"text": "一、总体情况\\n今年工作顺利。"'),
])
def test_parse_formats(report: Path, fmt: str, start: str) -> None:
    result = run("parse", str(report), "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout.startswith(start)
    assert "\x1b[" not in result.stdout


def test_parse_text_keeps_the_source_s_punctuation(tmp_path: Path) -> None:
    source = "第一章\u3000总则\n第一条为了规范管理，制定本办法。\n一、指导思想。坚持稳中求进。\n"
    path = tmp_path / "rules.txt"
    path.write_bytes(source.encode("gb18030"))
    assert run("parse", str(path), "--format", "text").stdout == source
    out = tmp_path / "out"
    assert run("batch", str(tmp_path), str(out), "--format", "text", "-q").exit_code == 0
    assert (out / "rules.txt").read_text(encoding="utf-8") == source


def test_parse_tree_color_only_when_forced(report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" in run("parse", str(report), "--format", "tree").stdout
    assert "\x1b[" not in run("parse", str(report), "--format", "tree", "--no-color").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("parse", str(report), "--format", "tree").stdout


def test_parse_compact_and_indent(report: Path) -> None:
    compact = run("parse", str(report), "--compact").stdout
    assert compact.count("\n") == 1 and compact.endswith("\n")
    indented = run("parse", str(report), "--indent", "4").stdout
    assert indented.startswith('{\n    "schema_name"')
    assert json.loads(compact) == json.loads(indented)


@pytest.mark.parametrize(("args", "message"), [
    (["--compact", "--indent", "2"], "Error: --compact and --indent cannot be used together"),
    (["--format", "outline", "--indent", "2"], "Error: --compact and --indent apply to --format json only"),
])
def test_parse_option_conflicts_are_usage_errors(report: Path, args: list[str], message: str) -> None:
    result = run("parse", str(report), *args)
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith(message)


def test_parse_output_file_is_written_whole(report: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    result = run("parse", str(report), "-o", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "2024年工作总结"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "report.txt"]


def test_parse_output_into_a_missing_folder(report: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "out.json"
    result = run("parse", str(report), "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {target}: cannot write (No such file or directory)\n"


@pytest.mark.parametrize(("content", "args", "message"), [
    (b"", [], "input is empty; there is nothing to parse"),
    (b" \n\t\r\n\xe3\x80\x80\n", [], "input holds only white space; there is nothing to parse"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, [],
     "input looks like binary data (an image, archive or document), not text; convert it to plain text first"),
    (bytes(range(256)) * 64, [], "input looks like binary data, not text; convert it to plain text first"),
    ("一、总体情况\n".encode(), ["--encoding", "ascii"],
     "bytes are not valid ascii (first bad byte at offset 0); try another --encoding, or leave it out to detect"),
    (b"x", ["--encoding", "klingon"], "unknown encoding 'klingon'; try another --encoding, or leave it out to detect"),
])
def test_parse_bad_input_is_one_line_and_exit_2(tmp_path: Path, content: bytes, args: list[str],
                                                message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("parse", str(path), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {path}: {message}\n"


def test_parse_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("一、总体情况\n".encode() * 20 + b"\xff\xfe\x80" * 30 + "二、存在问题\n".encode() * 20)
    result = run("parse", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"Error: {path}: ")
    assert result.stderr.endswith(" (--encoding NAME, e.g. --encoding gb18030)\n")
    assert result.stderr.count("\n") == 1


def test_parse_a_few_undecodable_bytes_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "damaged.txt"
    path.write_bytes("一、总体情况\n今年工作顺利。\n".encode() * 5 + b"\xff" + "完成。\n".encode())
    result = run("parse", str(path))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["warnings"][0]["code"] == "D101"


def test_parse_missing_file_and_directory(tmp_path: Path) -> None:
    missing = run("parse", str(tmp_path / "nope.txt"))
    assert (missing.exit_code, missing.stderr) == (2, f"Error: {tmp_path / 'nope.txt'}: no such file\n")
    folder = run("parse", str(tmp_path))
    assert (folder.exit_code, folder.stderr) == (2, f"Error: {tmp_path}: no file matches *.txt\n")


def test_parse_stdin_errors_name_stdin() -> None:
    result = run("parse", "-", input=b"   \n")
    assert (result.exit_code, result.stderr) == (2, "Error: <stdin>: input is empty; there is nothing to parse\n")


@pytest.mark.parametrize("command", ["parse", "check"])
def test_stdin_named_twice_is_refused_before_anything_is_read(command: str) -> None:
    result = run(command, "-", "-", input="一、总体情况\n今年工作顺利。\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "Error: <stdin>: '-' is named more than once; stdin can be read only once\n"


def test_the_library_refuses_stdin_named_twice() -> None:
    from reportparse.inputs import NoInputError, resolve

    with pytest.raises(NoInputError, match="more than once"):
        resolve(["-", "a.txt", "-"])
    assert [i.path for i in resolve(["-", "a.txt"]).inputs] == ["-", "a.txt"]


def test_unexpected_error_is_one_line_unless_debug(report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(reportparse.pipeline, "parse_records", boom)  # what the command parses with
    result = run("parse", str(report))
    assert result.exit_code == 2
    assert result.stderr == "Error: internal error: RuntimeError: kaboom (rerun with --debug for the traceback)\n"
    debug = run("parse", str(report), "--debug")
    assert debug.exit_code == 2
    assert "Traceback (most recent call last)" in debug.stderr and "RuntimeError: kaboom" in debug.stderr
    assert run("--debug", "parse", str(report)).stderr.startswith("Traceback")


# --- check -----------------------------------------------------------------------------------

def test_check_findings_exit_1(report: Path) -> None:
    result = run("check", str(report))
    assert result.exit_code == 1
    assert result.stdout == f"{report}:6:1: H101 ordinal-gap 三、 follows 一、: number skipped\n"
    assert result.stderr == "Found 1 finding in 1 of 1 file.\n"


def test_check_findings_sorted_by_file_and_line_with_the_marker_column(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("一、甲\n正文。\n　　三、丙\n正文。\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("一、甲\n正文。二、、乙\n正文。\n", encoding="utf-8")
    result = run("check", str(tmp_path / "b.txt"), str(tmp_path / "a.txt"))
    assert [line.split(" ")[0] for line in result.stdout.splitlines()] == [
        f"{tmp_path / 'a.txt'}:2:4:", f"{tmp_path / 'a.txt'}:2:4:", f"{tmp_path / 'b.txt'}:3:3:"]


def test_check_clean_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    result = run("check", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "All checks passed.\n")


def test_check_exit_zero_select_ignore(report: Path) -> None:
    assert run("check", str(report), "--exit-zero").exit_code == 0
    assert run("check", str(report), "--ignore", "H101").exit_code == 0
    assert run("check", str(report), "--select", "H102,H103").exit_code == 0
    assert run("check", str(report), "--select", "H1", "--select", "D").exit_code == 1


def test_check_unknown_selector_is_a_usage_error(report: Path) -> None:
    result = run("check", str(report), "--select", "Q9")
    assert result.exit_code == 2
    assert "Error: unknown rule selector 'Q9'" in result.stderr


def test_check_json_output(report: Path) -> None:
    result = run("check", str(report), "--output-format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [{
        "filename": str(report), "line": 6, "column": 1, "code": "H101", "name": "ordinal-gap",
        "severity": "warning", "message": "三、 follows 一、: number skipped",
    }]
    assert run("check", str(report), "--format", "json").stdout == result.stdout


def test_check_bad_file_exit_2_but_other_files_checked(report: Path, tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "gone.txt"), str(report), "--exit-zero")
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{report}:6:1: H101")
    assert result.stderr.startswith(f"Error: {tmp_path / 'gone.txt'}: no such file\n")


def test_check_stdin_with_a_name() -> None:
    result = run("check", "-", "--stdin-filename", "报告.txt", input=REPORT.encode())
    assert result.stdout.startswith("报告.txt:6:1: H101")


def test_check_show_codes_lists_every_code() -> None:
    result = run("check", "--show-codes")
    assert result.exit_code == 0
    for rule in RULES:
        assert f"{rule.code} {rule.name}" in result.stdout


# --- schema, version, help -------------------------------------------------------------------

def test_schema_matches_the_committed_file() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert result.stdout == schema_text() == SCHEMA.read_text(encoding="utf-8"), \
        "regenerate with: reportparse schema -o schema/document.schema.json"


def test_version() -> None:
    assert run("--version").stdout == f"reportparse {reportparse.__version__}\n"


@pytest.mark.parametrize("command", [[], *([name] for name in main.commands)])
def test_every_command_has_help_with_examples(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout


def test_every_command_is_tested_here() -> None:
    assert set(main.commands) == {"parse", "check", "batch", "schema"}


# --- the installed script --------------------------------------------------------------------

def test_installed_script_reads_piped_stdin_and_sets_exit_codes(tmp_path: Path) -> None:
    ok = subprocess.run([*command(), "parse", "--format", "outline"], input=REPORT.encode(),
                        capture_output=True, check=False)
    assert (ok.returncode, ok.stderr) == (0, b"")
    assert ok.stdout.decode().startswith("一、总体情况 [zh-dun d1 L2]")
    bad = subprocess.run([*command(), "parse", "-"], input=b"", capture_output=True, check=False)
    assert (bad.returncode, bad.stdout) == (2, b"")
    assert bad.stderr.decode() == "Error: <stdin>: input is empty; there is nothing to parse\n"
    lint = subprocess.run([*command(), "check", "-"], input=REPORT.encode(), capture_output=True, check=False)
    assert lint.returncode == 1


def test_python_dash_m_works() -> None:
    result = subprocess.run([sys.executable, "-m", "reportparse", "--help"], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: reportparse ")


def test_broken_pipe_ends_quietly(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("年度报告\n" + "".join(f"第{i}章 总则\n本章规定了有关事项。\n" for i in range(1, 400)),
                   encoding="utf-8")
    proc = subprocess.Popen([*command(), "parse", str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == b"{\n"
    proc.stdout.close()  # what `| head -1` does
    err = proc.stderr.read()
    assert proc.wait(timeout=30) == 0
    assert err == b""


def test_parse_json_does_not_import_rich(report: Path) -> None:
    code = ("import sys; from reportparse.cli import main\n"
            "try:\n    main(['parse', sys.argv[1], '--format', 'json'], prog_name='reportparse')\n"
            "except SystemExit:\n    pass\n"
            "sys.stderr.write(' '.join(m for m in sys.modules if m.split('.')[0] == 'rich'))\n")
    result = subprocess.run([sys.executable, "-c", code, str(report)], capture_output=True, text=True,
                            check=False, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.stdout.startswith("{")
    assert result.stderr == ""
    tree = subprocess.run([sys.executable, "-c", code.replace("'json'", "'tree'"), str(report)],
                          capture_output=True, text=True, check=False)
    assert "rich" in tree.stderr  # the probe works


@pytest.mark.parametrize(("args", "option"), [
    (["parse", ""], "'[FILE|FOLDER|-]...'"),
    (["parse", "{report}", "-o", ""], "'-o' / '--output'"),
    (["check", ""], "'FILE|FOLDER|-...'"),
    (["check", "{report}", "--config", ""], "'--config'"),
    (["batch", "{folder}", ""], "'OUT'"),
    (["batch", "", "{folder}/out"], "'SRC'"),
    (["batch", "{folder}", "--out", ""], "'-o' / '--out'"),
    (["batch", "{folder}", "{folder}/out", "--report", ""], "'--report'"),
    (["schema", "-o", ""], "'-o' / '--output'"),
])
def test_an_empty_path_is_a_usage_error(report: Path, args: list[str], option: str) -> None:
    args = [a.format(report=report, folder=report.parent) for a in args]
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith(f"Error: Invalid value for {option}: an empty path names no file")
    assert not (report.parent / "out").exists()


def test_an_indent_beyond_reason_is_a_usage_error(report: Path) -> None:
    result = run("parse", str(report), "--indent", "100000000")  # was an out-of-memory kill
    assert result.exit_code == 2
    assert "Invalid value for '--indent': 100000000 is not in the range 0<=x<=64" in result.stderr
    assert run("parse", str(report), "--indent", "64").exit_code == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("cmd", [["parse", "--format", "outline"], ["check"]])
def test_a_special_file_found_in_a_folder_is_reported_not_read(tmp_path: Path, cmd: list[str]) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(CLEAN, encoding="utf-8")
    os.mkfifo(folder / "b.txt")  # no writer: reading it would wait forever
    (folder / "c.txt").symlink_to(os.devnull)
    done = subprocess.run([*command(), *cmd, str(folder)], capture_output=True, text=True, timeout=20,
                          check=False)
    assert done.returncode == 2
    assert done.stderr.splitlines()[:2] == [
        f"Error: {folder / 'b.txt'}: not a regular file (a FIFO); not read",
        f"Error: {folder / 'c.txt'}: not a regular file (a device); not read",
    ]
    if cmd[0] == "parse":
        assert done.stdout == f"==> {folder / 'a.txt'} <==\n一、总体情况 [zh-dun d1 L2]\n二、存在问题 [zh-dun d1 L4]\n"


@pytest.mark.skipif(os.name != "posix", reason="closes the child's file descriptor 0")
@pytest.mark.parametrize(("args", "message"), [
    (["parse", "-"], "Error: <stdin>: is closed; pipe text in, or name a FILE"),
    (["parse"], "Error: no input: pass a FILE, or pipe text in ('-' reads stdin)"),
    (["check", "-"], "Error: <stdin>: is closed; pipe text in, or name a FILE"),
])
def test_a_closed_stdin_is_said_so(args: list[str], message: str) -> None:
    done = subprocess.run([*command(), *args], capture_output=True, text=True, timeout=60, check=False,
                          preexec_fn=lambda: os.close(0))  # was "internal error: AttributeError: 'NoneType' …"
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == message


@pytest.mark.skipif(os.name != "posix", reason="closes the child's file descriptor 1")
def test_a_closed_stdout_is_said_so(report: Path) -> None:
    done = subprocess.run([*command(), "parse", str(report)], capture_output=False, stderr=subprocess.PIPE,
                          text=True, timeout=60, check=False, preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr) == (2, "Error: cannot write the output (stdout is closed); "
                                                 "write to a file with -o FILE\n")
