"""HTML view benchmark, run by hand: ``python benchmarks/html_view.py [--mb 1] [--chromium PATH]``.

Builds a report of about ``--mb`` megabytes from ``samples/*.txt`` (the UTF-8 ones, repeated),
then measures: the parse, the HTML render, the page size, and in headless Chromium (through
playwright, when a chromium is found) the time until the page has loaded, the number of
elements in the text pane, and one outline click that scrolls to the last heading.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import reportparse  # noqa: E402
from reportparse.render import render  # noqa: E402


def build(mb: float) -> str:
    """About ``mb`` MB of report text: the UTF-8 samples, one after another, repeated."""
    parts = []
    for path in sorted((ROOT / "samples").glob("*.txt")):
        try:
            parts.append(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue
    block = "\n".join(parts) + "\n"
    copies = max(1, round(mb * 1_000_000 / len(block.encode("utf-8"))))
    return block * copies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="input size in MB (default 1)")
    ap.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"),
                    help="Chromium binary (default: chromium on PATH)")
    args = ap.parse_args()

    text = build(args.mb)
    rows: list[tuple[str, str]] = [("input", f"{len(text.encode('utf-8')) / 1e6:.2f} MB, "
                                             f"{text.count(chr(10))} lines")]
    t0 = time.perf_counter()
    doc = reportparse.parse(text, source="bench.txt")
    t1 = time.perf_counter()
    page = render(doc, "html", source=text)
    t2 = time.perf_counter()
    rows += [("parse", f"{t1 - t0:.2f} s"), ("render html", f"{t2 - t1:.2f} s"),
             ("page", f"{len(page.encode('utf-8')) / 1e6:.2f} MB, {len(doc.walk())} headings, "
                      f"{len(doc.noise)} noise items")]
    if args.chromium:
        rows += _in_browser(page, doc, args.chromium)
    else:
        rows.append(("browser", "skipped: no chromium found"))
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


def _in_browser(page: str, doc: reportparse.Document, chromium: str) -> list[tuple[str, str]]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        path = Path(tmp) / "bench.html"
        path.write_text(page, encoding="utf-8")
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1200, "height": 800})
        t0 = time.perf_counter()
        tab.goto(path.as_uri(), wait_until="load")
        loaded = time.perf_counter() - t0
        nodes = tab.evaluate("document.querySelectorAll('#text *').length")
        last = doc.walk()[-1].line
        t1 = time.perf_counter()
        tab.locator(f'#outline a[data-line="{last}"]').click()
        tab.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        clicked = time.perf_counter() - t1
        t2 = time.perf_counter()
        tab.locator("#hide-noise").check()
        tab.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        toggled = time.perf_counter() - t2
        browser.close()
    return [("chromium: load", f"{loaded:.2f} s"),
            ("chromium: elements in the text pane", f"{nodes} ({nodes / doc.metadata.lines:.2f} per line)"),
            ("chromium: click to the last heading", f"{clicked * 1000:.0f} ms"),
            ("chromium: hide the noise", f"{toggled * 1000:.0f} ms")]


if __name__ == "__main__":
    main()
