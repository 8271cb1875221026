"""Writing outputs safely: special files, outputs that are inputs, long names, modes, full disks,
stale temporary files (``parse -o`` and ``reportparse.output``)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
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


# --- batch -----------------------------------------------------------------------------------

def batch_run(*args: str) -> Result:
    return CliRunner().invoke(main, ["batch", *args], catch_exceptions=False)


def put(path: Path, text: str = REPORT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def tree_files(root: Path) -> list[str]:
    """The files under ``root``, but the record of how outputs were made (reportparse.made)."""
    from reportparse.made import RECORD

    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if (not p.is_dir() or p.is_symlink()) and p.name != RECORD)


def test_batch_with_src_inside_out_never_writes_onto_a_source(tmp_path: Path) -> None:
    out = tmp_path / "o"
    first = put(out / "sub" / "x.txt", "甲报告\n一、总体情况\n甲。\n")
    put(out / "sub" / "sub" / "x.txt", "乙报告\n一、总体情况\n乙。\n")
    for args in (["--force"], ["--skip-unchanged"]):
        os.utime(out / "sub" / "sub" / "x.txt", (2e9, 2e9))  # newer than any output
        result = batch_run(str(out / "sub"), str(out), "--format", "text", *args)
        assert result.exit_code == 1
        assert result.stderr == (f"Error: {out / 'sub' / 'sub' / 'x.txt'}: {out / 'sub' / 'x.txt'} would be "
                                 f"inside the source folder {out / 'sub'}; not writing it\n")
        assert first.read_text(encoding="utf-8") == "甲报告\n一、总体情况\n甲。\n"
    assert tree_files(out) == ["sub/sub/x.txt", "sub/x.txt", "x.txt"]


def test_batch_folder_swapped_for_a_link_after_it_was_checked(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from reportparse import batch, pipeline

    src, out, outside = tmp_path / "src", tmp_path / "out", tmp_path / "outside"
    put(src / "sub" / "b.txt")
    (out / "sub").mkdir(parents=True)
    outside.mkdir()
    parse = pipeline.parse_records  # what batch parses with

    def swap_then_parse(*args: object, **kwargs: object) -> object:
        # between the check of OUT/sub and the write, as a concurrent process could
        if not (out / "sub").is_symlink():
            (out / "sub").rename(out / "moved")
            (out / "sub").symlink_to(outside, target_is_directory=True)
        return parse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "parse_records", swap_then_parse)
    summary = batch.run(batch.plan(str(src), str(out)), str(out), batch.Options())
    assert summary.count("converted") == 1
    assert list(outside.iterdir()) == []  # neither the output nor its temporary file
    assert tree_files(out) == ["moved/b.json", "sub"]


def test_batch_removes_temp_files_a_killed_run_left(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    put(src / "a.txt")
    put(src / "sub" / "b.txt")
    stale = put(out / "sub" / output.temp_name("b.json", "0123abcd", pid=dead_pid()), "{")
    live = put(out / output.temp_name("a.json", "4567abcd", pid=os.getppid()), "{")
    result = batch_run(str(src), str(out), "--skip-unchanged")
    assert result.exit_code == 0
    assert not stale.exists()
    assert tree_files(out) == sorted(["a.json", "sub/b.json", live.name])


def test_batch_killed_outright_then_resumed_leaves_no_temp_files(tmp_path: Path) -> None:
    import signal
    import time

    src, out = tmp_path / "src", tmp_path / "out"
    chapter = "".join(f"第{i}章 总则\n本章规定了有关事项，适用于全市各级单位和个人。\n" for i in range(1, 300))
    for i in range(3):
        put(src / f"{i:03d}.txt", f"报告{i}\n{chapter}")
    proc = subprocess.Popen([*command(), "batch", str(src), str(out), "--jobs", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(out.glob(".*.tmp")):
        time.sleep(0.001)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    rerun = subprocess.run([*command(), "batch", str(src), str(out), "--skip-unchanged"],
                           capture_output=True, text=True, check=False, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert tree_files(out) == [f"{i:03d}.json" for i in range(3)]


class _Unwritable:
    """``path`` made read-only for this process: immutable as root (who may write anywhere),
    mode 555 otherwise."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Path:
        if AS_ROOT:
            done = subprocess.run(["chattr", "+i", str(self.path)], capture_output=True, check=False)
            if done.returncode != 0:
                pytest.skip("chattr +i is not available here")
        else:
            self.path.chmod(0o555)
        return self.path

    def __exit__(self, *_exc: object) -> None:
        if AS_ROOT:
            subprocess.run(["chattr", "-i", str(self.path)], check=False)
        else:
            self.path.chmod(0o755)


def test_batch_into_a_read_only_folder_says_so_once(tmp_path: Path) -> None:
    src = tmp_path / "src"
    for name in ("a.txt", "b.txt", "sub/c.txt"):
        put(src / name)
    out = tmp_path / "out"
    out.mkdir()
    with _Unwritable(out):
        result = batch_run(str(src), str(out))
        missing = batch_run(str(src), str(out / "new"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: {out}: cannot write in the output folder (permission denied)\n"
    assert missing.exit_code == 2
    assert missing.stderr == f"Error: {out / 'new'}: cannot make the output folder (permission denied)\n"
    assert list(out.iterdir()) == []


def test_batch_output_that_cannot_be_written_names_the_output(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    put(src / "a.txt")
    put(src / "sub" / "b.txt")
    (out / "sub").mkdir(parents=True)
    with _Unwritable(out / "sub"):
        result = batch_run(str(src), str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {src / 'sub' / 'b.txt'}: cannot write {out / 'sub' / 'b.json'} (")
    assert tree_files(out) == ["a.json"]


def test_batch_does_not_replace_special_files_in_out(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    src, out = tmp_path / "src", tmp_path / "out"
    put(src / "a.txt")
    out.mkdir()
    os.mkfifo(out / "a.json")
    result = batch_run(str(src), str(out), "--force")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {src / 'a.txt'}: {out / 'a.json'} exists and is not a regular file; "
                             "not replacing it\n")
    assert stat.S_ISFIFO((out / "a.json").lstat().st_mode)


def test_batch_long_output_names(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    name = "报" * 83 + ".txt"  # 253 bytes; its output 報….json is 254
    put(src / name)
    result = batch_run(str(src), str(out))
    assert (result.exit_code, result.stderr) == (0, "")
    assert tree_files(out) == ["报" * 83 + ".json"]


def _as_unprivileged(invoke: list[str]) -> tuple[int, str]:
    """The exit code and stderr of ``reportparse *invoke``, run by a user the file modes bind:
    this one, or as root a child process turned into ``nobody`` (after importing what runs)."""
    if not AS_ROOT:
        result = batch_run(*invoke[1:]) if invoke[0] == "batch" else run(*invoke)
        return result.exit_code, result.stderr
    import json

    import reportparse.batch
    import reportparse.pipeline
    import reportparse.render  # noqa: F401  (imported before the child loses access to them)

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 3
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            result = CliRunner().invoke(main, invoke, catch_exceptions=True)
            os.write(write, json.dumps([result.exit_code, result.stderr or repr(result.exception)]).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    code, stderr = json.loads(data)
    return code, stderr


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder ``nobody`` can reach (pytest's own is private to root)."""
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="reportparse-test-"))
    root.chmod(0o777)
    yield root
    for top, dirs, _files in os.walk(root):
        for name in dirs:
            os.chmod(os.path.join(top, name), 0o777)
    shutil.rmtree(root)


@pytest.mark.skipif(os.name != "posix" or not hasattr(os, "fork"), reason="POSIX modes")
def test_batch_unreadable_subfolder_and_source_are_reported(shared: Path) -> None:
    src = shared / "src"
    put(src / "a.txt")
    put(src / "sub" / "b.txt")
    (src / "sub").chmod(0)
    code, stderr = _as_unprivileged(["batch", str(src), str(shared / "out")])
    assert (code, stderr) == (1, f"Error: {src / 'sub'}: cannot read folder (permission denied)\n")
    src.chmod(0)
    code, stderr = _as_unprivileged(["batch", str(src), str(shared / "out2")])
    assert (code, stderr) == (1, f"Error: {src}: cannot read folder (permission denied)\n")
    src.chmod(0o755)
    code, stderr = _as_unprivileged(["check", str(src)])
    assert code == 2
    assert stderr.startswith(f"Error: {src / 'sub'}: cannot read folder (permission denied)\n")


def test_skip_unchanged_redoes_outputs_made_with_other_options(tmp_path: Path) -> None:
    from reportparse.made import RECORD

    src, out = tmp_path / "src", tmp_path / "out"
    for name in ("a.txt", "sub/b.txt"):
        put(src / name)
    assert batch_run(str(src), str(out)).exit_code == 0
    steps = [([], "0 converted, 2 skipped"), (["--compact"], "2 converted, 0 skipped"),
             (["--compact"], "0 converted, 2 skipped"), (["--compact", "--keep-noise"], "2 converted"),
             (["--indent", "0", "--keep-noise"], "2 converted"), (["--indent", "0", "--keep-noise"], "0 converted")]
    for args, summary in steps:
        result = batch_run(str(src), str(out), "--skip-unchanged", *args)
        assert (result.exit_code, result.stdout.startswith(summary)) == (0, True), (args, result.stdout)
    (out / RECORD).unlink()  # outputs of unknown making (an older version, or by hand) are redone
    assert batch_run(str(src), str(out), "--skip-unchanged", "--indent", "0",
                     "--keep-noise").stdout.startswith("2 converted")
    assert sorted(p.name for p in out.iterdir()) == [RECORD, "a.json", "sub"]


def test_record_says_unknown_while_an_output_is_replaced(tmp_path: Path) -> None:
    from reportparse.made import Record

    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        first = Record(fd)
        first.made("a.json", {"format": "json"})
        first.made("b.json", {"format": "json"})
        first.close()
        second = Record(fd)
        second.making("a.json", {"format": "json", "keep_noise": True})  # then killed outright
        second.making("b.json", {"format": "json"})  # the same making: still known
        third = Record(fd)
        assert (third.made_with("a.json"), third.made_with("b.json")) == (None, {"format": "json"})
    finally:
        os.close(fd)


def test_batch_html_index_is_not_written_through_a_link(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    put(src / "a.txt")
    out.mkdir()
    (out / "index.html").symlink_to(tmp_path / "elsewhere.html")
    result = batch_run(str(src), str(out), "--format", "html")
    assert (result.exit_code, result.stderr) == (
        2, f"Error: {out / 'index.html'} is a symbolic link; not writing through it\n")
    assert not (tmp_path / "elsewhere.html").exists()


@pytest.mark.skipif(os.name != "posix" or not hasattr(os, "fork"), reason="POSIX modes")
def test_batch_unreadable_source_file_is_not_an_unwritable_output(shared: Path) -> None:
    src, out = shared / "src", shared / "out"
    put(src / "a.txt").chmod(0)
    put(src / "b.txt")
    code, stderr = _as_unprivileged(["batch", str(src), str(out)])
    assert (code, stderr) == (1, f"Error: {src / 'a.txt'}: permission denied\n")
    assert tree_files(out) == ["b.json"]


def test_batch_output_never_replaces_its_record_of_outputs(tmp_path: Path) -> None:
    from reportparse.made import RECORD, Record

    src, out = tmp_path / "src", tmp_path / "out"
    put(src / ".reportparse-outputs.txt")  # its chunks output would be OUT's record
    put(src / "a.txt")
    result = batch_run(str(src), str(out), "--format", "chunks")
    assert result.exit_code == 0
    assert result.stderr == (f"Skipped: {src / '.reportparse-outputs.txt'}: its output would be the "
                             f"run's record of outputs ({RECORD}); rename the file\n")
    assert result.stdout.startswith("1 converted, 1 skipped, 0 failed")
    fd = os.open(out, os.O_RDONLY)
    try:
        assert list(Record(fd).options) == ["a.jsonl"]
    finally:
        os.close(fd)
    assert all('"output"' in line for line in (out / RECORD).read_text(encoding="utf-8").splitlines())
