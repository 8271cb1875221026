"""Atheris fuzz target: ``reportparse.parse`` on arbitrary bytes and text.

Only :class:`reportparse.ReportParseError` may escape; any other exception is a crash.
Run for a bounded time (libFuzzer flags pass through)::

    pip install atheris
    python fuzz/fuzz_parse.py -max_total_time=300 -timeout=20 -artifact_prefix=fuzz/crashes/

Without a corpus directory on the command line, a temporary one is seeded with
report-like texts. Each crash found becomes a test in ``tests/test_regressions.py``.
"""

from __future__ import annotations

import os
import sys
import tempfile

import atheris

with atheris.instrument_imports(include=["reportparse"]):
    import reportparse

_SEEDS = [
    "某某县2024年工作总结\n\n一、总体情况\n今年全县财政收入稳步增长，第 2 页 共 4 页各项支出得到保障。\n"
    "（一）收入\n1.税收收入12.5亿元。\n（二）支出\n二、存在问题\n",
    "第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于全市。\n第二章 附则\n",
    "1 概述\n1.1 项目背景\n1.1.1 建设内容\n1.2 目标\n2 方案\n- 3 -\n",
    "## 指导思想\n坚持问题导向。一、加强领导；二、落实责任。\n“一、引用的标题”\n（\n三）拆开的括号\n",
    "目录\n一、总体情况......3\n转载请注明出处\n<p>正文<U+00A0>内容</p>\n①第一项\n⑵第二项\n",
]


def test_one_input(data: bytes) -> None:
    """Parse ``data`` as bytes, and (by its first byte) also as text."""
    if data[:1] == b"\x00" and len(data) > 1:
        fdp = atheris.FuzzedDataProvider(data[1:])
        text = fdp.ConsumeUnicode(len(data))
        try:
            reportparse.parse(text)
        except reportparse.ReportParseError:
            pass
        return
    try:
        reportparse.parse(data)
    except reportparse.ReportParseError:
        pass


def _seed_dir() -> str:
    path = tempfile.mkdtemp(prefix="reportparse-fuzz-")
    for i, seed in enumerate(_SEEDS):
        for j, codec in enumerate(("utf-8", "gb18030", "utf-16")):
            with open(os.path.join(path, f"seed{i}{j}"), "wb") as fh:
                fh.write(seed.encode(codec))
    return path


def main() -> None:
    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):
        argv.append(_seed_dir())
        print(f"corpus: {argv[-1]} (seeded; kept after the run)", file=sys.stderr)
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
