"""The HTML view in a real browser: headless Chromium (Debian's ``chromium``) driven by playwright.

Skipped only when no Chromium is installed here; under CI (``CI`` set) a missing browser fails.
Set ``REPORTPARSE_CHROMIUM`` to use another Chromium binary.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import reportparse
from reportparse import batch
from reportparse.render import heading_text, render

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _chromium() -> str | None:
    named = os.environ.get("REPORTPARSE_CHROMIUM")
    if named:
        return named
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = _chromium()
if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("CI must run the browser tests, but no chromium was found (.ci/run installs it)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium found (apt-get install chromium, "
                                "or set REPORTPARSE_CHROMIUM): the page is not tested in a browser")


def _report() -> str:
    """Chapters over several blocks of lines (the last one far down, laid out only when
    scrolled to), a page footer cutting a sentence, and a numbering gap."""
    lines = ["关于测试工作的报告", "一、总体情况"]
    lines += [f"工作之{i}按计划推进，完成情况良好。" for i in range(1, 31)]
    lines += ["（一）主要做法", "我们进一步加强了队伍", "", "第 1 页 共 3 页", "", "建设，成效明显。"]
    lines += ["（二）<b>经验</b> & 体会", "坚持问题导向。"]
    lines += [f"经验之{i}已经总结。" for i in range(1, 31)]
    lines += ["三、下一步打算", "继续努力。"]
    lines += [f"安排之{i}正在落实。" for i in range(1, 201)]
    lines += ["四、保障措施", "加强组织领导。"]
    lines += [f"措施之{i}正在落实。" for i in range(1, 101)]
    return "\n".join(lines) + "\n"


REPORT = _report()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = browser.new_page(viewport={"width": 1200, "height": 700})
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: requests.append(req.url))
    yield page
    assert errors == []
    assert all(url.startswith("file://") for url in requests), requests  # no network
    page.close()


def _open(page: Any, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_load_state("load")


def _offset_in_pane(page: Any, line: int) -> float:
    return page.evaluate("n => document.getElementById('L' + n).getBoundingClientRect().top"
                         " - document.getElementById('text').getBoundingClientRect().top", line)


def test_the_page_in_chromium(page: Any, tmp_path: Path) -> None:
    doc = reportparse.parse(REPORT, source="测试.txt")
    sections = doc.walk()
    assert len(sections) == 5 and sections[-1].line == 273
    target = tmp_path / "report.html"
    target.write_text(render(doc, "html", source=REPORT), encoding="utf-8")
    _open(page, target)

    # Every heading of the parse is in the outline and highlighted on its line.
    assert page.locator("#outline a").all_inner_texts() == [heading_text(s) for s in sections]
    for sec in sections:
        assert "".join(page.locator(f"#L{sec.line} .h").all_text_contents()) == REPORT[sec.span.start:sec.span.end]
    # Escaped, not markup; the tags are removed noise (struck through) inside the heading.
    assert page.locator("#L39 .h.nz").all_inner_texts() == ["<b>", "</b>"]
    assert page.locator("#L39 b").count() == 0
    assert page.locator("#text div.ln").count() == doc.metadata.lines
    assert page.evaluate("document.querySelectorAll('#text *').length") < 2 * doc.metadata.lines

    # Clicking an outline entry scrolls the text to the heading's line.
    last = sections[-1]
    assert page.evaluate("document.getElementById('text').scrollTop") == 0
    assert _offset_in_pane(page, last.line) > 700
    page.locator(f'#outline a[data-line="{last.line}"]').click()
    assert page.evaluate("document.getElementById('text').scrollTop") > 0
    assert 0 <= _offset_in_pane(page, last.line) < 30
    assert page.evaluate("location.hash") == f"#L{last.line}"
    page.locator('#outline a[data-line="2"]').click()
    assert 0 <= _offset_in_pane(page, 2) < 30
    page.locator('#outline a[data-line="71"]').click()
    assert 0 <= _offset_in_pane(page, 71) < 30

    # Collapsing a heading hides its sub-headings; the count says how many there are.
    top = page.locator("#outline li.d1").first
    assert top.locator(".count").inner_text() == "2"
    sub = page.locator('#outline a[data-line="33"]')
    assert sub.is_visible()
    top.locator("summary").first.click(position={"x": 4, "y": 8})  # the disclosure triangle
    assert not sub.is_visible()
    page.locator("#expand").click()
    assert sub.is_visible()

    # The removed footer is greyed with its kind on hover; the toggle hides it, and back.
    footer = page.locator("#L36 .nz")
    assert footer.get_attribute("data-kind") == "page_footer"
    assert "page_footer" in footer.get_attribute("title")
    assert page.locator("#L34 .j").get_attribute("title").startswith("joined with line 38: a page break")
    assert footer.is_visible() and page.locator("#L36").is_visible()
    page.locator("#hide-noise").check()
    assert not footer.is_visible() and not page.locator("#L36").is_visible()
    assert page.locator("#L35").is_visible()  # a blank line is not noise
    page.screenshot(path=str(tmp_path / "noise-hidden.png"))
    page.locator("#hide-noise").uncheck()
    assert footer.is_visible()

    # The check finding is a badge on its line.
    assert page.locator("#L71 .f").inner_text().startswith("H101")

    page.screenshot(path=str(tmp_path / "page.png"))
    assert (tmp_path / "page.png").stat().st_size > 10_000

    # Printed: no outline, no buttons, the whole text laid out.
    page.emulate_media(media="print")
    assert not page.locator("#outline").is_visible() and not page.locator("#hide-noise").is_visible()
    assert page.evaluate("getComputedStyle(document.getElementById('text')).overflow") == "visible"
    page.emulate_media(media="screen")


def test_a_link_to_a_line_opens_there(page: Any, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text(render(reportparse.parse(REPORT), "html", source=REPORT), encoding="utf-8")
    page.goto(target.as_uri() + "#L300")
    page.wait_for_load_state("load")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert 0 <= _offset_in_pane(page, 300) < 30


def test_the_batch_index_links_to_each_page(page: Any, tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "章节").mkdir(parents=True)
    (src / "a.txt").write_text(REPORT, encoding="utf-8")
    (src / "章节" / "b #1.txt").write_text("一、总体情况\n正文。\n二、问题\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = batch.run(batch.plan(str(src), str(out), format="html"), str(out), batch.Options(format="html"))
    assert summary.count("converted") == 2
    _open(page, out / "index.html")
    assert page.locator("tbody tr").count() == 2
    page.locator("#filter").fill("H101")
    assert page.locator("tbody tr:visible").count() == 1
    page.locator("#filter").fill("")
    page.screenshot(path=str(tmp_path / "index.png"))
    page.get_by_text("b #1.html").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/b%20%231.html")
    assert page.locator("#outline a").all_inner_texts() == ["一、总体情况", "二、问题"]
