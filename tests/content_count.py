"""Counting content characters: the "nothing lost, nothing doubled" check shared by the tests."""

from __future__ import annotations

from collections import Counter

import reportparse


def alnum(s: str) -> Counter[str]:
    """Letters and digits of ``s`` (CJK included), counted."""
    return Counter(ch for ch in s if ch.isalnum())


def output_alnum(doc: reportparse.Document, noise: bool = True) -> Counter[str]:
    """Letters and digits of everything ``doc`` holds: title, headings, paragraphs and (if ``noise``) noise."""
    out = alnum(doc.title or "")
    for p in doc.paragraphs:
        out += alnum(p.text)
    for sec in doc.walk():
        out += alnum(sec.marker + sec.title)
        for p in sec.paragraphs:
            out += alnum(p.text)
    for n in doc.noise if noise else ():
        out += alnum(n.text)
    return out


def assert_nothing_lost(text: str, doc: reportparse.Document, noise: bool = True) -> None:
    """Every letter and digit of ``text`` is in ``doc`` exactly once (counting its noise items if ``noise``)."""
    got, want = output_alnum(doc, noise), alnum(text)
    assert got == want, f"lost: {dict(want - got)!r}, invented or doubled: {dict(got - want)!r}"
