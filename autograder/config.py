"""Typed options for grading; the command line only fills these in."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from autograder.sandbox.limits import Limits

FALLBACK_ENV = "AUTOGRADER_ALLOW_PROCESS_FALLBACK"


def fallback_from_environment() -> bool:
    """Whether the instructor allowed the process fallback through ``AUTOGRADER_ALLOW_PROCESS_FALLBACK=1``."""
    return os.environ.get(FALLBACK_ENV, "").strip().lower() in ("1", "true", "yes")


@dataclass(frozen=True)
class GradeOptions:
    """How to grade one submission."""

    isolation: str = "auto"  # "auto" (bubblewrap, required unless the fallback is allowed), "bubblewrap", "process"
    require_sandbox: bool = False  # refuse also when a secondary layer (the cgroup caps) is missing
    # Run student code in a plain process where bubblewrap cannot start (or with isolation="process").
    allow_process_fallback: bool = field(default_factory=fallback_from_environment)
    limits: Limits = field(default_factory=Limits)
    # Wall-clock seconds one submission may take in all; functions not reached by then score 0, with the reason.
    submission_seconds: float = 1200.0
    visibility: str = "visible"
    check_integrity: bool = True
