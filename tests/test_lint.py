"""ruff is clean: lint rules and formatting (the same as `make lint`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from autograder.paths import ROOT

RUFF = str(Path(sys.executable).parent / "ruff")
PATHS = ["autograder", "benchmarks", "tests", "solutions", "source/course_checks.py", "nbgrader_config.py"]


def test_ruff_check_is_clean() -> None:
    done = subprocess.run([RUFF, "check", *PATHS], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_ruff_format_is_clean() -> None:
    done = subprocess.run(
        [RUFF, "format", "--check", *[p for p in PATHS if p != "solutions"]], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout
