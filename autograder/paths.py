"""Where the course's folders are, relative to this package (the repository's top level)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("AUTOGRADER_COURSE_ROOT", Path(__file__).resolve().parent.parent))
SOURCE = ROOT / "source"
RELEASE = ROOT / "release"
SOLUTIONS = ROOT / "solutions"
ASSIGNMENTS_DIR = ROOT / "assignments"


def release_notebook(assignment: str) -> Path:
    """The released (student) notebook of an assignment."""
    return RELEASE / assignment / f"{assignment}.ipynb"


def source_notebook(assignment: str) -> Path:
    """The instructor's notebook of an assignment."""
    return SOURCE / assignment / f"{assignment}.ipynb"
