"""How ``reportparse check`` prints its findings: ``concise``, ``json`` or ``github``, and the
``--statistics`` table (count per code)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from reportparse.lint.codes import BY_CODE
from reportparse.model import Diagnostic

OUTPUT_FORMATS = ("concise", "json", "github")

#: A finding of one file: the name it is shown under, and the diagnostic.
Finding = tuple[str, Diagnostic]


def render_findings(findings: Sequence[Finding], fmt: str) -> str:
    """``findings`` in ``fmt``: ``concise`` (``path:line:col: CODE name message`` lines),
    ``json`` (one list) or ``github`` (GitHub Actions ``::warning`` workflow commands)."""
    if fmt == "json":
        records = [{"filename": name, "line": d.line, "column": d.column, "code": d.code, "name": d.name,
                    "severity": d.severity, "message": d.message} for name, d in findings]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "github":
        return "".join(f"::{_level(d)} title={_property(f'reportparse ({d.code})')},file={_property(name)},"
                       f"line={d.line},col={d.column}::{_data(f'{d.code} {d.name} {d.message}')}\n"
                       for name, d in findings)
    if fmt == "concise":
        return "".join(f"{name}:{d.line}:{d.column}: {d.code} {d.name} {d.message}\n" for name, d in findings)
    raise ValueError(f"unknown output format {fmt!r}; choose from {', '.join(OUTPUT_FORMATS)}")


def render_statistics(findings: Sequence[Finding], fmt: str) -> str:
    """The number of findings per code, most frequent first (code order on a tie): a table, or
    for ``json`` a list of ``{"code", "name", "count"}``."""
    counts = sorted(Counter(d.code for _, d in findings).items(), key=lambda kv: (-kv[1], kv[0]))
    if fmt == "json":
        return json.dumps([{"code": code, "name": BY_CODE[code].name if code in BY_CODE else "", "count": n}
                           for code, n in counts], ensure_ascii=False, indent=2) + "\n"
    width = max((len(str(n)) for _, n in counts), default=1)
    return "".join(f"{n:>{width}}  {code}  {BY_CODE[code].name if code in BY_CODE else ''}\n"
                   for code, n in counts)


def _level(d: Diagnostic) -> str:
    return {"error": "error", "info": "notice"}.get(d.severity, "warning")


def _data(text: str) -> str:
    """``text`` escaped as the message of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """``text`` escaped as a property value of a workflow command."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
