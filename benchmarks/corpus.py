"""Benchmark inputs: a large corpus varied from samples/*.txt (or generated), and pathological texts.

Generated reports are built from fragments written for this project.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
_CN = "一二三四五六七八九十"
_TITLES = [
    "总体情况", "主要做法", "存在问题", "下一步工作打算", "指导思想", "工作目标", "保障措施",
    "加强组织领导", "强化资金管理", "推进项目建设", "优化营商环境", "提升服务水平", "完善制度体系",
]
_SENTENCES = [
    "今年以来，全县上下认真贯彻落实各项决策部署，经济社会保持平稳健康发展。",
    "全年完成地区生产总值{n}亿元，同比增长{p}%。",
    "我们坚持问题导向，聚焦重点领域和关键环节，",
    "扎实推进各项工作落地见效。",
    "共组织培训{k}场次，参训人员{m}人次。",
    "但也要清醒地看到，工作中还存在一些不足：",
    "一是统筹协调力度不够；二是基层基础仍然薄弱；三是干部作风有待进一步改进。",
    "下一步，我们将进一步完善工作机制，狠抓责任落实，",
    "确保全年目标任务圆满完成。",
    "截至{k}月底，累计投入资金{n}万元，",
    "项目总投资{n}亿元，其中中央补助{p}亿元。",
]


def _sentence(rng: random.Random) -> str:
    return rng.choice(_SENTENCES).format(
        n=rng.randint(10, 9999), p=round(rng.uniform(0.5, 15), 1), k=rng.randint(1, 12), m=rng.randint(50, 9000)
    )


def generated_report(rng: random.Random) -> str:
    """One report of a few pages: title, 一、/（一）/1. headings, body, page footers."""
    lines = [f"某某县{rng.choice(['2023', '2024', '2025'])}年工作总结", ""]
    for i in range(rng.randint(3, 6)):
        lines.append(f"{_CN[i]}、{rng.choice(_TITLES)}")
        for j in range(rng.randint(0, 4)):
            lines.append(f"（{_CN[j]}）{rng.choice(_TITLES)}")
            for k in range(rng.randint(0, 3)):
                lines.append(f"{k + 1}.{rng.choice(_TITLES)}。{_sentence(rng)}")
            for _ in range(rng.randint(1, 3)):
                lines.append("\u3000\u3000" + "".join(_sentence(rng) for _ in range(rng.randint(2, 6))))
    pages = max(1, len(lines) // 25)
    out: list[str] = []
    for n, line in enumerate(lines):
        out.append(line)
        if n and n % 25 == 0:
            page = n // 25
            footer = rng.choice([f"第 {page} 页 共 {pages} 页", f"- {page} -", f"{page}/{pages}"])
            if rng.random() < 0.3 and len(out[-1]) > 10:
                cut = rng.randint(1, len(out[-1]) - 1)
                out[-1] = out[-1][:cut] + footer + out[-1][cut:]  # glued mid-sentence
            else:
                out.append(footer)
    return "\n".join(out) + "\n"


def samples() -> list[str]:
    """The texts in samples/*.txt (decoded as reportparse would), or [] if there are none."""
    import reportparse
    from reportparse.decode import decode

    texts = []
    for path in sorted((ROOT / "samples").glob("*.txt")):
        try:
            texts.append(decode(path.read_bytes()).text)
        except reportparse.ReportParseError:
            continue
    return texts


def _vary(text: str, rng: random.Random) -> str:
    """A variant of ``text``: other figures, and some body lines dropped or repeated."""
    text = regex.sub(r"(?<=\d)\d", lambda _m: str(rng.randint(0, 9)), text)
    out = []
    for line in text.splitlines(keepends=True):
        if len(line) > 60 and rng.random() < 0.1:
            continue
        out.append(line)
        if len(line) > 60 and rng.random() < 0.1:
            out.append(line)
    return "".join(out)


def corpus(size: int, seed: int = 0) -> str:
    """Report-like text of about ``size`` bytes in UTF-8: varied samples, else generated reports."""
    rng = random.Random(seed)
    base = samples()
    parts: list[str] = []
    total = 0
    while total < size:
        part = _vary(rng.choice(base), rng) if base else generated_report(rng)
        parts.append(part if part.endswith("\n") else part + "\n")
        total += len(parts[-1].encode("utf-8"))
    return "".join(parts)


def _glued_line(size: int) -> str:
    """One line of about ``size`` UTF-8 bytes: sentences glued with headings of several families."""
    body = "今年全县财政收入稳步增长，各项支出得到有效保障。" * 3
    parts, n, i = [], 0, 0
    while n < size:
        part = f"{body}{_CN[i % 10]}、总体情况。（{_CN[i % 10]}）收入；{i % 999 + 1}、税收。"
        parts.append(part)
        n += len(part.encode("utf-8"))
        i += 1
    return "".join(parts)


_LINE = "今年工作顺利完成各项任务，"  # 39 bytes in UTF-8
# A one-line dump: headings, body and a page footer glued together.
_DUMP = "一、总体情况今年工作顺利。（一）主要做法做法如下，第 3 页 共 9 页 效果良好。1、具体措施措施如下。"

#: (name, builder): ``builder(scale)`` gives the input; scale 1.0 gives the sizes in the name.
PATHOLOGICAL: list[tuple[str, Callable[[float], str]]] = [
    ("100k marker lines (一、)", lambda s: "一、\n" * int(100_000 * s)),
    ("100k numbered headings (1、…999、)", lambda s: "".join(
        f"{i % 999 + 1}、标题\n" for i in range(int(100_000 * s)))),
    ("100k inline markers (。（一）)", lambda s: "今年。（一）收入。" * int(100_000 * s)),
    ("one 10 MB line, no breaks", lambda s: _LINE * int(10_000_000 * s / 39)),
    ("one 10 MB line, headings glued", lambda s: _glued_line(int(10_000_000 * s))),
    ("1.1.1… nested 50 deep, 2,000 times", lambda s: "".join(
        ".".join(["1"] * d) + " 标题\n" for d in range(1, 51)) * int(2000 * s)),
    ("100k footer lines (第 N 页 共 M 页)", lambda s: "".join(
        f"第 {i % 999 + 1} 页 共 999 页\n" for i in range(int(100_000 * s)))),
    ("100k footers glued mid-line", lambda s: "".join(
        f"正文第 {i % 999 + 1} 页 共 999 页继续。\n" for i in range(int(100_000 * s)))),
    ("100k page-number lines", lambda s: "".join(f"{i % 9999 + 1}\n" for i in range(int(100_000 * s)))),
    # Issue 11: dense markers, brackets and footers (each once quadratic or dear per item).
    ("(1) x 100k on one line", lambda s: "(1)" * int(100_000 * s)),
    ("（（（（1）））） x 10k on one line", lambda s: "（（（（1））））" * int(10_000 * s)),
    ("（1） x 12k on one line", lambda s: "（1）" * int(12_000 * s)),
    ("一、二、三、 x 60k on one line", lambda s: "一、二、三、" * int(60_000 * s)),
    ("一、（一）1、（1）①a) x 40k on one line", lambda s: "一、（一）1、（1）①a)" * int(40_000 * s)),
    ("one 3 MB line, page footers inside", lambda s: _DUMP * int(3_000_000 * s / len(_DUMP.encode("utf-8")))),
    ("1,500 lines of 200 （ then 一）标题", lambda s: ("（" * 200 + "一）标题\n") * int(1_500 * s)),
    ("52,632 lines of 一、总体情况 (1 MB)", lambda s: "一、总体情况\n" * int(52_632 * s)),
    ("100k lines of 1.1.1.1.1 标题", lambda s: "1.1.1.1.1 标题\n" * int(100_000 * s)),
    ("100k footer lines, 第 1/2 页 共 2 页 alternating", lambda s: "".join(
        f"第 {i % 2 + 1} 页 共 2 页\n" for i in range(int(100_000 * s)))),
    # Issue 14: a heading line and a paragraph line, 20k times over (~30 us a pair once).
    ("20k pairs of 1. / 1.1 lines", lambda s: "1.\n1.1\n" * int(20_000 * s)),
]
