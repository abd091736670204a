"""One exchange for the whole course (issue 15, items 1 and 2), driven with nbgrader's own commands.

The instructor runs nbgrader in a course folder with the course's own nbgrader_config.py; each student runs
it in their own home with the students' lab-config/. Only COURSE_EXCHANGE is set, the one setting a course
server sets too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

from autograder.course import exchange
from autograder.paths import ROOT

ASSIGNMENT = "m1_1_math"
NBGRADER = str(Path(sys.executable).parent / "nbgrader")


def _config(path: Path, environment: dict[str, str]) -> dict:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(environment)
    try:
        return PyFileConfigLoader(path.name, str(path.parent)).load_config()
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.mark.parametrize("chosen", ["", "/srv/course/exchange"])
def test_instructor_and_students_read_the_same_exchange(chosen: str) -> None:
    environment = {k: v for k, v in os.environ.items() if k != exchange.ENVIRONMENT}
    if chosen:
        environment[exchange.ENVIRONMENT] = chosen
    instructor = _config(ROOT / "nbgrader_config.py", environment)
    student = _config(ROOT / "lab-config" / "nbgrader_config.py", environment)
    expected = chosen or str(ROOT / "exchange")
    assert instructor.Exchange.root == student.Exchange.root == expected
    assert instructor.CourseDirectory.course_id == student.CourseDirectory.course_id == exchange.COURSE_ID


def test_make_lab_prepares_the_exchange_it_names() -> None:
    dry = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    assert "-m autograder.course.exchange --publish" in dry.stdout
    assert "release/m1_1_math" in dry.stdout


def _environment(home: Path, user: str, exchange_root: Path, config_path: str = "") -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "COURSE_EXCHANGE"))}
    # No virtual environment on PATH: nbgrader must work as the docs run it, .venv/bin/nbgrader.
    env.update(
        {
            "HOME": str(home),
            "USER": user,
            "LOGNAME": user,
            "COURSE_EXCHANGE": str(exchange_root),
            "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
            "JUPYTER_DATA_DIR": str(home / ".local-jupyter"),
            "PYTHONPATH": str(ROOT),
            "PATH": "/usr/bin:/bin",
        }
    )
    if config_path:
        env["JUPYTER_CONFIG_PATH"] = config_path
    return env


def nbgrader(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run([NBGRADER, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_submit_works_after_make_lab_prepares_the_exchange(tmp_path: Path) -> None:
    """`make lab`'s preparation alone (no instructor) is enough for the Assignments tab's Submit."""
    root = tmp_path / "exchange"
    home = tmp_path / "student"
    (home / ASSIGNMENT).mkdir(parents=True)
    env = _environment(home, "student", root, str(ROOT / "lab-config"))
    prepared = subprocess.run(  # what `make lab` runs
        [sys.executable, "-m", "autograder.course.exchange", "--publish", str(ROOT / "release" / ASSIGNMENT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert prepared.returncode == 0 and str(root) in prepared.stdout, prepared.stdout + prepared.stderr
    assert not (root / exchange.COURSE_ID / "outbound" / ASSIGNMENT).exists()  # a course's exchange: not ours to fill
    assert exchange.prepare(root, [ROOT / "release" / ASSIGNMENT]) == [ASSIGNMENT]  # what it does with exchange/
    shutil.copy(ROOT / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", home / ASSIGNMENT)
    nbgrader(["submit", ASSIGNMENT, f"--course={exchange.COURSE_ID}"], home, env)
    handed_in = list((root / exchange.COURSE_ID / "inbound").iterdir())
    assert len(handed_in) == 1 and f"+{ASSIGNMENT}+" in handed_in[0].name


@pytest.mark.slow
def test_the_term_through_nbgrader_with_the_course_configuration(tmp_path: Path) -> None:
    """release → list → fetch → submit → collect → autograde → feedback → fetch_feedback, two homes."""
    root = tmp_path / "exchange"
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    shutil.copytree(ROOT / "source" / ASSIGNMENT, course / "source" / ASSIGNMENT)
    shutil.copy(ROOT / "source" / "course_checks.py", course / "source" / ASSIGNMENT / "course_checks.py")
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")  # the course's own, unchanged
    teacher = _environment(tmp_path / "teacher-home", "teacher", root)
    nbgrader(["db", "student", "add", "alice"], course, teacher)
    generated = nbgrader(["generate_assignment", ASSIGNMENT, "--force"], course, teacher)
    assert "alembic" not in generated
    nbgrader(["release_assignment", ASSIGNMENT], course, teacher)
    assert (root / exchange.COURSE_ID / "inbound").is_dir()

    home = tmp_path / "alice"
    home.mkdir()
    alice = _environment(home, "alice", root, str(ROOT / "lab-config"))
    listed = nbgrader(["list"], home, alice)
    assert f"{exchange.COURSE_ID} {ASSIGNMENT}" in listed
    nbgrader(["fetch_assignment", ASSIGNMENT], home, alice)
    notebook = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    data = json.loads(notebook.read_text(encoding="utf-8"))
    data["metadata"]["touched"] = True
    notebook.write_text(json.dumps(data), encoding="utf-8")
    nbgrader(["submit", ASSIGNMENT, "--student=alice"], home, alice)

    nbgrader(["collect", ASSIGNMENT], course, teacher)
    assert (course / "submitted" / "alice" / ASSIGNMENT / "timestamp.txt").is_file()
    autograded = nbgrader(["autograde", ASSIGNMENT], course, teacher)
    assert "has changed" not in autograded and "Warning" not in autograded and "WARNING" not in autograded, autograded
    nbgrader(["generate_feedback", ASSIGNMENT], course, teacher)
    nbgrader(["release_feedback", ASSIGNMENT], course, teacher)
    nbgrader(["fetch_feedback", ASSIGNMENT, "--student=alice"], home, alice)
    pages = list((home / ASSIGNMENT / "feedback").rglob("*.html"))
    assert len(pages) == 1
    page = pages[0].read_text(encoding="utf-8")
    assert "<math" in page and "\\sum_{i=1}" not in page  # formulas render offline, as MathML
