"""The installed ``reportparse`` command, for tests that run it as a user does."""

from __future__ import annotations

import shutil
import sys


def command() -> list[str]:
    """The ``reportparse`` script on PATH, else ``python -m reportparse``."""
    found = shutil.which("reportparse")
    return [found] if found else [sys.executable, "-m", "reportparse"]
