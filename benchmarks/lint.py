"""Lint benchmark, run by hand: ``python benchmarks/lint.py [--gold DIR] [--per-doc N] [--json]``.

Measures ``reportparse check`` (the default rules) on the dev corpus gold
(``../shared/corpus/gold/*.json``, sources beside it):

(a) precision: findings per 100 gold headings on the unmodified documents;
(b) recall: one numbering defect at a time is written into a document, at a gold
    heading in the middle of a sibling run of at least 3 consecutive numbers
    (it has a predecessor and a successor in the run), and the finding that
    names it must appear within one line:

    ========  =====================================  ========  ==================
    edit      what is written                        expected  where
    ========  =====================================  ========  ==================
    delete    the heading's line is removed          H101      the next sibling
    dup       its number is the one before (三 → 二)   H102      the heading
    back2     its number minus 2, never 1 (五 → 三)    H104      the heading
    swap      ``、`` ↔ ``.`` after the number            H105      the heading
    double    the punctuation twice (``二、、`` ``3..``)   H106      the heading
    ========  =====================================  ========  ==================

(c) noise of an edit: findings of the edited document that the unmodified one
    does not have (lines mapped across a deletion), less the expected one and
    those between the line before the edit and the line after the next sibling
    (where the edit's consequences lie), per edit.

Only headings whose marker starts their line (after indentation or ``#``) are
edited; ``swap`` and ``double`` apply to the ``、``/``.`` families (一、 1.).
``--per-doc N`` takes at most N eligible headings per document and edit, evenly
spread (0: all). Prints Markdown tables; ``--verbose`` lists each miss and each
unexplained finding.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_GOLD = ROOT.parent / "shared" / "corpus" / "gold"

EXPECTED = {"delete": "H101", "dup": "H102", "back2": "H104", "swap": "H105", "double": "H106"}
_CN_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Heading:
    """A gold heading where an edit can be written."""

    index: int  # in the gold list
    line: int
    start: int  # offset of the marker's number in the line
    end: int  # end of the number
    punct: tuple[int, int] | None  # span of the punctuation after the number, for 、/. families
    ordinal: int
    previous: int  # ordinal of the sibling before
    next_line: int  # line of the sibling after
    chinese: bool  # the number is written in Chinese numerals


@dataclass
class Doc:
    name: str
    text: str
    lines: list[str]
    ends: list[str]
    headings: int
    editable: list[Heading] = field(default_factory=list)


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (1 to 9999)."""
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += ("" if (unit == 10 and digit == 1 and not out) else _CN_DIGITS[digit]) + name
    return out


def load(gold_path: Path) -> Doc:
    """The gold document's text (decoded as reportparse does) and its editable headings."""
    from reportparse.decode import decode
    from reportparse.markers.table import match_marker
    from reportparse.source import SourceText, normalise

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = decode((gold_path.parent.parent / gold["doc"]).read_bytes()).text
    src = SourceText.from_text(text)
    lines = [src.line(n) for n in range(1, len(src.starts) + 1)]
    ends = [text[src.ends[i]:src.starts[i + 1]] if i + 1 < len(src.starts) else "" for i in range(len(lines))]
    doc = Doc(gold_path.stem, text, lines, ends, len(gold["headings"]))

    # siblings: the gold headings under one parent, by marker family
    stack: list[int] = []
    children: dict[int, list[int]] = {}
    for i, h in enumerate(gold["headings"]):
        del stack[int(h["depth"]) - 1:]
        children.setdefault(stack[-1] if stack else -1, []).append(i)
        stack.append(i)
    info: dict[int, Any] = {}
    for i, h in enumerate(gold["headings"]):
        mm = match_marker(normalise(h["marker"]).strip(), 0)
        if mm is not None:
            info[i] = mm
    for kids in children.values():
        by_family: dict[str, list[int]] = {}
        for i in kids:
            if i in info:
                by_family.setdefault(info[i].family.id, []).append(i)
        for seq in by_family.values():
            for a, b, c in zip(seq, seq[1:], seq[2:], strict=False):
                oa, ob, oc = info[a].ordinal, info[b].ordinal, info[c].ordinal
                if ob == oa + 1 and oc == ob + 1:
                    heading = _locate(gold["headings"][b], b, info[b], oa, gold["headings"][c]["line"], lines)
                    if heading is not None:
                        doc.editable.append(heading)
    doc.editable.sort(key=lambda h: h.line)
    return doc


def _locate(h: dict[str, Any], index: int, mm: Any, previous: int, next_line: int,
            lines: list[str]) -> Heading | None:
    """The heading's number and punctuation in its line, if its marker starts the line."""
    from reportparse.source import normalise

    line = int(h["line"])
    if not 1 <= line <= len(lines):
        return None
    view = normalise(lines[line - 1])
    at = 0
    while at < len(view) and view[at] in " #":
        at += 1
    match = mm.family.match(view, at)
    if match is None or normalise(h["marker"]).strip().replace(" ", "") != \
            view[match.start():match.end()].replace(" ", ""):
        return None
    start, end = match.span("num")
    number = view[start:end]
    if not (number.isdigit() or all(ch in "零〇一二三四五六七八九十百千两" for ch in number)):
        return None
    punct = None
    if mm.family.id in ("zh-dun", "arabic") and match.group("punct"):
        punct = match.span("punct")
    return Heading(index, line, start, end, punct, mm.ordinal, previous, next_line, not number.isdigit())


def _numeral(h: Heading, n: int) -> str:
    return chinese_numeral(n) if h.chinese else str(n)


def edited(doc: Doc, h: Heading, kind: str) -> tuple[str, int] | None:
    """The text with edit ``kind`` at ``h``, and the line where its finding belongs; None if
    the edit does not apply to this heading."""
    lines = list(doc.lines)
    line = lines[h.line - 1]
    expect = h.line
    if kind == "delete":
        del lines[h.line - 1]
        ends = doc.ends[:h.line - 1] + doc.ends[h.line:]
        return "".join(a + b for a, b in zip(lines, ends, strict=True)), h.next_line - 1
    if kind == "dup":
        line = line[:h.start] + _numeral(h, h.previous) + line[h.end:]
    elif kind == "back2":
        if h.ordinal - 2 < 2:
            return None
        line = line[:h.start] + _numeral(h, h.ordinal - 2) + line[h.end:]
    elif kind in ("swap", "double"):
        if h.punct is None:
            return None
        a, b = h.punct
        punct = line[a:b]
        if kind == "swap":
            new = "." if "、" in punct else "、"
        else:
            new = punct + punct
        line = line[:a] + new + line[b:]
    lines[h.line - 1] = line
    return "".join(a + b for a, b in zip(lines, doc.ends, strict=True)), expect


def findings(text: str) -> list[tuple[str, int, str]]:
    """``(code, line, message)`` of each finding of the default rules."""
    import reportparse
    from reportparse.lint import check

    return [(d.code, d.line, d.message) for d in check(reportparse.parse(text))]


def spread(items: list[Heading], n: int) -> list[Heading]:
    """At most ``n`` of ``items``, evenly spread (all of them when ``n`` is 0)."""
    if n <= 0 or len(items) <= n:
        return items
    return [items[round(i * (len(items) - 1) / (n - 1))] for i in range(n)] if n > 1 else [items[len(items) // 2]]


_DOCS: dict[str, Doc] = {}
_BASE: dict[str, list[tuple[str, int, str]]] = {}


def _init(gold_dir: str) -> None:
    for path in sorted(Path(gold_dir).glob("*.json")):
        doc = load(path)
        _DOCS[doc.name] = doc
        _BASE[doc.name] = findings(doc.text)


def _run_edit(task: tuple[str, int, str]) -> dict[str, Any] | None:
    name, k, kind = task
    doc = _DOCS[name]
    h = doc.editable[k]
    made = edited(doc, h, kind)
    if made is None:
        return None
    text, expect = made
    after = findings(text)
    code = EXPECTED[kind]
    found = any(c == code and abs(line - expect) <= 1 for c, line, _ in after)
    before: Counter[tuple[str, int]] = Counter()
    for c, line, _ in _BASE[name]:
        if kind == "delete" and line == h.line:
            continue
        before[c, line - 1 if kind == "delete" and line > h.line else line] += 1
    region = (h.line - 1, (h.next_line - (kind == "delete")) + 1)
    unexplained = []
    for c, line, message in after:
        if before[c, line] > 0:
            before[c, line] -= 1
        elif not (c == code and abs(line - expect) <= 1) and not region[0] <= line <= region[1]:
            unexplained.append(f"{c} L{line} {message}")
    return {"doc": name, "kind": kind, "line": h.line, "found": found, "unexplained": unexplained}


def tasks(per_doc: int) -> Iterator[tuple[str, int, str]]:
    for name, doc in _DOCS.items():
        for kind in EXPECTED:
            usable = [h for h in doc.editable if edited(doc, h, kind) is not None]
            for h in spread(usable, per_doc):
                yield name, doc.editable.index(h), kind


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(DEFAULT_GOLD), help="folder of gold *.json (sources beside it)")
    ap.add_argument("--per-doc", type=int, default=12, help="edits per document and kind (0: all)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--verbose", action="store_true", help="list misses and unexplained findings")
    args = ap.parse_args(argv)
    if not Path(args.gold).is_dir():
        print(f"lint benchmark: {args.gold}: no such folder", file=sys.stderr)
        return 2
    _init(args.gold)
    headings = sum(d.headings for d in _DOCS.values())
    base = Counter(c for f in _BASE.values() for c, _, _ in f)
    total = sum(base.values())
    todo = list(tasks(args.per_doc))
    with ProcessPoolExecutor(args.jobs, initializer=_init, initargs=(args.gold,)) as pool:
        results = [r for r in pool.map(_run_edit, todo, chunksize=4) if r is not None]
    per_kind: dict[str, list[dict[str, Any]]] = {k: [] for k in EXPECTED}
    for r in results:
        per_kind[r["kind"]].append(r)
    n_edits = len(results)
    n_found = sum(r["found"] for r in results)
    n_unexplained = sum(len(r["unexplained"]) for r in results)
    figures = {
        "documents": len(_DOCS), "headings": headings, "findings": total,
        "findings_per_100_headings": round(100 * total / max(headings, 1), 2),
        "findings_by_code": dict(sorted(base.items())),
        "edits": n_edits, "found": n_found, "found_rate": round(n_found / max(n_edits, 1), 4),
        "unexplained": n_unexplained, "unexplained_per_edit": round(n_unexplained / max(n_edits, 1), 3),
        "by_edit": {k: {"code": EXPECTED[k], "edits": len(v), "found": sum(r["found"] for r in v),
                        "unexplained": sum(len(r["unexplained"]) for r in v)} for k, v in per_kind.items()},
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print(f"| lint benchmark ({len(_DOCS)} documents, {headings} gold headings) | result | target |")
        print("|---|---|---|")
        print(f"| findings per 100 headings, unmodified | {figures['findings_per_100_headings']} "
              f"({total}: {', '.join(f'{c} {n}' for c, n in sorted(base.items())) or 'none'}) | ≤ 3 |")
        print(f"| injected defects found within one line | {100 * figures['found_rate']:.1f} % "
              f"({n_found} of {n_edits}) | ≥ 95 % |")
        for k, v in figures["by_edit"].items():
            rate = 100 * v["found"] / max(v["edits"], 1)
            print(f"| — {k} → {v['code']} | {rate:.1f} % ({v['found']} of {v['edits']}); "
                  f"{v['unexplained']} unexplained | |")
        print(f"| unexplained new findings per edit | {figures['unexplained_per_edit']} "
              f"({n_unexplained} in {n_edits} edits) | ≤ 0.1 |")
    if args.verbose:
        for r in results:
            if not r["found"]:
                print(f"miss: {r['doc']} {r['kind']} L{r['line']}", file=sys.stderr)
            for u in r["unexplained"]:
                print(f"unexplained: {r['doc']} {r['kind']} L{r['line']}: {u}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
