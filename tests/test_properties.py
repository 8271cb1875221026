"""Invariants of parse() on generated input (hypothesis).

- only ReportParseError subclasses escape, for any ``str`` or ``bytes``;
- nothing is lost or invented: every letter and digit of the decoded input is, exactly
  once, in the title, a paragraph, a heading (marker + title) or a removed noise item;
  with ``keep_noise``, exactly once in the title, a paragraph or a heading;
- the tree is well formed and every span slices back to its text;
- the JSON output round-trips;
- rendering to plain text and parsing again gives the same headings.

The generated texts are built from fragments written for these tests. Run more
examples with ``pytest tests/test_properties.py --hypothesis-profile=long``.
"""

from __future__ import annotations

import json

import pytest
from content_count import alnum, assert_nothing_lost
from hypothesis import assume, example, given
from hypothesis import strategies as st

import reportparse
from reportparse.decode import decode, decode_text
from reportparse.outline import RUN_ON

# --- fragments -----------------------------------------------------------------------------

_CN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "二十", "廿一", "一百"]
_TITLES = [
    "总体情况", "存在问题", "主要做法", "下一步打算", "工作目标", "基本原则", "保障措施",
    "指导思想", "组织领导", "资金管理", "附则", "Overview", "2024年工作安排", "加强队伍建设",
    "关于进一步做好安全生产工作的意见", "收入", "支出", "一是", "二〇二四年重点任务",
]
_SENTENCES = [
    "今年全县财政收入稳步增长。", "各项支出得到有效保障，", "完成固定资产投资12.5亿元，同比增长8.3%。",
    "全年共召开会议3次", "我们要进一步加强和改进", "第二、三期工程正在推进。", "详见附件1。",
    "Revenue grew 12% in 2024.", "（一）是指本办法所称的单位；", "具体包括：一是加强领导；二是落实责任。",
    "“一、坚持问题导向。”他说。", "其中：1.5万元用于培训，", "③号楼已经完工；", "按照第3.2.1款执行",
    "截至6月底，", "共有1、2、3类企业120家。", "（1）做好统计", "本条自公布之日起施行。",
    "1.1 项目概况", "……", "Ⅳ级响应", "ＡＢＣ１２３全角字符", "a) 英文条目", "第一章到第三章",
]
_FOOTERS = [
    "第 {n} 页 共 {m} 页", "第{n}页/共{m}页", "共{m}页 第{n}页", "- {n} -", "—{n}—", "{n}/{m}",
    "Page {n} of {m}", "{n}", "第 {n} 页",
]
_BOILERPLATE = [
    "版权所有 © 2024 某某网", "转载请注明出处", "上一页 1 2 3 下一页", "来源：某某日报", "<p>",
    "<!-- 广告位 -->", "【字体：大 中 小】", "<U+00A0><U+00A0>", "目录", "一、总体情况......3",
    "第一篇：总则 第二篇：分则", "当前位置：首页 > 新闻", "（责任编辑：张三）", "打印", "返回顶部",
]
_SPACES = ["", "", "", " ", "  ", "\u3000\u3000", "\t", "\u00a0", "\u200b", "\ufeff"]
# HTML entities and escaped spaces that scraped text keeps: blank on the view, letters in the text.
_ENTITIES = ["&amp;", "&lt;", "&gt;", "&quot;", "&ldquo;", "&rdquo;", "&hellip;", "&mdash;", "&nbsp;",
             "&#160;", "<U+00A0>", "&NBSP;", "&amp;&nbsp;"]
_EOLS = ["\n", "\n", "\n", "\r\n", "\r", "\n\n", "\n \n"]
_SOUP = "一二三十百第章节条篇款、，。；：！？（）()〔〕.．1234567890①②⑴ａＡaZ #*-—/\n\r\u3000\u00a0\u200b“”「」…附件页共"


@st.composite
def markers(draw: st.DrawFn) -> str:
    """A heading marker of one of the families, or an unnumbered heading prefix."""
    n = draw(st.integers(1, 12))
    cn = draw(st.sampled_from(_CN))
    wide = "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    forms = [
        f"{cn}、", f"（{cn}）", f"({cn})", f"〔{cn}〕", f"{n}、", f"{n}.", f"{n}．", f"（{n}）", f"({n})",
        chr(0x2460 + n - 1), f"第{cn}章", f"第{cn}节", f"第{cn}条", f"第{cn}篇",
        ".".join(str(draw(st.integers(1, 9))) for _ in range(draw(st.integers(2, 5)))) + " ",
        f"{n})", "## ", f"附件{n}", f"{wide}．", f"( {cn} )", f"第 {n} 章", f"第{n}条", f"{cn}．",
        chr(0x2474 + n - 1), chr(0x3220 + min(n, 10) - 1), f"{cn}、、", f"{n} 、", "# ", f"{n}.{n}",
        "（\n" + f"{cn}）", "附录", "名词解释",
    ]
    return draw(st.sampled_from(forms))


def _sentence() -> st.SearchStrategy[str]:
    return st.sampled_from(_SENTENCES)


@st.composite
def footers(draw: st.DrawFn) -> str:
    m = draw(st.integers(1, 300))
    return draw(st.sampled_from(_FOOTERS)).format(n=draw(st.integers(1, m)), m=m)


@st.composite
def heading_lines(draw: st.DrawFn) -> str:
    line = draw(st.sampled_from(_SPACES)) + draw(markers()) + draw(st.sampled_from(["", "", " ", "\u3000"]))
    line += draw(st.sampled_from(_TITLES))
    tail = draw(st.sampled_from(["", "", "。", "：", "；", "。", ""]))
    line += tail
    if tail and draw(st.booleans()):
        line += draw(_sentence())
    if draw(st.integers(0, 5)) == 0:  # a second heading run into the line
        line += draw(st.sampled_from(["。", "；", "", " "])) + draw(markers()) + draw(st.sampled_from(_TITLES))
    return line


@st.composite
def body_lines(draw: st.DrawFn) -> str:
    parts = draw(st.lists(_sentence(), min_size=1, max_size=4))
    if draw(st.integers(0, 4)) == 0:  # a footer glued mid-sentence
        parts.insert(draw(st.integers(0, len(parts))), draw(footers()))
    return draw(st.sampled_from(_SPACES)) + "".join(parts)


@st.composite
def run_on_lines(draw: st.DrawFn) -> str:
    """A line that lost its line breaks: headings and sentences glued, well over ``RUN_ON``.

    Well over: rendering drops layout space, and a line that a rendering shortens
    across the threshold is read by other rules (the one place the round trip may differ).
    """
    parts = draw(st.lists(st.one_of(_sentence(), heading_lines()), min_size=5, max_size=12))
    return "。".join(parts) * (int(RUN_ON * 1.3) // max(1, len("。".join(parts))) + 1)


def _lines() -> st.SearchStrategy[str]:
    return st.one_of(
        heading_lines(), heading_lines(), body_lines(), body_lines(), footers(),
        st.sampled_from(_BOILERPLATE), st.sampled_from(["", " ", "\u3000", "（", "“", "”"]),
        st.sampled_from(_TITLES),
        st.integers(0, 30).flatmap(lambda k: run_on_lines() if k == 0 else st.just("")),
    )


@st.composite
def report_texts(draw: st.DrawFn) -> str:
    """A report-like text: heading, body, footer, boilerplate and blank lines, mixed line ends."""
    lines = draw(st.lists(_lines(), min_size=1, max_size=40))
    eols = [draw(st.sampled_from(_EOLS)) for _ in lines]
    return "".join(line + eol for line, eol in zip(lines, eols, strict=True))


@st.composite
def scraped_texts(draw: st.DrawFn) -> str:
    """A report-like text as a scraper leaves it: HTML entities and escaped spaces at line
    ends, at line starts, inside lines and alone on lines."""
    lines = draw(report_texts()).split("\n")
    for k, line in enumerate(lines):
        where = draw(st.integers(0, 6))
        entity = draw(st.sampled_from(_ENTITIES))
        if where == 0:
            lines[k] = line + entity
        elif where == 1:
            lines[k] = entity + line
        elif where == 2:
            cut = draw(st.integers(0, len(line)))
            lines[k] = line[:cut] + entity + line[cut:]
        elif where == 3:
            lines[k] = entity + "\n" + line
    return "\n".join(lines)


def any_text() -> st.SearchStrategy[str]:
    """Report-like text, a soup of marker characters, or any text at all."""
    return st.one_of(
        report_texts(), report_texts(),
        st.text(alphabet=st.sampled_from(_SOUP), max_size=300),
        st.text(max_size=200),
    )


@st.composite
def encoded_reports(draw: st.DrawFn) -> bytes:
    """A report-like text in some encoding, maybe with a BOM, maybe with bytes damaged."""
    text = draw(report_texts())
    codec = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"]))
    data = bytearray(text.encode(codec, errors="replace"))
    for _ in range(draw(st.integers(0, 3))):
        if data and draw(st.booleans()):
            i = draw(st.integers(0, len(data) - 1))
            data[i:i] = draw(st.binary(min_size=1, max_size=3))
    return bytes(data)


def any_bytes() -> st.SearchStrategy[bytes]:
    return st.one_of(encoded_reports(), encoded_reports(), st.binary(max_size=400))


# --- helpers -------------------------------------------------------------------------------------

def _parse(data: str | bytes) -> tuple[str, reportparse.Document]:
    """The decoded text and the document; rejects (assume) inputs refused with a ReportParseError."""
    try:
        text = decode(data).text if isinstance(data, bytes) else decode_text(data).text
    except reportparse.ReportParseError:
        with pytest.raises(reportparse.ReportParseError):
            reportparse.parse(data)
        assume(False)
        raise  # unreachable
    return text, reportparse.parse(data)


def _line_of(text: str, offset: int) -> int:
    """1-based line of ``offset``, counting \\r\\n, \\r and \\n each as one line end."""
    head = text[:offset]
    return 1 + head.count("\n") + head.count("\r") - head.count("\r\n")


def _check_well_formed(text: str, doc: reportparse.Document) -> None:
    n = len(text)

    def check_section(sec: reportparse.Section, level: int) -> None:
        assert sec.level == level
        for child in sec.children:
            check_section(child, level + 1)

    for sec in doc.sections:
        check_section(sec, 1)
    previous_end = 0
    for sec in doc.walk():
        s = sec.span
        assert 0 <= s.start <= s.end <= n
        assert s.start >= previous_end, f"{sec.marker}{sec.title} overlaps the heading before it"
        previous_end = s.end
        assert sec.line == _line_of(text, s.start)
        assert alnum(sec.marker + sec.title) <= alnum(text[s.start:s.end])
    paragraphs = list(doc.paragraphs) + [p for sec in doc.walk() for p in sec.paragraphs]
    for p in paragraphs:
        assert 0 <= p.span.start < p.span.end <= n
        assert p.line == _line_of(text, p.span.start)
        assert alnum(p.text) <= alnum(text[p.span.start:p.span.end])
    previous_end = 0
    for item in doc.noise:
        assert 0 <= item.span.start <= item.span.end <= n
        assert item.text == text[item.span.start:item.span.end]
        assert item.text.strip(), "empty noise item"
        assert item.line == _line_of(text, item.span.start)
        assert item.span.start >= previous_end, "noise items overlap"
        previous_end = item.span.end
    assert doc.metadata.characters == n


# --- properties ---------------------------------------------------------------------------------

@given(any_text())
@example("一、总体情况\n")
@example("\ud800")
@example("\x00" * 10)
def test_str_input_raises_only_documented_errors(text: str) -> None:
    try:
        reportparse.parse(text)
    except reportparse.ReportParseError:
        pass


@given(any_bytes())
@example(b"")
@example(b"\x89PNG\r\n\x1a\n")
@example(b"\xff\xfe")
def test_bytes_input_raises_only_documented_errors(data: bytes) -> None:
    try:
        reportparse.parse(data)
    except reportparse.ReportParseError:
        pass


@given(st.one_of(report_texts(), scraped_texts(), st.text(alphabet=st.sampled_from(_SOUP), max_size=300)))
@example("一、总体情况\n今年工作顺利，第 2 页 共 4 页收入增长。\n二、存在问题\n")
@example("一、总体情况\n今年工作。&amp;\n## 标题&quot;\n")
# contents entries whose headings come again (once a TypeError in the contents rule's bisect)
@example("1 总则\n1.21.2\u3000二、\n1.2，和（1）\n1 总则，和二、\n1.21.2  二、\n1.2，和。（一）收入。\n")
def test_nothing_lost_or_invented(text: str) -> None:
    decoded, doc = _parse(text)
    assert_nothing_lost(decoded, doc)


@given(st.one_of(report_texts(), scraped_texts(), st.text(alphabet=st.sampled_from(_SOUP), max_size=300)))
@example("一、总体情况\n&nbsp;\n今年工作。&nbsp;\n&nbsp;再来。&amp;\n")
@example("今年全县财政收入稳步增长。&amp;\n一、&nbsp;总体情况\n&amp;")
def test_nothing_lost_or_invented_keeping_noise(text: str) -> None:
    decoded, _ = _parse(text)
    doc = reportparse.parse(text, keep_noise=True)
    assert_nothing_lost(decoded, doc, noise=False)


@given(encoded_reports())
def test_nothing_lost_or_invented_from_bytes(data: bytes) -> None:
    decoded, doc = _parse(data)
    assert_nothing_lost(decoded, doc)


@given(any_text())
def test_tree_is_well_formed(text: str) -> None:
    decoded, doc = _parse(text)
    _check_well_formed(decoded, doc)


@given(any_bytes())
def test_tree_is_well_formed_from_bytes(data: bytes) -> None:
    decoded, doc = _parse(data)
    _check_well_formed(decoded, doc)


@given(any_text())
def test_json_round_trip(text: str) -> None:
    _, doc = _parse(text)
    assert reportparse.Document.model_validate_json(doc.model_dump_json()) == doc
    # The parser builds without validation and renders without pydantic's serializer:
    # the JSON is what pydantic gives, and it validates back to the same document.
    rendered = reportparse.render(doc, "json")
    assert json.loads(rendered) == doc.model_dump(mode="json")
    assert reportparse.Document.model_validate_json(rendered) == doc


@given(report_texts(), st.booleans())
def test_parse_of_rendered_text_gives_the_same_headings(text: str, with_source: bool) -> None:
    decoded, doc = _parse(text)
    rendered = reportparse.render(doc, "text", **({"source": decoded} if with_source else {}))
    if not rendered.strip():  # all of it was furniture
        assert doc.walk() == []
        return
    again = reportparse.parse(rendered)
    assert [(s.level, s.marker, s.title) for s in again.walk()] == \
        [(s.level, s.marker, s.title) for s in doc.walk()]
