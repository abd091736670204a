"""The hidden suites, one module per assignment, each exposing ``SUITE``."""

from __future__ import annotations

import importlib

from autograder.suites.framework import Suite

ASSIGNMENTS = ("m1_1_math", "m1_2_classical_ml", "m1_3_neural_nets", "m1_4_architectures")


class UnknownAssignment(KeyError):
    """Not one of the module's assignments (or its suite is not written yet)."""


def load_suite(assignment: str) -> Suite:
    """The suite of ``assignment``."""
    if assignment not in ASSIGNMENTS:
        raise UnknownAssignment(f"unknown assignment {assignment!r}; choose one of {', '.join(ASSIGNMENTS)}")
    try:
        module = importlib.import_module(f"autograder.suites.{assignment}")
    except ModuleNotFoundError as exc:
        if exc.name == f"autograder.suites.{assignment}":
            raise UnknownAssignment(f"the hidden suite of {assignment} is not written yet") from exc
        raise
    return module.SUITE


def available() -> list[str]:
    """Assignments whose suite exists."""
    found = []
    for assignment in ASSIGNMENTS:
        try:
            load_suite(assignment)
        except UnknownAssignment:
            continue
        found.append(assignment)
    return found
