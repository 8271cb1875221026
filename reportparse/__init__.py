"""reportparse: raw Chinese report text to a heading tree.

>>> import reportparse
>>> doc = reportparse.parse("一、总体情况\\n今年工作顺利。\\n二、存在问题\\n")
>>> [s.marker + s.title for s in doc.sections]
['一、总体情况', '二、存在问题']
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from reportparse.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    ReportParseError,
    ScanTimeoutError,
)

# Eager: importing the subpackage ``reportparse.render`` later would otherwise bind its name here.
from reportparse.render import render, render_parts

if TYPE_CHECKING:
    from reportparse.model import Diagnostic, Document, NoiseItem, Paragraph, Section, Span
    from reportparse.pipeline import parse, parse_file

__version__ = "0.1.0"

#: name -> module; imported on first use, so ``import reportparse`` (and the command line,
#: which never needs the pydantic model) does not pay for pydantic and the parser's patterns.
_LAZY = {
    "Diagnostic": "reportparse.model", "Document": "reportparse.model", "NoiseItem": "reportparse.model",
    "Paragraph": "reportparse.model", "Section": "reportparse.model", "Span": "reportparse.model",
    "parse": "reportparse.pipeline", "parse_file": "reportparse.pipeline",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'reportparse' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

__all__ = [
    "BinaryInputError",
    "DecodeError",
    "Diagnostic",
    "Document",
    "EmptyInputError",
    "NoiseItem",
    "Paragraph",
    "ReportParseError",
    "ScanTimeoutError",
    "Section",
    "Span",
    "__version__",
    "parse",
    "parse_file",
    "render",
    "render_parts",
]
