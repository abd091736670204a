"""Late work and final grades through the gradebook (issue 15, items 3, 4 and 5), with real nbgrader
commands on a real SQLite gradebook and the course's own nbgrader_config.py.

Two students hand in the same notebook: alice on time, bob 47 hours late (two started days: 20 %).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.final_grades import main as final_grades_main
from autograder.paths import ROOT
from autograder.report.class_report import build_report

ASSIGNMENT = "m1_1_math"
NBGRADER = str(Path(sys.executable).parent / "nbgrader")
DUE = "2030-03-01 12:00:00 UTC"
STAMPS = {"alice": "2030-03-01 11:00:00.000000 UTC", "bob": "2030-03-03 11:00:00.000000 UTC"}


def nbgrader(args: list[str], course: Path) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "AUTOGRADER_COURSE_ROOT": str(ROOT),  # where the test cells' hidden part finds the grader
        "COURSE_EXCHANGE": str(course / "exchange"),
    }
    done = subprocess.run([NBGRADER, *args], cwd=course, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _course(folder: Path, *, generate: bool = True) -> Path:
    (folder / "source").mkdir(parents=True)
    shutil.copytree(ROOT / "source" / ASSIGNMENT, folder / "source" / ASSIGNMENT)
    shutil.copy(ROOT / "source" / "course_checks.py", folder / "source" / ASSIGNMENT / "course_checks.py")
    shutil.copy(ROOT / "nbgrader_config.py", folder / "nbgrader_config.py")
    nbgrader(["db", "assignment", "add", ASSIGNMENT, f"--duedate={DUE}"], folder)
    if generate:
        nbgrader(["generate_assignment", ASSIGNMENT, "--force"], folder)
    return folder


def _hand_in(course: Path) -> None:
    for student, stamp in STAMPS.items():
        folder = course / "submitted" / student / ASSIGNMENT
        shutil.copytree(ROOT / "samples" / "submitted" / "alice_complete" / ASSIGNMENT, folder)
        (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")


def _grade_all(course: Path, out: Path, *extra: str) -> int:
    return main(["grade-all", ASSIGNMENT, str(course / "submitted"), "--out", str(out), "--no-progress", *extra])


def _submissions(course: Path) -> dict[str, tuple]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {
            s: (
                (sub := gradebook.find_submission(ASSIGNMENT, s)).timestamp,
                round(sub.score, 6),
                round(sub.late_submission_penalty, 6),
            )
            for s in STAMPS
        }


def _hand_grade(course: Path, points: float) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in STAMPS:
            gradebook.find_grade("written_vanishing_gradients", ASSIGNMENT, ASSIGNMENT, student).manual_score = points
        gradebook.db.commit()


@pytest.mark.slow
def test_grade_all_records_timestamps_penalties_and_final_grades_like_nbgrader(tmp_path: Path) -> None:
    ours = _course(tmp_path / "ours")
    theirs = tmp_path / "theirs"
    shutil.copytree(ours, theirs)  # the same generated gradebook for nbgrader's own autograde
    for course in (ours, theirs):
        for student in STAMPS:
            nbgrader(["db", "student", "add", student], course)
        _hand_in(course)

    nbgrader(["autograde", ASSIGNMENT, "--force"], theirs)
    assert _grade_all(ours, tmp_path / "out", "--gradebook", str(ours / "gradebook.db")) == 0
    recorded = _submissions(ours)
    assert recorded == _submissions(theirs)  # timestamps, scores and penalties as nbgrader autograde records them
    (_on_time, raw, no_penalty), (late, raw_bob, penalty) = recorded["alice"], recorded["bob"]
    assert no_penalty == 0 and raw == raw_bob > 0 and penalty == pytest.approx(0.2 * raw)
    assert late.isoformat().startswith("2030-03-03T11:00")

    # Written answers graded by hand, then the documented final-grades command.
    _hand_grade(ours, 8.0)
    out = tmp_path / "final.csv"
    assert final_grades_main(["--gradebook", str(ours / "gradebook.db"), "--out", str(out)]) == 0
    rows = {r["student_id"]: r for r in csv.DictReader(out.read_text(encoding="utf-8").splitlines())}
    bob = rows["bob"]
    assert float(bob["autograded"]) == raw and float(bob["written"]) == 8.0
    assert float(bob["raw_score"]) == raw + 8.0
    assert float(bob["late_penalty"]) == pytest.approx(0.2 * (raw + 8.0))  # the rule counts written points too
    assert float(bob["total"]) == pytest.approx(0.8 * (raw + 8.0))
    assert bob["timestamp"] == "2030-03-03 11:00:00 UTC" and float(rows["alice"]["late_penalty"]) == 0

    # The class report counts the written points and the penalty too.
    page = build_report(ASSIGNMENT, tmp_path / "out", tmp_path / "report", str(ours / "gradebook.db"))
    html = page.read_text(encoding="utf-8")
    assert "written points, late penalties" in html and f"{0.8 * (raw + 8.0):g} / " in html

    nbgrader(["export", f"--to={tmp_path / 'export.csv'}"], ours)
    exported = {
        r["student_id"]: r for r in csv.DictReader((tmp_path / "export.csv").read_text(encoding="utf-8").splitlines())
    }
    for student, row in rows.items():
        assert float(exported[student]["raw_score"]) == pytest.approx(float(row["raw_score"]))
        assert float(exported[student]["late_submission_penalty"]) == pytest.approx(float(row["late_penalty"]))
        assert float(exported[student]["score"]) == pytest.approx(float(row["total"]))


@pytest.mark.slow
def test_grade_all_refuses_a_gradebook_it_cannot_record_in(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    course = _course(tmp_path / "course", generate=False)  # `nbgrader db assignment add` alone: no notebooks
    _hand_in(course)
    code = _grade_all(course, tmp_path / "out", "--gradebook", str(course / "gradebook.db"))
    assert code == 2 and not (tmp_path / "out").exists()  # refused before grading anything
    assert "has no notebooks" in capsys.readouterr().err

    missing = _grade_all(course, tmp_path / "out", "--gradebook", str(tmp_path / "nowhere.db"))
    assert missing == 2 and "no gradebook at" in capsys.readouterr().err

    nbgrader(["generate_assignment", ASSIGNMENT, "--force"], course)
    (course / "submitted" / "bob" / ASSIGNMENT / "timestamp.txt").write_text("yesterday", encoding="utf-8")
    code = _grade_all(course, tmp_path / "out", "--gradebook", str(course / "gradebook.db"))
    assert code == 2 and "timestamp.txt does not hold a timestamp" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()

    assert final_grades_main(["m1_9_unknown", "--gradebook", str(course / "gradebook.db")]) == 2
    assert "no assignment m1_9_unknown" in capsys.readouterr().err
