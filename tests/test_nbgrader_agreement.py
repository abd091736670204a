"""`nbgrader autograde` and `grade-all` agree on notebooks with helper cells and rule breaks (issue 13).

nbgrader runs every cell in one kernel; the grader runs, per function, the cells that function uses.
Both must give the same points per function, and nbgrader's feedback must say why points were lost.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.notebook.reader import nbgrader_meta
from autograder.paths import ROOT
from autograder.pytest_plugin.session import points
from autograder.suites.assignment import load_assignment
from tests.conftest import notebook_with
from tests.test_nbgrader_roundtrip import ASSIGNMENT, CONFIG, COURSE, run
from tests.test_student_view import COSINE_WITH_HELPER, DOT_WITH_HELPER, HELPER, added_cell, insert_before

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nbgrader")]


def _submissions() -> dict[str, dict]:
    helper = insert_before(
        notebook_with(ASSIGNMENT, {"dot": DOT_WITH_HELPER, "cosine_similarity": COSINE_WITH_HELPER}),
        "dot",
        added_cell(HELPER),
    )
    alias = insert_before(
        notebook_with(ASSIGNMENT, {"dot": "def dot(u, v):\n    return float(_d(u, v))\n"}),
        "dot",
        added_cell("_d = np.dot\n"),
    )
    other = copy.deepcopy(notebook_with(ASSIGNMENT, {"dot": "def dot(u, v):\n    return float(f(u, v))\n"}))
    cosine = next(c for c in other["cells"] if nbgrader_meta(c).get("grade_id") == "cosine_similarity")
    cosine["source"] = "f = np.dot\n" + "".join(cosine["source"])
    return {"helper": helper, "alias": alias, "other": other}


def test_autograde_and_grade_all_agree(tmp_path: Path) -> None:
    course = tmp_path / "course"
    exchange = tmp_path / "exchange"
    (course / "source").mkdir(parents=True)
    exchange.mkdir()
    shutil.copytree(ROOT / "source" / ASSIGNMENT, course / "source" / ASSIGNMENT)
    (course / "nbgrader_config.py").write_text(
        CONFIG.format(repo=str(ROOT), course=COURSE, root=str(course), exchange=str(exchange))
    )
    run(["db", "assignment", "add", ASSIGNMENT], course, "teacher", exchange)
    submissions = _submissions()
    for student, notebook in submissions.items():
        run(["db", "student", "add", student], course, "teacher", exchange)
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    run(["generate_assignment", ASSIGNMENT, "--force"], course, "teacher", exchange)
    run(["autograde", ASSIGNMENT, "--force"], course, "teacher", exchange)
    out = tmp_path / "out"
    assert main(["grade-all", ASSIGNMENT, str(course / "submitted"), "--out", str(out), "--no-progress"]) == 0

    from nbgrader.api import Gradebook

    suite = load_assignment(ASSIGNMENT)
    with Gradebook(f"sqlite:///{course}/gradebook.db") as gradebook:
        for student in submissions:
            results = json.loads((tmp_path / "out" / f"{student}.json").read_text())
            ours = {f: 0.0 for f in suite.functions}
            for test in results["tests"]:
                ours[test["tags"][0]] += test["score"]
            theirs = {
                f: gradebook.find_grade(f"test_{f}", ASSIGNMENT, ASSIGNMENT, student).auto_score
                for f in suite.functions
            }
            assert theirs == pytest.approx(ours), student
            expected_dot = 6 if student == "helper" else 0
            assert ours["dot"] == theirs["dot"] == expected_dot, student
            assert results["score"] == sum(points(ASSIGNMENT).values()) - (6 - expected_dot), student

    # The feedback shows why dot lost its points, in the grader's words.
    run(["generate_feedback", ASSIGNMENT, "--force", "--student=alias"], course, "teacher", exchange)
    html = (course / "feedback" / "alias" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")
    assert "dot breaks a rule of the assignment" in html and "✔ dot" not in html
