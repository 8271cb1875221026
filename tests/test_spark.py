"""The Spark engine, on Spark's local mode with real pyspark: the same files as the default engine,
datasets with a row per file (failures included), and parse_files for Spark users."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from installed import command

from reportparse.cli import main

pytest.importorskip("pyspark")

from reportparse.integrations import spark as engine

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
REPORT = "2024年工作总结\n一、总体情况\n今年工作顺利。\n（一）主要成绩\n完成了任务。\n二、存在问题\n仍有不足。\n"


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """One local[2] session for every test here; the CLI, run in this process, uses it too."""
    session, made = engine.session("local[2]")
    yield session
    if made:
        session.stop()


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["batch", *args], catch_exceptions=False)


RECORD = ".reportparse-outputs.jsonl"  # how each output was made: its lines come in completion order


def tree(root: Path) -> dict[str, bytes]:
    """The files under ``root``; the record's lines sorted, without the stamps (the size and
    time of each output as it was made)."""
    found = {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    if RECORD in found:
        lines = [{k: v for k, v in json.loads(line).items() if k != "stamp"} for line in found[RECORD].splitlines()]
        found[RECORD] = "".join(sorted(json.dumps(line) + "\n" for line in lines)).encode()
    return found


@pytest.fixture
def src(tmp_path: Path) -> Path:
    """The samples, a few reports of our own (one in GBK, one nested), an empty and a binary file."""
    root = tmp_path / "src"
    (root / "deep" / "er").mkdir(parents=True)
    for sample in sorted((ROOT / "samples").glob("*.txt")):
        (root / sample.name).write_bytes(sample.read_bytes())
    (root / "deep" / "own.txt").write_text(REPORT, encoding="utf-8")
    (root / "deep" / "er" / "gbk.txt").write_bytes(REPORT.replace("2024", "2023").encode("gbk"))
    (root / "deep" / "long.txt").write_text(REPORT * 40, encoding="utf-8")
    (root / "empty.txt").write_text(" \n", encoding="utf-8")
    (root / "deep" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    return root


def stderr_lines(result: Result) -> list[str]:
    return sorted(result.stderr.splitlines())


@pytest.mark.parametrize("extra", [[], ["--format", "html"], ["--compact"]])
def test_same_files_as_the_default_engine(spark: object, src: Path, tmp_path: Path, extra: list[str]) -> None:
    # the same folder name: an html index is titled with it
    default = run(str(src), str(tmp_path / "default" / "out"), "--jobs", "1", *extra)
    sparked = run(str(src), str(tmp_path / "spark" / "out"), "--engine", "spark", *extra)
    assert (sparked.exit_code, default.exit_code) == (1, 1)  # the empty and the binary file
    assert tree(tmp_path / "spark" / "out") == tree(tmp_path / "default" / "out")
    pages = len(list((ROOT / "samples").glob("*.txt"))) + 3
    assert len(tree(tmp_path / "spark" / "out")) == pages + 1 + (extra == ["--format", "html"])  # and index.html
    assert stderr_lines(sparked) == stderr_lines(default)
    assert f"Error: {src / 'empty.txt'}: input is empty" in sparked.stderr
    assert sparked.stdout.startswith(default.stdout.split(" in ")[0] + " in ")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the dev corpus (../shared/corpus/real) is not here")
def test_same_files_on_the_dev_corpus(spark: object, tmp_path: Path) -> None:
    default = run(str(CORPUS), str(tmp_path / "default"), "--jobs", "1", "-q")
    sparked = run(str(CORPUS), str(tmp_path / "spark"), "--engine", "spark", "-q")
    assert (sparked.exit_code, sparked.stderr) == (default.exit_code, default.stderr)
    assert tree(tmp_path / "spark") == tree(tmp_path / "default")
    assert len(tree(tmp_path / "spark")) >= 20


def test_existing_outputs_are_kept_as_by_the_default_engine(spark: object, src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "deep").mkdir(parents=True)
    (out / "deep" / "own.json").write_text("mine", encoding="utf-8")
    result = run(str(src), str(out), "--engine", "spark", "--include", "deep/*.txt")
    assert result.stdout.startswith("1 converted, 1 skipped, 1 failed in ")
    assert (out / "deep" / "own.json").read_text(encoding="utf-8") == "mine"
    # the record of how each output was made is kept as by the default engine: a rerun of it keeps them
    again = run(str(src), str(out), "--skip-unchanged", "--include", "deep/*.txt", "--jobs", "1")
    assert again.stdout.startswith("1 converted, 1 skipped, 1 failed in ")  # own.json: made by someone else
    assert run(str(src), str(out), "--skip-unchanged", "--include", "deep/*.txt").stdout.startswith(
        "0 converted, 2 skipped, 1 failed in ")


def dataset_rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for part in sorted(path.glob("part-*")) for line in part.read_text("utf-8").splitlines()]


def test_json_lines_dataset_has_a_row_per_file(spark: object, src: Path, tmp_path: Path) -> None:
    compact = tmp_path / "compact"
    run(str(src), str(compact), "--jobs", "1", "--compact", "-q")
    dataset = tmp_path / "docs.jsonl"
    result = run(str(src), "--engine", "spark", "--dataset", str(dataset))
    assert result.exit_code == 1
    rows = {row["source"]: row for row in dataset_rows(dataset)}
    assert len(rows) == len(list(src.rglob("*.txt")))
    assert rows[str(src / "empty.txt")] == {"source": str(src / "empty.txt"), "status": "failed",
                                            "error": "input is empty", "warnings": [], "json": None}
    own = rows[str(src / "deep" / "own.txt")]
    assert (own["status"], own["error"]) == ("converted", None)
    assert own["json"] + "\n" == (compact / "deep" / "own.json").read_text(encoding="utf-8")
    assert json.loads(own["json"])["title"] == "2024年工作总结"
    gbk = json.loads(rows[str(src / "deep" / "er" / "gbk.txt")]["json"])
    assert rows[str(src / "deep" / "er" / "gbk.txt")]["warnings"] == [w["code"] for w in gbk["warnings"]]
    assert result.stdout.startswith(f"{len(rows) - 2} converted, 0 skipped, 2 failed in ")
    again = run(str(src), "--engine", "spark", "--dataset", str(dataset))
    assert (again.exit_code, again.stderr) == (2, f"Error: {dataset}: exists (--force replaces it)\n")
    assert run(str(src), "--engine", "spark", "--dataset", str(dataset), "--force", "-q").exit_code == 1


def test_a_failed_spark_job_loses_no_file(spark: object, src: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run(str(src), "--engine", "spark", "--dataset", str(blocker / "docs.parquet"), "-q")
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == len(list(src.rglob("*.txt")))
    assert all("not converted: the Spark job failed: " in line for line in errors)


def test_parse_files_from_paths_or_binary_files(spark: object, src: Path, tmp_path: Path) -> None:
    paths = [str(src / "deep" / "own.txt"), str(src / "empty.txt"), str(src / "missing.txt")]
    rows = {r["source"]: r for r in engine.parse_files(paths, spark=spark).collect()}
    assert rows[paths[0]]["status"] == "converted"
    assert json.loads(rows[paths[0]]["json"])["sections"][0]["title"] == "总体情况"
    assert (rows[paths[1]]["status"], rows[paths[1]]["error"]) == ("failed", "input is empty")
    assert rows[paths[2]]["error"] == "no such file (was it moved or deleted during the run?)"
    read = engine.parse_files(str(src / "deep"), spark=spark)
    assert read.columns == ["source", "status", "error", "warnings", "json"]
    found = {Path(r["source"].removeprefix("file:")).name: r["status"] for r in read.collect()}
    assert found == {"own.txt": "converted", "long.txt": "converted", "gbk.txt": "converted", "image.txt": "failed"}
    out = tmp_path / "rows.parquet"
    read.write.parquet(str(out))
    assert spark.read.parquet(str(out)).where("status = 'converted'").count() == 3  # type: ignore[attr-defined]


@pytest.mark.parametrize(("args", "message"), [
    (["OUT", "--dataset", "d.jsonl", "--engine", "spark"], "--dataset replaces the output folder"),
    (["--dataset", "d.jsonl"], "--master and --dataset need --engine spark"),
    (["OUT", "--master", "local[1]"], "--master and --dataset need --engine spark"),
    (["--dataset", "d.jsonl", "--engine", "spark", "--format", "markdown"], "a --dataset row holds"),
    (["--dataset", "d.csv", "--engine", "spark"], "d.csv: a dataset path ends in .jsonl or .parquet"),
])
def test_usage_errors(src: Path, args: list[str], message: str) -> None:
    result = run(str(src), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_installed_command_prints_only_the_summary(src: Path, tmp_path: Path) -> None:
    """A real run of the command: Spark's own start-up chatter stays off stdout and stderr."""
    done = subprocess.run([*command(), "batch", str(src), str(tmp_path / "out"), "--engine", "spark",
                           "--jobs", "2", "--include", "deep/**/*.txt"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert done.stdout.startswith("3 converted, 0 skipped, 1 failed in ")
    noise = [line for line in done.stderr.splitlines()
             if line.strip() and not line.startswith("WARNING: Using incubator modules")]
    assert noise == [f"Error: {src / 'deep' / 'image.txt'}: input looks like binary data "
                     "(an image, archive or document), not text"]


def test_the_command_runs_without_its_venv_on_path(src: Path, tmp_path: Path) -> None:
    """Run by its full path from a venv that is not activated (PATH's python3 lacks reportparse),
    the local workers still run this Python."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYSPARK_PYTHON", "VIRTUAL_ENV")}
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin) or "/usr/bin"
    done = subprocess.run([sys.executable, "-m", "reportparse", "batch", str(src), str(tmp_path / "out"),
                           "--engine", "spark", "--jobs", "1", "--include", "deep/*.txt"],
                          capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert done.stdout.startswith("2 converted, 0 skipped, 1 failed in "), done.stderr[-2000:]  # 1: image.txt
