"""Patterns compiled on first use (reportparse.patterns)."""

from __future__ import annotations

import importlib
import json
import pkgutil
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from pattern_strings import as_re, strings_of

import reportparse
from reportparse.markers.table import _STARTS, FAMILIES, _families_from, _matchers_from
from reportparse.patterns import GATE_BUDGET, LazyPattern, lazy
from reportparse.source import normalise


def test_a_lazy_pattern_compiles_on_first_use_and_matches_as_compiled() -> None:
    p = lazy(r"(?P<n>\d+)页", regex.IGNORECASE)
    assert p._compiled is None
    eager = regex.compile(r"(?P<n>\d+)页", regex.IGNORECASE)
    text = "第 12页 共 30页"
    assert [m.span() for m in p.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert p._compiled is not None
    assert p.match("7页", 0)["n"] == "7"
    assert p.fullmatch("x7页", 1) is not None and p.search(text).start() == 2
    assert p.sub("#", text) == eager.sub("#", text)
    assert (p.pattern, p.groupindex, p.flags) == (eager.pattern, eager.groupindex, eager.flags)


def test_importing_the_parser_compiles_no_pattern() -> None:
    code = ("import gc, reportparse.pipeline, reportparse.cli\n"
            "from reportparse.patterns import LazyPattern\n"
            "ps = [o for o in gc.get_objects() if isinstance(o, LazyPattern)]\n"
            "print(len(ps), sum(o._compiled is not None for o in ps))")
    found, compiled = map(int, subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                               check=True).stdout.split())
    assert found > 40 and compiled == 0
    assert isinstance(lazy("a"), LazyPattern)


# --- gated patterns: keys that every match holds -------------------------------------------------

_ROOT = Path(__file__).resolve().parent.parent


def _gated() -> dict[str, LazyPattern]:
    found: dict[str, LazyPattern] = {}
    for info in pkgutil.walk_packages(reportparse.__path__, "reportparse."):
        try:
            importlib.import_module(info.name)
        except ImportError:
            continue  # an optional extra that is not installed
    from reportparse.noise import spans
    spans._starts_of("", (), ("qq", "facebook", "twitter", "linkedin", "mail", "copyright", "icp", "contents"), 0)  # make them
    # walk_packages does not go into reportparse.markers (no __init__.py): take what was imported
    modules = {name: m for name, m in sys.modules.items() if name.startswith("reportparse.")}
    for module_name, module in sorted(modules.items()):
        for name, value in vars(module).items():
            if isinstance(value, LazyPattern) and value.keys:
                found.setdefault(f"{module_name}.{name}", value)
            if isinstance(value, dict):  # patterns made as needed (spans._FOLDED)
                found.update({f"{module_name}.{name}[{k!r}]": v for k, v in value.items()
                              if isinstance(v, LazyPattern) and v.keys})
            for slot in getattr(type(value), "__slots__", ()):  # patterns inside (LineStartPattern)
                inner = getattr(value, slot, None)
                if isinstance(inner, LazyPattern) and inner.keys:
                    found.setdefault(f"{module_name}.{name}.{slot}", inner)
    return found


_GATED = _gated()

#: Own lines in the shapes the gated patterns look for (views: full-width ASCII already folded).
_EXAMPLES = """\
以下是小编整理的工作总结，希望对大家有所帮助。本文来自网络，如有侵权请联系删除。转载请注明出处。
欢迎访问本站 请继续关注 下面是为您整理的范文 本文内容来源于互联网 侵删
(请继续关注本站) (点此展开..) 文章标题:年度总结
推荐相关文章: 相关阅读>> 【延伸阅读】 热门推荐: 猜你喜欢»
【字体:大 中 小】【打印本页】【关闭窗口】
【字号 大
】
当前位置:首页>>新闻中心 您的位置: 所在位置 :
首页 | 机构概况 | 新闻中心 | 政务公开
|
打印本页
关闭窗口
返回顶部
<p>正文</p><br/><div class="x"> <!-- 注释 --> <span>
function init() {
var a = 1;
let b = 2; const c = 3; document.write(1) window.open() $(x) jQuery.ajax
第 3 页 共 7 页 共 7 页,第 3 页 Page 3 of 9 PAGE 2/5 - 3 - — 12 — – 4 – ― 5 ―
- 3 -
3/7
第 4 页
p. 12
page 7 - 工作总结
工作总结 第 3 页
- 5 - 年度报告
3月5日,在某镇某村,村民正在劳动。 通讯员 王五 摄 (资料)
2024-03-05 10:20:30
2024年3月5日 10时20分
发布时间:2024-03-05 作者:张三 浏览次数:120 来源:某某网 稿源:某报 编辑:李四 点击量:3 阅读量:5 访问次数:9
更新时间:2024-03-05 发布日期:2024-03-05 日期:2024-03-05 发布者:管理员
(来源:某某日报)
责任编辑:王五
(责任编辑:赵六)
附件:1.实施方案
附件1:名单
附 件 2
[第一章 总则](#ch1) [附录](https://example.com/a)
- [一、总体情况](#s1)
正文
一、总体情况........3
二、存在问题…………5
三、下一步打算····7
四、保障措施------8
五、附则______9
六、其他. . . . 10
一、总体情况    正 文
目 录 CONTENTS Contents 篇
版权所有 ©2024 某某网 Copyright 2024 京ICP备12345678号 公网安备 11010502000001号 网站标识码 ABC123456
上一篇:某某 下一篇:某某 更多精彩请访问 推荐访问某某网
分享到:微信 微博 QQ空间 朋友圈 豆瓣 人人网 抖音 今日头条 百度贴吧 Facebook Twitter LinkedIn 复制链接
下载 打印 全屏 收藏 关闭 返回 扫一扫 字体 字号 E-mail推荐 email 推荐给朋友 我要纠错
首页 上一页 1 2 3 下一页 尾页 末页 主页 详情
点击查看 点此进入 点击图片
记者 张三 通讯员 李四
一、二、三类 三、四季度 1、2号楼 5.6.
今年工作顺利,一、总体情况 完成1、目标
附件 附录A 附表 名词解释: 术语说明 参考文献
第三十条规定的 第二条所称 第一章至第三章 第五条、第六条 第三条第二款 所列 所述 所指
1.2.3 4.5
一季度\t完成\t12人
营业收入　　3260.50\xa0\xa0万元  合计
# 总则
### 二、任务
"""


def _material() -> list[str]:
    texts = [normalise(_EXAMPLES)]
    for path in sorted((_ROOT / "samples").glob("*.txt")):
        data = path.read_bytes()
        try:
            texts.append(normalise(data.decode("utf-8")))
        except UnicodeDecodeError:
            texts.append(normalise(data.decode("gb18030")))  # samples/gbk-work-report.txt
    texts.append(normalise((_ROOT / "tests" / "fixtures" / "outline.txt").read_text(encoding="utf-8")))
    return texts + [line for text in texts for line in text.splitlines()]  # line patterns end at $


_MATERIAL = _material()


def _without(text: str, keys: tuple[str, ...]) -> str:
    """``text`` with every occurrence of the keys taken out (until none is left)."""
    before = None
    while before != text:
        before = text
        for key in keys:
            text = text.replace(key, "")
    return text


def test_every_gated_pattern_is_a_module_name_so_the_tests_below_see_it() -> None:
    import gc
    alive = [o for o in gc.get_objects() if isinstance(o, LazyPattern) and o.keys]
    assert len(_GATED) >= 30 and {id(o) for o in alive} <= {id(o) for o in _GATED.values()}


@pytest.mark.parametrize("name", sorted(_GATED))
def test_a_gated_pattern_finds_nothing_once_its_keys_are_taken_out(name: str) -> None:
    pattern = _GATED[name]
    compiled = regex.compile(pattern.pattern, pattern.flags)
    assert compiled.search("") is None  # an empty match holds no key
    hits = 0
    for text in _MATERIAL:
        hits += compiled.search(text) is not None
        stripped = _without(text, pattern.keys)
        assert compiled.search(stripped) is None, (name, compiled.search(stripped))
    assert hits, f"no example text holds a match of {name}: add one to _EXAMPLES"


@pytest.mark.parametrize("name", sorted(_GATED))
def test_every_string_a_gated_pattern_matches_holds_one_of_its_keys(name: str) -> None:
    pattern = _GATED[name]
    compiled = regex.compile(pattern.pattern, pattern.flags)
    try:
        strings = strings_of(as_re(pattern.pattern), int(pattern.flags), random.Random(name), 3000)
    except re.error:
        pytest.skip("no re spelling of this pattern to draw strings from")
    matched = [s for s in strings if compiled.search(s) is not None]
    assert len(matched) >= 20, f"{name}: too few drawn strings match to test its keys"
    for s in matched:
        assert any(key in s for key in pattern.keys), (s, pattern.keys)


def test_a_gated_pattern_answers_as_compiled_without_compiling_where_no_key_is() -> None:
    p = lazy(r"第[ ]*(\d+)[ ]*页", keys="页頁")
    eager = regex.compile(r"第[ ]*(\d+)[ ]*页")
    text = "第 3 章 共 7 节"
    assert p.search(text) is None and p.match(text) is None and p.fullmatch(text) is None
    assert list(p.finditer(text)) == [] and p.findall(text) == [] and p.sub("#", text) == text
    assert p.subn("#", text) == (text, 0) and p.split(text) == [text] and list(p.splititer(text)) == [text]
    assert p._compiled is None
    assert p.sub("#", "见第 3 页") == eager.sub("#", "见第 3 页")  # a key: compiled, and answers as compiled
    assert p._compiled is not None and p.search(text) is None


def test_a_gated_pattern_compiles_once_it_has_looked_through_its_budget() -> None:
    p = lazy(r"页\d", keys="页")
    line = "今年工作顺利完成。" * 100
    for _ in range(GATE_BUDGET // len(line) + 2):
        assert p.search(line) is None
    assert p._compiled is not None
    q = lazy(r"页\d", keys="页")
    assert q.match("页", partial=True) is not None  # a partial match needs no key: never gated


def test_a_plain_short_report_compiles_no_gated_pattern_whose_keys_it_lacks() -> None:
    text = "XX县2024年工作总结\n一、总体情况\n今年工作顺利完成。\n（一）财政收入\n1、税收收入\n二、存在问题\n人员不足。\n"
    code = ("import gc, json, sys, reportparse\nfrom reportparse.patterns import LazyPattern\n"
            "reportparse.parse(sys.argv[1])\n"
            "for o in gc.get_objects():\n"
            "    if isinstance(o, LazyPattern) and o.keys:\n"
            "        print(json.dumps([o._compiled is not None, o.keys]))\n")
    out = subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True, check=True).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    view = normalise(text)
    lacking = [(compiled, keys) for compiled, keys in rows if not any(k in view for k in keys)]
    assert len(lacking) >= 30 and not any(compiled for compiled, _ in lacking)


def test_the_marker_families_start_with_what_their_patterns_start_with() -> None:
    for family in FAMILIES:
        derived = {c for c in _STARTS if family.pattern.match(c, partial=True) is not None}
        assert derived == {c for c in _STARTS if c in family.starts}, family.id
    assert [f.id for f in _families_from("第")] == ["zh-part", "zh-chapter", "zh-section", "zh-article", "zh-clause"]


def test_a_marker_gate_matches_where_one_of_its_families_does() -> None:
    rng = random.Random(11)
    pieces = ["1", "12", "100", "1.1", ".", ". ", "、", ")", " ", "  ", "%", "第", "一", "十", "章", "条", "部分",
              "总则", "年", "个", "x", "A", "Ⅳ"]
    gated = 0
    for _ in range(5000):
        s = rng.choice(["1", "2", "9", "第"]) + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
        gate, matchers = _matchers_from(s[0])
        assert gate is not None
        gated += gate.match(s) is not None
        assert (gate.match(s) is not None) == any(p.match(s) is not None for _, p in matchers), s
    assert gated > 500
