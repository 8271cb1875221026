"""Check that a change leaves every output as it was: ``python benchmarks/same_outputs.py save DIR``
writes the JSON of each input (with and without ``--keep-noise``) into DIR; ``... compare DIR``
parses the same inputs again and lists every output that differs (exit 1 if any does).

The inputs: ``samples/*.txt``, the dev corpus beside the checkout (``../shared/corpus/real`` and
``seeds``) when it is there, the files given with ``--add``, and the benchmark's pathological
shapes at a small scale. Run ``save`` with the old code and ``compare`` with the new one.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


def inputs(extra: list[Path]) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each input to check."""
    from corpus import PATHOLOGICAL, corpus

    shared = ROOT.parent / "shared" / "corpus"
    paths = [*sorted(ROOT.glob("samples/*.txt")), *sorted((shared / "real").glob("*.txt")),
             *sorted((shared / "seeds").glob("*.txt")), *extra]
    for path in paths:
        yield f"{path.parent.name}-{path.name}", path.read_bytes()
    yield "generated-corpus", corpus(300_000, seed=7).encode("utf-8")
    for i, (_name, build) in enumerate(PATHOLOGICAL):
        yield f"pathological-{i:02d}", build(0.002).encode("utf-8")


def outputs(extra: list[Path]) -> Iterator[tuple[str, str]]:
    """(file name, JSON) of each input, parsed as is and with ``keep_noise``."""
    from reportparse.errors import ReportParseError
    from reportparse.pipeline import parse_records
    from reportparse.render.to_json import to_json

    for name, data in inputs(extra):
        for keep in (False, True):
            try:
                out = to_json(parse_records(data, keep_noise=keep, source=name), indent=2)
            except ReportParseError as exc:
                out = f"{type(exc).__name__}: {exc}"
            yield f"{name}{'.keep' if keep else ''}.json", out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["save", "compare"])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--add", type=Path, nargs="*", default=[], help="more input files")
    args = ap.parse_args(argv)
    if args.action == "save":
        args.dir.mkdir(parents=True, exist_ok=True)
    differ = checked = 0
    for name, out in outputs(args.add):
        target = args.dir / name
        checked += 1
        if args.action == "save":
            target.write_text(out, encoding="utf-8")
            continue
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if old != out:
            differ += 1
            digest = hashlib.sha1(out.encode("utf-8")).hexdigest()[:10]
            print(f"DIFFERS: {name} ({'missing' if old is None else 'changed'}; new sha1 {digest})")
    verb = "saved" if args.action == "save" else "compared"
    print(f"{checked} outputs {verb}" + (f", {differ} differ" if args.action == "compare" else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
