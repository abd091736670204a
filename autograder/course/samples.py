"""Build the bundled sample submissions from the release and source notebooks (`make samples`).

For each assignment: ``complete`` (every answer filled in), ``partial`` (every other answer), and
``broken`` (a syntax error, a renamed function, a deleted answer cell and an endless loop, the
rest correct), in nbgrader's ``submitted/<student>/<assignment>/`` layout, plus one file that is
not a notebook at all.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from autograder.course.solutions import MARKER
from autograder.notebook.reader import cell_source, nbgrader_meta
from autograder.paths import release_notebook, source_notebook


def reference_answers(assignment: str) -> dict[str, str]:
    """grade_id → the source notebook's answer cell code, solution markers removed."""
    notebook = json.loads(source_notebook(assignment).read_text(encoding="utf-8"))
    return {
        nbgrader_meta(c)["grade_id"]: MARKER.sub("", cell_source(c))
        for c in notebook["cells"]
        if c.get("cell_type") == "code" and nbgrader_meta(c).get("solution")
    }


def fill_answers(release: dict, answers: dict[str, str], chosen: set[str], edits: dict[str, str | None]) -> dict:
    """The release notebook with the ``chosen`` answers filled in and ``edits`` applied (None deletes a cell)."""
    notebook = copy.deepcopy(release)
    cells = []
    for cell in notebook["cells"]:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if cell.get("cell_type") == "code" and grade_id in edits:
            if edits[grade_id] is None:
                continue
            cell["source"] = edits[grade_id]
        elif cell.get("cell_type") == "code" and grade_id in chosen and grade_id in answers:
            cell["source"] = answers[grade_id]
        cells.append(cell)
    notebook["cells"] = cells
    return notebook


def sample_notebooks(assignment: str) -> dict[str, dict | str]:
    """student id → notebook (or raw text for the unreadable one)."""
    release = json.loads(release_notebook(assignment).read_text(encoding="utf-8"))
    answers = reference_answers(assignment)
    names = list(answers)
    everything = set(names)
    broken: dict[str, str | None] = {}
    if len(names) >= 4:
        first, second, third, fourth = names[:4]
        broken[first] = answers[first].replace("def ", "def def ", 1)
        broken[second] = answers[second].replace(f"def {second}(", f"def {second}_renamed(", 1)
        broken[third] = None
        broken[fourth] = answers[fourth].replace('"""\n', '"""\n    while True:\n        pass\n', 1)
    return {
        "alice_complete": fill_answers(release, answers, everything, {}),
        "bob_partial": fill_answers(release, answers, set(names[::2]), {}),
        "carol_broken": fill_answers(release, answers, everything, broken),
        "dan_not_a_notebook": '{"cells": [ this is not JSON',
    }


def write_samples(assignment: str, submitted: Path) -> list[Path]:
    """Write the samples of one assignment under ``submitted``."""
    written = []
    for student, content in sample_notebooks(assignment).items():
        path = submitted / student / assignment / f"{assignment}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else json.dumps(content, indent=1, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
