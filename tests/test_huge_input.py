"""Huge inputs through the installed command: a 100 MB file and a file of one 10 MB line.

They take a minute or two, so the default run leaves them out; ``pytest -m huge`` runs them
(and ``.ci/run`` does). Each must give its full result, exit 0 and say nothing on stderr.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from installed import command

pytestmark = pytest.mark.huge

_CHAPTERS = 4000
_ITEMS = 10


def _chapter(n: int) -> str:
    body = ("本章所列各项工作已按计划推进，完成年度目标任务的百分之九十以上，"
            "资金使用规范，群众满意度持续提升。") * 17
    items = "".join(f"{k}、第{k}项重点任务\n{body}\n" for k in range(1, _ITEMS + 1))
    return f"第{n}章 工作情况\n{items}第 {n} 页 共 {_CHAPTERS} 页\n"


def test_a_100_mb_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as fh:
        for n in range(1, _CHAPTERS + 1):
            fh.write(_chapter(n))
    assert path.stat().st_size >= 100_000_000
    out = tmp_path / "huge.outline"
    done = subprocess.run([*command(), "parse", str(path), "--format", "outline", "-o", str(out)],
                          capture_output=True, timeout=1200)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == _CHAPTERS * (_ITEMS + 1)
    assert lines[0] == "第1章 工作情况 [zh-chapter d1 L1]"
    assert lines[-1].startswith(f"  {_ITEMS}、第{_ITEMS}项重点任务 [arabic d2 ")


def test_a_file_of_one_10_mb_line(tmp_path: Path) -> None:
    unit = "一、总体情况。今年全县财政收入稳步增长，各项支出得到有效保障。（一）收入。税收收入稳定增长。"
    text = unit * (10_000_000 // len(unit.encode("utf-8")) + 1)
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size >= 10_000_000
    out = tmp_path / "one-line.json"
    done = subprocess.run([*command(), "parse", str(path), "--compact", "-o", str(out)],
                          capture_output=True, timeout=1200)
    assert done.returncode == 0, done.stderr.decode()
    doc = json.loads(out.read_text(encoding="utf-8"))
    kept = doc["title"] or ""
    kept += "".join(p["text"] for p in doc["paragraphs"])

    def walk(sections: list[dict]) -> str:
        return "".join(s["marker"] + s["title"] + "".join(p["text"] for p in s["paragraphs"])
                       + walk(s["children"]) for s in sections)

    kept += walk(doc["sections"])
    strip = str.maketrans("", "", "。，、（） ")
    assert len(kept.translate(strip)) == len(text.translate(strip))  # nothing lost
