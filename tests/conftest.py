"""Shared fixtures: notebooks built from the source notebook with one answer cell replaced."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from autograder.notebook.reader import nbgrader_meta
from autograder.paths import source_notebook

pytest_plugins = ("pytester",)  # tests/test_pytest_suites.py runs toy suites with the grading plugin


def notebook_with(assignment: str, replacements: dict[str, str]) -> dict:
    """The source notebook (a complete, correct submission) with some answer cells' code replaced."""
    notebook = json.loads(source_notebook(assignment).read_text(encoding="utf-8"))
    notebook = copy.deepcopy(notebook)
    for cell in notebook["cells"]:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in replacements and cell["cell_type"] == "code":
            cell["source"] = replacements[grade_id]
    return notebook


@pytest.fixture
def write_notebook(tmp_path: Path):
    """Write a notebook dict to a temporary file named like the assignment's notebook."""

    def write(assignment: str, notebook: dict, name: str = "") -> Path:
        path = tmp_path / (name or assignment) / f"{assignment}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(notebook), encoding="utf-8")
        return path

    return write
