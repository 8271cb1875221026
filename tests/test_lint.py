"""The structure linter: one small report per code, selection, and the code registry."""

from __future__ import annotations

import re

import pytest

import reportparse
from reportparse.lint import BY_CODE, RULES, Selection, check
from reportparse.lint.checks import CHECKS

_LONG = "今年以来我们坚持以人民为中心的发展思想持续深化改革扩大开放推动经济社会高质量发展取得显著成效"

# code -> (text, line of the finding)
CASES: dict[str, tuple[str | bytes, int]] = {
    "D101": ("年度报告\n一、总体情况\n今年".encode() + b"\xff" + "工作顺利。\n".encode(), 1),
    "D102": (("第一章　総則\n第一条　この規則は、会の運営について必要な事項を定める。\n" * 3).encode("euc_jp"), 1),
    "D103": ("年度报告\n一、总体情况\n".encode() + "今年工作顺利。\n".encode("gbk"), 3),
    "N101": ("一、总体情况\n全年完成投资第 3 页 共 9 页一百亿元。\n", 2),
    "H101": ("一、总体情况\n正文。\n三、存在问题\n正文。\n", 3),
    "H102": ("一、总体情况\n正文。\n二、存在问题\n正文。\n二、下一步\n正文。\n", 5),
    "H103": ("第三章 附则\n本办法自发布之日起施行。\n", 1),
    "H104": ("一、甲项工作\n内容。\n二、乙项工作\n内容。\n三、丙项工作\n内容。\n二、乙项补充\n内容。\n", 7),
    "H105": ("一、收入\n1、税收\n2.非税\n", 3),
    "H106": ("一、总体情况\n正文。\n二、、存在问题\n正文。\n", 3),
    "H107": ("（一）调研背景\n正文。\n一、资金投入不足\n正文。\n", 3),
    "H108": ("一、总体情况\n今年顺利。\n二、存在问题\n三、下一步打算\n明年继续。\n", 3),
    "H109": (f"一、{_LONG}\n正文。\n", 1),
    "H110": ("一、总体情况\n今年工作顺利完成。二、存在问题\n正文。\n", 2),
}


def test_every_code_has_a_case() -> None:
    assert set(CASES) == set(BY_CODE)


@pytest.mark.parametrize("code", list(CASES))
def test_each_code_is_found_where_expected(code: str) -> None:
    text, line = CASES[code]
    found = check(reportparse.parse(text), select=[code])
    assert [(d.code, d.line) for d in found] == [(code, line)]
    assert found[0].name == BY_CODE[code].name


def test_messages_name_the_markers() -> None:
    assert [d.message for d in check(reportparse.parse(CASES["H104"][0]), select=["H104"])] == \
        ["二、 comes after 三、 (line 5), so it was not taken for a heading"]
    assert [d.message for d in check(reportparse.parse(CASES["H107"][0]), select=["H107"])] == \
        ["一、 is under （一） (line 1); GB/T 9704 puts 一、 above （一）"]


def test_a_clean_report_has_no_findings() -> None:
    text = ("2024年工作总结\n一、总体情况\n今年工作顺利。\n（一）收入\n收入增长。\n（二）支出\n支出平稳。\n"
            "二、存在问题\n仍有不足。\n")
    assert check(reportparse.parse(text)) == []


def test_plain_lists_of_short_items_are_not_empty_sections() -> None:
    text = "一、主要做法\n（一）抓学习\n1、集中学习\n2、个人自学\n（二）抓制度\n1、完善制度\n"
    assert check(reportparse.parse(text), select=["H108"]) == []


def test_quantities_and_enumerations_are_not_out_of_order() -> None:
    text = "三、投资情况\n1.5亿元用于建设。\n二、三期工程正在推进。\n"
    assert check(reportparse.parse(text), select=["H104"]) == []


def test_findings_are_sorted_and_unique() -> None:
    text = "一、总体情况\n正文。\n三、、存在问题\n正文。\n"
    found = check(reportparse.parse(text))
    assert [(d.line, d.code) for d in found] == [(3, "H101"), (3, "H106")]


# --- selection -------------------------------------------------------------------------------

TEXT = "一、收入\n1、税收\n2.非税\n三、、存在问题\n正文。\n"


def _codes(**kw: list[str]) -> list[str]:
    return sorted({d.code for d in check(reportparse.parse(TEXT), **kw)})


def test_default_selection() -> None:
    assert _codes() == ["H101", "H105", "H106"]


@pytest.mark.parametrize(("kw", "expected"), [
    ({"select": ["H101"]}, ["H101"]),
    ({"select": ["H10"]}, ["H101", "H105", "H106"]),
    ({"select": ["h105", "H106"]}, ["H105", "H106"]),
    ({"ignore": ["H105"]}, ["H101", "H106"]),
    ({"select": ["H"], "ignore": ["H10"]}, []),
    ({"select": ["H101"], "ignore": ["H"]}, ["H101"]),  # the longer selector wins
    ({"select": ["H1"], "ignore": ["H1"]}, []),  # ignore wins a tie
])
def test_select_and_ignore_take_codes_and_prefixes(kw: dict[str, list[str]], expected: list[str]) -> None:
    assert _codes(**kw) == expected


def test_off_by_default_rules_need_selecting() -> None:
    doc = reportparse.parse(CASES["N101"][0])
    assert check(doc) == []
    assert [d.code for d in check(doc, select=["N"])] == ["N101"]


@pytest.mark.parametrize("bad", ["X1", "H2", "", "H1011"])
def test_unknown_selector_is_a_value_error(bad: str) -> None:
    with pytest.raises(ValueError, match="unknown rule selector"):
        Selection([bad], None)


# --- registry --------------------------------------------------------------------------------

def test_registry_codes_are_well_formed_and_documented() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
    assert [r.code for r in RULES] == sorted((r.code for r in RULES), key=lambda c: ("DNH".index(c[0]), c))
    for rule in RULES:
        assert re.fullmatch(r"[DNH]\d{3}", rule.code), rule.code
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name), rule.name
        assert rule.what.endswith(".") and rule.why.endswith(".") and rule.example, rule.code


def test_every_check_reports_a_registered_code() -> None:
    assert all(code in BY_CODE for code, _ in CHECKS)


def test_parse_warnings_use_registered_names() -> None:
    for code in ("H101", "H102", "H103", "D101"):
        found = check(reportparse.parse(CASES[code][0]), select=[code])
        assert found[0].name == BY_CODE[code].name


# --- precision: what a careful reader would not call wrong ---------------------------------------

def _found(text: str, **kw: list[str]) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in check(reportparse.parse(text), **kw)]


def test_numbered_items_that_are_sentences_are_not_empty_sections() -> None:
    text = ("一、主要做法\n1、以学习为切入点，加强思想建设\n2、抓好党员学习。组织集中学习十次。\n"
            "3、加强教师培训，提高业务水平\n4、发挥阵地作用。宣传栏更新四期。\n")
    assert _found(text) == []
    law = ("第一条 有下列情形之一的，不予受理：\n（一）申请人不是本案当事人的；\n（二）超过法定期限提出申请，"
           "且没有正当理由的；\n（三）其他不符合受理条件的情形。\n第二条 本办法自公布之日起施行。\n")
    assert _found(law) == []


def test_a_short_heading_without_text_among_filled_siblings_is_an_empty_section() -> None:
    text = "一、总体情况\n今年顺利。\n二、组织保障\n三、资金保障\n资金到位。\n四、下一步\n明年继续。\n"
    assert _found(text) == [("H108", 3)]


def test_long_sentence_titles_of_list_items_are_not_long_headings() -> None:
    text = ("一、工作要求\n（一）各单位应当按照统一部署，认真组织开展自查，发现问题及时整改，"
            "并于每季度末将整改情况报送主管部门备案\n（二）加强督导。\n")
    assert _found(text) == []
    assert _found(text, select=["H109"]) == []


def test_level_against_gbt_order_is_off_by_default() -> None:
    assert _found(CASES["H107"][0]) == []
    assert not BY_CODE["H107"].default and not BY_CODE["H109"].default


# --- recall: each injected numbering defect found at its line -----------------------------------

_ITEMS = ["1、完善制度\n制度健全。\n", "2、加强培训\n培训到位。\n", "3、强化考核\n考核严格。\n",
          "4、落实责任\n责任明确。\n", "5、总结经验\n经验推广。\n"]


def _with(index: int, item: str) -> str:
    items = list(_ITEMS)
    items[index] = item
    return "一、主要做法\n" + "".join(items)


@pytest.mark.parametrize(("item", "expected"), [
    ("1、加强培训\n培训到位。\n", [("H102", 4)]),  # 2 written 1: the next is 3, so not a new list
    ("2..加强培训\n培训到位。\n", [("H106", 4)]),  # not a heading; the gap at 3 it leaves is explained
    ("2.加强培训\n培训到位。\n", [("H105", 4)]),
])
def test_a_defect_at_the_second_item_is_one_finding(item: str, expected: list[tuple[str, int]]) -> None:
    assert _found(_with(1, item)) == expected


def test_a_number_two_back_followed_by_a_chinese_numeral_is_out_of_order() -> None:
    assert _found(_with(3, "2.六项措施落实\n责任明确。\n").replace("、", ".")) == [("H104", 8)]


def test_a_zh_dun_marker_written_with_a_dot_before_a_digit_is_mixed_punctuation() -> None:
    text = "一、2024年工作回顾\n正文。\n二.2025年工作安排\n正文。\n三、2026年展望\n正文。\n"
    assert _found(text) == [("H105", 3)]


def test_a_repeated_article_number_is_a_duplicate() -> None:
    text = ("第一条 为了规范管理，制定本办法。\n第二条 本办法适用于全市。\n第二条 市政府负责实施。\n"
            "第四条 本办法自公布之日起施行。\n")
    assert _found(text) == [("H102", 3)]


def test_a_markdown_chapter_that_goes_back_is_out_of_order() -> None:
    text = ("## 第一章 总则\n第一条 甲。\n## 第二章 管理\n第二条 乙。\n## 第三章 监督\n第三条 丙。\n"
            "## 第二章 附则\n第四条 丁。\n")
    assert ("H104", 7) in _found(text)


def test_decimals_of_another_depth_are_not_out_of_order() -> None:
    text = "5.1 总体要求\n正文。\n5.1.1 组织\n正文。\n5.1.2 保障\n正文。\n5.2 具体措施\n正文。\n"
    assert [c for c, _ in _found(text)] == []


def test_headings_inside_one_line_are_one_finding() -> None:
    text = "一、总体情况\n今年工作顺利完成。二、存在问题仍有不足。三、下一步继续努力。\n"
    found = check(reportparse.parse(text))
    assert [(d.code, d.line) for d in found] == [("H110", 2)]
    assert "and 1 more heading in this line" in found[0].message


# --- columns ---------------------------------------------------------------------------------

def test_columns_are_those_of_the_marker_when_the_source_is_given() -> None:
    text = "一、总体情况\n今年工作顺利完成。三、存在问题\n正文。\n　　五、、下一步\n正文。\n"
    doc = reportparse.parse(text)
    found = [(d.code, d.line, d.column) for d in check(doc, source=text)]
    assert found == [("H101", 2, 10), ("H110", 2, 10), ("H101", 4, 3), ("H106", 4, 3)]
    assert {d.column for d in check(doc)} == {1}
