"""The batch index: one self-contained page listing the pages of a ``batch --format html`` run.

Each row is one document: its title linking to its page, its source, and the facts its page
carries (headings, noise removed by kind, findings by code); a document that was not
converted shows why instead. The template is ``templates/index.html``; all text is escaped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote

from reportparse.render.to_html import fill, template


@dataclass(frozen=True)
class IndexEntry:
    """One document of the index: ``page`` is its page's path relative to the index ('/'
    separated), ``facts`` what the page carries (None when there is no page), ``problem``
    why there is none."""

    page: str
    source: str
    facts: dict[str, Any] | None = None
    problem: str = ""


def to_index(entries: Sequence[IndexEntry], *, title: str = "reportparse") -> str:
    """The index page for ``entries``, in the order given."""
    rows = "".join(_row(e) for e in entries)
    pages = [e for e in entries if e.facts is not None]
    totals: Counter[str] = Counter()
    noise: Counter[str] = Counter()
    for e in pages:
        assert e.facts is not None
        totals["headings"] += _int(e.facts.get("headings"))
        noise.update(_counts(e.facts.get("noise")))
        totals.update(_counts(e.facts.get("findings")))
    findings = sum(n for k, n in totals.items() if k != "headings")
    summary = (f"{len(pages)} page{'s' * (len(pages) != 1)} · {totals['headings']} headings · "
               f"{sum(noise.values())} noise items removed · {findings} findings")
    if len(pages) != len(entries):
        summary += f" · {len(entries) - len(pages)} without a page"
    slots = {"title": escape(title), "summary": escape(summary), "rows": rows or
             '<tr><td colspan="5" class="none">No documents.</td></tr>'}
    return "".join(fill(template("index.html"), slots))


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _counts(value: Any) -> dict[str, int]:
    """A ``{name: count}`` mapping of a page's facts, anything else left out."""
    if not isinstance(value, dict):
        return {}
    return {str(k): _int(v) for k, v in value.items()}


def _tally(counts: dict[str, int], css: str) -> str:
    if not counts:
        return '<span class="none">none</span>'
    return " ".join(f'<span class="{css}">{escape(k)} <b>{n}</b></span>' for k, n in counts.items())


def _shown(text: str) -> str:
    """``text`` escaped, bytes of a file name that are not UTF-8 (surrogate escapes) as U+FFFD."""
    return escape(text.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def _href(page: str) -> str:
    """The link to ``page``: the bytes of its name, percent-encoded (as a browser asks for them)."""
    return escape(quote(page.encode("utf-8", "surrogateescape")))


def _row(entry: IndexEntry) -> str:
    source = f'<td class="src">{_shown(entry.source)}</td>'
    if entry.facts is None:
        name = _shown(entry.page or entry.source)
        return (f'<tr class="missing"><td>{name}</td>{source}'
                f'<td colspan="3" class="problem">{_shown(entry.problem or "no page")}</td></tr>')
    facts = entry.facts
    title = facts.get("title") if isinstance(facts.get("title"), str) else None
    levels = _counts(facts.get("levels"))
    by_level = ", ".join(f"level {k}: {n}" for k, n in levels.items())
    link = f'<a href="{_href(entry.page)}">{_shown(title or entry.page)}</a>'
    if title:
        link += f'<div class="page">{_shown(entry.page)}</div>'
    return (f"<tr><td>{link}</td>{source}"
            f'<td class="num" title="{escape(by_level)}">{_int(facts.get("headings"))}</td>'
            f'<td>{_tally(_counts(facts.get("noise")), "kind")}</td>'
            f'<td>{_tally(_counts(facts.get("findings")), "code")}</td></tr>')
