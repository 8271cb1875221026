"""Renderers: tree, markdown, chunks and text, each on a small report written for these tests."""

from __future__ import annotations

import json
import re

import pytest

import reportparse
from reportparse.output import encode_parts
from reportparse.render import FORMATS, heading_text, render, render_parts
from reportparse.render.to_tree import summary, to_tree_text

_ANSI = re.compile(r"\x1b\[[0-9;]*m")

REPORT = (
    "关于2024年工作的总结\n"
    "一、总体情况\n"
    "今年全县经济平稳运行。\n"
    "（一）财政收入\n"
    "1、税收收入\n"
    "2、非税收入\n"
    "（二）财政支出\n"
    "三、存在问题\n"
    "第 2 页 共 5 页\n"
    "仍有不足之处。\n"
)


@pytest.fixture(scope="module")
def doc() -> reportparse.Document:
    return reportparse.parse(REPORT)


def _options(name: str) -> dict[str, str]:
    """What a format needs beside the Document: html and chunks, the source text."""
    return {"source": REPORT} if name in ("html", "chunks") else {}


def test_every_format_renders(doc: reportparse.Document) -> None:
    for name in FORMATS:
        assert isinstance(render(doc, name, **_options(name)), str)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_parts_join_to_the_rendering(doc: reportparse.Document, name: str) -> None:
    assert "".join(render_parts(doc, name, **_options(name))) == render(doc, name, **_options(name))


@pytest.mark.parametrize("indent", [None, 0, 2, 4])
def test_json_parts_join_to_the_rendering(doc: reportparse.Document, indent: int | None) -> None:
    assert "".join(render_parts(doc, "json", indent=indent)) == render(doc, "json", indent=indent)
    assert json.loads(render(doc, "json", indent=indent)) == doc.model_dump(mode="json")


def test_big_json_comes_in_many_pieces() -> None:
    big = reportparse.parse("".join(f"第{i}章 总则\n本章规定有关事项。\n" for i in range(1, 3000)))
    pieces = list(encode_parts(render_parts(big, "json")))
    assert len(pieces) > 10
    assert all(len(p) >= (1 << 16) for p in pieces[:-1])
    assert b"".join(pieces).decode("utf-8") == render(big, "json")


def test_unknown_format_is_a_value_error(doc: reportparse.Document) -> None:
    with pytest.raises(ValueError, match="unknown format 'yaml'"):
        render(doc, "yaml")


# --- tree ----------------------------------------------------------------------------------

def test_tree_plain_text(doc: reportparse.Document) -> None:
    assert render(doc, "tree") == (
        "关于2024年工作的总结\n"
        "├── 一、总体情况  line 2, 1 paragraph\n"
        "│   ├── （一）财政收入  line 4, 0 paragraphs\n"
        "│   │   ├── 1、税收收入  line 5, 0 paragraphs\n"
        "│   │   └── 2、非税收入  line 6, 0 paragraphs\n"
        "│   └── （二）财政支出  line 7, 0 paragraphs\n"
        "└── 三、存在问题  line 8, 1 paragraph  ⚠ H101 ordinal-gap: 三、 follows 一、: number skipped\n"
        "6 headings (level 1: 2, level 2: 2, level 3: 2) · noise removed: 1 page_footer · 1 warning\n"
    )


def test_tree_color_uses_ansi_styles_and_plain_has_none(doc: reportparse.Document) -> None:
    assert "\x1b[" in to_tree_text(doc, color=True)
    assert "\x1b[" not in to_tree_text(doc)


@pytest.mark.parametrize("title", ["[/注]", "[b]加粗[/b]", "[bold red]", "\\[x]"])
def test_tree_shows_titles_with_brackets_as_they_are(title: str) -> None:
    doc = reportparse.parse(f"一、说明{title}\n正文。\n")
    assert f"一、说明{title}  line 1" in _ANSI.sub("", to_tree_text(doc, color=True))
    assert f"一、说明{title}  line 1" in to_tree_text(doc)


def test_tree_long_titles_never_wrap_off_a_terminal() -> None:
    long = "加强" * 80
    doc = reportparse.parse(f"一、{long}\n正文。\n二、问题\n")
    assert f"一、{long}  line 1, 1 paragraph" in to_tree_text(doc).splitlines()[1]


def test_tree_lists_warnings_without_a_heading_line() -> None:
    data = "年度报告\n一、总体情况\n今年".encode() + b"\xff" + "工作顺利。\n".encode()
    text = to_tree_text(reportparse.parse(data))
    assert "line 1: D101 undecodable-bytes" in text


def test_tree_root_is_source_name_without_a_title() -> None:
    doc = reportparse.parse("一、总体情况。\n二、存在问题。\n", source="报告.txt")
    assert to_tree_text(doc).splitlines()[0] == "报告.txt"


def test_summary_without_headings_or_noise() -> None:
    assert summary(reportparse.parse("只有一句话，没有标题。\n")) == "0 headings · no noise · 0 warnings"


# --- markdown ------------------------------------------------------------------------------

def test_markdown_levels_and_paragraphs(doc: reportparse.Document) -> None:
    assert render(doc, "markdown") == (
        "# 关于2024年工作的总结\n\n"
        "## 一、总体情况\n\n今年全县经济平稳运行。\n\n"
        "### （一）财政收入\n\n#### 1、税收收入\n\n#### 2、非税收入\n\n"
        "### （二）财政支出\n\n"
        "## 三、存在问题\n\n仍有不足之处。\n"
    )


def test_markdown_deeper_than_six_is_bold() -> None:
    text = "第一篇 总论\n第一章 概述\n第一节 背景\n一、由来\n（一）早期\n1. 起步\n（1）筹备\n① 选址\n"
    md = render(reportparse.parse(text), "markdown")
    assert "###### （一）早期\n\n**1.起步**\n\n**（1）筹备**\n\n**①选址**\n" in md


def test_markdown_escapes_paragraphs_that_would_be_blocks() -> None:
    doc = reportparse.parse("一、说明\n- 横线开头的句子。\n> 引用的句子。\n2024.5 不是列表。\n")
    assert render(doc, "markdown") == \
        "## 一、说明\n\n\\- 横线开头的句子。\n\n\\> 引用的句子。\n\n2024.5 不是列表。\n"


# --- chunks (the cutting itself: test_chunks.py) ------------------------------------------

def test_chunks_one_record_per_section_with_text(doc: reportparse.Document) -> None:
    records = [json.loads(line) for line in render(doc, "chunks", source=REPORT).splitlines()]
    assert [(r["heading_path"], r["text"]) for r in records] == [
        (["一、总体情况"], "一、总体情况\n今年全县经济平稳运行。"),
        # sections with neither text nor sub-sections join their parent's chunk
        (["一、总体情况", "（一）财政收入"], "（一）财政收入\n1、税收收入\n2、非税收入"),
        (["一、总体情况"], "（二）财政支出"),
        (["三、存在问题"], "三、存在问题\n仍有不足之处。"),
    ]
    assert records[-1] == {"text": "三、存在问题\n仍有不足之处。", "source": None, "heading_path": ["三、存在问题"],
                           "line_start": 8, "line_end": 10, "char_start": REPORT.index("三、"),
                           "char_end": len(REPORT) - 1, "encoding": "utf-8", "title": "关于2024年工作的总结",
                           "overlap": 0}


def test_chunks_body_before_the_first_heading_comes_first() -> None:
    text = "年度报告\n这是前言部分的说明。\n一、总体情况\n正文。\n"
    doc = reportparse.parse(text, source="a.txt")
    first = json.loads(render(doc, "chunks", source=text).splitlines()[0])
    assert (first["heading_path"], first["text"], first["line_start"], first["title"]) == \
        ([], "这是前言部分的说明。", 2, "年度报告")


def test_chunks_keep_chinese_readable(doc: reportparse.Document) -> None:
    assert "\\u" not in render(doc, "chunks", source=REPORT)


def test_chunks_without_the_source_text_say_what_they_need(doc: reportparse.Document) -> None:
    with pytest.raises(ValueError, match="needs the decoded source text"):
        render(doc, "chunks")


# --- text ----------------------------------------------------------------------------------

def test_text_one_heading_or_paragraph_per_line(doc: reportparse.Document) -> None:
    assert render(doc, "text") == (
        "关于2024年工作的总结\n一、总体情况\n今年全县经济平稳运行。\n（一）财政收入\n1、税收收入\n"
        "2、非税收入\n（二）财政支出\n三、存在问题\n仍有不足之处。\n"
    )


@pytest.mark.parametrize("text", [
    REPORT,
    "第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于全市。\n第二章 附则\n",
    "一、指导思想：坚持稳中求进。\n二、主要目标\n1.2024年完成改造。\n",
    "一、总体情况。一、总体情况\n",
    # body that starts with a marker: a colon before it would open a list
    "一、总体情况。一、总体情况\n二、总体情况\n",
    # a heading that ends as a sentence would go on, with an inline heading after it on its line
    "a) 英文条目各项支出得到有效保障，（一）是指本办法所称的单位；今年全县财政收入稳步增长。\n",
    # a Markdown heading's span holds the 。 its title leaves out: the inline heading after it keeps it
    "一、总体情况。一、总体情况\n## 总体情况。1.1 项目概况。一、总体情况\n",
    "1.1 项目概况\n1.2 建设内容\n2.1 投资估算\n",
    "前言\n## 总则\n本办法适用于全市。\n### 适用范围\n一、范围\n附件1：申请表\n",
    "（一）调研背景\n（二）主要问题\n一、资金投入不足\n二、人才队伍薄弱\n（三）对策建议\n",
    "今年全县财政收入稳步增长。二、存在问题\n一、总体情况\n",
    # body that a split marker or a page break put on its heading's line stays there
    "（\n一）总体情况。（一）总体情况\n",
    "今年工作顺利完成。（1）做好统计\n第 1 页 共 1 页\n今年工作顺利完成。（1）做好统计\n",
    # a paragraph a page break joined to a heading line ends open: the next heading still reads as one
    "一、总体情况\n一、总体情况；各项支出得到保障，\n第 1 页 共 1 页今年收入增长。各项支出得到保障，\n一、总体情况\n",
    # Markdown marks are not words: a first-line title is as long as its text
    "# 总体情况。ＡＢＣ１２３全角字符\n第二章总体情况\n",
    # a field line's place (above, inside or below the running text) is judged without furniture
    "今年全县财政收入稳步增长。今年全县财政收入稳步增长。（一）是指本办法所称的单位；\n（十一）总体情况。（一）总体情况\n"
    "来源：某某日报\n第 1 页 共 1 页（一）是指本办法所称的单位；今年全县财政收入稳步增长。\n",
    # body kept on its own line where joining it would leave the heading line open
    "一、总体情况。今年收入增长。\n（二）总体情况。（一）是指本办法所称的单位；\n第一章到第三章\n一、总体情况\n",
])
def test_text_parses_back_to_the_same_headings(text: str) -> None:
    doc = reportparse.parse(text)
    for rendered in (render(doc, "text"), render(doc, "text", source=text)):
        again = reportparse.parse(rendered)
        assert [(s.level, s.marker, s.title) for s in again.walk()] == \
            [(s.level, s.marker, s.title) for s in doc.walk()]


def test_text_with_its_source_adds_no_punctuation() -> None:
    # the source's own separators: 。 after a title, none after an article's number, U+3000
    source = "一、指导思想。坚持稳中求进。\n第一条为了规范管理，制定本办法。\n第一章\u3000总则\n第二章附则\n" \
             "二、主要目标！今年完成改造。三、保障措施\n"
    doc = reportparse.parse(source)
    assert render(doc, "text", source=source) == source
    # without it, the model does not know them: the documented joiners
    assert render(doc, "text").splitlines()[:3] == ["一、指导思想：坚持稳中求进。", "第一条 为了规范管理，制定本办法。",
                                                    "第一章 总则"]


@pytest.mark.parametrize("with_source", [False, True])
def test_text_parts_a_cut_off_paragraph_from_the_next_heading_by_a_blank_line(with_source: bool) -> None:
    source = "一、总体情况\n各项支出得到保障，\n二、存在问题\n关于进一步加强和改进全县财政资金监管工作的\n今年。\n"
    doc = reportparse.parse(source)
    text = render(doc, "text", **({"source": source} if with_source else {}))
    assert text == "一、总体情况\n各项支出得到保障，\n\n二、存在问题\n关于进一步加强和改进全县财政资金监管工作的\n今年。\n"
    assert [(s.marker, s.title) for s in reportparse.parse(text).walk()] == [(s.marker, s.title) for s in doc.walk()]


def test_heading_text_spaces_only_where_marker_and_title_run_together() -> None:
    doc = reportparse.parse("第一章 总则\n一、范围\n1. 2024年安排\n1.1 概况\n（一）收入\n")
    assert [heading_text(s) for s in doc.walk()] == \
        ["第一章 总则", "一、范围", "1. 2024年安排", "1.1 概况", "（一）收入"]


# --- outline ------------------------------------------------------------------------------

def test_outline_one_heading_per_line(doc: reportparse.Document) -> None:
    assert render(doc, "outline").splitlines()[:2] == [
        "一、总体情况 [zh-dun d1 L2]", "  （一）财政收入 [zh-paren d2 L4]"]


# --- the formats agree ----------------------------------------------------------------------

_CHAPTERS = "第一章　总则\n第一条 为了规范管理，制定本办法。\n第二章附则\n1.1 概况\n1. 2024年安排\n"


def test_outline_tree_markdown_and_text_write_a_heading_alike() -> None:
    doc = reportparse.parse(_CHAPTERS)
    want = [heading_text(s) for s in doc.walk()]
    assert want == ["第一章 总则", "第一条", "第二章 附则", "1.1 概况", "1. 2024年安排"]
    outline = [line.strip().rsplit(" [", 1)[0] for line in render(doc, "outline").splitlines()]
    tree = [line.lstrip("│├└─ ").split("  line ")[0] for line in to_tree_text(doc).splitlines()[1:-1]]
    markdown = [b.strip().lstrip("#* ").rstrip("*") for b in render(doc, "markdown").split("\n\n") if b[0] in "#*"]
    assert outline == tree == markdown == want
    assert "第一章 总则" in render(doc, "text").splitlines()


@pytest.mark.parametrize("title", ["", "某某办法\n"])
def test_markdown_gives_a_depth_the_same_marks_with_or_without_a_title(title: str) -> None:
    md = render(reportparse.parse(title + "一、总体情况\n今年工作顺利。\n（一）收入\n收入增长。\n"), "markdown")
    assert "\n## 一、总体情况\n" in "\n" + md
    assert "\n### （一）收入\n" in md


def test_a_markdown_heading_s_marks_are_not_a_paragraph() -> None:
    doc = reportparse.parse("某某办法\n## 序言\n为了做好工作。\n### 一、总体情况\n今年。\n")
    assert doc.paragraphs == []
    assert [p.text for s in doc.walk() for p in s.paragraphs] == ["为了做好工作。", "今年。"]
    assert render(doc, "markdown") == "# 某某办法\n\n## 序言\n\n为了做好工作。\n\n### 一、总体情况\n\n今年。\n"


def test_an_unnumbered_preface_does_not_take_in_the_chapters_after_it() -> None:
    doc = reportparse.parse("某某办法\n## 序言\n为了做好工作，制定本办法。\n第一章 总则\n第一条 本办法适用于全市。\n"
                            "第二章 附则\n第二条 本办法自发布之日起施行。\n")
    assert [(heading_text(s), s.level) for s in doc.walk()] == [
        ("序言", 1), ("第一章 总则", 1), ("第一条", 2), ("第二章 附则", 1), ("第二条", 2)]
    md = render(doc, "markdown")
    assert "\n## 序言\n" in md
    assert "\n## 第一章 总则\n" in md
    assert "\n### 第一条\n" in md
