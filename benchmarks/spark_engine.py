"""Spark engine against the default engine, run by hand: ``python benchmarks/spark_engine.py``.

Needs ``pip install '.[spark]'`` and Java 17. Both engines run as the installed command at the
same core count (``--jobs N``; Spark on ``local[N]``). Prints a Markdown table: start-up (one
small file, median of ``--runs``), then files/s on generated corpora of many small and of
fewer large reports, counted on the wall clock (start-up included) and over the run the summary
line reports (``... in X s``: without the Spark session's start). Also checks that both engines
wrote the same files.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import corpus  # noqa: E402
from run import _cli  # noqa: E402

Row = tuple[str, str, str]
_SECONDS = re.compile(r" in ([0-9.]+) s$", re.M)


def _batch(src: Path, out: Path, engine: str, jobs: int, *extra: str) -> tuple[float, float]:
    """Wall seconds and the summary line's seconds of one ``reportparse batch`` run."""
    cmd = [*_cli(), "batch", str(src), "--jobs", str(jobs), "--engine", engine, *extra]
    if "--dataset" not in extra:
        cmd.insert(3, str(out))
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    found = _SECONDS.search(proc.stdout)
    if proc.returncode != 0 or found is None:
        raise SystemExit(f"{' '.join(cmd)}: exit {proc.returncode}\n{proc.stdout}{proc.stderr[-2000:]}")
    return wall, float(found.group(1))


def _corpus(root: Path, files: int, size: int, seed: int) -> Path:
    root.mkdir(parents=True)
    for i in range(files):
        (root / f"{i:05d}.txt").write_text(corpus(size, seed=seed + i), encoding="utf-8")
    return root


_RECORD = ".reportparse-outputs.jsonl"  # how each output was made: lines in completion order


def _same(a: Path, b: Path) -> bool:
    """The same files under ``a`` and ``b`` (the record's lines in any order)."""
    names = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    if names != sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()):
        return False
    for n in names:
        if str(n) == _RECORD:
            if sorted((a / n).read_bytes().splitlines()) != sorted((b / n).read_bytes().splitlines()):
                return False
        elif not filecmp.cmp(a / n, b / n, shallow=False):
            return False
    return True


def bench_startup(tmp: Path, jobs: int, runs: int) -> list[Row]:
    src = _corpus(tmp / "one", 1, 3_000, seed=1)
    rows = []
    for engine in ("local", "spark"):
        walls = []
        for i in range(runs):
            walls.append(_batch(src, tmp / f"one-{engine}-{i}", engine, jobs)[0])
        rows.append((f"start-up: 1 file, --engine {engine} --jobs {jobs}", f"{statistics.median(walls):.2f} s",
                     f"median of {runs}: " + ", ".join(f"{w:.2f}" for w in walls)))
    return rows


def bench_files(tmp: Path, name: str, files: int, size: int, jobs: int) -> list[Row]:
    src = _corpus(tmp / name, files, size, seed=100)
    total = sum(p.stat().st_size for p in src.iterdir()) / 1e6
    rows = []
    outs = {}
    for engine, extra in (("local", ()), ("spark", ()), ("spark", ("--dataset", str(tmp / f"{name}.parquet")))):
        out = tmp / f"{name}-{engine}{'-dataset' if extra else ''}"
        wall, run = _batch(src, out, engine, jobs, *extra)
        label = f"{files} files of ~{size // 1000} kB ({total:.1f} MB), --engine {engine} --jobs {jobs}"
        if extra:
            label += " --dataset x.parquet"
        else:
            outs[engine] = out
        rows.append((label, f"{files / wall:.0f} files/s",
                     f"wall {wall:.1f} s; run {run:.1f} s = {files / run:.0f} files/s, {total / run:.2f} MB/s"))
    same = _same(outs["local"], outs["spark"])
    rows.append((f"{name}: same files from both engines", "yes" if same else "NO", f"{files} files compared"))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="cores for both engines (default: all)")
    ap.add_argument("--runs", type=int, default=3, help="start-up runs to take the median of")
    ap.add_argument("--files", type=int, default=2000, help="small reports (3 kB each)")
    ap.add_argument("--large", type=int, default=100, help="large reports (200 kB each)")
    args = ap.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print("| benchmark | result | details |\n|---|---|---|", flush=True)
    with tempfile.TemporaryDirectory(prefix="reportparse-spark-bench-") as name:
        tmp = Path(name)
        steps = [("start-up", lambda: bench_startup(tmp, args.jobs, args.runs)),
                 ("small files", lambda: bench_files(tmp, "small", args.files, 3_000, args.jobs)),
                 ("large files", lambda: bench_files(tmp, "large", args.large, 200_000, args.jobs))]
        for label, step in steps:
            print(f"running {label} …", file=sys.stderr, flush=True)
            for row in step():  # each section printed as it ends
                print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |", flush=True)
    after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} CPUs, --jobs {args.jobs}; "
          f"load average {load:.1f} before, {after:.1f} after.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
