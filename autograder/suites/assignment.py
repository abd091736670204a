"""What an assignment's hidden suite declares besides its tests: the graded names, in the notebook's
order, and the points of the written answers graded by hand. Each suite package
``autograder/suites/<id>/__init__.py`` defines ``ASSIGNMENT``; the tests state their own points."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

ASSIGNMENTS = ("m1_1_math", "m1_2_classical_ml", "m1_3_neural_nets", "m1_4_architectures")
SUITES = Path(__file__).resolve().parent


class UnknownAssignment(KeyError):
    """Not one of the module's assignments (or its suite is not written yet)."""


@dataclass(frozen=True)
class Assignment:
    """One assignment: its id, graded names (functions, or values such as a dict) and hand-graded points."""

    id: str
    functions: tuple[str, ...]
    manual: dict[str, float] = field(default_factory=dict)

    @property
    def notebook(self) -> str:
        """The notebook's file name."""
        return f"{self.id}.ipynb"

    @property
    def suite_dir(self) -> Path:
        """The folder of its hidden pytest modules."""
        return SUITES / self.id


def load_assignment(assignment: str) -> Assignment:
    """The declaration of ``assignment``'s suite."""
    if assignment not in ASSIGNMENTS:
        raise UnknownAssignment(f"unknown assignment {assignment!r}; choose one of {', '.join(ASSIGNMENTS)}")
    try:
        package = importlib.import_module(f"autograder.suites.{assignment}")
    except ModuleNotFoundError as exc:
        if exc.name == f"autograder.suites.{assignment}":
            raise UnknownAssignment(f"the hidden suite of {assignment} is not written yet") from exc
        raise
    return package.ASSIGNMENT


def available() -> list[str]:
    """Assignments whose suite exists."""
    found = []
    for assignment in ASSIGNMENTS:
        try:
            load_assignment(assignment)
        except UnknownAssignment:
            continue
        found.append(assignment)
    return found
