"""Hypothesis profiles: ``ci`` (the default, a few thousand examples in all, fixed seed) and ``long``.

Select one with ``pytest --hypothesis-profile=long`` (or ``HYPOTHESIS_PROFILE=long``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]

# ci is derandomized: the gate passes or fails the same way on every run; long explores.
settings.register_profile("ci", max_examples=500, deadline=None, suppress_health_check=_SLOW_OK,
                          print_blob=True, derandomize=True)
settings.register_profile("long", max_examples=20_000, deadline=None, suppress_health_check=_SLOW_OK,
                          print_blob=True)
settings.register_profile("dev", max_examples=50, deadline=None, suppress_health_check=_SLOW_OK)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
