"""Writing outputs safely: special files, outputs that are inputs, long names, modes, full disks,
stale temporary files (``parse -o`` and ``reportparse.output``)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from installed import command

from reportparse import output
from reportparse.cli import main

REPORT = "2024年工作总结\n一、总体情况\n今年工作顺利。\n二、存在问题\n仍有不足。\n"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "ok.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def dead_pid() -> int:
    """The id of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", ""])
    proc.wait()
    return proc.pid


# --- special files ---------------------------------------------------------------------------

@pytest.mark.skipif(not AS_ROOT, reason="making device nodes needs root")
def test_output_onto_a_device_writes_to_it_and_keeps_it(report: Path, tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # as /dev/null
    result = run("parse", str(report), "-o", str(null))
    assert result.exit_code == 0
    assert stat.S_ISCHR(null.lstat().st_mode)
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # as /dev/full
    result = run("parse", str(report), "-o", str(full))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {full}: cannot write (no space left on device: the disk is full)\n"
    assert stat.S_ISCHR(full.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "null", "ok.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_output_onto_a_fifo_feeds_its_reader(report: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "fo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("parse", str(report), "-o", str(fifo), "--format", "outline")
    reader.join(timeout=10)
    assert result.exit_code == 0
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert got == ["一、总体情况 [zh-dun d1 L2]\n二、存在问题 [zh-dun d1 L4]\n".encode()]


def test_output_onto_a_folder_is_refused(report: Path, tmp_path: Path) -> None:
    result = run("parse", str(report), "-o", str(tmp_path))
    assert (result.exit_code, result.stderr) == (2, f"Error: {tmp_path}: cannot write (Is a directory)\n")


def test_output_through_a_link_keeps_the_link(report: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(target)
    assert run("parse", str(report), "-o", str(tmp_path / "link.json")).exit_code == 0
    assert (tmp_path / "link.json").is_symlink()
    assert target.read_text(encoding="utf-8").startswith("{")


# --- the output is the input -----------------------------------------------------------------

def test_output_that_is_the_input_is_refused(report: Path, tmp_path: Path) -> None:
    (tmp_path / "link.txt").symlink_to(report)
    os.link(report, tmp_path / "hard.txt")
    for out in (report, tmp_path / "link.txt", tmp_path / "hard.txt"):
        result = run("parse", str(report), "-o", str(out))
        assert (result.exit_code, result.stderr) == (
            2, f"Error: {out}: is the input {report}; write the output to another file\n")
    folder = run("parse", str(tmp_path), "-o", str(tmp_path / "hard.txt"))
    assert folder.exit_code == 2
    assert report.read_text(encoding="utf-8") == REPORT


def test_output_that_is_stdin_is_refused(report: Path) -> None:
    with report.open("rb") as stdin:
        proc = subprocess.run([*command(), "parse", "-", "-o", str(report)], stdin=stdin,
                              capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stderr) == (2, f"Error: {report}: is the input <stdin>; "
                                                 "write the output to another file\n")
    assert report.read_text(encoding="utf-8") == REPORT


# --- names, modes, full disks ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["a" * 250 + ".json", "报" * 85, "b" * 255], ids=["250", "cjk-255-bytes", "255"])
def test_longest_output_names_work(report: Path, tmp_path: Path, name: str) -> None:
    assert len(os.fsencode(name)) <= 255
    result = run("parse", str(report), "-o", str(tmp_path / name))
    assert (result.exit_code, result.stderr) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "ok.txt"])


def test_temp_names_fit(tmp_path: Path) -> None:
    for name in ("x.json", "a" * 255, "报" * 85, "é" * 127):
        temp = output.temp_name(name, "0123abcd", pid=4194304)
        assert len(os.fsencode(temp)) <= 255
        assert output.TEMP_NAME.fullmatch(temp)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_overwritten_file_keeps_its_mode(report: Path, tmp_path: Path) -> None:
    out = tmp_path / "secret.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    assert run("parse", str(report), "-o", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8").startswith("{")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_stdout_on_a_full_disk(report: Path) -> None:
    for args in (["parse", str(report)], ["parse", str(report), "--format", "tree"], ["check", str(report)]):
        with open("/dev/full", "wb") as full:
            proc = subprocess.run([*command(), *args], stdout=full, stderr=subprocess.PIPE, text=True,
                                  check=False)
        if args[0] == "check":  # a clean file prints nothing on stdout: nothing fails
            assert (proc.returncode, proc.stderr) == (0, "All checks passed.\n")
            continue
        assert (proc.returncode, proc.stderr) == (
            2, "Error: cannot write the output (no space left on device: the disk is full)\n")


def test_check_with_a_missing_file_does_not_pass(report: Path, tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "missing.txt"), str(report))
    assert result.exit_code == 2
    assert "All checks passed." not in result.stderr
    assert result.stderr.splitlines()[-1] == "No findings in 1 file checked; 1 could not be checked."


# --- stale temporary files -------------------------------------------------------------------

def test_stale_temp_files_are_removed_on_the_next_write(report: Path, tmp_path: Path) -> None:
    stale = tmp_path / output.temp_name("out.json", "0123abcd", pid=dead_pid())
    live = tmp_path / output.temp_name("out.json", "4567abcd", pid=os.getppid())
    other = tmp_path / output.temp_name("other.json", "89abcdef", pid=dead_pid())
    mine = tmp_path / ".out.json.0123abcd.tmp"  # not ours: no process named
    for path in (stale, live, other, mine):
        path.write_text("{", encoding="utf-8")
    assert run("parse", str(report), "-o", str(tmp_path / "out.json")).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["ok.txt", "out.json", live.name, other.name, mine.name])


def test_write_atomic_in_a_folder_fd(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text("old", encoding="utf-8")
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        output.write_atomic("t.json", [b"new", b"!"], dir_fd=fd)
    finally:
        os.close(fd)
    assert (tmp_path / "t.json").read_text(encoding="utf-8") == "new!"
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]
