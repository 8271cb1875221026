"""Stage 2, noise: each rule on a tiny text written for it, then the cleaned lines.

Every test states one phenomenon: the NoiseItems found (kind, text, line) and,
where it matters, the text left once they are cut out.
"""

from __future__ import annotations

import pytest

import reportparse
from reportparse.noise import clean_lines, find_noise
from reportparse.source import SourceText

Item = tuple[str, str, int]


def noise(text: str) -> list[Item]:
    """The noise found in ``text``: (kind, text, line) in source order."""
    return [(n.kind, n.text, n.line) for n in find_noise(SourceText.from_text(text))]


def cleaned(text: str) -> list[str]:
    """The content lines of ``text`` once its noise is cut out and split sentences rejoined."""
    src = SourceText.from_text(text)
    return [line.text for line in clean_lines(src, find_noise(src))]


BODY = "全县财政收入稳步增长，各项支出得到有效保障，重点项目建设进展顺利。"


# --- page footers ---------------------------------------------------------------------------------


def test_page_count_glued_mid_sentence_is_cut_out() -> None:
    text = "今年财政收入稳步第 3 页 共 7 页增长。\n"
    assert noise(text) == [("page_footer", "第 3 页 共 7 页", 1)]
    assert cleaned(text) == ["今年财政收入稳步增长。"]


@pytest.mark.parametrize("footer", ["第3页/共7页", "第3页，共7页", "第 3 页, 共 7 页", "共7页 第3页", "第３页　共７页"])
def test_page_count_variants_are_footers(footer: str) -> None:
    assert noise(f"今年工作顺利。{footer}\n") == [("page_footer", footer, 1)]


def test_a_page_number_beside_a_recurring_title_is_a_page_header() -> None:
    text = (f"一、总体情况\n{BODY}\n示例县工作报告　第 1 页\n{BODY}\n"
            f"- 2 - 示例县工作报告\n{BODY}\n示例县工作报告　第 3 页\n")
    assert noise(text) == [("page_footer", "示例县工作报告　第 1 页", 3), ("page_footer", "- 2 - 示例县工作报告", 5),
                           ("page_footer", "示例县工作报告　第 3 页", 7)]


def test_a_sentence_that_ends_with_a_page_reference_is_kept() -> None:
    assert noise(f"{BODY}\n详细数据见附表 第 3 页\n{BODY}\n其余情况见附表 第 5 页\n") == []


@pytest.mark.parametrize("footer", ["- 3 -", "— 3 —", "-3-", "第 3 页", "3/7", "Page 3", "P. 3", "p.3", "Page 3 - 政府工作报告"])
def test_page_number_line_is_a_footer(footer: str) -> None:
    assert noise(f"今年工作顺利。\n{footer}\n明年继续努力。\n") == [("page_footer", footer, 2)]


def test_page_of_pages_in_english_is_a_footer() -> None:
    assert noise("总体情况良好 Page 2 of 9\n") == [("page_footer", "Page 2 of 9", 1)]


def test_dashed_page_number_glued_at_line_end_is_a_footer() -> None:
    text = f"{BODY}我们克服困难，扎 — 12 —\n实开展工作。\n"
    assert noise(text) == [("page_footer", "— 12 —", 1)]
    assert cleaned(text) == [f"{BODY}我们克服困难，扎实开展工作。"]


def test_printed_page_number_after_a_page_count_goes_with_it() -> None:
    text = "第 5 页 共 9 页 多 2 媒体教室已经建成。\n"
    assert noise(text) == [("page_footer", "第 5 页 共 9 页", 1), ("page_footer", "2", 1)]
    assert cleaned(text) == ["多媒体教室已经建成。"]


def test_bare_numbers_that_count_pages_are_footers() -> None:
    page = "\n".join([BODY] * 6)
    text = f"{page}\n1\n{page}\n2\n{page}\n4\n{page}\n"
    found = noise(text)
    assert found == [("page_footer", "1", 7), ("page_footer", "2", 14), ("page_footer", "4", 21)]


def test_bare_numbers_close_together_are_not_pages() -> None:
    text = "1\n第一项内容。\n\n2\n第二项内容。\n\n3\n第三项内容。\n"
    assert noise(text) == []


def test_a_lone_number_is_not_a_page() -> None:
    assert noise("年度收入（万元）\n2019\n" + BODY + "\n") == []


# --- running headers ------------------------------------------------------------------------------


@pytest.mark.parametrize("opening", ["", "各位代表：\n", "同志们:\n"])
def test_running_header_next_to_page_numbers_is_removed_but_the_title_it_repeats_is_kept(opening: str) -> None:
    """Body text after the first line makes it the title; a salutation ending in a colon is body text."""
    page = "\n".join([BODY] * 4)
    header = "示例市示例局年度工作报告"
    text = f"{header}\n{opening}{page}\n- 1 -\n{header}\n{page}\n- 2 -\n{header}\n{page}\n{header}\n{page}\n"
    headers = [item for item in noise(text) if item[0] == "running_header"]
    shift = opening.count("\n")
    assert headers == [("running_header", header, n + shift) for n in (7, 13, 18)]
    assert reportparse.parse(text).title == header


@pytest.mark.parametrize("second", ["示例市示例局", "一、总体情况", "编制单位：示例市示例局"])
def test_a_first_line_without_body_after_it_is_a_running_header_too(second: str) -> None:
    page = "\n".join([BODY] * 4)
    header = "示例市示例局年度工作报告"
    text = f"{header}\n{second}\n{page}\n- 1 -\n{header}\n{page}\n- 2 -\n{header}\n{page}\n"
    headers = [item for item in noise(text) if item[0] == "running_header"]
    assert headers == [("running_header", header, n) for n in (1, 8, 14)]


def test_running_footer_at_form_feeds_is_removed() -> None:
    page = "\n".join([BODY] * 4)
    footer = "示例能源集团有限公司　内部资料"
    text = f"一、总体情况\n{page}\n{footer}\n\f二、主要做法\n{page}\n{footer}\n\f{page}\n{footer}\n"
    headers = [item for item in noise(text) if item[0] == "running_header"]
    assert headers == [("running_header", footer, n) for n in (6, 12, 17)]


def test_running_header_after_form_feeds_is_removed() -> None:
    page = "\n".join([BODY] * 4)
    header = "示例县审计局2024年度报告"
    text = f"{header}\n一、总体情况\n{page}\n\f{header}\n{page}\n\f\n{header}\n{page}\n"
    headers = [item for item in noise(text) if item[0] == "running_header"]
    assert headers == [("running_header", header, n) for n in (1, 7, 13)]


def test_line_repeated_away_from_form_feeds_is_kept() -> None:
    page = "\n".join([BODY] * 6)
    text = f"\f{page}\n请各位委员审议\n{page}\n请各位委员审议\n{page}\n请各位委员审议\n{page}\n\f"
    assert noise(text) == []


def test_line_repeated_away_from_page_numbers_is_kept() -> None:
    page = "\n".join([BODY] * 4)
    text = f"- 1 -\n{page}\n请各位委员审议\n{page}\n请各位委员审议\n{page}\n请各位委员审议\n"
    assert noise(text) == [("page_footer", "- 1 -", 1)]


# --- rejoining what a page break split ----------------------------------------------------------


def test_sentence_cut_by_a_page_footer_is_one_line_again() -> None:
    text = "我们要进一步加强队伍建设，\n\n第 1 页 共 2 页\n\n\u3000\u3000提高服务水平。\n"
    assert cleaned(text) == ["我们要进一步加强队伍建设，提高服务水平。"]


def test_finished_sentence_is_not_joined_across_a_page_break() -> None:
    assert cleaned("今年工作顺利完成。\n- 1 -\n明年继续努力。\n") == ["今年工作顺利完成。", "明年继续努力。"]


def test_heading_after_a_page_break_is_not_joined() -> None:
    assert cleaned("我们要进一步加强\n- 1 -\n二、存在问题\n") == ["我们要进一步加强", "二、存在问题"]


def test_short_heading_before_a_page_break_keeps_its_title() -> None:
    assert cleaned("（一）指导思想\n- 1 -\n今年全县收入稳步增长。\n") == ["（一）指导思想", "今年全县收入稳步增长。"]


def test_heading_line_that_runs_on_is_joined() -> None:
    text = "2、继续推进城区、园区、\n- 7 -\n景区建设。\n"
    assert cleaned(text) == ["2、继续推进城区、园区、景区建设。"]


def test_table_row_split_by_a_page_break_is_joined() -> None:
    text = "['项目', '说明']\n['甲', '按计划推进', '']\n- 3 -\n['', '并于年底完成']\n"
    assert cleaned(text) == ["['项目', '说明']", "['甲', '按计划推进', '']['', '并于年底完成']"]


def test_boilerplate_line_between_the_halves_stops_the_join() -> None:
    text = "财政收\n推荐访问本站\n- 3 -\n乡镇工作报告\n"
    assert cleaned(text) == ["财政收", "乡镇工作报告"]


def test_space_around_a_page_count_inside_a_line_goes_with_it() -> None:
    assert cleaned("发挥 第 2 页 共 5 页 作用。\n") == ["发挥作用。"]


def test_space_between_latin_words_is_kept_once() -> None:
    assert cleaned("the annual Page 2 of 5 report\n") == ["the annual report"]


# --- web markup -----------------------------------------------------------------------------------


def test_html_comment_on_one_line_is_boilerplate() -> None:
    assert noise("<!-- INFO END -->\n正文内容。\n") == [("boilerplate", "<!-- INFO END -->", 1)]


def test_html_comment_over_several_lines_is_removed_line_by_line() -> None:
    text = "<!--\nfunction go(p){ show(p); }\n-->\n正文内容。\n"
    assert noise(text) == [
        ("boilerplate", "<!--", 1), ("boilerplate", "function go(p){ show(p); }", 2), ("boilerplate", "-->", 3),
    ]


def test_html_tags_are_cut_out() -> None:
    text = "<p>今年工作<br/>顺利。</p>\n"
    assert [item[1] for item in noise(text)] == ["<p>", "<br/>", "</p>"]
    assert cleaned(text) == ["今年工作顺利。"]


def test_script_line_is_boilerplate() -> None:
    assert noise("document.write('x');\n正文内容。\n") == [("boilerplate", "document.write('x');", 1)]


def test_escaped_nbsp_line_is_layout() -> None:
    assert noise("<U+00A0><U+00A0>\n一、总体情况\n") == [("layout", "<U+00A0><U+00A0>", 1)]


def test_escaped_nbsp_inside_a_line_is_cut_out() -> None:
    text = "今年<U+00A0>工作顺利。\n"
    assert noise(text) == [("layout", "<U+00A0>", 1)]
    assert cleaned(text) == ["今年工作顺利。"]


def test_nbsp_entities_beside_a_footer_stay_whole() -> None:
    text = "今年工作&nbsp;第 2 页 共 5 页&nbsp;顺利完成。\n"
    assert noise(text) == [("layout", "&nbsp;", 1), ("page_footer", "第 2 页 共 5 页", 1), ("layout", "&nbsp;", 1)]
    assert cleaned(text) == ["今年工作顺利完成。"]


# --- content-site notices -----------------------------------------------------------------------


def test_editor_notice_line_is_boilerplate() -> None:
    line = "报告写作有一定格式，以下是小编整理的工作报告，希望对大家有所帮助。"
    assert noise(f"{line}\n一、总体情况\n") == [("boilerplate", line, 1)]


def test_repost_notice_is_boilerplate() -> None:
    line = "本文来自 示例范文网(www.example.com),转载请保留网址和出处"
    assert noise(f"正文内容。\n{line}\n") == [("boilerplate", line, 2)]


def test_notice_inside_a_long_line_takes_only_its_sentence() -> None:
    text = BODY * 10 + "以下是小编整理的材料。" + BODY * 10 + "\n"
    assert noise(text) == [("boilerplate", "以下是小编整理的材料。", 1)]


def test_recommendation_in_brackets_is_cut_from_the_sentence() -> None:
    text = "深入分析群众的实际(推荐打开..)需要。\n"
    assert noise(text) == [("boilerplate", "(推荐打开..)", 1)]
    assert cleaned(text) == ["深入分析群众的实际需要。"]


@pytest.mark.parametrize("text", [
    "第二篇:社区年度工作总结 文章标题:社区年度工作总结 今年社区工作顺利完成。\n",
    "社区年度工作总结\n文章标题:社区年度工作总结\n",
    "第二篇：社区年度工作总结　标题：社区年度工作总结\n",
])
def test_title_field_repeating_the_title_before_it_is_cut_out(text: str) -> None:
    [(kind, label, line)] = noise(text)
    assert kind == "boilerplate" and label.rstrip(":：").endswith("标题") and line == text.count("\n")


@pytest.mark.parametrize("text", ["文章标题:社区年度工作总结\n", f"{BODY}\n标题：要简洁明了，突出主题。\n"])
def test_title_field_that_repeats_nothing_is_kept(text: str) -> None:
    assert noise(text) == []


@pytest.mark.parametrize("label", ["(点此展开..)", "（查看全文．．．）", "( 阅读原文... )"])
def test_link_label_cut_short_with_dots_in_brackets_is_cut_from_the_sentence(label: str) -> None:
    text = f"各街道要结合实际{label}抓好落实。\n"
    assert noise(text) == [("boilerplate", label, 1)]
    assert cleaned(text) == ["各街道要结合实际抓好落实。"]


@pytest.mark.parametrize("text", ["数值在(1..9)之间取整。\n", "按照（一）……（二）的顺序办理。\n", "会议（略）。\n"])
def test_brackets_without_a_cut_label_are_kept(text: str) -> None:
    assert noise(text) == []


def test_previous_and_next_links_are_boilerplate() -> None:
    line = "上一篇:乡镇工作总结下一篇:乡镇工作计划"
    assert noise(f"正文内容。\n{line}\n") == [("boilerplate", line, 2)]


def test_short_copyright_line_is_boilerplate() -> None:
    assert noise("正文内容。\n版权所有 示例网 2020\n") == [("boilerplate", "版权所有 示例网 2020", 2)]


@pytest.mark.parametrize("line", [
    "示ICP备20240001号-2",
    "主办：示例市人民政府办公室　示ICP备12345678号　示公网安备 45010202000123号",
    "网站标识码：4501000099",
    "示ICP证020417号",
])
def test_site_registration_line_is_boilerplate(line: str) -> None:
    assert noise(f"{BODY}\n{line}\n") == [("boilerplate", line, 2)]


@pytest.mark.parametrize("line", [
    "全市政务网站ICP备案率达到100%，网站标识码全部规范使用。",
    "做好ICP备案管理，督促各单位及时更新信息",
])
def test_sentence_mentioning_site_registration_is_kept(line: str) -> None:
    assert noise(f"{BODY}\n{line}\n{BODY}\n") == []


def test_short_call_to_visit_line_is_boilerplate() -> None:
    assert noise(f"{BODY}\n更多范文推荐访问\n{BODY}\n") == [("boilerplate", "更多范文推荐访问", 2)]


def test_long_line_that_mentions_a_recommended_visit_is_kept() -> None:
    line = "市图书馆全年组织读者推荐访问学者讲座四十余场，" + BODY
    assert noise(f"{BODY}\n{line}\n") == []


@pytest.mark.parametrize("line", [
    "本办法所称版权所有人，是指依法享有著作权的单位和个人。",
    "资金来源：财政拨款和单位自筹，2019年12月31日前到位。",
    "数据来源于统计部门，转载数据时应当注明出处。",
])
def test_sentence_mentioning_source_or_copyright_is_kept(line: str) -> None:
    assert noise(f"{BODY}\n{line}\n{BODY}\n") == []


@pytest.mark.parametrize("line", [
    "本文来自网络，如有侵权请联系删除",
    "图片来源于网络，侵删",
    "如有侵权，请与本站联系删除。",
    "以下是为大家整理的2025年社区工作要点，供大家参考。",
    "下面是本站为您精选的述职报告，欢迎阅读。",
    "以下是我们为大家收集的述职报告范文。",
])
def test_repost_takedown_and_serving_notices_are_boilerplate(line: str) -> None:
    assert noise(f"{BODY}\n{line}\n{BODY}\n") == [("boilerplate", line, 2)]


@pytest.mark.parametrize("line", [
    "本次培训的课件已印发各单位，供大家参考。",
    "下面，我给大家分享三点体会。",
    "下面给大家汇报一下全年工作。",
    "如有侵权行为，依法追究有关单位的责任。",
    "发现侵权信息的，平台应当及时删除。",
])
def test_sentences_addressing_readers_or_about_infringement_are_kept(line: str) -> None:
    assert noise(f"{BODY}\n{line}\n{BODY}\n") == []


# --- page controls --------------------------------------------------------------------------------


def test_font_size_toolbar_piece_is_cut_out() -> None:
    text = "工作报告【字体：大 中 小】\n"
    assert noise(text) == [("boilerplate", "【字体：大 中 小】", 1)]
    assert cleaned(text) == ["工作报告"]


def test_toolbar_split_over_lines_is_removed_to_its_closing_bracket() -> None:
    text = "【字号：\n加大\n还原\n减小\n】\n工作报告\n"
    assert noise(text) == [("boilerplate", t, n) for n, t in enumerate(["【字号：", "加大", "还原", "减小", "】"], 1)]


def test_tool_lines_are_boilerplate() -> None:
    text = "下载\n打印\n分享到：\n工作报告\n"
    assert noise(text) == [("boilerplate", "下载", 1), ("boilerplate", "打印", 2), ("boilerplate", "分享到：", 3)]


def test_breadcrumb_line_is_boilerplate() -> None:
    assert noise("当前位置：首页>>政务公开>>工作报告\n工作报告\n") == [
        ("boilerplate", "当前位置：首页>>政务公开>>工作报告", 1)]


@pytest.mark.parametrize("line", [
    "网站首页 | 机构概况 | 新闻中心 | 政务公开 | 办事服务 | 互动交流",
    "首页　走进示例　新闻动态　信息公开　联系我们",
    "首页丨示例要闻丨通知公告丨政策解读",
    "主页 · 概况 · 动态 · 服务",
])
def test_navigation_bar_is_boilerplate(line: str) -> None:
    assert noise(f"{line}\n示例区年度工作报告\n{BODY}\n") == [("boilerplate", line, 1)]


@pytest.mark.parametrize("line", [
    "学党史丨悟思想丨办实事丨开新局",  # a title in slogan form: no home link
    "首页设计要简洁，栏目设置要清晰，信息更新要及时。",
    "首页 | 栏目",  # too few items
])
def test_lines_shaped_unlike_a_navigation_bar_are_kept(line: str) -> None:
    assert ("boilerplate", line, 1) not in noise(f"{line}\n{BODY}\n")


def test_header_row_of_a_table_is_not_a_navigation_bar() -> None:
    text = f"{BODY}\n首页 访问量 停留时长 跳出率\n示例站 12034 35秒 41%\n栏目页 8021 28秒 52%\n"
    assert noise(text) == []


def test_breadcrumb_split_over_lines_is_followed() -> None:
    text = "您的位置:\n首页\n>\n本地要闻\n本地要闻\n2020年工作报告\n"
    assert [n for _, _, n in noise(text)] == [1, 2, 3, 4, 5]


def test_pagination_line_is_boilerplate() -> None:
    line = "上一页 1 2 3 下一页 >>|"
    assert noise(f"{BODY}\n{line}\n") == [("boilerplate", line, 2)]


def test_click_prompt_is_boilerplate() -> None:
    assert noise(f"{BODY}\n》》点击图片进入专题《《\n") == [("boilerplate", "》》点击图片进入专题《《", 2)]


def test_separator_next_to_a_control_is_boilerplate() -> None:
    assert noise(f"{BODY}\n收藏\n|\n分享到:\n") == [
        ("boilerplate", "收藏", 2), ("boilerplate", "|", 3), ("boilerplate", "分享到:", 4)]


def test_lines_after_the_closing_controls_are_the_site_footer() -> None:
    body = "\n".join([BODY] * 20)
    text = f"{body}\n打印本页\n关闭窗口\n2020年工作报告\n{BODY}\n"
    assert [n for _, _, n in noise(text)] == [21, 22, 23, 24]


def test_lines_after_a_toolbar_with_a_closing_control_are_the_site_footer() -> None:
    body = "\n".join([BODY] * 20)
    text = f"{body}\n【打印本页】 【关闭窗口】 【收藏】\n建议用谷歌浏览器访问本网站\n"
    assert [n for _, _, n in noise(text)] == [21, 22]


def test_toolbar_without_a_closing_control_keeps_what_follows() -> None:
    body = "\n".join([BODY] * 20)
    text = f"{body}\n【收藏】 【我要纠错】\n建议用谷歌浏览器访问本网站\n"
    assert [n for _, _, n in noise(text)] == [21]


def test_closing_control_early_in_a_page_keeps_what_follows() -> None:
    body = "\n".join([BODY] * 20)
    assert noise(f"关闭窗口\n{body}\n") == [("boilerplate", "关闭窗口", 1)]


def test_page_count_in_traditional_characters() -> None:
    text = "一、總體情況\n本會依照法律設立，第 1 頁 共 3 頁並接受監督。\n第 2 頁\n二、存在問題\n"
    assert noise(text) == [("page_footer", "第 1 頁 共 3 頁", 2), ("page_footer", "第 2 頁", 3)]


@pytest.mark.parametrize("line", [
    "首页 > 新闻中心 > 工作动态",
    "网站首页 › 通知公告",
    "首页 - 政务公开 - 计划总结",
    "新闻中心 » 工作动态 » 正文",
    "当前位置 首页 > 工作动态",
])
def test_breadcrumb_without_a_label_is_boilerplate_and_the_title_follows_it(line: str) -> None:
    text = f"{line}\n示例区2025年工作总结\n一、主要工作\n{BODY}\n"
    assert noise(text) == [("boilerplate", line, 1)]
    assert reportparse.parse(text).title == "示例区2025年工作总结"


@pytest.mark.parametrize("line", [
    "优秀 > 良好 > 合格",  # a ranking: no home link, no article at its end
    "需求 - 供给 - 价格",
    "首页设计要简洁，栏目设置要清晰。",
])
def test_lines_of_items_parted_by_arrows_unlike_a_breadcrumb_are_kept(line: str) -> None:
    assert noise(f"{BODY}\n{line}\n{BODY}\n") == []


@pytest.mark.parametrize("line", ["分享到：微信 微博 QQ空间", "分享至：QQ空间 | 新浪微博 | 微信好友 | 更多", "【分享到】朋友圈　复制链接"])
def test_share_bar_naming_its_sites_is_boilerplate(line: str) -> None:
    assert noise(f"示例区工作报告\n{line}\n{BODY}\n") == [("boilerplate", line, 2)]


def test_share_buttons_on_lines_of_their_own_after_the_share_control_are_boilerplate() -> None:
    text = f"示例区工作报告\n分享到：\n微信\nQQ空间　微博\n{BODY}\n使用微信\n{BODY}\n"
    assert noise(text) == [("boilerplate", "分享到：", 2), ("boilerplate", "微信", 3), ("boilerplate", "QQ空间　微博", 4)]


def test_a_site_named_alone_in_the_text_is_kept() -> None:
    assert noise(f"{BODY}\n微信\n{BODY}\n") == []


@pytest.mark.parametrize("line", ["一、分享经验", "分享到各单位，形成共识。", "分享：张三 李四"])
def test_lines_about_sharing_are_kept(line: str) -> None:
    assert noise(f"{BODY}\n{line}\n{BODY}\n") == []


# --- article metadata ---------------------------------------------------------------------------


def test_publication_stamp_above_the_text_is_boilerplate() -> None:
    assert noise(f"工作报告\n2020-02-03 09:02:33\n{BODY}\n") == [("boilerplate", "2020-02-03 09:02:33", 2)]


def test_date_and_time_line_inside_the_text_is_kept() -> None:
    assert noise(f"{BODY}\n2020年3月5日 14:30\n{BODY}\n") == []


def test_empty_field_takes_its_value_from_the_next_line() -> None:
    text = f"工作报告\n来源:\n示例日报\n{BODY}\n"
    assert noise(text) == [("boilerplate", "来源:", 2), ("boilerplate", "示例日报", 3)]


@pytest.mark.parametrize("line", [
    "发布时间：2024-03-01 10:20　浏览次数：356",
    "浏览量:          时间:2023-11-07 08:15:42",
    "作者：示例办公室  来源：示例网  阅读量：1024",
])
def test_several_fields_on_one_line_above_the_text_are_boilerplate(line: str) -> None:
    assert noise(f"工作报告\n{line}\n{BODY}\n") == [("boilerplate", line, 2)]


def test_meeting_fields_inside_the_text_are_kept() -> None:
    assert noise(f"{BODY}\n时间：上午九点　作者：会议记录组\n{BODY}\n") == []


def test_a_page_count_does_not_make_a_short_line_running_text() -> None:
    # Without its page count the last line is short: the field above it is below the text.
    text = f"{BODY}\n来源：示例日报\n第 1 页 共 1 页今年全县财政收入稳步增长，各项支出得到保障。\n"
    assert ("boilerplate", "来源：示例日报", 2) in noise(text)


def test_source_field_inside_the_text_is_kept() -> None:
    assert noise(f"{BODY}\n来源：示例统计局\n{BODY}\n") == []


def test_site_byline_with_address_and_date_is_boilerplate() -> None:
    line = "示例政府网　www.example.gov.cn　2020年03月16日　来源：示例社"
    assert noise(f"{line}\n{BODY}\n") == [("boilerplate", line, 1)]


def test_editor_credit_with_its_bracket_on_the_next_line_is_boilerplate() -> None:
    text = f"{BODY}\n（责任编辑： 张三\n ）\n"
    assert noise(text) == [("boilerplate", "（责任编辑： 张三", 2), ("boilerplate", "）", 3)]


@pytest.mark.parametrize("credit", ["【责任编辑：张三】", "[责任编辑：张三]", "（责任编辑：张三）"])
def test_editor_credit_in_any_bracket_is_boilerplate(credit: str) -> None:
    assert noise(f"{BODY}\n{credit}\n") == [("boilerplate", credit, 2)]


def test_editor_credit_with_its_name_on_the_next_line_is_boilerplate() -> None:
    assert noise(f"{BODY}\n责任编辑：\n李四\n") == [("boilerplate", "责任编辑：", 2), ("boilerplate", "李四", 3)]


def test_view_count_beside_a_source_field_above_the_text_is_boilerplate() -> None:
    assert noise(f"工作报告\n来源：本站　浏览：35次\n{BODY}\n") == [("boilerplate", "来源：本站　浏览：35次", 2)]


# --- related-article lists ----------------------------------------------------------------------


def test_related_articles_on_one_line_are_boilerplate() -> None:
    line = "推荐相关文章: 乡镇工作总结 乡镇工作汇报 乡镇工作要点"
    assert noise(f"{BODY}\n{line}\n") == [("boilerplate", line, 2)]


def test_related_header_in_lenticular_brackets_is_boilerplate() -> None:
    text = f"一、工作\n{BODY}\n【推荐阅读】2024年工作总结\n二、打算\n{BODY}\n"
    assert noise(text) == [("boilerplate", "【推荐阅读】2024年工作总结", 3)]
    assert [s.marker for s in reportparse.parse(text).sections] == ["一、", "二、"]


def test_related_links_under_a_bracketed_header_alone_are_boilerplate() -> None:
    text = f"{BODY}\n【相关阅读】\n示例区年度工作总结\n示例街道述职报告\n{BODY}\n"
    assert [n for _, _, n in noise(text)] == [2, 3, 4]


@pytest.mark.parametrize("header", ["相关阅读", "猜你喜欢"])
def test_a_bare_related_header_alone_on_its_line_heads_the_titles_under_it(header: str) -> None:
    text = f"{BODY}\n{header}\n· 示例街道年度述职报告\n· 示例社区工作总结（通用3篇）\n一、下一步打算\n{BODY}\n"
    assert [n for _, _, n in noise(text)] == [2, 3, 4]


def test_a_bare_related_header_word_without_titles_under_it_is_kept() -> None:
    text = f"{BODY}\n相关阅读\n{BODY}\n"
    assert noise(text) == []


@pytest.mark.parametrize("line", ["扫一扫 关注公众号", "广告", "关注我们"])
def test_follow_prompts_and_an_ad_label_alone_are_boilerplate(line: str) -> None:
    assert noise(f"{BODY}\n{line}\n{BODY}\n") == [("boilerplate", line, 2)]


def test_related_links_under_a_header_are_boilerplate_until_running_text() -> None:
    text = f"相关链接>>\n0123456789abcdef0123456789abcdef:\n关于年度工作的决议\n{BODY}\n"
    assert [n for _, _, n in noise(text)] == [1, 2, 3]


@pytest.mark.parametrize("address", ["item_2024_0315_07:", "https://news.example.org/2024/0315/a1.html", "NEWS-2024-0042"])
def test_addresses_and_ids_in_a_related_list_are_part_of_it(address: str) -> None:
    text = f"相关链接：\n{address}\n示例区召开年度工作会议\n{address}\n示例区工作报告解读\n{BODY}\n"
    assert [n for _, _, n in noise(text)] == [1, 2, 3, 4, 5]


def test_line_listing_article_titles_is_boilerplate() -> None:
    line = "街道社区治理调研报告 社区工作年度总结 关于网格员队伍建设的调研报告"
    assert noise(f"{BODY}\n{line}\n") == [("boilerplate", line, 2)]


# --- photo captions -------------------------------------------------------------------------------


def test_photo_caption_with_credit_is_boilerplate() -> None:
    line = "3月5日，大会在市会议中心开幕。市长作工作报告。本报记者 王五 摄"
    assert noise(f"{line}\n{BODY}\n") == [("boilerplate", line, 1)]


def test_wrapped_line_ending_after_a_reporter_is_not_a_caption() -> None:
    assert noise(f"{BODY}\n今年工作顺利完成。他当过记者多年\n，经验丰富。\n") == []


def test_caption_repeated_without_its_credit_is_boilerplate() -> None:
    caption = "3月5日，大会在市会议中心开幕。"
    text = f"{caption}本报记者 王五 摄\n{BODY}\n{caption}\n{BODY}\n"
    assert [n for _, _, n in noise(text)] == [1, 3]


def test_caption_at_the_start_of_a_one_line_page_is_boilerplate() -> None:
    text = f"3月5日，大会开幕。<U+00A0>本报记者王五摄<U+00A0>{BODY}\n"
    assert noise(text) == [("boilerplate", "3月5日，大会开幕。<U+00A0>本报记者王五摄", 1), ("layout", "<U+00A0>", 1)]


# --- tables of contents ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "entries"), [
    # dot leaders and page numbers
    ("目录\n第一章 总则........1\n第二章 附则........9\n第一章 总则\n", ["第一章 总则........1", "第二章 附则........9"]),
    # bare entries end where the body repeats them
    ("目 录\n第一章 总则\n第二章 附则\n第一章 总则\n第一条 为了规范管理，制定本办法。\n", ["第一章 总则", "第二章 附则"]),
    # a page number set off by space is not part of the title: the body's first heading repeats it
    ("目  录\n一、总体情况\t1\n二、存在问题  3\n\n一、总体情况\n今年工作顺利。\n", ["一、总体情况\t1", "二、存在问题  3"]),
    # entries with page numbers end at a line without one (a heading the contents did not list)
    ("目录\n一、总体情况 1\n二、存在问题 3\n（一）编制说明\n今年工作顺利。\n", ["一、总体情况 1", "二、存在问题 3"]),
])
def test_contents_head_and_entries_are_toc(text: str, entries: list[str]) -> None:
    head = text.split("\n")[0]
    assert noise(text) == [("toc", head, 1)] + [("toc", e, n) for n, e in enumerate(entries, start=2)]


def test_contents_of_markdown_links_under_a_bold_label_are_toc() -> None:
    entries = ["  [第一章  总则](#第一章-总则)", "  [第二章  管理](#第二章-管理)",
               "    * [第一节  职责](#第一节-职责)", "  [第三章  附则](#第三章-附则)"]
    body = "## 第一章 总  则\n第一条 为了规范管理，制定本办法。\n"
    text = "***目  录***\n\n" + "\n".join(entries) + "\n\n" + body
    assert noise(text) == [("toc", "***目  录***", 1)] + [("toc", e.strip(), n) for n, e in enumerate(entries, 3)]


COLLECTION_CONTENTS = ["- [甲市河道管理条例](#甲市河道管理条例)", "    - [第一章  总则](#第一章-总则)",
                       "    - [第二章  管理](#第二章-管理)", "    - [第三章  附则](#第三章-附则)",
                       "- [甲市养鸽管理规定](#甲市养鸽管理规定)"]
COLLECTION_BODY = ["## 甲市河道管理条例", "### 第一章 总则", "第一条 为了加强河道管理，制定本条例。",
                   "### 第二章 管理", "第二条 禁止向河道倾倒垃圾。", "### 第三章 附则", "第三条 本条例自公布之日起施行。",
                   "## 甲市养鸽管理规定", "第一条 为了规范养鸽，制定本规定。"]


@pytest.mark.parametrize("label", [["**目  录**", ""], []])
def test_anchor_links_next_to_contents_are_entries_marker_or_not(label: list[str]) -> None:
    text = "\n".join(["# 甲市法规汇编", *label, *COLLECTION_CONTENTS, "", *COLLECTION_BODY]) + "\n"
    first = 2 + len(label)
    expected = [("toc", e.strip(), n) for n, e in enumerate(COLLECTION_CONTENTS, first)]
    assert noise(text) == ([("toc", label[0], 2)] if label else []) + expected


def test_an_anchor_link_apart_from_any_contents_is_kept() -> None:
    text = "\n".join(["某局2024年工作总结", "详见[附表](#附表)", "", "一、基本情况", "全年完成投资三亿元。"]) + "\n"
    assert noise(text) == []


CONTENTS = ["一、基本情况", "二、主要做法", "（一）完善制度", "三、下一步打算"]
BODY_OF = {"一、基本情况": "全年完成投资三亿元。", "二、主要做法": "我们坚持问题导向。",
           "（一）完善制度": "修订了五项制度。", "三、下一步打算": "继续推进改革。"}


def _report(contents: list[str], body: list[str]) -> str:
    return "\n".join(["某局2024年工作总结", *contents, "", *[f"{h}\n{BODY_OF[h]}" for h in body]]) + "\n"


def test_contents_without_a_label_are_found_by_their_shape() -> None:
    assert noise(_report(CONTENTS, CONTENTS)) == [("toc", e, n) for n, e in enumerate(CONTENTS, 2)]


@pytest.mark.parametrize("body", [
    CONTENTS[:2],  # fewer than three of the entries come again
    [],  # none come again: heading-only lines of an outline
])
def test_entry_lines_that_do_not_come_again_are_not_contents(body: list[str]) -> None:
    assert noise(_report(CONTENTS, body)) == []


def test_a_list_repeated_without_body_under_it_is_not_contents() -> None:
    text = "\n".join(["某局2024年工作总结", *CONTENTS, "说明如下。", *CONTENTS]) + "\n"
    assert noise(text) == []


def test_contents_whose_headings_run_on_into_a_sentence_are_found() -> None:
    # a heading line that goes on with its text (``第一章 总则。本办法…``) is no entry: once a TypeError
    text = "\n".join(["第一章 总则", "第二章 组织", "第三章 附则", "", "第一章 总则。本办法适用于全县各单位。",
                      "正文内容很多。", "第二章 组织。各单位要加强组织领导。", "正文内容。", "第三章 附则",
                      "正文内容。"]) + "\n"
    assert noise(text) == [("toc", "第一章 总则", 1), ("toc", "第二章 组织", 2), ("toc", "第三章 附则", 3)]


LINKED = ["[一、基本情况](#sec-1)", "* [二、主要做法](#sec-2)"]


def test_two_links_to_anchors_that_come_again_as_headings_are_contents() -> None:
    text = "\n".join(["某局2024年工作总结", *LINKED, "", "一、基本情况", "全年完成投资三亿元。",
                      "二、主要做法", "我们坚持问题导向。"]) + "\n"
    assert noise(text) == [("toc", "[一、基本情况](#sec-1)", 2), ("toc", "* [二、主要做法](#sec-2)", 3)]


@pytest.mark.parametrize("entries", [
    ["一、基本情况", "二、主要做法"],  # plain lines: two are not enough
    ["[一、基本情况](https://example.org/a)", "[二、主要做法](https://example.org/b)"],  # links off the page
])
def test_two_entries_without_anchor_links_are_not_contents(entries: list[str]) -> None:
    text = "\n".join(["某局2024年工作总结", *entries, "", "一、基本情况", "全年完成投资三亿元。",
                      "二、主要做法", "我们坚持问题导向。"]) + "\n"
    assert noise(text) == []


def test_two_anchor_links_that_do_not_come_again_are_kept() -> None:
    text = "\n".join(["某局2024年工作总结", *LINKED, "", "三、下一步打算", "继续推进改革。"]) + "\n"
    assert noise(text) == []


@pytest.mark.parametrize("leader", ["……", ". .", "....."])
def test_contents_with_short_or_broken_leaders_are_toc(leader: str) -> None:
    entries = [f"1.1概况{leader}3", f"1.2目标{leader} 5", f"2.1措施{leader}12"]
    assert noise("目录\n" + "\n".join(entries) + "\n1.1概况\n") == [("toc", "目录", 1)] + [
        ("toc", e, n) for n, e in enumerate(entries, 2)]


def test_a_sentence_ending_in_an_ellipsis_and_a_number_is_not_an_entry() -> None:
    assert noise("一、总体情况\n全年增长了……3\n") == []


def test_line_listing_several_articles_is_toc() -> None:
    line = "第一篇:财政调研报告 第二篇:财政工作总结 正文"
    assert noise(f"{line}\n第一篇:财政调研报告\n") == [("toc", line, 1)]


def test_ellipsis_at_a_sentence_end_is_not_a_leader() -> None:
    assert noise("我们要做好以下几项工作……\n") == []


# --- attachment lists -----------------------------------------------------------------------------


@pytest.mark.parametrize("printed", ["附件1：查验操作规程\n一、总体要求\n附件2：登记操作规程\n一、适用范围\n",
                                     "附件1\n\n查验操作规程\n一、总体要求\n附件二 登记操作规程\n一、适用范围\n",
                                     # a title on two lines: the issuer, then what the list names
                                     "附件1\n示例市交警支队\n查验操作规程\n一、总体要求\n"
                                     "附件2\n示例市交警支队\n登记操作规程\n一、适用范围\n"])
def test_attachment_list_of_attachments_printed_later_is_toc(printed: str) -> None:
    """Every attachment it names comes again later: the list is their contents."""
    text = "附件：1、查验操作规程\n\n2、登记操作规程\n\n" + printed
    assert noise(text) == [("toc", "附件：1、查验操作规程", 1), ("toc", "2、登记操作规程", 3)]


@pytest.mark.parametrize("after", ["", "附件1：查验操作规程\n一、总体要求\n", "附件2：登记操作规程\n附件1：查验操作规程\n"])
def test_attachment_list_of_attachments_not_printed_is_body_text(after: str) -> None:
    """Not printed here (or not all, or out of order): the list is content, kept, and its items no headings."""
    text = "一、工作要求\n各单位要抓好落实。\n附件：1、查验操作规程\n      2、登记操作规程\n示例局办公室\n" + after
    assert noise(text) == []
    doc = reportparse.parse(text)
    assert doc.sections[0].marker == "一、" and doc.sections[0].children == []
    assert "2、登记操作规程" in doc.model_dump_json()


# --- find_noise -----------------------------------------------------------------------------------


def test_noise_is_sorted_and_disjoint_with_earlier_rules_winning() -> None:
    text = "推荐相关文章: 乡镇工作总结 乡镇工作汇报 第 2 页 共 9 页\n"
    items = find_noise(SourceText.from_text(text))
    assert [(n.kind, n.text) for n in items] == [
        ("boilerplate", "推荐相关文章: 乡镇工作总结 乡镇工作汇报"), ("page_footer", "第 2 页 共 9 页")]


def test_every_span_slices_back_to_its_text() -> None:
    text = "<U+00A0>当前位置：首页>>要闻\r\n第 1 页 共 2 页\r今年<!-- x -->工作顺利。\n"
    for item in find_noise(SourceText.from_text(text)):
        assert text[item.span.start:item.span.end] == item.text


# --- hard-wrapped text (PDF dumps) ---------------------------------------------------------------

_PARA1 = ("今年以来，全区上下坚持稳中求进工作总基调，扎实推进各项重点任务落实，经济运行总体平稳、"
          "稳中有进，社会大局和谐稳定，人民群众获得感明显增强，各项事业取得新的进展。")
_PARA2 = "　　下一步，我们将继续深化改革创新，统筹发展和安全，推动高质量发展取得新成效，奋力开创新局面。"
_HEAD2 = "二、加强基层治理能力建设，健全网格化管理服务机制，推动治理重心向下移动。全区新设网格员三百余名。"


def _hard_wrap(text: str, width: int = 20) -> str:
    """``text`` cut into lines of ``width`` characters, as a PDF dump does."""
    return "".join(text[i:i + width] + "\n" for i in range(0, len(text), width))


_WRAPPED = "一、总体情况\n" + _hard_wrap(_PARA1) + _hard_wrap(_PARA2) + _hard_wrap(_HEAD2)


def test_hard_wrapped_lines_are_one_paragraph() -> None:
    sec = reportparse.parse(_WRAPPED).sections[0]
    assert [p.text for p in sec.paragraphs] == [_PARA1, _PARA2.lstrip("\u3000")]
    assert sec.paragraphs[0].line == 2


def test_a_wrapped_heading_line_keeps_its_whole_lead_sentence() -> None:
    sec = reportparse.parse(_WRAPPED).sections[1]
    assert sec.title == "加强基层治理能力建设，健全网格化管理服务机制，推动治理重心向下移动"
    assert [p.text for p in sec.paragraphs] == ["全区新设网格员三百余名。"]


def test_a_wrap_is_found_through_half_width_punctuation_and_short_lines() -> None:
    # A web copy of a PDF: full-width punctuation made half-width, and justification leaving
    # one line a character short. Both are still full lines of the wrap.
    text = (_PARA1 + _PARA2.lstrip("\u3000") + _PARA1).replace("，", ",")
    lines = _hard_wrap(text).splitlines()
    lines[2], lines[3] = lines[2][:-1], lines[2][-1] + lines[3]
    sec = reportparse.parse("一、总体情况\n" + "\n".join(lines) + "\n").sections[0]
    assert "".join(p.text for p in sec.paragraphs) == text
    assert all(p.text.endswith("。") for p in sec.paragraphs)  # parted only where a sentence ends


def test_a_wrapped_line_may_start_with_a_quantity() -> None:
    before = (_PARA1 * 2)[:100].rstrip("，。") + "压减支出"  # the wrap falls right before 3.12
    before = before[-100:]
    text = before + "3.12亿元，三公经费同比下降。" + _PARA2.lstrip("\u3000")
    sec = reportparse.parse("一、总体情况\n" + _hard_wrap(text)).sections[0]
    assert "压减支出3.12亿元" in "".join(p.text for p in sec.paragraphs)
    assert not any(p.text.startswith("3.12") for p in sec.paragraphs)


def test_a_page_number_after_a_wrapped_line_is_not_joined_to_it() -> None:
    text = (_PARA1 + _PARA2.lstrip("\u3000") + _PARA1)[:120].rstrip("，。") + "继续推进"
    text = text[-120:]  # six full lines, the last one open
    doc = reportparse.parse("一、总体情况\n" + _hard_wrap(text) + "2\n")
    assert [p.text for p in doc.sections[0].paragraphs][-1] in ("2", text)
    assert not any(p.text.endswith("继续推进2") for p in doc.sections[0].paragraphs)


def test_lines_of_one_length_that_end_sentences_are_not_taken_for_a_wrap() -> None:
    # One paragraph a line, all about as long: a wrap would cut lines mid-sentence.
    rows = [f"第{n}项工作按计划推进，完成年度目标任务的百分之九十以上" + "；。"[n % 2] for n in range(1, 9)]
    rows[2] = rows[2][:-1] + "推进"  # one open end among eight is not a wrap
    doc = reportparse.parse("一、总体情况\n" + "\n".join(rows) + "\n")
    assert [p.text for p in doc.sections[0].paragraphs] == rows


def test_lines_of_varying_length_are_not_taken_for_a_wrap() -> None:
    text = ("一、总体情况\n今年工作顺利\n各项任务按期完成，群众满意度持续提升\n"
            "财政收入增长\n重点项目建设进展较快，投资结构进一步优化，发展后劲不断增强\n")
    assert [p.text for p in reportparse.parse(text).sections[0].paragraphs] == [
        "今年工作顺利", "各项任务按期完成，群众满意度持续提升", "财政收入增长",
        "重点项目建设进展较快，投资结构进一步优化，发展后劲不断增强"]


@pytest.mark.parametrize("lines", [1, 40], ids=["dense", "sparse"])
def test_page_headers_are_found_alike_by_the_scan_of_key_lines_and_of_the_whole_text(lines: int) -> None:
    from unittest import mock

    from reportparse.noise import spans
    from reportparse.noise.page_footer import _TITLED

    page = "\r\n".join(["正文一段，没有页码。"] * lines)
    text = "".join(f"年度工作报告　第 {k} 页\n{page}\r- {k} - 工作总结\r\n" for k in range(1, 30))
    src = SourceText.from_text(text)
    with mock.patch.object(spans, "SCAN_MIN", 0):  # a short text is scanned by finditer
        found = [m.span() for m in _TITLED.scan(src)]
    assert found and found == [m.span() for m in _TITLED.anchored.finditer(src.view)]


def test_a_bare_number_opening_a_sentence_after_a_page_break_continues_the_sentence() -> None:
    text = "发现异常时，应当将监测频次提高到每\n- 2 -\n4 小时 1 次，确保及时发现问题。\n"
    assert cleaned(text) == ["发现异常时，应当将监测频次提高到每4 小时 1 次，确保及时发现问题。"]


def test_a_bare_chapter_number_on_a_title_line_after_a_page_break_is_not_joined() -> None:
    text = "各单位应当储备必要的应急物资和抢修设备并定期\n- 2 -\n5 保障措施\n5.1 队伍保障\n"
    assert cleaned(text)[:2] == ["各单位应当储备必要的应急物资和抢修设备并定期", "5 保障措施"]


def test_a_running_header_beside_rising_page_numbers_that_skip_pages_goes_with_them() -> None:
    header = "示例科技股份有限公司年度报告全文"
    pages = [(3, "公司营业收入保持稳定增长。"), (7, "研发投入占营业收入的比例提高。"),
             (12, "报告期内公司未发生重大诉讼。"), (20, "公司治理结构进一步完善。")]
    text = "示例科技股份有限公司年度报告\n公司简介如下。\n" + "".join(
        f"{header}\n{body}\n{number}\n" for number, body in pages)
    found = noise(text)
    assert [(kind, t) for kind, t, _ in found] == [
        (kind, t) for number, _ in pages for kind, t in (("running_header", header), ("page_footer", str(number)))]


def test_numbers_beside_a_repeated_line_that_do_not_rise_are_kept() -> None:
    rows = "".join(f"合计金额总数\n{n}\n正文一段，没有页码。\n" for n in (12, 5, 9, 3))
    assert noise(rows) == []


def test_contents_of_a_nested_outline_with_page_numbers_and_no_label_are_toc() -> None:
    entries = ["1 总则 1", "1.1 编制目的 1", "1.2 适用范围 2", "2 组织体系 3", "2.1 指挥机构 3", "3 预警 5"]
    body = ["1 总则", "1.1 编制目的", "为了有效预防森林火灾，制定本预案。", "1.2 适用范围", "本预案适用于全县。",
            "2 组织体系", "2.1 指挥机构", "县政府设立指挥部。", "3 预警", "3.1 预警分级", "分为四级。"]
    text = "\n".join(["某县森林火灾应急预案", *entries, *body]) + "\n"
    assert noise(text) == [("toc", e, n) for n, e in enumerate(entries, 2)]
