"""Batch conversion: mirrored trees, bad files, resume, output safety and interruptions."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from installed import command

from reportparse import batch, output
from reportparse.cli import main
from reportparse.made import RECORD

REPORT = "2024年工作总结\n一、总体情况\n今年工作顺利。\n二、存在问题\n仍有不足。\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["batch", *args], catch_exceptions=False)


def write(path: Path, text: str = REPORT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def files(root: Path) -> list[str]:
    """The files under ``root``, but the record of how outputs were made (reportparse.made)."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if (p.is_file() or p.is_symlink()) and p.name != RECORD)


@pytest.fixture
def src(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    write(root / "a.txt")
    write(root / "sub" / "b.txt")
    write(root / "sub" / "deeper" / "c.txt")
    write(root / "notes.md", "# 不是 txt\n")
    return root


def test_mirrors_the_tree(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(str(src), str(out), "--jobs", "1")
    assert result.exit_code == 0
    assert files(out) == ["a.json", "sub/b.json", "sub/deeper/c.json"]
    assert json.loads((out / "sub" / "b.json").read_text(encoding="utf-8"))["title"] == "2024年工作总结"
    assert result.stdout.startswith("3 converted, 0 skipped, 0 failed in ")
    assert result.stderr == ""


@pytest.mark.parametrize(("fmt", "name"), [("markdown", "a.md"), ("chunks", "a.jsonl"), ("text", "a.txt"),
                                           ("outline", "a.outline.txt"), ("tree", "a.tree.txt")])
def test_any_format(src: Path, tmp_path: Path, fmt: str, name: str) -> None:
    out = tmp_path / "out"
    assert run(str(src), str(out), "--format", fmt, "--glob", "a.txt").exit_code == 0
    assert files(out) == [name]
    assert "\x1b[" not in (out / name).read_text(encoding="utf-8")


def test_include_by_name_or_path(src: Path, tmp_path: Path) -> None:
    assert run(str(src), str(tmp_path / "o1"), "--include", "*.md").exit_code == 0
    assert files(tmp_path / "o1") == ["notes.json"]
    assert run(str(src), str(tmp_path / "o2"), "--include", "**/deeper/*.txt").exit_code == 0
    assert files(tmp_path / "o2") == ["sub/deeper/c.json"]
    assert run(str(src), str(tmp_path / "o3"), "--glob", "sub/*.txt").exit_code == 0  # the old name
    assert files(tmp_path / "o3") == ["sub/b.json"]


def test_exclude_and_no_match(src: Path, tmp_path: Path) -> None:
    assert run(str(src), str(tmp_path / "o1"), "--exclude", "deeper").exit_code == 0
    assert files(tmp_path / "o1") == ["a.json", "sub/b.json"]
    result = run(str(src), str(tmp_path / "o2"), "--include", "*.doc")
    assert (result.exit_code, result.stderr) == (2, f"Error: {src}: no file matches *.doc\n")
    assert not (tmp_path / "o2").exists()


def test_out_option_and_compact_json(src: Path, tmp_path: Path) -> None:
    assert run(str(src), "--out", str(tmp_path / "o"), "--compact", "-q").exit_code == 0
    assert (tmp_path / "o" / "a.json").read_text(encoding="utf-8").count("\n") == 1


def test_bad_file_is_reported_and_skipped(src: Path, tmp_path: Path) -> None:
    (src / "sub" / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(256))
    write(src / "empty.txt", "  \n")
    out = tmp_path / "out"
    result = run(str(src), str(out))
    assert result.exit_code == 1
    assert files(out) == ["a.json", "sub/b.json", "sub/deeper/c.json"]
    assert result.stderr.splitlines() == [
        f"Error: {src / 'empty.txt'}: input is empty",
        f"Error: {src / 'sub' / 'bad.txt'}: input looks like binary data (an image, archive or document), "
        "not text",
    ]
    assert result.stdout.startswith("3 converted, 0 skipped, 2 failed in ")


def test_quiet_prints_failures_only(src: Path, tmp_path: Path) -> None:
    write(src / "empty.txt", "")
    result = run(str(src), str(tmp_path / "out"), "--quiet")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {src / 'empty.txt'}: input is empty\n"


def test_existing_outputs_kept_unless_force(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(out / "a.json", "mine")
    result = run(str(src), str(out))
    assert result.stdout.startswith("2 converted, 1 skipped, 0 failed")
    assert (out / "a.json").read_text(encoding="utf-8") == "mine"
    assert run(str(src), str(out), "--force").stdout.startswith("3 converted, 0 skipped")
    assert (out / "a.json").read_text(encoding="utf-8").startswith("{")


def test_skip_unchanged_redoes_only_stale_outputs(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(str(src), str(out)).exit_code == 0
    assert run(str(src), str(out), "--skip-unchanged").stdout.startswith("0 converted, 3 skipped")
    later = time.time() + 10
    os.utime(src / "sub" / "b.txt", (later, later))
    assert run(str(src), str(out), "--skip-unchanged").stdout.startswith("1 converted, 2 skipped")


@pytest.mark.parametrize(("args", "message"), [
    (["--force", "--skip-unchanged"], "Error: --force and --skip-unchanged cannot be used together"),
    (["--out", "x"], "Error: give the output folder once: as OUT or as --out"),
])
def test_usage_errors(src: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = run(str(src), str(tmp_path / "out"), *args)
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith(message)


def test_bad_folders_exit_2(src: Path, tmp_path: Path) -> None:
    cases = [
        ([str(tmp_path / "nope"), str(tmp_path / "o")], f"Error: {tmp_path / 'nope'}: no such folder\n"),
        ([str(src / "a.txt"), str(tmp_path / "o")], f"Error: {src / 'a.txt'}: not a folder\n"),
        ([str(src), str(src)], f"Error: {src}: the output folder must not be the source folder\n"),
        ([str(src), str(src / "a.txt")], f"Error: {src / 'a.txt'}: exists and is not a folder\n"),
    ]
    for args, message in cases:
        result = run(*args)
        assert (result.exit_code, result.stderr) == (2, message)


def test_output_folder_inside_the_source_is_not_read(src: Path) -> None:
    out = src / "converted"
    assert run(str(src), str(out), "--format", "text").exit_code == 0
    assert run(str(src), str(out), "--format", "text").stdout.startswith("0 converted, 3 skipped, 0 failed")


# --- output safety ---------------------------------------------------------------------------

def test_source_links_are_not_followed(src: Path, tmp_path: Path) -> None:
    elsewhere = write(tmp_path / "elsewhere" / "x.txt")
    (src / "link.txt").symlink_to(elsewhere)
    (src / "linkdir").symlink_to(elsewhere.parent, target_is_directory=True)
    out = tmp_path / "out"
    result = run(str(src), str(out))
    assert result.exit_code == 0
    assert files(out) == ["a.json", "sub/b.json", "sub/deeper/c.json"]
    assert result.stderr == f"Skipped: {src / 'link.txt'}: a symbolic link; links are not followed\n"


def test_never_writes_through_a_link_out_of_out(src: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    write(outside / "a.json", "untouched")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(outside, target_is_directory=True)
    (out / "a.json").symlink_to(outside / "a.json")
    result = run(str(src), str(out), "--force")
    assert result.exit_code == 1
    assert files(outside) == ["a.json"]
    assert (outside / "a.json").read_text(encoding="utf-8") == "untouched"
    assert f"Error: {src / 'a.txt'}: {out / 'a.json'} is a symbolic link; not writing through it" \
        in result.stderr.splitlines()
    assert f"Error: {src / 'sub' / 'b.txt'}: {out / 'sub'} is a symbolic link; not writing through it" \
        in result.stderr.splitlines()


@pytest.mark.parametrize("rel", ["../x.json", "a/../../x.json", "/etc/x.json", ""])
def test_safe_target_refuses_paths_leaving_out(tmp_path: Path, rel: str) -> None:
    with pytest.raises(batch.UnsafePathError):
        batch.open_target(str(tmp_path / "out"), rel)
    assert not (tmp_path / "x.json").exists()


def test_odd_names(tmp_path: Path) -> None:
    src = tmp_path / "src"
    names = ["..a.txt", "a..b.txt", "-rf.txt", "空 格 报告.txt", "tab\there.txt", "*?[].txt", "line\nbreak.txt"]
    for name in names:
        write(src / name)
    out = tmp_path / "out"
    result = run(str(src), str(out))
    assert result.exit_code == 0
    assert files(out) == sorted(n[:-4] + ".json" for n in names)


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    raw = os.fsencode(src) + b"/\xb1\xa8\xb8\xe6.txt"  # 报告 in GBK
    try:
        fd = os.open(raw, os.O_WRONLY | os.O_CREAT, 0o644)
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    os.write(fd, REPORT.encode())
    os.close(fd)
    out = tmp_path / "out"
    result = run(str(src), str(out))
    assert result.exit_code == 0
    produced = [n for n in os.listdir(os.fsencode(out)) if n != os.fsencode(RECORD)]
    assert produced == [b"\xb1\xa8\xb8\xe6.json"]
    with open(os.fsencode(out) + b"/" + produced[0], encoding="utf-8") as fh:
        data = json.load(fh)
    assert data["metadata"]["source"].endswith("\ufffd\ufffd\ufffd\ufffd.txt")
    write(src / "empty.txt", "")
    os.truncate(raw, 0)
    failed = run(str(src), str(out), "--force")
    assert "Error: " + str(src) + "/\ufffd\ufffd\ufffd\ufffd.txt: input is empty" in failed.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(src: Path, tmp_path: Path) -> None:
    (src / "a.txt").chmod(0)
    try:
        result = run(str(src), str(tmp_path / "out"))
    finally:
        (src / "a.txt").chmod(0o644)
    assert result.exit_code == 1
    assert f"Error: {src / 'a.txt'}: permission denied" in result.stderr


def test_file_that_disappears_during_the_run(src: Path, tmp_path: Path) -> None:
    jobs = batch.plan(str(src), str(tmp_path / "out"))
    (src / "sub" / "b.txt").unlink()
    summary = batch.run(jobs, str(tmp_path / "out"), batch.Options())
    assert [(r.status, r.message) for r in summary.results if r.status != "converted"] == [
        ("failed", "no such file (was it moved or deleted during the run?)")]


def test_special_files_are_skipped(src: Path, tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(src / "pipe.txt")
    result = run(str(src), str(tmp_path / "out"))
    assert result.exit_code == 0
    assert result.stderr == f"Skipped: {src / 'pipe.txt'}: not a regular file\n"


def test_write_atomic_leaves_nothing_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = write(tmp_path / "t.json", "old")

    def fail(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        output.write_atomic(str(target), b"new")
    assert files(tmp_path) == ["t.json"]
    assert target.read_text(encoding="utf-8") == "old"


def test_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src"
    chapter = "".join(f"第{i}章 总则\n本章规定了有关事项，适用于全市各级单位。\n" for i in range(1, 60))
    for i in range(12):
        write(src / f"{i:02d}.txt", f"报告{i}\n{chapter}")
    write(src / "bad.txt", "")
    out = tmp_path / "out"
    seen: list[batch.Result] = []
    jobs = batch.plan(str(src), str(out))
    monkeypatch.setattr(batch, "_POOL_MIN_BYTES", 0)  # small inputs normally stay in this process
    summary = batch.run(jobs, str(out), batch.Options(), workers=2, on_result=seen.append)
    assert (summary.count("converted"), summary.count("failed")) == (12, 1)
    assert len(seen) == 13
    assert len(files(out)) == 12


# --- interruption ----------------------------------------------------------------------------

def _many(src: Path, count: int) -> None:
    chapter = "".join(f"第{i}章 总则\n本章规定了有关事项，适用于全市各级单位和个人。\n" for i in range(1, 300))
    for i in range(count):
        write(src / f"{i:03d}.txt", f"报告{i}\n{chapter}")


def _outputs(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.name != RECORD) if out.exists() else []


@pytest.mark.parametrize(("sig", "jobs"), [(signal.SIGINT, "1"), (signal.SIGTERM, "2")])
def test_interrupted_batch_leaves_complete_outputs_and_resumes(tmp_path: Path, sig: int, jobs: str) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    _many(src, 50)
    assert sum(p.stat().st_size for p in src.iterdir()) > batch._POOL_MIN_BYTES  # --jobs 2 uses workers
    proc = subprocess.Popen([*command(), "batch", str(src), str(out), "--jobs", jobs],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 30
    while len([p for p in _outputs(out) if p.suffix == ".json"]) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, sig)  # the whole process group, as a terminal's Ctrl-C does
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert stderr == ""
    assert stdout.startswith("Interrupted: ")
    done = _outputs(out)
    assert 2 <= len(done) < 50
    assert all(p.suffix == ".json" for p in done)  # no temporary files left behind
    for p in done:
        json.loads(p.read_text(encoding="utf-8"))  # each one complete
    rerun = subprocess.run([*command(), "batch", str(src), str(out), "--skip-unchanged", "--jobs", "2"],
                           capture_output=True, text=True, check=False, timeout=60)
    assert rerun.returncode == 0
    assert rerun.stdout.startswith(f"{50 - len(done)} converted, {len(done)} skipped, 0 failed")
    assert len(_outputs(out)) == 50


@pytest.mark.parametrize("workers", [1, 2])
def test_setting_stop_finishes_the_files_in_progress_and_starts_no_other(tmp_path: Path, workers: int) -> None:
    # The CLI's signal handlers set ``stop``; raising inside the pool's locks could hang it.
    src, out = tmp_path / "src", tmp_path / "out"
    _many(src, 50)
    jobs = batch.plan(str(src), str(out))
    assert sum(j.size for j in jobs) > batch._POOL_MIN_BYTES  # workers=2 runs a pool
    stop = threading.Event()
    with pytest.raises(batch.BatchInterrupted) as caught:
        batch.run(jobs, str(out), batch.Options(), workers=workers, on_result=lambda _r: stop.set(), stop=stop)
    summary = caught.value.summary
    converted = summary.count("converted")
    assert 1 <= converted <= 2 * workers  # the first result, and the files already under way
    assert summary.not_started == 50 - len(summary.results)
    assert len(_outputs(out)) == converted
    for p in _outputs(out):
        json.loads(p.read_text(encoding="utf-8"))


def test_stop_set_before_the_run_converts_nothing(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    _many(src, 3)
    stop = threading.Event()
    stop.set()
    with pytest.raises(batch.BatchInterrupted) as caught:
        batch.run(batch.plan(str(src), str(out)), str(out), batch.Options(), stop=stop)
    assert (caught.value.summary.results, caught.value.summary.not_started) == ([], 3)


# --- the report, warnings in the summary, stale outputs ----------------------------------------

DAMAGED = "年度报告\n一、总体情况\n今年工作\ufffd顺利。\n".encode().replace("\ufffd".encode(), b"\xff\xfe")


def records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_report_has_one_record_per_source(src: Path, tmp_path: Path) -> None:
    (src / "sub" / "damaged.txt").write_bytes(DAMAGED)
    write(src / "empty.txt", "")
    (src / "link.txt").symlink_to(src / "a.txt")
    out, report = tmp_path / "out", tmp_path / "run.jsonl"
    result = run(str(src), str(out), "--report", str(report))
    assert result.exit_code == 1
    assert " 1 failed in " in result.stdout and result.stdout.endswith("; warnings: D101 1\n")
    got = {r["source"]: r for r in records(report)}
    assert sorted(got) == sorted(str(src / n) for n in ("a.txt", "empty.txt", "link.txt", "sub/b.txt",
                                                         "sub/damaged.txt", "sub/deeper/c.txt"))
    a = got[str(src / "a.txt")]
    assert {k: v for k, v in a.items() if k != "seconds"} == {
        "source": str(src / "a.txt"), "output": str(out / "a.json"), "status": "converted", "message": "",
        "warnings": {}, "headings": 2}
    assert isinstance(a["seconds"], float) and 0 <= a["seconds"] < 60
    damaged = got[str(src / "sub" / "damaged.txt")]
    assert (damaged["status"], damaged["warnings"], damaged["headings"]) == ("converted", {"D101": 1}, 1)
    empty = got[str(src / "empty.txt")]
    assert (empty["status"], empty["message"], empty["headings"]) == ("failed", "input is empty", None)
    assert got[str(src / "link.txt")]["status"] == "skipped"
    again = run(str(src), str(out), "--report", str(report))  # replaced, not appended to
    assert again.stdout.startswith("0 converted, 5 skipped, 1 failed in ")
    assert len(records(report)) == 6
    assert {r["message"] for r in records(report) if r["source"] == str(src / "a.txt")} == {
        "output exists (--force overwrites it)"}


def test_summary_counts_warnings_by_code(tmp_path: Path) -> None:
    src = tmp_path / "src"
    for name in ("x.txt", "y.txt"):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_bytes(DAMAGED)
    write(src / "gap.txt", "报告\n一、开头\n正文。\n三、结尾\n正文。\n")  # 二 is missing: H101
    result = run(str(src), str(tmp_path / "out"))
    assert result.exit_code == 0
    assert result.stdout.startswith("3 converted, 0 skipped, 0 failed in ")
    assert result.stdout.endswith(" s; warnings: D101 2, H101 1\n")


def test_report_to_stdout_moves_the_summary_to_stderr(src: Path, tmp_path: Path) -> None:
    result = run(str(src), str(tmp_path / "out"), "--report", "-")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["status"] for r in lines] == ["converted"] * 3
    assert result.stderr.startswith("3 converted, 0 skipped, 0 failed in ")


@pytest.mark.parametrize(("where", "message"), [
    ("src/run.txt", "the report is under {src} and matches what batch reads there"),
    ("src/sub/b.txt", "the report would overwrite a source file"),
    ("out/a.json", "the report would replace a file batch makes in {out}"),
    ("out/.reportparse-outputs.jsonl", "the report would replace a file batch makes in {out}"),
    ("out", "the report is a folder"),
    ("missing/run.jsonl", "cannot write the report"),
])
def test_report_path_that_would_be_a_source_or_an_output_is_refused(src: Path, tmp_path: Path, where: str,
                                                                    message: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = (src / "sub" / "b.txt").read_bytes()
    result = run(str(src), str(out), "--report", str(tmp_path / where))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {tmp_path / where}: {message.format(src=src, out=out)}")
    assert result.stderr.count("\n") == 1
    assert files(out) == []  # refused before any file
    assert (src / "sub" / "b.txt").read_bytes() == before
    assert not (src / "run.txt").exists()


def test_report_inside_src_or_out_when_batch_would_not_read_it(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for report in (src / "run.jsonl", src / "sub" / "run.txt", out / "run.jsonl"):
        extra = ["--exclude", "run.txt"] if report.suffix == ".txt" else []
        result = run(str(src), str(out), "--force", "--report", str(report), *extra)
        assert result.exit_code == 0, result.stderr
        assert len(records(report)) == 3
        if report.suffix == ".txt":
            report.unlink()  # read by a run that does not exclude it
    assert files(out) == ["a.json", "run.jsonl", "sub/b.json", "sub/deeper/c.json"]
    # with --skip-unchanged nothing is remade, and the report in OUT is never taken as stale
    again = run(str(src), str(out), "--skip-unchanged", "--delete-stale", "--exclude", "run.txt")
    assert again.stdout.startswith("0 converted, 3 skipped, 0 failed in ")
    assert (out / "run.jsonl").exists()


def test_report_of_parallel_workers_has_each_source_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src, out, report = tmp_path / "src", tmp_path / "out", tmp_path / "run.jsonl"
    _many(src, 6)
    write(src / "empty.txt", "")
    monkeypatch.setattr(batch, "_POOL_MIN_BYTES", 0)  # small inputs normally stay in this process
    result = run(str(src), str(out), "-j", "2", "--report", str(report))
    assert result.exit_code == 1
    got = records(report)
    assert sorted(r["source"] for r in got) == sorted(str(p) for p in src.iterdir())
    assert sorted(r["status"] for r in got) == ["converted"] * 6 + ["failed"]
    assert all(r["headings"] == 299 for r in got if r["status"] == "converted")


def test_interrupted_batch_leaves_a_valid_report(tmp_path: Path) -> None:
    src, out, report = tmp_path / "src", tmp_path / "out", tmp_path / "run.jsonl"
    _many(src, 50)
    proc = subprocess.Popen([*command(), "batch", str(src), str(out), "--jobs", "2", "--report", str(report)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 30
    while (not report.exists() or report.read_text(encoding="utf-8").count("\n") < 2) \
            and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    got = records(report)  # every line complete
    converted = int(stdout.removeprefix("Interrupted: ").split(" converted")[0])
    assert 2 <= len(got) == converted < 50
    assert len({r["source"] for r in got}) == len(got)
    assert sorted(str(out / Path(str(r["source"])).with_suffix(".json").name) for r in got) == \
        [str(p) for p in _outputs(out)]


def test_stale_outputs_are_reported_and_deleted_only_when_batch_made_them(src: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages name a source below the current folder relative to it (here: src/a.txt)."""
    monkeypatch.chdir(tmp_path)
    out, report = tmp_path / "out", tmp_path / "run.jsonl"
    assert run(str(src), str(out), "--format", "markdown").exit_code == 0
    assert run(str(src), str(out)).exit_code == 0
    write(out / "mine.json", "{}")  # the user's own file: never batch's
    write(src / "kept.txt")
    assert run(str(src), str(out), "--skip-unchanged").exit_code == 0
    (src / "a.txt").unlink()
    (src / "kept.txt").unlink()
    os.utime(out / "kept.json", ns=(1, 1))  # changed since batch made it
    (src / "sub" / "deeper" / "c.txt").unlink()
    (out / "sub" / "deeper").rename(tmp_path / "elsewhere")  # its output now behind a link
    (out / "sub" / "deeper").symlink_to(tmp_path / "elsewhere")
    result = run(str(src), str(out), "--skip-unchanged", "--report", str(report))
    assert result.stdout.startswith("0 converted, 1 skipped, 0 failed, 2 stale in ")
    assert result.stderr.splitlines() == [
        f"Stale: {out / 'a.json'}: its source {Path('src', 'a.txt')} is gone (--delete-stale deletes it)",
        f"Stale: {out / 'kept.json'}: its source {Path('src', 'kept.txt')} is gone (--delete-stale deletes it)"]
    stale = [r for r in records(report) if r["status"] == "stale"]
    assert [(r["output"], r["source"], r["deleted"]) for r in stale] == [
        (str(out / "a.json"), str(Path("src", "a.txt")), False), (str(out / "kept.json"), str(Path("src", "kept.txt")), False)]
    assert (out / "a.json").exists()
    result = run(str(src), str(out), "--skip-unchanged", "--delete-stale", "--report", str(report))
    assert result.stdout.startswith("0 converted, 1 skipped, 0 failed, 2 stale (1 deleted) in ")
    assert result.stderr.splitlines() == [
        f"Deleted: {out / 'a.json'}: its source {Path('src', 'a.txt')} is gone",
        f"Stale: {out / 'kept.json'}: its source {Path('src', 'kept.txt')} is gone; kept: changed since batch made it"]
    assert [r["deleted"] for r in records(report) if r["status"] == "stale"] == [True, False]
    assert files(out) == ["a.md", "kept.json", "mine.json", "sub/b.json", "sub/b.md", "sub/deeper"]
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == ["c.json", "c.md"]
    # deleted once: the next run knows nothing of it; a markdown run deletes the markdown ones
    assert run(str(src), str(out), "--skip-unchanged").stdout.startswith("0 converted, 1 skipped, 0 failed, "
                                                                          "1 stale in ")
    result = run(str(src), str(out), "--format", "markdown", "--skip-unchanged", "--delete-stale")
    assert result.stdout.startswith("0 converted, 1 skipped, 0 failed, 1 stale (1 deleted) in ")
    assert not (out / "a.md").exists() and (tmp_path / "elsewhere" / "c.md").exists()


def test_an_excluded_source_is_not_gone(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(str(src), str(out)).exit_code == 0
    result = run(str(src), str(out), "--exclude", "sub", "--delete-stale", "--skip-unchanged")
    assert result.stdout.startswith("0 converted, 1 skipped, 0 failed in ")
    assert files(out) == ["a.json", "sub/b.json", "sub/deeper/c.json"]


def test_delete_stale_needs_an_output_folder(src: Path, tmp_path: Path) -> None:
    result = run(str(src), "--engine", "spark", "--dataset", str(tmp_path / "d.jsonl"), "--delete-stale")
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith("Error: --delete-stale needs an output folder, not --dataset")


def test_record_keeps_sources_and_stamps_when_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportparse import made

    write(tmp_path / "a.json", "{}")
    monkeypatch.setattr(made, "_COMPACT_AFTER", 0)
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        first = made.Record(fd)
        for _ in range(3):
            first.made("a.json", {"format": "json"}, "src/a.txt")
        first.close()  # rewritten compactly: one line
        assert (tmp_path / RECORD).read_text(encoding="ascii").count("\n") == 1
        info = (tmp_path / "a.json").stat()
        assert made.Record(fd).origins == {"a.json": (os.path.abspath("src/a.txt"), (info.st_size, info.st_mtime_ns))}
    finally:
        os.close(fd)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_report_that_cannot_be_written_does_not_stop_the_run(src: Path, tmp_path: Path) -> None:
    result = run(str(src), str(tmp_path / "out"), "--report", "/dev/full")
    assert result.exit_code == 2
    assert result.stdout.startswith("3 converted, 0 skipped, 0 failed in ")
    assert result.stderr == ("Error: /dev/full: cannot write the report (no space left on device: "
                             "the disk is full); it is incomplete\n")
    assert files(tmp_path / "out") == ["a.json", "sub/b.json", "sub/deeper/c.json"]


def test_report_never_writes_into_a_source(src: Path, tmp_path: Path) -> None:
    before = (src / "a.txt").read_bytes()
    (tmp_path / "linked.jsonl").symlink_to(src / "a.txt")
    result = run(str(src), str(tmp_path / "out"), "--report", str(tmp_path / "linked.jsonl"))
    assert (result.exit_code, result.stderr) == (
        2, f"Error: {tmp_path / 'linked.jsonl'}: the report would overwrite a source file\n")
    os.link(src / "a.txt", tmp_path / "hard.jsonl")  # the same file under another name: replaced, not written into
    assert run(str(src), str(tmp_path / "out"), "--report", str(tmp_path / "hard.jsonl")).exit_code == 0
    assert (src / "a.txt").read_bytes() == before
    assert len(records(tmp_path / "hard.jsonl")) == 3


def test_a_report_with_the_longest_name_the_folder_allows(src: Path, tmp_path: Path) -> None:
    """Its temporary name fits wherever the report's name fits (250 bytes of a 255-byte limit)."""
    report = tmp_path / ("r" * 244 + ".jsonl")
    result = run(str(src), str(tmp_path / "out"), "--report", str(report))
    assert result.exit_code == 0, result.stderr
    assert all(r["status"] == "converted" for r in records(report))
