"""End-to-end behaviour of parse() on small texts written for these tests."""

from __future__ import annotations

import reportparse


def outline(text: str) -> list[tuple[int, str]]:
    return [(s.level, s.marker + s.title) for s in reportparse.parse(text).walk()]


def test_gbt_order_nests_by_sequence() -> None:
    text = "一、总体情况\n（一）收入\n1、税收\n2、非税\n（二）支出\n二、问题\n"
    assert outline(text) == [
        (1, "一、总体情况"), (2, "（一）收入"), (3, "1、税收"), (3, "2、非税"),
        (2, "（二）支出"), (1, "二、问题"),
    ]


def test_inverted_numbering_follows_document() -> None:
    text = "（一）基本情况\n（二）主要问题\n一、资金不足\n二、人员短缺\n（三）建议\n"
    assert outline(text) == [
        (1, "（一）基本情况"), (1, "（二）主要问题"), (2, "一、资金不足"),
        (2, "二、人员短缺"), (1, "（三）建议"),
    ]


def test_enumeration_after_numeral_is_not_heading() -> None:
    text = ("一、园区建设\n今年园区被列入省级示范园区之一，正在推进第\n二、三期工程。\n"
            "二、产业发展\n")
    assert outline(text) == [(1, "一、园区建设"), (1, "二、产业发展")]


def test_page_footer_glued_mid_sentence_is_removed_and_recorded() -> None:
    doc = reportparse.parse("一、总体情况\n我们进一步加强第 2 页 共 4 页队伍建设。\n")
    assert doc.sections[0].paragraphs[0].text == "我们进一步加强队伍建设。"
    assert [(n.kind, n.text, n.line) for n in doc.noise] == [("page_footer", "第 2 页 共 4 页", 2)]


def test_sentence_cut_by_page_break_is_rejoined() -> None:
    text = "一、总体情况\n今年全县财政收入稳步增长，\n\n第 1 页 共 3 页\n\n各项支出得到有效保障。\n"
    doc = reportparse.parse(text)
    assert [p.text for p in doc.sections[0].paragraphs] == ["今年全县财政收入稳步增长，各项支出得到有效保障。"]


def test_article_text_is_body_not_title() -> None:
    doc = reportparse.parse("第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于全市。\n")
    art = doc.sections[0].children[0]
    assert (art.marker, art.title, art.paragraphs[0].text) == ("第一条", "", "为了规范管理，制定本办法。")
