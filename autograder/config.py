"""Typed options for grading; the command line only fills these in."""

from __future__ import annotations

from dataclasses import dataclass, field

from autograder.sandbox.limits import Limits


@dataclass(frozen=True)
class GradeOptions:
    """How to grade one submission."""

    isolation: str = "auto"  # "auto" (bubblewrap when it works), "bubblewrap" or "process"
    require_sandbox: bool = False
    limits: Limits = field(default_factory=Limits)
    visibility: str = "visible"
    check_integrity: bool = True
    only: tuple[str, ...] = ()  # grade just these functions (empty: all)
