"""Input resolution (reportparse.inputs): files, folders, globs, '-', and folders that cannot be read,
through the library and through each command that takes inputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportparse.cli import main
from reportparse.inputs import Input, NoInputError, Problem, matches_any, read_bytes, resolve

REPORT = "2024年工作总结\n一、总体情况\n今年工作顺利。\n二、存在问题\n仍有不足。\n"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def write(path: Path, text: str = REPORT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    for rel in ("a.txt", "B.TXT", "notes.md", "sub/c.txt", "sub/drafts/d.txt", "sub/2024/e.txt", "x/2024/f.txt"):
        write(root / rel)
    return root


def rels(found: list[Input]) -> list[str]:
    return [i.rel.replace(os.sep, "/") for i in found]


def test_a_folder_gives_its_txt_files_in_path_order_any_case(tree: Path) -> None:
    found = resolve([str(tree)])
    assert rels(found.inputs) == ["B.TXT", "a.txt", "sub/c.txt", "sub/2024/e.txt", "sub/drafts/d.txt",
                                  "x/2024/f.txt"]
    assert all(i.root == str(tree) and i.path == os.path.join(str(tree), i.rel) for i in found.inputs)
    assert found.problems == []


@pytest.mark.parametrize(("include", "exclude", "expected"), [
    (["*.md"], [], ["notes.md"]),
    (["**/*.txt"], ["sub/**"], ["B.TXT", "a.txt", "x/2024/f.txt"]),  # ** spans no folder too
    (["**/2024/*.txt"], [], ["sub/2024/e.txt", "x/2024/f.txt"]),
    (["2024/*.txt"], [], None),  # a glob with '/' starts at the folder given
    (["sub/*.txt"], [], ["sub/c.txt"]),  # * stays within one folder
    (["*.txt"], ["drafts", "2024"], ["B.TXT", "a.txt", "sub/c.txt"]),  # a folder's name leaves it out
    (["*.txt"], ["b.*"], ["a.txt", "sub/c.txt", "sub/2024/e.txt", "sub/drafts/d.txt", "x/2024/f.txt"]),
    (["[ab].txt"], [], ["B.TXT", "a.txt"]),
    (["[!a].txt"], ["sub", "x"], ["B.TXT"]),
    (["?.md", "sub/**"], [], ["sub/c.txt", "sub/2024/e.txt", "sub/drafts/d.txt"]),
])
def test_include_and_exclude_globs(tree: Path, include: list[str], exclude: list[str],
                                   expected: list[str] | None) -> None:
    if expected is None:
        with pytest.raises(NoInputError, match=r"in: no file matches 2024/\*\.txt$"):
            resolve([str(tree)], include=include, exclude=exclude)
    else:
        assert rels(resolve([str(tree)], include=include, exclude=exclude).inputs) == expected


def test_glob_matching_by_name_and_path() -> None:
    assert matches_any("a/b/REPORT.Txt", ["*.txt"])
    assert matches_any("r.txt", ["**/r.txt"]) and matches_any("a/b/r.txt", ["**/r.txt"])
    assert not matches_any("a/r.txt", ["*/*/r.txt"])
    assert matches_any("a/b/c", ["a/**"]) and not matches_any("ab/c", ["a/**"])
    assert matches_any("x.(1).txt", ["x.(1).txt"]) and not matches_any("xa(1)btxt", ["x.(1).txt"])
    assert matches_any("[x.txt", ["[x.txt"])  # an unclosed bracket is a character


def test_files_and_stdin_are_taken_as_named(tree: Path) -> None:
    found = resolve([str(tree / "notes.md"), "-", str(tree / "missing.txt")], include=["*.txt"])
    assert [(i.path, i.rel, i.root) for i in found.inputs] == [
        (str(tree / "notes.md"), "notes.md", None), ("-", "-", None),
        (str(tree / "missing.txt"), "missing.txt", None)]


def test_a_folder_without_matches_names_itself_and_the_globs(tmp_path: Path) -> None:
    write(tmp_path / "a.md")
    with pytest.raises(NoInputError) as info:
        resolve([str(tmp_path)], exclude=["old"])
    assert str(info.value) == f"{tmp_path}: no file matches *.txt (excluding old)"


def test_links_to_folders_are_not_followed(tree: Path, tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "z.txt")
    (tree / "link").symlink_to(tmp_path / "elsewhere")
    assert "link/z.txt" not in rels(resolve([str(tree)]).inputs)


def deep_folder(root: Path) -> Path:
    """A folder below ``root`` whose path is longer than the system lets anyone open (even root)."""
    fd = os.open(root, os.O_RDONLY)
    path = root
    try:
        for _ in range(24):
            name = "d" * 200
            os.mkdir(name, dir_fd=fd)
            nxt = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd, path = nxt, path / name
    finally:
        os.close(fd)
    return path


def test_a_folder_that_cannot_be_read_is_a_problem(tree: Path) -> None:
    deep_folder(tree / "sub")
    found = resolve([str(tree)])
    assert len(found.inputs) == 6
    assert len(found.problems) == 1
    assert found.problems[0].message.startswith("cannot read folder (")
    assert len(found.problems[0].path) > 4000


def test_batch_reports_a_folder_it_cannot_read_and_exits_1(tree: Path, tmp_path: Path) -> None:
    deep_folder(tree / "sub")
    result = run("batch", str(tree), str(tmp_path / "out"))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and ": cannot read folder (" in errors[0]
    assert result.stdout.startswith("6 converted, 0 skipped, 1 failed")


def test_check_and_parse_report_a_folder_they_cannot_read(tree: Path) -> None:
    deep_folder(tree / "x")
    for args in (["check"], ["parse", "--format", "outline"]):
        result = run(*args, str(tree))
        assert result.exit_code == 2
        assert ": cannot read folder (" in result.stderr


@pytest.mark.skipif(AS_ROOT, reason="root reads any folder")
def test_unreadable_subfolder_and_source(tree: Path, tmp_path: Path) -> None:
    (tree / "sub").chmod(0)
    try:
        result = run("batch", str(tree), str(tmp_path / "out"))
        assert result.exit_code == 1
        assert f"Error: {tree / 'sub'}: cannot read folder (permission denied)" in result.stderr
        tree.chmod(0)
        whole = run("batch", str(tree), str(tmp_path / "out2"))
        assert whole.exit_code == 1
        assert f"Error: {tree}: cannot read folder (permission denied)" in whole.stderr
    finally:
        tree.chmod(0o755)
        (tree / "sub").chmod(0o755)


def test_read_bytes_errors(tmp_path: Path) -> None:
    from reportparse.inputs import InputReadError

    with pytest.raises(InputReadError, match=r"no such file$"):
        read_bytes(str(tmp_path / "nope.txt"))
    with pytest.raises(InputReadError, match=r"is a directory$"):
        read_bytes(str(tmp_path))


# --- the commands ----------------------------------------------------------------------------

def test_parse_several_inputs_json_lines(tree: Path) -> None:
    import json

    result = run("parse", str(tree / "a.txt"), str(tree / "sub"), "--include", "*.txt", "--exclude", "2024")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [json.loads(line)["metadata"]["source"] for line in lines] == [
        str(tree / "a.txt"), str(tree / "sub" / "c.txt"), str(tree / "sub" / "drafts" / "d.txt")]


def test_parse_several_inputs_with_a_heading_each(tree: Path) -> None:
    result = run("parse", str(tree / "a.txt"), "-", "--format", "outline", input=REPORT.encode())
    assert result.exit_code == 0
    assert result.stdout == (f"==> {tree / 'a.txt'} <==\n一、总体情况 [zh-dun d1 L2]\n二、存在问题 [zh-dun d1 L4]\n"
                             "\n==> <stdin> <==\n一、总体情况 [zh-dun d1 L2]\n二、存在问题 [zh-dun d1 L4]\n")


def test_parse_several_inputs_goes_on_after_a_bad_one(tree: Path, tmp_path: Path) -> None:
    result = run("parse", str(tmp_path / "gone.txt"), str(tree / "a.txt"), "--format", "outline")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'gone.txt'}: no such file\n"
    assert result.stdout == f"==> {tree / 'a.txt'} <==\n一、总体情况 [zh-dun d1 L2]\n二、存在问题 [zh-dun d1 L4]\n"


def test_parse_a_folder_with_one_file_is_still_json_lines(tmp_path: Path) -> None:
    write(tmp_path / "in" / "only.txt")
    result = run("parse", str(tmp_path / "in"))
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("{")


def test_check_a_folder_and_what_matched_nothing(tree: Path, tmp_path: Path) -> None:
    write(tree / "sub" / "gap.txt", "一、总体情况\n今年顺利。\n三、存在问题\n仍有不足。\n")
    result = run("check", str(tree), "--exclude", "x")
    assert result.exit_code == 1
    assert result.stdout == f"{tree / 'sub' / 'gap.txt'}:3:1: H101 ordinal-gap 三、 follows 一、: number skipped\n"
    assert result.stderr == "Found 1 finding in 1 of 6 files.\n"
    (tmp_path / "empty").mkdir()
    nothing = run("check", str(tmp_path / "empty"))
    assert (nothing.exit_code, nothing.stdout, nothing.stderr) == (
        2, "", f"Error: {tmp_path / 'empty'}: no file matches *.txt\n")


def test_check_with_a_missing_file_does_not_say_all_passed(tree: Path, tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "missing.txt"), str(tree / "a.txt"))
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {tmp_path / 'missing.txt'}: no such file\n"
                             "No findings in 1 file checked; 1 could not be checked.\n")
    assert "All checks passed" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_found_in_a_folder_is_a_problem_not_an_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("一、总体情况\n", encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")
    found = resolve([str(tmp_path)])
    assert [i.rel for i in found.inputs] == ["a.txt"]
    assert found.problems == [Problem(str(tmp_path / "b.txt"), "not a regular file (a FIFO); not read")]
    assert [i.rel for i in resolve([str(tmp_path)], special=True).inputs] == ["a.txt", "b.txt"]
    assert [i.path for i in resolve([str(tmp_path / "b.txt")]).inputs] == [str(tmp_path / "b.txt")]  # named
