"""Every option of every command has a test: :data:`OPTION_TESTS` names one for each spelling,
checked against the click commands themselves, so a new option without a test fails here.
Below the table, the tests of the options no other file covers, and shell completion."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import click
import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner, Result

import reportparse.batch
import reportparse.cli
import reportparse.pipeline
from reportparse.cli import main, schema_text

TESTS = Path(__file__).parent
REPORT = "2024年工作总结\n一、总体情况\n今年工作顺利。\n二、存在问题\n第 1 页 共 2 页\n三、下步打算\n继续努力。\n"
BIG5 = "年度總結\n一、總體情況\n今年工作順利。\n三、存在問題\n仍有不足。\n".encode("big5")
_HELP = "test_cli_options.py::test_help_in_both_spellings"
_SHORT = "test_cli_options.py::test_short_forms_are_the_long_ones"
_DEBUG = "test_cli_options.py::test_debug_shows_the_traceback_in_every_command"
_ENCODING = "test_cli_options.py::test_encoding_decides_how_the_bytes_are_read"
_KEEP_NOISE = "test_cli_options.py::test_keep_noise_leaves_furniture_in_the_text"
_BATCH_CHUNKS = "test_cli_options.py::test_batch_chunk_options_are_parse_s"

#: (command, option spelling) -> tests that use it ("" is the group itself).
OPTION_TESTS: dict[tuple[str, str], list[str]] = {
    ("", "-V"): [_SHORT],
    ("", "--version"): ["test_cli.py::test_version"],
    ("", "--debug"): ["test_cli.py::test_unexpected_error_is_one_line_unless_debug"],
    ("", "-h"): [_HELP],
    ("", "--help"): [_HELP],
    ("parse", "-f"): [_SHORT],
    ("parse", "--format"): ["test_cli.py::test_parse_formats"],
    ("parse", "-o"): ["test_cli.py::test_parse_output_file_is_written_whole"],
    ("parse", "--output"): [_SHORT],
    ("parse", "--include"): ["test_inputs.py::test_parse_several_inputs_json_lines"],
    ("parse", "--exclude"): ["test_inputs.py::test_parse_several_inputs_json_lines"],
    ("parse", "--encoding"): [_ENCODING, "test_cli.py::test_parse_bad_input_is_one_line_and_exit_2"],
    ("parse", "--keep-noise"): [_KEEP_NOISE],
    ("parse", "--compact"): ["test_cli.py::test_parse_compact_and_indent"],
    ("parse", "--indent"): ["test_cli.py::test_parse_compact_and_indent"],
    ("parse", "--max-chars"): ["test_chunks.py::test_cli_chunks_options"],
    ("parse", "--overlap"): ["test_chunks.py::test_cli_chunks_options"],
    ("parse", "--min-chars"): [_BATCH_CHUNKS],
    ("parse", "--breadcrumb"): ["test_chunks.py::test_cli_chunks_options"],
    ("parse", "--no-color"): ["test_cli.py::test_parse_tree_color_only_when_forced"],
    ("parse", "--debug"): ["test_cli.py::test_unexpected_error_is_one_line_unless_debug"],
    ("parse", "-h"): [_HELP],
    ("parse", "--help"): [_HELP],
    ("check", "--output-format"): ["test_cli.py::test_check_json_output"],
    ("check", "--format"): ["test_cli.py::test_check_json_output"],
    ("check", "--statistics"): ["test_check_config.py::test_statistics_count_per_code_most_frequent_first"],
    ("check", "--select"): ["test_check_config.py::test_command_line_select_replaces_and_ignore_adds"],
    ("check", "--ignore"): ["test_check_config.py::test_command_line_select_replaces_and_ignore_adds"],
    ("check", "--config"): ["test_check_config.py::test_config_option_and_isolated"],
    ("check", "--isolated"): ["test_check_config.py::test_config_option_and_isolated"],
    ("check", "--exit-zero"): ["test_cli.py::test_check_exit_zero_select_ignore"],
    ("check", "--stdin-filename"): ["test_cli.py::test_check_stdin_with_a_name"],
    ("check", "--show-codes"): ["test_cli.py::test_check_show_codes_lists_every_code"],
    ("check", "--include"): ["test_check_config.py::test_a_bad_configuration_is_exit_2_naming_the_file"],
    ("check", "--exclude"): ["test_inputs.py::test_check_a_folder_and_what_matched_nothing"],
    ("check", "--encoding"): [_ENCODING],
    ("check", "--keep-noise"): [_KEEP_NOISE],
    ("check", "--debug"): [_DEBUG],
    ("check", "-h"): [_HELP],
    ("check", "--help"): [_HELP],
    ("batch", "-o"): [_SHORT],
    ("batch", "--out"): ["test_batch.py::test_out_option_and_compact_json"],
    ("batch", "--include"): ["test_batch.py::test_include_by_name_or_path"],
    ("batch", "--exclude"): ["test_batch.py::test_exclude_and_no_match"],
    ("batch", "--glob"): ["test_batch.py::test_include_by_name_or_path"],
    ("batch", "-f"): [_SHORT],
    ("batch", "--format"): ["test_batch.py::test_any_format"],
    ("batch", "-j"): [_SHORT],
    ("batch", "--jobs"): ["test_batch.py::test_mirrors_the_tree"],
    ("batch", "--force"): ["test_batch.py::test_existing_outputs_kept_unless_force"],
    ("batch", "--skip-unchanged"): ["test_batch.py::test_skip_unchanged_redoes_only_stale_outputs"],
    ("batch", "-q"): ["test_batch.py::test_out_option_and_compact_json"],
    ("batch", "--quiet"): ["test_batch.py::test_quiet_prints_failures_only"],
    ("batch", "--engine"): ["test_spark.py::test_same_files_as_the_default_engine",
                            "test_cli_options.py::test_master_reaches_the_spark_engine"],
    ("batch", "--master"): ["test_cli_options.py::test_master_reaches_the_spark_engine"],
    ("batch", "--dataset"): ["test_spark.py::test_json_lines_dataset_has_a_row_per_file"],
    ("batch", "--encoding"): [_ENCODING],
    ("batch", "--keep-noise"): [_KEEP_NOISE],
    ("batch", "--compact"): ["test_batch.py::test_out_option_and_compact_json"],
    ("batch", "--indent"): ["test_cli_options.py::test_batch_indent"],
    ("batch", "--max-chars"): [_BATCH_CHUNKS],
    ("batch", "--overlap"): [_BATCH_CHUNKS],
    ("batch", "--min-chars"): [_BATCH_CHUNKS],
    ("batch", "--breadcrumb"): [_BATCH_CHUNKS],
    ("batch", "--report"): ["test_batch.py::test_report_has_one_record_per_source"],
    ("batch", "--delete-stale"): ["test_batch.py::test_stale_outputs_are_reported_and_deleted_only_when_batch_made_them"],
    ("batch", "--debug"): [_DEBUG],
    ("batch", "-h"): [_HELP],
    ("batch", "--help"): [_HELP],
    ("schema", "-o"): ["test_cli_options.py::test_schema_output_file"],
    ("schema", "--output"): ["test_cli_options.py::test_schema_output_file"],
    ("schema", "--debug"): [_DEBUG],
    ("schema", "-h"): [_HELP],
    ("schema", "--help"): [_HELP],
}

def _spellings() -> set[tuple[str, str]]:
    """Every (command, spelling) of every option click knows, hidden ones and -h too."""
    root = click.Context(main, info_name="reportparse", **main.context_settings)
    found = set()
    for name, cmd in [("", main), *main.commands.items()]:
        ctx = click.Context(cmd, parent=root, info_name=name) if name else root
        for param in cmd.get_params(ctx):
            if isinstance(param, click.Option):
                found.update((name, spelling) for spelling in param.opts + param.secondary_opts)
    return found


def _test_sources() -> dict[str, str]:
    """``file::function`` -> the function's source with its decorators, for every test."""
    out = {}
    for path in sorted(TESTS.glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.parse(text).body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                first = min([d.lineno for d in node.decorator_list] + [node.lineno])
                out[f"{path.name}::{node.name}"] = "\n".join(lines[first - 1:node.end_lineno])
    return out


def test_every_option_has_a_test() -> None:
    spellings = _spellings()
    missing = sorted(spellings - set(OPTION_TESTS))
    assert missing == [], "options with no test: add one and list it in OPTION_TESTS"
    assert sorted(set(OPTION_TESTS) - spellings) == [], "OPTION_TESTS lists options that are gone"
    sources = _test_sources()
    for (command, spelling), tests in OPTION_TESTS.items():
        assert tests, (command, spelling)
        for test in tests:
            assert test in sources, f"{command} {spelling}: no test {test}"
            assert f'"{spelling}"' in sources[test], f"{test} does not use {command} {spelling}"
            assert not command or f'"{command}"' in sources[test] or test.startswith(("test_batch.py", "test_spark.py")) \
                or test in (_HELP, _DEBUG), f"{test} does not run {command}"


# --- the options no other file covers ------------------------------------------------------

def run(*args: str, **kwargs: object) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "src" / "report.txt"
    path.parent.mkdir()
    path.write_text(REPORT, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["", "parse", "check", "batch", "schema"])
def test_help_in_both_spellings(command: str) -> None:
    args = [command] if command else []
    long, short = run(*args, "--help"), run(*args, "-h")
    assert long.exit_code == short.exit_code == 0
    assert long.stdout == short.stdout
    assert "Usage: " in long.stdout and "-h, --help" in long.stdout


def test_short_forms_are_the_long_ones(report: Path, tmp_path: Path) -> None:
    assert run("-V").stdout == run("--version").stdout
    assert run("parse", str(report), "-f", "outline").stdout == run("parse", str(report), "--format", "outline").stdout
    run("parse", str(report), "--output", str(tmp_path / "long.json"))
    run("parse", str(report), "-o", str(tmp_path / "short.json"))
    assert (tmp_path / "long.json").read_bytes() == (tmp_path / "short.json").read_bytes()
    src = report.parent
    assert run("batch", str(src), "-o", str(tmp_path / "o1"), "-f", "markdown", "-j", "1").exit_code == 0
    assert run("batch", str(src), "--out", str(tmp_path / "o2"), "--format", "markdown", "--jobs", "1").exit_code == 0
    assert (tmp_path / "o1" / "report.md").read_bytes() == (tmp_path / "o2" / "report.md").read_bytes()
    assert (tmp_path / "o1" / "report.md").read_text(encoding="utf-8").startswith("# 2024年工作总结\n")


def test_keep_noise_leaves_furniture_in_the_text(report: Path, tmp_path: Path) -> None:
    def sections(stdout: str) -> dict[str, list[str]]:
        return {s["title"]: [p["text"] for p in s["paragraphs"]] for s in json.loads(stdout)["sections"]}

    removed, kept = run("parse", str(report)), run("parse", str(report), "--keep-noise")
    assert sections(removed.stdout)["存在问题"] == []
    assert sections(kept.stdout)["存在问题"] == ["第 1 页 共 2 页"]
    assert json.loads(kept.stdout)["noise"] == json.loads(removed.stdout)["noise"] != []  # still listed
    # check: with the footer its text, the heading is no longer empty
    assert run("check", str(report), "--select", "H108").stdout.startswith(f"{report}:4:1: H108 empty-section")
    quiet = run("check", str(report), "--select", "H108", "--keep-noise")
    assert (quiet.exit_code, quiet.stdout) == (0, "")
    assert run("batch", str(report.parent), str(tmp_path / "out"), "--keep-noise", "-q").exit_code == 0
    assert sections((tmp_path / "out" / "report.json").read_text(encoding="utf-8")) == sections(kept.stdout)


def test_encoding_decides_how_the_bytes_are_read(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    path = src / "big5.txt"
    path.write_bytes(BIG5)
    parsed = json.loads(run("parse", str(path), "--encoding", "big5").stdout)
    assert parsed["metadata"]["encoding"] == "big5"
    assert [s["title"] for s in parsed["sections"]] == ["總體情況", "存在問題"]
    # the named codec is the one used, even where it reads the bytes wrong
    assert json.loads(run("parse", str(path), "--encoding", "gb18030").stdout)["sections"] == []
    found = run("check", str(path), "--encoding", "big5")
    assert (found.exit_code, found.stdout) == (1, f"{path}:4:1: H101 ordinal-gap 三、 follows 一、: number skipped\n")
    assert run("check", str(path), "--encoding", "gb18030").stdout == ""
    assert run("batch", str(src), str(tmp_path / "out"), "--encoding", "big5", "-q").exit_code == 0
    written = json.loads((tmp_path / "out" / "big5.json").read_text(encoding="utf-8"))
    assert (written["metadata"]["encoding"], written["sections"]) == ("big5", parsed["sections"])


def test_batch_indent(report: Path, tmp_path: Path) -> None:
    assert run("batch", str(report.parent), str(tmp_path / "out"), "--indent", "4", "-q").exit_code == 0
    written = (tmp_path / "out" / "report.json").read_text(encoding="utf-8")
    assert written == run("parse", str(report), "--indent", "4").stdout
    assert written.startswith('{\n    "schema_name"')


def test_batch_chunk_options_are_parse_s(tmp_path: Path) -> None:
    report = tmp_path / "src" / "plan.txt"
    report.parent.mkdir()
    report.write_text("一、总体情况\n今年工作顺利。收入稳步增长。支出保障有力。\n（一）收入\n增长。\n（二）支出\n下降。\n",
                      encoding="utf-8")
    options = ["--format", "chunks", "--max-chars", "16", "--overlap", "8", "--min-chars", "10", "--breadcrumb"]
    assert run("batch", str(report.parent), str(tmp_path / "out"), *options, "-q").exit_code == 0
    written = (tmp_path / "out" / "plan.jsonl").read_text(encoding="utf-8")
    assert written == run("parse", str(report), *options).stdout
    records = [json.loads(line) for line in written.splitlines()]
    assert all(r["text"].startswith(" > ".join(r["heading_path"]) + "\n") for r in records)  # --breadcrumb
    assert max(r["overlap"] for r in records) > 0  # --overlap
    # --min-chars: the short sub-sections join their parent's chunks
    assert {tuple(r["heading_path"]) for r in records} == {("一、总体情况",)}
    without = [json.loads(line) for line in run("parse", str(report), *options[:6]).stdout.splitlines()]
    assert ("一、总体情况", "（一）收入") in {tuple(r["heading_path"]) for r in without}


def test_schema_output_file(tmp_path: Path) -> None:
    for spelling in ("-o", "--output"):
        path = tmp_path / f"schema{spelling}.json"
        result = run("schema", spelling, str(path))
        assert (result.exit_code, result.stdout) == (0, "")
        assert path.read_text(encoding="utf-8") == schema_text()


def test_master_reaches_the_spark_engine(report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportparse.integrations import spark

    seen = {}

    def local_run(*args: object, dataset: object, force: bool, master: str | None, **kwargs: object) -> object:
        seen.update(dataset=dataset, master=master)
        return reportparse.batch.run(*args, **kwargs)  # the default engine stands in for Spark

    monkeypatch.setattr(spark, "run", local_run)
    result = run("batch", str(report.parent), str(tmp_path / "out"), "--engine", "spark", "--master", "local[1]")
    assert result.exit_code == 0, result.output
    assert seen == {"dataset": None, "master": "local[1]"}
    assert (tmp_path / "out" / "report.json").exists()


@pytest.mark.parametrize(("command", "target"), [
    ("check", (reportparse.pipeline, "records_with_source")),
    ("batch", (reportparse.batch, "plan")),
    ("schema", (reportparse.cli, "schema_text")),
])
def test_debug_shows_the_traceback_in_every_command(command: str, target: tuple[object, str], report: Path,
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(*target, boom)
    args = {"check": [str(report)], "batch": [str(report.parent), str(tmp_path / "out")], "schema": []}[command]
    plain = run(command, *args)
    assert (plain.exit_code, plain.stderr) == (2, "Error: internal error: RuntimeError: kaboom "
                                                  "(rerun with --debug for the traceback)\n")
    debug = run(command, *args, "--debug")
    assert debug.exit_code == 2
    assert debug.stderr.startswith("Traceback (most recent call last)") and "RuntimeError: kaboom" in debug.stderr


# --- shell completion ----------------------------------------------------------------------

@pytest.mark.parametrize(("args", "incomplete"), [
    (["parse"], "sam"), (["check"], "samples/su"), (["batch"], "rep"), (["batch", "reports/"], "ou"),
    (["parse", "-o"], "out"), (["check", "--config"], "py"), (["schema", "--output"], "sch"),
    (["batch", "in/", "out/", "--report"], "run"), (["batch", "in/", "--dataset"], "docs"),
])
def test_file_arguments_and_options_complete_as_paths(args: list[str], incomplete: str) -> None:
    completions = ShellComplete(main, {}, "reportparse", "_REPORTPARSE_COMPLETE").get_completions(args, incomplete)
    assert [(c.value, c.type) for c in completions] == [(incomplete, "file")]  # the shell lists the paths


def test_bash_completion_through_the_environment(tmp_path: Path) -> None:
    script = run(prog_name="reportparse", env={"_REPORTPARSE_COMPLETE": "bash_source"})
    assert script.exit_code == 0 and "_REPORTPARSE_COMPLETE=bash_complete" in script.stdout
    env = {"_REPORTPARSE_COMPLETE": "bash_complete", "COMP_WORDS": "reportparse parse samp", "COMP_CWORD": "2"}
    assert run(prog_name="reportparse", env=env).stdout == "file,samp\n"
    env = {"_REPORTPARSE_COMPLETE": "bash_complete", "COMP_WORDS": "reportparse parse --format ou", "COMP_CWORD": "3"}
    assert run(prog_name="reportparse", env=env).stdout == "plain,outline\n"
