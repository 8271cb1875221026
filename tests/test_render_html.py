"""The HTML view (``--format html``) and the batch index, read back with the stdlib HTML parser.

The page in a real browser is tested in ``test_html_browser.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import reportparse
from reportparse import batch
from reportparse.cli import main
from reportparse.lint import check
from reportparse.render import heading_text, render, render_parts
from reportparse.render.to_html import page_facts, read_facts, to_html
from reportparse.render.to_html_index import IndexEntry, to_index

# A page break (footer, blank lines) cuts the sentence of line 5; line 7 goes on with it.
REPORT = (
    "年度工作报告\n"                    # 1
    "一、总体情况\n"                    # 2
    "（一）财政收入\n"                  # 3
    "全年收入稳定增长。\n"              # 4
    "我们进一步加强了队伍\n"            # 5
    "第 1 页 共 2 页\n"                 # 6
    "建设，成效明显。\n"                # 7
    "三、存在问题\n"                    # 8
    "仍有不足之处。\n"                  # 9
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)
    children: list[Element] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def all_text(self) -> str:
        return "".join(self.text)

    def find(self, tag: str, cls: str | None = None) -> list[Element]:
        found, stack = [], [self]
        while stack:
            el = stack.pop()
            if el.tag == tag and (cls is None or cls in el.classes):
                found.append(el)
            stack.extend(reversed(el.children))
        return found


class _Tree(HTMLParser):
    """Elements with their text (a child's text counts for its parents too)."""

    VOID = frozenset({"meta", "input", "br", "link", "img"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(el)
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_endtag(self, tag: str) -> None:
        while len(self.stack) > 1:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for el in self.stack:
            el.text.append(data)


def dom(page: str) -> Element:
    tree = _Tree()
    tree.feed(page)
    tree.close()
    return tree.root


def lines(root: Element) -> dict[int, Element]:
    return {int(el.attrs["data-n"]): el for el in root.find("div", "ln")}


def line_text(el: Element) -> str:
    """A line's source text: its text less the findings badges."""
    badges = "".join(b.all_text() for b in el.find("span", "f"))
    text = el.all_text()
    return text[: len(text) - len(badges)] if badges else text


@pytest.fixture(scope="module")
def doc() -> reportparse.Document:
    return reportparse.parse(REPORT, source="报告.txt")


@pytest.fixture(scope="module")
def page(doc: reportparse.Document) -> Element:
    return dom(to_html(doc, source=REPORT))


def test_every_source_line_is_one_element_with_its_text(page: Element) -> None:
    shown = lines(page)
    assert sorted(shown) == list(range(1, 10))
    for n, text in enumerate(REPORT.splitlines(), 1):
        assert line_text(shown[n]) == text
        assert shown[n].attrs["id"] == f"L{n}"


def test_outline_links_every_heading_to_its_line(doc: reportparse.Document, page: Element) -> None:
    nav = page.find("nav")[0]
    links = [(a.all_text(), a.attrs["href"]) for a in nav.find("a")]
    assert links == [(heading_text(s), f"#L{s.line}") for s in doc.walk()]
    assert [s.level for s in doc.walk()] == [1, 2, 1]


def test_outline_counts_sub_headings_and_colours_depth(page: Element) -> None:
    nav = page.find("nav")[0]
    top = [li for li in nav.find("li") if "d1" in li.classes]
    assert [li.find("span", "count")[0].all_text() for li in top if li.find("details")] == ["1"]
    assert [li.classes for li in nav.find("li")] == [{"d1"}, {"d2", "leaf"}, {"d1", "leaf"}]


def test_headings_are_marked_in_their_depth_colour(page: Element) -> None:
    shown = lines(page)
    assert [(s.all_text(), s.classes) for s in shown[2].find("span", "h")] == [("一、总体情况", {"h", "h1"})]
    assert [(s.all_text(), s.classes) for s in shown[3].find("span", "h")] == [("（一）财政收入", {"h", "h2"})]
    assert {"hl", "h1"} <= shown[2].classes


def test_noise_is_struck_out_with_its_kind(page: Element) -> None:
    shown = lines(page)
    [footer] = shown[6].find("span", "nz")
    assert footer.all_text() == "第 1 页 共 2 页"
    assert footer.attrs["data-kind"] == "page_footer"
    assert "page_footer" in footer.attrs["title"]
    assert "nzl" in shown[6].classes  # the whole line is noise: the toggle hides it
    assert "nzl" not in shown[5].classes


def test_a_sentence_joined_across_the_page_break_is_marked(page: Element) -> None:
    shown = lines(page)
    [mark] = shown[5].find("span", "j")
    assert mark.attrs["title"] == "joined with line 7: a page break had split this sentence"
    assert all(not shown[n].find("span", "j") for n in shown if n != 5)


def test_findings_are_badges_on_their_line(doc: reportparse.Document, page: Element) -> None:
    [badge] = lines(page)[8].find("span", "f")
    assert badge.all_text().startswith("H101 三、 follows 一、")
    assert badge.attrs["title"] == "ordinal-gap"


def test_findings_can_be_given(doc: reportparse.Document) -> None:
    assert not dom(to_html(doc, source=REPORT, findings=[])).find("span", "f")


def test_everything_is_escaped() -> None:
    text = '一、<script>alert("x")</script>&amp;\n正文<b>粗</b> & "引号"。\n'
    root = dom(to_html(reportparse.parse(text, source="<i>x</i>.txt"), source=text))
    assert all("alert" not in el.all_text() for el in root.find("script"))
    assert all(el.all_text() != "粗" for el in root.find("b"))
    assert all(el.all_text() != "x" for el in root.find("i"))
    shown = lines(root)
    assert line_text(shown[1]) == '一、<script>alert("x")</script>&amp;'
    assert line_text(shown[2]) == '正文<b>粗</b> & "引号"。'
    assert root.find("title")[0].all_text() == "<i>x</i>.txt"


def test_page_is_self_contained(page: Element, doc: reportparse.Document) -> None:
    html = to_html(doc, source=REPORT)
    assert "<link" not in html and " src=" not in html and "url(" not in html
    assert "http://" not in html and "https://" not in html
    assert page.find("style") and page.find("script")
    assert "font-family" in html and "Noto Sans CJK SC" in html and "Microsoft YaHei" in html


def test_facts_are_carried_and_read_back(doc: reportparse.Document) -> None:
    html = to_html(doc, source=REPORT)
    facts = read_facts(html[:4096])
    assert facts == page_facts(doc, check(doc))
    assert facts == {"title": "年度工作报告", "source": "报告.txt", "lines": 9, "headings": 3,
                     "levels": {"1": 2, "2": 1}, "noise": {"page_footer": 1}, "findings": {"H101": 1}}
    assert read_facts("<html>no facts</html>") is None


def test_facts_cannot_close_their_script() -> None:
    text = "</script><script>alert(1)</script>\n一、总体情况\n正文。\n"
    html = to_html(reportparse.parse(text, source="</script>.txt"), source=text)
    head = html[:html.index("<title>")]
    assert "</script>" not in head.split('id="reportparse-facts">', 1)[1][:-len("</script>\n")]
    assert read_facts(head)["source"] == "</script>.txt"


def test_parts_join_to_the_page_and_come_in_blocks() -> None:
    text = "".join(f"第{i}章 总则\n本章规定有关事项。\n" for i in range(1, 3001))
    big = reportparse.parse(text)
    parts = list(render_parts(big, "html", source=text))
    assert len(parts) > 3
    assert "".join(parts) == render(big, "html", source=text)


def test_wrong_source_is_a_value_error(doc: reportparse.Document) -> None:
    with pytest.raises(ValueError, match="pass the text the document came from"):
        to_html(doc, source=REPORT + "多")


def test_crlf_and_a_final_line_without_end() -> None:
    text = "一、总体情况\r\n正文。\r\n二、存在问题"
    shown = lines(dom(to_html(reportparse.parse(text), source=text)))
    assert [line_text(shown[n]) for n in sorted(shown)] == ["一、总体情况", "正文。", "二、存在问题"]


def test_a_heading_inside_a_line_is_marked_where_it_starts() -> None:
    text = "一、总体情况\n工作取得明显成效。二、存在问题\n仍有不足。\n"
    shown = lines(dom(to_html(reportparse.parse(text), source=text)))
    assert [s.all_text() for s in shown[2].find("span", "h")] == ["二、存在问题"]
    assert line_text(shown[2]) == "工作取得明显成效。二、存在问题"


# --- the command line ---------------------------------------------------------------------------

def invoke(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def test_parse_format_html_to_a_file(tmp_path: Path) -> None:
    src = tmp_path / "r.txt"
    src.write_bytes(REPORT.encode("gb18030"))
    out = tmp_path / "r.html"
    result = invoke("parse", str(src), "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    root = dom(out.read_text(encoding="utf-8"))
    assert line_text(lines(root)[2]) == "一、总体情况"  # decoded as the parse read it


def test_parse_format_html_from_stdin() -> None:
    result = invoke("parse", "-", "--format", "html", stdin=REPORT.encode())
    assert result.exit_code == 0
    assert read_facts(result.stdout)["source"] is None
    assert len(lines(dom(result.stdout))) == 9


def test_parse_format_html_takes_one_input(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(REPORT, encoding="utf-8")
    result = invoke("parse", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "html")
    assert result.exit_code == 2
    assert "--format html makes one page of one report" in result.stderr
    assert result.stdout == ""


def test_batch_writes_a_page_each_and_an_index(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(REPORT, encoding="utf-8")
    (src / "sub" / "b c.txt").write_text("一、总体情况\n正文。\n", encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(src), str(out), "--format", "html"])
    assert result.exit_code == 1  # empty.txt failed
    assert sorted(p.name for p in out.rglob("*.html")) == ["a.html", "b c.html", "index.html"]
    index = dom((out / "index.html").read_text(encoding="utf-8"))
    rows = index.find("tr")[1:]
    assert [[td.all_text() for td in row.find("td")][:1] for row in rows] == [
        ["年度工作报告a.html"], ["empty.html"], ["sub/b c.html"]]
    links = [a.attrs["href"] for a in index.find("a")]
    assert links == ["a.html", "sub/b%20c.html"]
    first = [td.all_text() for td in rows[0].find("td")]
    assert first[2:] == ["3", "page_footer 1", "H101 1"]
    assert "input is empty" in rows[1].all_text()
    # A rerun keeps the pages and still lists them with their facts.
    again = CliRunner().invoke(main, ["batch", str(src), str(out), "--format", "html"])
    assert again.stdout.startswith("0 converted, 2 skipped, 1 failed")
    assert [a.attrs["href"] for a in dom((out / "index.html").read_text(encoding="utf-8")).find("a")] == links


def test_batch_does_not_let_a_page_replace_the_index(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "index.txt").write_text(REPORT, encoding="utf-8")
    (src / "a.txt").write_text(REPORT, encoding="utf-8")
    summary = batch.run(batch.plan(str(src), str(tmp_path / "out"), format="html"), str(tmp_path / "out"),
                        batch.Options(format="html"))
    assert [(r.job.target, r.status) for r in summary.results] == [("a.html", "converted"),
                                                                   ("index.html", "skipped")]
    root = dom((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    assert "would be the run's index.html" in root.all_text()


def test_index_escapes_and_survives_odd_facts() -> None:
    entries = [IndexEntry("<a>.html", "<b>.txt", {"title": "<i>标题</i>", "headings": "many",
                                                  "noise": ["x"], "findings": {"<H>": 2}}),
               IndexEntry("", "c.txt", None, "<no page>")]
    root = dom(to_index(entries, title="<t>"))
    assert root.find("title")[0].all_text() == "<t>"
    assert root.find("a")[0].attrs["href"] == "%3Ca%3E.html"
    assert root.find("a")[0].all_text() == "<i>标题</i>"
    assert "<H> 2" in root.all_text() and "<no page>" in root.all_text()
    assert not root.find("i") and [b.all_text() for b in root.find("b")] == ["2"]  # the count's <b>


def test_facts_json_is_valid_json(doc: reportparse.Document) -> None:
    html = to_html(doc, source=REPORT)
    start = html.index('id="reportparse-facts">') + len('id="reportparse-facts">')
    assert json.loads(html[start:html.index("</script>", start)])["headings"] == 3


def test_several_noise_pieces_on_one_line_each_keep_their_place() -> None:
    text = "一、总体情况\n我们进一步加强第 1 页 共 3 页队伍建设，持续推进第 2 页 共 3 页制度建设。\n"
    shown = lines(dom(to_html(reportparse.parse(text), source=text)))
    assert [s.all_text() for s in shown[2].find("span", "nz")] == ["第 1 页 共 3 页", "第 2 页 共 3 页"]
    assert line_text(shown[2]) == text.splitlines()[1]
    assert "nzl" not in shown[2].classes


def test_index_links_a_page_whose_name_is_not_utf8(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    name = b"\xff\xfe\xe4\xb8\x80.txt"  # not UTF-8 (a name from an old GBK system), then 一
    try:
        (src / name.decode("utf-8", "surrogateescape")).write_text(REPORT, encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system takes UTF-8 names only")
    result = CliRunner().invoke(main, ["batch", str(src), str(out), "--format", "html"])
    assert (result.exit_code, result.stderr) == (0, "")
    page = (out / "index.html").read_text(encoding="utf-8")
    hrefs = [a.attrs["href"] for a in dom(page).find("a")]
    assert hrefs == ["%FF%FE%E4%B8%80.html"]  # the bytes of the name, as a browser asks for them
    assert "\ufffd\ufffd一.html" in page
    entry = IndexEntry(page="\udcff.html", source="s/\udcff.txt", problem="x \udcff")
    assert "\udcff" not in to_index([entry])
