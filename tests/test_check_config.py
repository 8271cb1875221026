"""``check`` output formats, --statistics, and its configuration (pyproject.toml, reportparse.toml)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportparse import config
from reportparse.cli import main

GAP = "一、总体情况\n正文。\n三、存在问题\n正文。\n"  # H101 at line 3
GAP_AND_DOUBLED = "一、总体情况\n正文。\n三、存在问题\n正文。\n四、、下一步\n正文。\n"  # H101 3, H106 5


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- output formats and statistics -----------------------------------------------------------

def test_github_format_is_one_workflow_command_per_finding(tmp_path: Path) -> None:
    report = write(tmp_path / "a,b.txt", GAP)
    result = run("check", str(report), "--output-format", "github")
    assert result.exit_code == 1
    shown = str(report).replace(":", "%3A").replace(",", "%2C")
    assert result.stdout == (f"::warning title=reportparse (H101),file={shown},line=3,col=1::"
                             "H101 ordinal-gap 三、 follows 一、: number skipped\n")


def test_github_escapes_percent_and_line_ends() -> None:
    from reportparse.lint.formats import _data, _property

    assert _data("50%\n") == "50%25%0A"
    assert _property("a:b,c") == "a%3Ab%2Cc"


def test_statistics_count_per_code_most_frequent_first(tmp_path: Path) -> None:
    write(tmp_path / "reports" / "a.txt", GAP_AND_DOUBLED)
    write(tmp_path / "reports" / "sub" / "b.txt", GAP)
    result = run("check", str(tmp_path / "reports"), "--statistics")
    assert result.exit_code == 1
    assert result.stdout == "2  H101  ordinal-gap\n1  H106  doubled-punctuation\n"
    assert result.stderr == "Found 3 findings in 2 of 2 files.\n"
    as_json = run("check", str(tmp_path / "reports"), "--statistics", "--output-format", "json")
    assert json.loads(as_json.stdout) == [{"code": "H101", "name": "ordinal-gap", "count": 2},
                                          {"code": "H106", "name": "doubled-punctuation", "count": 1}]
    assert as_json.stderr == ""


def test_statistics_of_a_clean_file_is_empty(tmp_path: Path) -> None:
    report = write(tmp_path / "clean.txt", "一、总体情况\n正文。\n二、存在问题\n正文。\n")
    result = run("check", str(report), "--statistics")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "All checks passed.\n")


def test_show_codes_gives_an_example_for_every_code() -> None:
    from reportparse.lint import RULES

    out = run("check", "--show-codes").stdout
    assert out.count("    Example: ") == len(RULES)


# --- configuration ---------------------------------------------------------------------------

def test_pyproject_table_found_from_the_checked_file_upward(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.reportparse]\nignore = ["H101"]\n')
    report = write(tmp_path / "docs" / "2024" / "report.txt", GAP_AND_DOUBLED)
    result = run("check", str(report))
    assert [line.split(" ")[1] for line in result.stdout.splitlines()] == ["H106"]


def test_reportparse_toml_wins_in_its_folder_and_nearer_wins(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.reportparse]\nignore = ["H101"]\n')
    write(tmp_path / "docs" / "pyproject.toml", '[tool.reportparse]\nignore = ["H106"]\n')
    write(tmp_path / "docs" / "reportparse.toml", 'select = ["H106"]\n')
    report = write(tmp_path / "docs" / "report.txt", GAP_AND_DOUBLED)
    assert config.find(report) == tmp_path / "docs" / "reportparse.toml"
    assert [line.split(" ")[1] for line in run("check", str(report)).stdout.splitlines()] == ["H106"]


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / "reportparse.toml", 'ignore = ["H106"]\n')
    write(tmp_path / "docs" / "pyproject.toml", '[project]\nname = "docs"\n')
    report = write(tmp_path / "docs" / "report.txt", GAP_AND_DOUBLED)
    assert config.find(report) == tmp_path / "reportparse.toml"
    assert [line.split(" ")[1] for line in run("check", str(report)).stdout.splitlines()] == ["H101"]


def test_per_file_ignores_by_relative_glob_and_by_name(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.reportparse.per-file-ignores]\n"drafts/**" = ["H101"]\n'
                                       '"*-excerpt.txt" = ["H106"]\n')
    write(tmp_path / "drafts" / "x" / "a.txt", GAP_AND_DOUBLED)
    write(tmp_path / "final" / "b-excerpt.txt", GAP_AND_DOUBLED)
    write(tmp_path / "final" / "c.txt", GAP_AND_DOUBLED)
    result = run("check", str(tmp_path))
    assert [(Path(line.split(":")[0]).name, line.split(" ")[1]) for line in result.stdout.splitlines()] == [
        ("a.txt", "H106"), ("b-excerpt.txt", "H101"), ("c.txt", "H101"), ("c.txt", "H106")]


def test_command_line_select_replaces_and_ignore_adds(tmp_path: Path) -> None:
    write(tmp_path / "reportparse.toml", 'select = ["H101"]\nignore = ["H106"]\n')
    report = write(tmp_path / "report.txt", GAP_AND_DOUBLED)

    def codes(*args: str) -> list[str]:
        return [line.split(" ")[1] for line in run("check", str(report), *args).stdout.splitlines()]

    assert codes() == ["H101"]
    assert codes("--select", "H106") == ["H106"]
    assert codes("--ignore", "H101") == []


def test_config_option_and_isolated(tmp_path: Path) -> None:
    write(tmp_path / "reportparse.toml", 'ignore = ["H"]\n')
    other = write(tmp_path / "elsewhere" / "strict.toml", 'select = ["H106"]\n')
    report = write(tmp_path / "report.txt", GAP_AND_DOUBLED)
    assert run("check", str(report)).exit_code == 0
    assert [line.split(" ")[1] for line in run("check", str(report), "--config", str(other)).stdout.splitlines()] \
        == ["H106"]
    assert len(run("check", str(report), "--isolated").stdout.splitlines()) == 2
    both = run("check", str(report), "--isolated", "--config", str(other))
    assert both.exit_code == 2
    assert "--config and --isolated cannot be used together" in both.stderr


def test_stdin_uses_the_configuration_of_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "docs" / "reportparse.toml", 'ignore = ["H101"]\n')
    result = run("check", "-", "--stdin-filename", str(tmp_path / "docs" / "r.txt"), input=GAP_AND_DOUBLED)
    assert [line.split(" ")[1] for line in result.stdout.splitlines()] == ["H106"]


@pytest.mark.parametrize(("content", "message"), [
    ('[tool.reportparse]\nselec = ["H1"]\n',
     "unknown key 'selec' in [tool.reportparse]; the keys are select, ignore, per-file-ignores"),
    ('[tool.reportparse]\nselect = ["Q9"]\n', "select: unknown rule selector 'Q9'"),
    ('[tool.reportparse]\nignore = "H1" "H2"\n', "not valid TOML"),
    ('[tool.reportparse]\nignore = [1]\n', "ignore must be a list of codes"),
])
def test_a_bad_configuration_is_exit_2_naming_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path / "pyproject.toml", content)
    report = write(tmp_path / "report.txt", GAP)
    write(tmp_path / "other.txt", GAP)
    result = run("check", str(report))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {path}: ") and message in result.stderr
    folder = run("check", str(tmp_path), "--include", "*.txt")
    assert folder.exit_code == 2 and folder.stderr.count("Error:") == 1


def test_config_library_selection() -> None:
    settings = config.Config(Path("/proj/reportparse.toml"), ("H1",), ("H108",), (("old/*.txt", ("H101",)),))
    assert settings.selection("/proj/old/a.txt") == (["H1"], ["H108", "H101"])
    assert settings.selection("/proj/new/a.txt", ignore=["H110"]) == (["H1"], ["H108", "H110"])
    assert settings.selection("/proj/old/a.txt", select=["H106"]) == (["H106"], [])


def test_a_configuration_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    (tmp_path / "reportparse.toml").write_bytes(b"\xef\xbb\xbfselect = [\"H110\"]\n")  # as Notepad saves it
    loaded = config.load(tmp_path / "reportparse.toml")
    assert loaded.select == ("H110",)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_bytes(b"\xef\xbb\xbf[tool.reportparse]\nignore = [\"H101\"]\n")
    assert config.find(tmp_path / "sub" / "a.txt") == tmp_path / "sub" / "pyproject.toml"
    assert config.load(tmp_path / "sub" / "pyproject.toml").ignore == ("H101",)
