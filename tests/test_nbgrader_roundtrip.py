"""nbgrader's own commands end to end on a temporary course and exchange, and the same scores as ours.

release_assignment → fetch_assignment (two students) → submit → collect → autograde → a hand grade
for the written answer → generate_feedback → release_feedback / fetch_feedback → export.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.config import GradeOptions
from autograder.grading import grade_submission
from autograder.paths import ROOT
from autograder.pytest_plugin.session import points
from autograder.suites.assignment import load_assignment
from tests.conftest import notebook_with

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nbgrader")]
ASSIGNMENT = "m1_1_math"
COURSE = "course101"
NBGRADER = str(Path(sys.executable).parent / "nbgrader")

CONFIG = """
import sys
sys.path.insert(0, {repo!r})
c = get_config()
c.CourseDirectory.course_id = {course!r}
c.CourseDirectory.root = {root!r}
c.Exchange.root = {exchange!r}
c.CourseDirectory.db_url = "sqlite:///" + {root!r} + "/gradebook.db"
c.ExecutePreprocessor.timeout = 120
c.GenerateFeedback.preprocessors = ["nbgrader.preprocessors.GetGrades", "nbgrader.preprocessors.ClearHiddenTests",
                                    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor"]
c.AssignLatePenalties.plugin_class = "autograder.late_penalty.PerDayPenalty"
"""


def run(args: list[str], cwd: Path, user: str, exchange: Path) -> str:
    env = {
        **os.environ,
        "USER": user,
        "LOGNAME": user,
        "LNAME": user,
        "USERNAME": user,
        "AUTOGRADER_COURSE_ROOT": str(ROOT),
        "PATH": f"{Path(sys.executable).parent}:" + os.environ.get("PATH", ""),
        "JUPYTER_CONFIG_DIR": str(cwd / ".jupyter-config"),
    }
    done = subprocess.run(
        [NBGRADER, *args, f"--Exchange.root={exchange}"], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _answered(student: str) -> dict:
    if student == "alice":
        return notebook_with(ASSIGNMENT, {})
    wrong_cosine = (
        "def cosine_similarity(u, v):\n    u = np.asarray(u, dtype=float)\n    v = np.asarray(v, dtype=float)\n"
        "    if u.shape != v.shape:\n        raise ValueError('shapes differ')\n"
        "    nu, nv = np.sqrt(np.sum(u * u)), np.sqrt(np.sum(v * v))\n"
        "    if nu == 0 or nv == 0:\n        raise ValueError('zero vector')\n"
        "    return float(np.sum(u * v) / (nu * nv))\n"
    )  # no clipping: partial credit
    return notebook_with(
        ASSIGNMENT,
        {"cosine_similarity": wrong_cosine, "matmul": "def matmul(A, B):\n    raise NotImplementedError()\n"},
    )


def _fill(fetched: Path, answers: dict) -> None:
    """Put the answers into the fetched notebook's answer cells, as a student would."""
    notebook = json.loads(fetched.read_text(encoding="utf-8"))
    by_id = {
        c["metadata"]["nbgrader"]["grade_id"]: c["source"]
        for c in answers["cells"]
        if c.get("metadata", {}).get("nbgrader", {}).get("solution") and c["cell_type"] == "code"
    }
    for cell in notebook["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in by_id:
            cell["source"] = by_id[grade_id]
        if grade_id == "written_vanishing_gradients":
            cell["source"] = "Each sigmoid multiplies the gradient by at most 1/4, so it vanishes; residuals help."
    fetched.write_text(json.dumps(notebook), encoding="utf-8")


def test_nbgrader_round_trip_agrees_with_the_grader(tmp_path: Path) -> None:
    course = tmp_path / "course"
    exchange = tmp_path / "exchange"
    (course / "source").mkdir(parents=True)
    exchange.mkdir()
    exchange.chmod(0o777)
    shutil.copytree(ROOT / "source" / ASSIGNMENT, course / "source" / ASSIGNMENT)
    (course / "nbgrader_config.py").write_text(
        CONFIG.format(repo=str(ROOT), course=COURSE, root=str(course), exchange=str(exchange))
    )
    run(["db", "assignment", "add", ASSIGNMENT, "--duedate=2100-01-01 00:00:00 UTC"], course, "teacher", exchange)
    for student in ("alice", "bob"):
        run(["db", "student", "add", student], course, "teacher", exchange)
    run(["generate_assignment", ASSIGNMENT, "--force"], course, "teacher", exchange)
    run(["release_assignment", ASSIGNMENT, "--force"], course, "teacher", exchange)

    for student in ("alice", "bob"):
        home = tmp_path / student
        home.mkdir()
        run(["fetch_assignment", ASSIGNMENT, f"--course={COURSE}"], home, student, exchange)
        fetched = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        assert "BEGIN HIDDEN TESTS" not in fetched.read_text() and "hidden_points" not in fetched.read_text()
        _fill(fetched, _answered(student))
        run(["submit", ASSIGNMENT, f"--course={COURSE}", f"--student={student}"], home, student, exchange)

    run(["collect", ASSIGNMENT], course, "teacher", exchange)
    autograde_log = run(["autograde", ASSIGNMENT, "--force"], course, "teacher", exchange)
    (tmp_path / "autograde.log").write_text(autograde_log)

    from nbgrader.api import Gradebook

    suite = load_assignment(ASSIGNMENT)
    with Gradebook(f"sqlite:///{course}/gradebook.db") as gradebook:
        for student in ("alice", "bob"):
            ours = grade_submission(
                ASSIGNMENT, course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", GradeOptions()
            ).functions()
            theirs = {
                f: gradebook.find_grade(f"test_{f}", ASSIGNMENT, ASSIGNMENT, student).auto_score
                for f in suite.functions
            }
            assert theirs == {f: score for f, (score, _) in ours.items()}, student
        bob = {f: gradebook.find_grade(f"test_{f}", ASSIGNMENT, ASSIGNMENT, "bob").auto_score for f in suite.functions}
        assert 0 < bob["cosine_similarity"] < points(ASSIGNMENT)["cosine_similarity"]  # partial credit agrees
        assert bob["matmul"] == 0
        # A hand grade for the written answer, stored as formgrader stores it.
        grade = gradebook.find_grade("written_vanishing_gradients", ASSIGNMENT, ASSIGNMENT, "alice")
        grade.manual_score = 8.0
        gradebook.db.commit()

    run(["generate_feedback", ASSIGNMENT, "--force"], course, "teacher", exchange)
    feedback = course / "feedback" / "alice" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    html = feedback.read_text(encoding="utf-8")
    assert "hidden_points" not in html and "BEGIN HIDDEN TESTS" not in html
    run(["release_feedback", ASSIGNMENT], course, "teacher", exchange)
    run(["fetch_feedback", ASSIGNMENT, f"--course={COURSE}", "--student=alice"], tmp_path / "alice", "alice", exchange)
    assert list((tmp_path / "alice" / ASSIGNMENT / "feedback").rglob("*.html"))

    run(["export", f"--to={tmp_path / 'grades.csv'}"], course, "teacher", exchange)
    rows = {r["student_id"]: r for r in csv.DictReader((tmp_path / "grades.csv").open())}
    assert float(rows["alice"]["raw_score"]) == sum(points(ASSIGNMENT).values()) + 8.0
    assert float(rows["bob"]["raw_score"]) < float(rows["alice"]["raw_score"])


def test_grade_all_writes_scores_nbgrader_can_export(tmp_path: Path) -> None:
    from autograder.cli import main

    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    shutil.copytree(ROOT / "source" / ASSIGNMENT, course / "source" / ASSIGNMENT)
    (course / "nbgrader_config.py").write_text(
        CONFIG.format(repo=str(ROOT), course=COURSE, root=str(course), exchange=str(tmp_path / "exchange"))
    )
    (tmp_path / "exchange").mkdir()
    run(["generate_assignment", ASSIGNMENT, "--force"], course, "teacher", tmp_path / "exchange")
    missing = main(
        [
            "grade-all",
            ASSIGNMENT,
            str(ROOT / "samples" / "submitted"),
            "--out",
            str(tmp_path / "out"),
            "--gradebook",
            str(tmp_path / "nowhere.db"),
            "--no-progress",
        ]
    )
    assert missing == 2 and not (tmp_path / "out").exists()
    code = main(
        [
            "grade-all",
            ASSIGNMENT,
            str(ROOT / "samples" / "submitted"),
            "--out",
            str(tmp_path / "out"),
            "--gradebook",
            str(course / "gradebook.db"),
            "--no-progress",
        ]
    )
    assert code == 0
    run(["export", f"--to={tmp_path / 'grades.csv'}"], course, "teacher", tmp_path / "exchange")
    rows = {r["student_id"]: r for r in csv.DictReader((tmp_path / "grades.csv").open())}
    ours = {s: json.loads((tmp_path / "out" / f"{s}.json").read_text())["score"] for s in rows}
    assert {s: float(r["raw_score"]) for s, r in rows.items()} == ours
    assert ours["alice_complete"] == sum(points(ASSIGNMENT).values())
