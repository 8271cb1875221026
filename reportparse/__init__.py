"""reportparse: raw Chinese report text to a heading tree.

>>> import reportparse
>>> doc = reportparse.parse("一、总体情况\\n今年工作顺利。\\n二、存在问题\\n")
>>> [s.marker + s.title for s in doc.sections]
['一、总体情况', '二、存在问题']
"""

from __future__ import annotations

from reportparse.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    ReportParseError,
    ScanTimeoutError,
)
from reportparse.model import Diagnostic, Document, NoiseItem, Paragraph, Section, Span
from reportparse.pipeline import parse
from reportparse.render import render, render_parts

__version__ = "0.1.0"

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
    "render",
    "render_parts",
]
