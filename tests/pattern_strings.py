"""Strings drawn from a pattern's parse tree, to test what every match of a pattern holds."""

from __future__ import annotations

import random
import re
from typing import Any


def as_re(source: str) -> str:
    """The pattern in the syntax of ``re`` (``\\p{Han}`` as the main CJK block), to generate strings from."""
    out, in_class, i = [], False, 0
    while i < len(source):
        if source.startswith(r"\p{Han}", i):
            out.append(r"\u4e00-\u9fff" if in_class else r"[\u4e00-\u9fff]")
            i += len(r"\p{Han}")
            continue
        ch = source[i]
        if ch == "\\":
            out.append(source[i:i + 2])
            i += 2
            continue
        in_class = (in_class and ch != "]") or (not in_class and ch == "[")
        out.append(ch)
        i += 1
    return "".join(out)


_POOL = " \t:.,-—/()[]<>|#*_01234589aAeEpPqQlLyYnN一二十第页篇章、。，工作总结情况年月日"


def strings_of(source: str, flags: int, rng: random.Random, count: int) -> list[str]:
    """``count`` strings drawn from the pattern's ``re`` parse tree (look-arounds and anchors left
    out, so some do not match: the test keeps those that do)."""
    tree = re._parser.parse(source, flags)  # type: ignore[attr-defined]

    def draw(items: Any, depth: int = 0) -> str:
        out = []
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                out.append(chr(arg))
            elif name == "NOT_LITERAL":
                out.append(rng.choice([c for c in _POOL if ord(c) != arg]))
            elif name == "ANY":
                out.append(rng.choice(_POOL))
            elif name == "IN":
                out.append(_member(arg))
            elif name == "BRANCH":
                out.append(draw(rng.choice(arg[1]), depth + 1))
            elif name == "SUBPATTERN":
                out.append(draw(arg[-1], depth + 1))
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                lo, hi, sub = arg
                n = rng.randint(lo, min(hi, lo + 4))
                out.extend(draw(sub, depth + 1) for _ in range(n))
        return "".join(out)

    def _member(arg: Any) -> str:
        choices: list[str] = []
        negate = False
        for op, value in arg:
            name = str(op)
            if name == "NEGATE":
                negate = True
            elif name == "LITERAL":
                choices.append(chr(value))
            elif name == "RANGE":
                lo, hi = value
                choices.extend(chr(rng.randint(lo, hi)) for _ in range(3))
            elif name == "CATEGORY":
                choices.extend({"CATEGORY_DIGIT": "07٣", "CATEGORY_WORD": "a_Z9工", "CATEGORY_SPACE": " \t"}
                               .get(str(value), "x"))
        if negate:
            return rng.choice([c for c in _POOL if c not in choices] or ["x"])
        return rng.choice(choices or ["x"])

    def around() -> str:  # what look-arounds may ask for before and after
        return "".join(rng.choice(_POOL + "\n  ") for _ in range(rng.randint(0, 2)))

    return [around() + draw(tree) + around() for _ in range(count)]
