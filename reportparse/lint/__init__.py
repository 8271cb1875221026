"""The structure linter: a code registry and the checks that report them."""

from __future__ import annotations

from reportparse.lint.checks import Selection, check
from reportparse.lint.codes import BY_CODE, RULES, Rule

__all__ = ["BY_CODE", "RULES", "Rule", "Selection", "check"]
