"""Tree: the headings as a rich Tree, with warnings highlighted and a one-line summary.

The only module that imports rich. Titles go in as :class:`rich.text.Text`, never
as markup, so a title holding ``[b]`` or ``[/注]`` is shown as it is.
"""

from __future__ import annotations

from collections import Counter
from io import StringIO
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from reportparse.render import heading_text

if TYPE_CHECKING:
    from reportparse.model import Diagnostic, Document, Section

_GUIDE = 4  # columns rich's tree guide takes per level


def to_tree(doc: Document) -> Tree:
    """The heading tree of ``doc`` as a rich renderable."""
    by_line: dict[int, list[Diagnostic]] = {}
    for w in doc.warnings:
        by_line.setdefault(w.line, []).append(w)
    root_label = Text(doc.title or doc.metadata.source or "(untitled)", style="bold")
    if doc.paragraphs:
        root_label.append(f"  {_count(len(doc.paragraphs), 'paragraph')} before the first heading",
                          style="dim")
    root = Tree(root_label, guide_style="dim")
    stack: list[Tree] = [root]
    for sec in doc.walk():
        del stack[sec.level:]
        stack.append(stack[-1].add(_label(sec, by_line.pop(sec.line, []))))
    return root


def to_tree_text(doc: Document, *, color: bool = False, width: int | None = None) -> str:
    """The tree, the warnings no heading carries, and the summary line, as text.

    ``color`` adds ANSI styles; ``width`` wraps long lines (default: never wrap).
    """
    tree = to_tree(doc)
    lines = {s.line for s in doc.walk()}
    loose = [w for w in doc.warnings if w.line not in lines]
    if width is None:  # wide enough that nothing wraps
        width = max(_widest(tree), *(len(w.message) * 2 + 40 for w in doc.warnings), 80)
    buf = StringIO()
    console = Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None,
                      no_color=not color, highlight=False, emoji=False, markup=False, legacy_windows=False)
    console.print(tree)
    for w in loose:
        console.print(Text(f"line {w.line}: {w.code} {w.name} {w.message}", style="yellow"))
    console.print(Text(summary(doc), style="dim"))
    return buf.getvalue()


def _widest(tree: Tree) -> int:
    widest, stack = 0, [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node.label, Text):
            widest = max(widest, _GUIDE * depth + node.label.cell_len + 1)
        stack.extend((child, depth + 1) for child in node.children)
    return widest


def summary(doc: Document) -> str:
    """``5 headings (level 1: 2, level 2: 3) · noise removed: 2 page_footer · 1 warning``."""
    levels = Counter(s.level for s in doc.walk())
    total = sum(levels.values())
    parts = [_count(total, "heading")]
    if total:
        parts[0] += " (" + ", ".join(f"level {lv}: {n}" for lv, n in sorted(levels.items())) + ")"
    kinds = Counter(n.kind for n in doc.noise)
    parts.append("noise removed: " + ", ".join(f"{n} {k}" for k, n in kinds.most_common())
                 if kinds else "no noise")
    parts.append(_count(len(doc.warnings), "warning"))
    return " · ".join(parts)


def _label(sec: Section, warnings: list[Diagnostic]) -> Text:
    label = Text(heading_text(sec) or "(no title)", style="bold" if sec.level == 1 else "")
    facts = [f"line {sec.line}", _count(len(sec.paragraphs), "paragraph")]
    if sec.inline:
        facts.append("inline")
    label.append("  " + ", ".join(facts), style="dim")
    for w in warnings:
        label.append(f"  ⚠ {w.code} {w.name}: {w.message}", style="yellow")
    return label


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
