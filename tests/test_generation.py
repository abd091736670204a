"""`make release` is all or nothing, and nbgrader runs as the docs say (issue 15, item 6)."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.course.generate import main
from autograder.paths import ROOT

ASSIGNMENT = "m1_1_math"


@pytest.mark.slow
def test_a_failed_generation_leaves_the_committed_release_as_it_was(tmp_path: Path, capsys, monkeypatch) -> None:
    course = tmp_path / "course"
    shutil.copytree(ROOT / "source" / ASSIGNMENT, course / "source" / ASSIGNMENT)
    shutil.copy(ROOT / "source" / "course_checks.py", course / "source" / "course_checks.py")
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(ROOT / "release" / ASSIGNMENT, course / "release" / ASSIGNMENT)
    (course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").write_text('{"cells": [', encoding="utf-8")
    # As the docs run it: no virtual environment on PATH (nbgrader runs `alembic` by name).
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    assert main(["--course", str(course), ASSIGNMENT]) == 1
    err = capsys.readouterr().err
    assert f"{ASSIGNMENT}: nbgrader generate_assignment failed" in err and "unchanged" in err
    assert "alembic" not in err
    same = filecmp.dircmp(ROOT / "release" / ASSIGNMENT, course / "release" / ASSIGNMENT)
    assert not same.left_only and not same.right_only and not same.diff_files


def test_make_release_generates_through_the_all_or_nothing_step() -> None:
    dry = subprocess.run(["make", "-n", "release"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    assert "-m autograder.course.generate" in dry.stdout and "nbgrader generate_assignment" not in dry.stdout


@pytest.mark.slow
def test_nbgrader_finds_alembic_without_an_activated_environment(tmp_path: Path) -> None:
    """A new gradebook (`nbgrader db ...` creates it, running `alembic`) from .venv/bin/nbgrader alone."""
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    env = {**os.environ, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "nbgrader"), "db", "student", "add", "alice"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "gradebook.db").is_file() and "alembic" not in done.stderr
