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
#: The naive heading pass the throughput is measured against: line-start marker patterns in a
#: fixed ranking (the group number is the level), no cleaning, a tree by a stack of levels.
NAIVE_HEADINGS = (
    r"(?m)^[ \t\u3000]*(?:(第[一二三四五六七八九十百零〇两]+[编章])|(第[一二三四五六七八九十百零〇两]+节)"
    r"|([一二三四五六七八九十]+[、.．])|(（[一二三四五六七八九十]+）)|(\d+[、.．](?!\d))|(\d+\.\d+(?!\.\d))"
    r"|(\d+\.\d+\.\d+)|(（\d+）)|([①-⑳]))[ \t\u3000]*([^\r\n]*)"
)


def naive_headings(pattern: Any, text: str) -> list[tuple[int, str, list[Any]]]:
    """The heading tree of ``text`` by :data:`NAIVE_HEADINGS`: (level, title, children) nodes."""
    root: list[Any] = []
    stack: list[tuple[int, list[Any]]] = [(0, root)]
    for m in pattern.finditer(text):
        level = m.lastindex if m.lastindex != 10 else next(i for i in range(1, 10) if m.group(i))
        while stack[-1][0] >= level:
            stack.pop()
        node: tuple[int, str, list[Any]] = (level, m.group(10), [])
        stack[-1][1].append(node)
        stack.append((level, node[2]))
    return root


def stable_seconds(fn: Any, *, budget: float = 20.0, rounds: int = 5, settle: float = 0.02) -> tuple[float, int]:
    """The median seconds of ``fn()``, run in rounds of ``rounds`` until the median moves by less
    than ``settle`` (relative) from one round to the next, or ``budget`` seconds are spent; and
    how many runs that took. A call of a few milliseconds is so repeated a few hundred times."""
    times: list[float] = []
    last = None
    start = time.perf_counter()
    while True:
        for _ in range(rounds):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        median = statistics.median(times)
        spent = time.perf_counter() - start
        if last is not None and (abs(median - last) <= settle * last or spent > budget):
            return median, len(times)
        if len(times) >= rounds * 2 and spent > budget:
            return median, len(times)
        last = median

Row = tuple[str, str, str]


# --- worker (runs in a subprocess) ---------------------------------------------------------------

#: A small report parsed before anything is measured (see :func:`_worker`).
_WARM_UP = "一、总体情况\n第 1 页 共 2 页\n（一）做法\n正文。1. 细项：内容；(1) 子项\n"


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
        out["floor"], _ = stable_seconds(lambda t=text: [None for _m in pattern.finditer(t)], budget=5.0)
    if spec.get("naive"):
        naive = regex.compile(NAIVE_HEADINGS)
        out["naive"], out["naive_runs"] = stable_seconds(lambda t=text: naive_headings(naive, t), budget=10.0)
    del text
    if spec.get("traced"):  # peak traced memory of the library call and of the command's path
        import gc
        import tracemalloc

        from reportparse.pipeline import parse_records

        for name, fn in (("traced_parse", reportparse.parse), ("traced_records", parse_records)):
            fn(_WARM_UP)  # imports and compiled patterns are not the input's
            gc.collect()
            tracemalloc.start()
            kept = fn(data)
            out[name] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            del kept
    out["rss_before_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The first parse imports the model (pydantic) and compiles the patterns: a cost of the
    # process, not of the input, which a small input would otherwise be charged for.
    reportparse.parse(_WARM_UP)
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
        for _ in range(spec.get("repeat", 1) - 1):  # the median of a few
            t0 = time.perf_counter()
            reportparse.parse(data)
            out.setdefault("parses", [out["parse"]]).append(time.perf_counter() - t0)
        if "parses" in out:
            out["parse"] = statistics.median(out["parses"])
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

def _interleaved(cmds: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """The median wall time of each command, run in turn ``runs`` times (so load hits all alike)."""
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(t) for name, t in times.items()}


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
    """Start-up against the import floor; bytecode is compiled first (into a cache under ``tmp``,
    for both commands), as it is in an installed package."""
    sample = _sample_file(tmp)
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cmds = {"tool": [*_cli(), "parse", str(sample), "--format", "json"],
            "floor": [sys.executable, "-c", "import click, regex, pydantic"]}
    _interleaved(cmds, 1, env)  # writes the bytecode
    t = _interleaved(cmds, runs, env)
    return [(
        "startup: `reportparse parse sample.txt --format json`",
        f"{t['tool'] / t['floor']:.2f}x the import floor",
        f"{t['tool'] * 1000:.0f} ms; `python -c 'import click, regex, pydantic'` {t['floor'] * 1000:.0f} ms "
        f"(median of {runs}, interleaved; {sample.name})",
    )]


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def bench_throughput(tmp: Path, size: int, timeout: float, profile: list[str] | None) -> list[Row]:
    """MB/s of parse on a corpus against the naive heading pass on the same text, in one process;
    with ``profile`` a list, a cProfile report is appended to it."""
    path = _write(tmp, "corpus.txt", corpus(size))
    r = _measure(path, timeout, naive=True, floor=True, profile=profile is not None,
                 repeat=1 if profile is not None else 3)
    mb = path.stat().st_size / MB
    if r is None:
        return [(f"throughput ({mb:.1f} MB corpus)", f"> {timeout:.0f} s", "timed out")]
    if profile is not None:
        profile.append(r["profile"])
    return [(
        f"throughput: `reportparse.parse` on a {mb:.1f} MB corpus",
        f"1/{r['parse'] / r['naive']:.1f} of the naive heading pass",
        f"{mb / r['parse']:.2f} MB/s (median of {len(r.get('parses', [0]))}); naive line-regex heading pass "
        f"{mb / r['naive']:.1f} MB/s (median of {r['naive_runs']}), one `regex.finditer` split "
        f"{mb / r['floor']:.0f} MB/s; {r['sections']:,} sections, {r['noise']:,} noise items",
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
    r = _measure(path, timeout, traced=True)
    mb = path.stat().st_size / MB
    if r is None:
        return [(f"memory: peak RSS, {mb:.0f} MB input", f"> {timeout:.0f} s", "timed out")]
    peak = r["peak_rss_kb"] * 1024 / MB
    grew = (r["peak_rss_kb"] - r["rss_before_kb"]) * 1024 / MB
    rows = [(
        f"memory: peak traced, {mb:.1f} MB input",
        f"{r['traced_records'] / r['bytes']:.1f}x input (command's path)",
        f"`parse_records` {r['traced_records'] / r['bytes']:.1f}x, `reportparse.parse` (pydantic model) "
        f"{r['traced_parse'] / r['bytes']:.1f}x; peak RSS {peak:.0f} MB = {peak / mb:.1f}x "
        f"(parse added {grew:.0f} MB); parse {r['parse']:.1f} s",
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
                 f"peak RSS {cli_peak:.0f} MB; {seconds:.1f} s"))
    for name, build, unit in (("short headings", lambda n: "".join(f"{i % 999 + 1}、标题\n" for i in range(n)),
                               "section"),
                              ("footer lines", lambda n: "".join(f"第 {i % 999 + 1} 页 共 999 页\n" for i in range(n)),
                               "noise item")):
        n = max(5000, size // 500)
        node = _measure(_write(tmp, "nodes.txt", build(n)), timeout, traced=True)
        if node is None:
            rows.append((f"memory per {unit}", f"> {timeout:.0f} s", "timed out"))
            continue
        rows.append((f"memory per {unit} ({n:,} {name})", f"{node['traced_records'] / n:.0f} B",
                     f"peak traced per {unit}: `parse_records` {node['traced_records'] / n:.0f} B, "
                     f"`reportparse.parse` {node['traced_parse'] / n:.0f} B"))
    return rows


def bench_batch(tmp: Path, files: int, timeout: float) -> list[Row]:
    """Files/s at --jobs 1 and --jobs CPUs, the speed-up, and the share of the --jobs 1 time spent
    outside the parse (the parse of the same files in one process, measured in this run)."""
    src = tmp / "batch-in"
    src.mkdir()
    for i in range(files):
        (src / f"{i:05d}.txt").write_text(corpus(60_000, seed=100 + i), encoding="utf-8")
    code = ("import sys, time, pathlib; from reportparse.pipeline import parse_records; "
            "data = [p.read_bytes() for p in sorted(pathlib.Path(sys.argv[1]).glob('*.txt'))]; "
            "t0 = time.perf_counter(); [parse_records(d) for d in data]; print(time.perf_counter() - t0)")
    parse = float(subprocess.run([sys.executable, "-c", code, str(src)], capture_output=True, text=True,
                                 timeout=timeout, check=True).stdout)
    mb = sum(p.stat().st_size for p in src.iterdir()) / MB
    rows, rates = [], {}
    cpus = os.cpu_count() or 1
    for jobs in sorted({1, cpus}):
        out = tmp / f"batch-out-{jobs}"
        cmd = [*_cli(), "batch", str(src), "--out", str(out), "--jobs", str(jobs), "--quiet"]
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
        rates[jobs] = files / dt
        extra = (f"; {1 - parse / dt:.0%} of the time outside the parse ({parse:.1f} s in one process)"
                 if jobs == 1 else f"; speed-up {rates[jobs] / rates[1]:.2f}x over --jobs 1" if 1 in rates else "")
        rows.append((f"batch: {files} files ({mb:.1f} MB), --jobs {jobs}", f"{files / dt:.0f} files/s",
                     f"{dt:.1f} s, {mb / dt:.2f} MB/s{extra}"))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, for a fast check")
    ap.add_argument("--timeout", type=float, help="seconds allowed per parse (default 120, quick 60)")
    ap.add_argument("--runs", type=int, help="start-up runs to take the median of (default 15, quick 10)")
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
    runs = args.runs or (10 if quick else 15)
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
            ("batch", lambda: bench_batch(tmp, 200 if quick else 400, timeout)),
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
