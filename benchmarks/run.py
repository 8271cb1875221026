"""Benchmarks, run by hand: ``python benchmarks/run.py [--quick] [--profile]``.

Prints a Markdown table: start-up time, throughput against a regex floor, scaling,
pathological inputs, peak memory and batch speed. Each parse runs in a subprocess
with a time limit, so a stage that explodes shows as a timeout instead of a hang.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import PATHOLOGICAL, corpus  # noqa: E402

MB = 1_000_000
#: The floor for any parser: one pass over the text, cutting it at line and sentence ends.
FLOOR_PATTERN = r"[^\n。！？；]*[\n。！？；]?"

Row = tuple[str, str, str]


# --- worker (runs in a subprocess) ---------------------------------------------------------------

def _worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Parse one file and report times and memory; ``spec`` says what to measure."""
    import resource

    import regex

    import reportparse

    path = Path(spec["path"])
    data = path.read_bytes()
    text = data.decode("utf-8")
    out: dict[str, Any] = {"bytes": len(data), "chars": len(text)}
    if spec.get("floor"):
        pattern = regex.compile(FLOOR_PATTERN)
        t0 = time.perf_counter()
        for _m in pattern.finditer(text):
            pass
        out["floor"] = time.perf_counter() - t0
    del text
    out["rss_before_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if spec.get("profile"):
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        t0 = time.perf_counter()
        prof.enable()
        doc = reportparse.parse(data)
        prof.disable()
        out["parse"] = time.perf_counter() - t0
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(15)
        out["profile"] = buf.getvalue()
    else:
        t0 = time.perf_counter()
        doc = reportparse.parse(data)
        out["parse"] = time.perf_counter() - t0
    out["peak_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out["sections"] = len(doc.walk())
    out["noise"] = len(doc.noise)
    return out


def _measure(path: Path, timeout: float, **spec: Any) -> dict[str, Any] | None:
    """Run the worker on ``path``; None on timeout."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps({"path": str(path), **spec})]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        raise RuntimeError(f"worker failed on {path.name}:\n{proc.stderr}")
    return json.loads(proc.stdout)


# --- sections ----------------------------------------------------------------------------------------

def _median_run(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("reportparse")
    if script.exists():
        return [str(script)]
    found = shutil.which("reportparse")
    return [found] if found else [sys.executable, "-m", "reportparse"]


def _sample_file(tmp: Path) -> Path:
    found = sorted((ROOT / "samples").glob("*.txt"))
    if found:
        return found[0]
    path = tmp / "sample.txt"
    path.write_text(corpus(8_000, seed=1), encoding="utf-8")
    return path


def bench_startup(tmp: Path, runs: int) -> list[Row]:
    sample = _sample_file(tmp)
    tool = _median_run([*_cli(), "parse", str(sample), "--format", "json"], runs)
    floor = _median_run([sys.executable, "-c", "import click, regex, pydantic"], runs)
    return [(
        "startup: `reportparse parse sample.txt --format json`",
        f"{tool * 1000:.0f} ms",
        f"`python -c 'import click, regex, pydantic'` {floor * 1000:.0f} ms; ratio {tool / floor:.2f}x "
        f"(median of {runs}; {sample.name})",
    )]


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def bench_throughput(tmp: Path, size: int, timeout: float, profile: list[str] | None) -> list[Row]:
    """MB/s of parse on a corpus; with ``profile`` a list, a cProfile report is appended to it."""
    path = _write(tmp, "corpus.txt", corpus(size))
    r = _measure(path, timeout, floor=True, profile=profile is not None)
    mb = path.stat().st_size / MB
    if r is None:
        return [(f"throughput ({mb:.1f} MB corpus)", f"> {timeout:.0f} s", "timed out")]
    if profile is not None:
        profile.append(r["profile"])
    rate = mb / r["parse"]
    floor_rate = mb / r["floor"]
    return [(
        f"throughput: `reportparse.parse` on a {mb:.1f} MB corpus",
        f"{rate:.2f} MB/s",
        f"{r['parse']:.2f} s; one `regex.finditer` pass {floor_rate:.0f} MB/s, parse is "
        f"{r['parse'] / r['floor']:.0f}x slower; {r['sections']:,} sections, {r['noise']:,} noise items",
    )]


def bench_scaling(tmp: Path, unit: int, timeout: float) -> list[Row]:
    data = corpus(unit * 8, seed=2).encode("utf-8")
    runs: list[tuple[int, float, float | None]] = []  # (factor, MB, seconds)
    for k in (1, 2, 4, 8):
        chunk = data[: unit * k]
        chunk = chunk[: chunk.rfind(b"\n") + 1] or chunk
        path = tmp / f"scale{k}.txt"
        path.write_bytes(chunk)
        r = _measure(path, timeout)
        runs.append((k, len(chunk) / MB, None if r is None else r["parse"]))
    _, mb1, t1 = runs[0]
    cells = []
    for k, mb, t in runs:
        if t is None:
            cells.append(f"{k}x ({mb:.1f} MB): timeout")
        else:
            cells.append(f"{k}x ({mb:.1f} MB): {t:.2f} s, ratio {t / t1:.2f}" if t1 else f"{k}x: {t:.2f} s")
    _, mb8, t8 = runs[-1]
    # Linear: the time per MB at 8x stays within 1.5 times the time per MB at 1x.
    growth = (t8 / mb8) / (t1 / mb1) if t1 and t8 else None
    verdict = "timeout" if growth is None else (
        f"{'linear' if growth < 1.5 else 'SUPERLINEAR'} (s/MB at 8x = {growth:.2f} x s/MB at 1x)")
    return [("scaling 1x, 2x, 4x, 8x", verdict, "; ".join(cells))]


#: Done means (issue 11): any input parses within this many times the time per byte of
#: ordinary report text (the corpus), with a floor of PATHOLOGICAL_FLOOR seconds.
PATHOLOGICAL_RATIO = 10
PATHOLOGICAL_FLOOR = 1.0


def bench_pathological(tmp: Path, scale: float, timeout: float) -> list[Row]:
    ordinary = _write(tmp, "ordinary.txt", corpus(int(MB * scale), seed=4))
    r = _measure(ordinary, timeout)
    per_byte = None if r is None else r["parse"] / r["bytes"]
    rows = []
    for i, (name, build) in enumerate(PATHOLOGICAL):
        if scale != 1.0:
            name = f"{name}, scaled by {scale:g}"
        path = _write(tmp, f"patho{i}.txt", build(scale))
        r = _measure(path, timeout, floor=True)
        mb = path.stat().st_size / MB
        if r is None:
            rows.append((f"pathological: {name}", f"> {timeout:.0f} s", f"{mb:.1f} MB; TIMED OUT"))
            continue
        detail = f"{mb:.2f} MB; {r['parse'] / r['floor']:.0f}x a regex pass; {r['sections']:,} sections"
        if per_byte:
            ratio = r["parse"] / r["bytes"] / per_byte
            bound = max(PATHOLOGICAL_FLOOR, PATHOLOGICAL_RATIO * per_byte * r["bytes"])
            verdict = "ok" if r["parse"] <= bound else "TOO SLOW"
            detail += f"; {ratio:.1f}x ordinary text per byte ({verdict}: bound {bound:.2f} s)"
        rows.append((f"pathological: {name}", f"{r['parse']:.2f} s", detail))
    return rows


def bench_memory(tmp: Path, size: int, timeout: float) -> list[Row]:
    path = _write(tmp, "memory.txt", corpus(size, seed=3))
    r = _measure(path, timeout)
    mb = path.stat().st_size / MB
    if r is None:
        return [(f"memory: peak RSS, {mb:.0f} MB input", f"> {timeout:.0f} s", "timed out")]
    peak = r["peak_rss_kb"] * 1024 / MB
    grew = (r["peak_rss_kb"] - r["rss_before_kb"]) * 1024 / MB
    rows = [(
        f"memory: peak RSS, {mb:.0f} MB input",
        f"{peak / mb:.1f}x input",
        f"peak {peak:.0f} MB (parse added {grew:.0f} MB = {grew / mb:.1f}x); parse {r['parse']:.1f} s",
    )]
    # The command as a user runs it: parse and write indented JSON.
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "check=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    t0 = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", probe, *_cli(), "parse", str(path)],
                              capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return [*rows, (f"memory: `reportparse parse` to JSON, {mb:.0f} MB input", f"> {timeout:.0f} s", "timed out")]
    seconds = time.perf_counter() - t0
    cli_peak = int(done.stdout.split()[-1]) * 1024 / MB
    rows.append((f"memory: `reportparse parse` to JSON, {mb:.0f} MB input", f"{cli_peak / mb:.1f}x input",
                 f"peak {cli_peak:.0f} MB; {seconds:.1f} s"))
    return rows


def bench_batch(tmp: Path, files: int, timeout: float) -> list[Row]:
    probe = subprocess.run([*_cli(), "batch", "--help"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        return [("batch", "skipped", "`reportparse batch` does not exist yet")]
    src = tmp / "batch-in"
    src.mkdir()
    for i in range(files):
        (src / f"{i:05d}.txt").write_text(corpus(3_000, seed=100 + i), encoding="utf-8")
    rows = []
    for jobs in (1, 2):
        out = tmp / f"batch-out-{jobs}"
        cmd = [*_cli(), "batch", str(src), "--out", str(out), "--jobs", str(jobs)]
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            rows.append((f"batch: {files} files, --jobs {jobs}", f"> {timeout:.0f} s", "timed out"))
            continue
        dt = time.perf_counter() - t0
        if proc.returncode != 0:
            rows.append((f"batch: {files} files, --jobs {jobs}", "failed",
                         f"exit {proc.returncode}: {proc.stderr.strip()[:120]}"))
            continue
        rows.append((f"batch: {files} files, --jobs {jobs}", f"{files / dt:.0f} files/s", f"{dt:.1f} s"))
    return rows


# --- main --------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, for a fast check")
    ap.add_argument("--timeout", type=float, help="seconds allowed per parse (default 120, quick 60)")
    ap.add_argument("--runs", type=int, help="start-up runs to take the median of (default 10, quick 3)")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of the throughput parse")
    ap.add_argument("--only", nargs="*", choices=["startup", "throughput", "scaling", "pathological",
                                                  "memory", "batch"], help="run only these sections")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        sys.stdout.write(json.dumps(_worker(json.loads(args.worker))))
        return 0
    quick = args.quick
    timeout = args.timeout or (60.0 if quick else 120.0)
    runs = args.runs or (3 if quick else 10)
    only = set(args.only or ["startup", "throughput", "scaling", "pathological", "memory", "batch"])
    rows: list[Row] = []
    profile: list[str] | None = [] if args.profile else None
    with tempfile.TemporaryDirectory(prefix="reportparse-bench-") as name:
        tmp = Path(name)
        steps = [
            ("startup", lambda: bench_startup(tmp, runs)),
            ("throughput", lambda: bench_throughput(tmp, 2 * MB if quick else 20 * MB, timeout, profile)),
            ("scaling", lambda: bench_scaling(tmp, MB // 4 if quick else MB, timeout)),
            ("pathological", lambda: bench_pathological(tmp, 0.1 if quick else 1.0, timeout)),
            ("memory", lambda: bench_memory(tmp, 5 * MB if quick else 50 * MB, timeout)),
            ("batch", lambda: bench_batch(tmp, 200 if quick else 2000, timeout)),
        ]
        for section, step in steps:
            if section in only:
                print(f"running {section} …", file=sys.stderr, flush=True)
                rows.extend(step())
    env = f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs" + (", --quick" if quick else "")
    print("| benchmark | result | details |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    print(f"\n{env}; per-parse time limit {timeout:.0f} s.")
    for report in profile or []:
        print("\n```\n" + report + "```")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
