"""The parser's records and the JSON written from them: the same document as the pydantic model,
byte for byte, without importing pydantic on the command line's path."""

from __future__ import annotations

import gc
import inspect
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import reportparse
from reportparse import model, records
from reportparse.pipeline import parse_records
from reportparse.render.to_json import iter_json, to_json

ROOT = Path(__file__).resolve().parent.parent
#: the samples, the test fixtures and (beside a worktree) the dev corpus
TEXTS = sorted([*ROOT.glob("samples/*.txt"), *ROOT.glob("tests/fixtures/*.txt"),
                *(ROOT.parent / "shared" / "corpus" / "real").glob("*.txt")])

# Text of our own with every kind of node: title, front matter, nested and inline headings,
# furniture, a decoding warning, characters JSON escapes, and an outline gap.
MIXED = ("年度工作报告\n前言一段。\n一、总体情况\n今年工作\"顺利\"\\完成。\t制表\x01符\n（一）主要做法\n"
         "做法一。（二）内联小节\n内容。\n第 1 页 共 3 页\n三、存在问题\n1.1 细项\n1.1.1 更细\n"
         "二〇二四年十二月\n").encode() + b"\xff\n"


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_json_of_records_is_the_models_json(path: Path) -> None:
    rec = parse_records(path.read_bytes(), source=path.name)
    doc = model.from_records(rec)
    for indent in (2, None, 4):
        expected = doc.model_dump_json(indent=indent)
        assert to_json(rec, indent=indent) == expected
        assert to_json(doc, indent=indent) == expected


def test_json_of_every_kind_of_node() -> None:
    rec = parse_records(MIXED, source="混合.txt")
    assert rec.title and rec.paragraphs and rec.noise and rec.warnings
    assert any(s.children for s in rec.sections) and any(s.inline for s in rec.walk())
    doc = reportparse.parse(MIXED, source="混合.txt")
    assert doc == model.from_records(rec)
    for indent in (0, 1, 2, None):
        assert to_json(rec, indent=indent) == doc.model_dump_json(indent=indent)
        assert "".join(iter_json(rec, indent=indent)) == doc.model_dump_json(indent=indent)


def test_deep_and_wide_trees_come_in_pieces() -> None:
    deep = "".join(f"{'.'.join(['1'] * k)} 标题{k}\n正文。\n" for k in range(1, 40))
    wide = "".join(f"{k}、标题\n正文{k}。\n" for k in range(1, 3000))
    for text in (deep, wide):
        rec = parse_records(text)
        pieces = list(iter_json(rec))
        assert "".join(pieces) == model.from_records(rec).model_dump_json(indent=2)
    assert len(pieces) > 1


@pytest.mark.parametrize("name", ["Span", "Paragraph", "NoiseItem", "Diagnostic", "Section", "Metadata",
                                  "Document"])
def test_records_have_the_models_fields(name: str) -> None:
    rec, mod = getattr(records, name), getattr(model, name)
    assert list(rec.__slots__) == list(mod.model_fields)
    params = inspect.signature(rec).parameters
    assert list(params) == list(mod.model_fields)
    required = {n for n, p in params.items() if p.default is inspect.Parameter.empty}
    assert required == {n for n, f in mod.model_fields.items() if f.is_required()}
    made = rec(**{n: object() for n in required})  # the defaults of the others
    for n in set(params) - required:
        assert getattr(made, n) == mod.model_fields[n].get_default(call_default_factory=True)


def test_command_line_json_does_not_import_pydantic(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(MIXED)
    code = ("import sys\nfrom reportparse.cli import main\n"
            "try:\n    main(['parse', sys.argv[1], '--format', 'json'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'rich', 'reportparse.model')"
            " or m == 'reportparse.model'), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, str(report)], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "[]"
    assert done.stdout == model.from_records(parse_records(MIXED, source=str(report))).model_dump_json(indent=2) + "\n"


@pytest.mark.parametrize(("line", "count"), [
    (lambda i: f"{i % 999 + 1}、标题\n", lambda rec: len(rec.walk())),
    (lambda i: f"第 {i % 999 + 1} 页 共 999 页\n", lambda rec: len(rec.noise)),
], ids=["section", "noise-item"])
def test_a_record_keeps_under_a_kilobyte(line: Callable[[int], str], count: Callable[[Any], int]) -> None:
    # what the parse keeps per node (the record, its span, lists and strings, and its share of the
    # source text), measured by the allocator
    data = "".join(line(i) for i in range(5000)).encode()
    gc.collect()
    tracemalloc.start()
    try:
        rec = parse_records(data)
        kept, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count(rec) == 5000
    assert kept / 5000 <= 1024


def _report(n: int) -> str:
    """Report-like text of ``n`` pages: headings of three levels, paragraphs of 100 to 200
    characters, page footers."""
    cn = "一二三四五六七八九十"
    out = []
    for i in range(n):
        out.append(f"{cn[i % 10]}、第{i + 1}部分工作情况\n（一）主要做法\n")
        out.append("\u3000\u3000" + "".join(f"全年完成投资{i * 7 % 900 + k}万元，同比增长{k % 9 + 1}.5%，"
                                             "各项任务按期推进，重点项目建设取得明显成效。" for k in range(4)) + "\n")
        out.append("1.强化组织保障。" + f"成立工作专班{i % 5 + 2}个，明确责任分工，每月调度一次，" * 3 + "确保落实。\n\n")
        out.append(f"第 {i + 1} 页 共 {n} 页\n")
    return "".join(out)


@pytest.mark.parametrize(("data", "per", "bound"), [
    ("".join(f"{i % 999 + 1}、标题\n" for i in range(5000)), 5000, 1024),  # bytes at the peak per section
    ("".join(f"第 {i % 999 + 1} 页 共 999 页\n" for i in range(5000)), 5000, 1024),  # per noise item
    (_report(2000), None, 8),  # times the input
], ids=["section", "noise-item", "report"])
def test_the_parse_peaks_under_a_kilobyte_a_node_and_8x_the_input(data: str, per: int | None, bound: float) -> None:
    # the peak while parsing, all stages' lines, candidates and records alive at once
    raw = data.encode()
    parse_records("一、总体情况\n")  # compiled patterns and caches are not the input's
    gc.collect()
    tracemalloc.start()
    try:
        parse_records(raw)
        _kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak / (per or len(raw)) <= bound
