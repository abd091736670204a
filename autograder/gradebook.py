"""Store grade-all's scores in nbgrader's gradebook, so formgrader and `nbgrader export` show them.

Each function's score goes into the auto_score of its test cell (``test_<function>``), exactly where
`nbgrader autograde` would put it; the submission's timestamp (nbgrader's ``timestamp.txt``) and the late
penalty go where autograde puts them too, computed by nbgrader's own AssignLatePenalties with the course's
plugin. Written answers are left for hand grading. :func:`check_gradebook` refuses, before anything is
graded, a gradebook that could not record the scores.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from autograder.paths import ROOT
from autograder.report.results import GradeReport

TIMESTAMP_FILE = "timestamp.txt"


class GradebookError(RuntimeError):
    """The gradebook is missing, does not know the assignment, or a submission cannot be recorded."""


@dataclass
class Stored:
    """What :func:`store_scores` recorded."""

    students: int = 0
    added_students: list[str] = field(default_factory=list)
    late: dict[str, float] = field(default_factory=dict)  # student → penalty in points
    without_timestamp: list[str] = field(default_factory=list)

    def summary(self, location: str) -> str:
        """Lines for the instructor: what went into the gradebook."""
        lines = [f"gradebook {location}: {self.students} submissions recorded"]
        if self.added_students:
            lines.append(f"  added to the gradebook's students: {', '.join(self.added_students)}")
        for student, penalty in sorted(self.late.items()):
            lines.append(f"  {student}: late, penalty {penalty:g} points")
        if self.without_timestamp:
            lines.append(f"  no {TIMESTAMP_FILE} (no late penalty possible): {', '.join(self.without_timestamp)}")
        return "\n".join(lines)


@contextmanager
def quiet_gradebook() -> Iterator[None]:
    """nbgrader 0.9.6's gradebook code makes SQLAlchemy warn about its own sessions: nothing to act on."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=r"(nbgrader|sqlalchemy)(\.|$)")
        warnings.filterwarnings("ignore", message=r".*(not in session|declarative_base|Query\.get).*")
        yield


def database_url(location: str) -> str:
    """Accept a SQLAlchemy URL or a path to a gradebook.db file."""
    if "://" in location:
        return location
    path = Path(location)
    if not path.is_file():
        raise GradebookError(
            f"no gradebook at {path}: create it with `nbgrader generate_assignment` (or `make release`) first"
        )
    return f"sqlite:///{path.resolve()}"


def check_gradebook(assignment: str, location: str, functions: list[str]) -> None:
    """Refuse a gradebook that cannot hold ``assignment``'s scores, before any grading starts."""
    from nbgrader.api import Gradebook, MissingEntry

    url = database_url(location)
    generate = f"run `nbgrader generate_assignment {assignment}` with this gradebook first"
    with quiet_gradebook(), Gradebook(url) as gradebook:
        try:
            record = gradebook.find_assignment(assignment)
        except MissingEntry as exc:
            raise GradebookError(f"the gradebook has no assignment {assignment!r}: {generate}") from exc
        names = [notebook.name for notebook in record.notebooks]
        if assignment not in names:
            have = f"only {', '.join(names)}" if names else "no notebooks"
            raise GradebookError(
                f"the gradebook's assignment {assignment!r} has {have}, not the notebook {assignment!r} "
                f"(it was added with `nbgrader db assignment add` but never generated): {generate}"
            )
        notebook = gradebook.find_notebook(assignment, assignment)
        cells = {cell.name for cell in notebook.grade_cells}
        missing = [f"test_{f}" for f in functions if f"test_{f}" not in cells]
        if missing:
            raise GradebookError(
                f"the gradebook's notebook {assignment!r} has no test cell {', '.join(missing)}: it was generated "
                f"from another version of the notebook; {generate}"
            )


def read_timestamp(folder: Path) -> datetime | None:
    """The submission time nbgrader's ``collect`` wrote (``timestamp.txt``), in UTC; None without one."""
    from nbgrader.utils import parse_utc

    path = folder / TIMESTAMP_FILE
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8", errors="replace").strip()
    if not text:
        return None
    try:
        return parse_utc(text)
    except (ValueError, OverflowError) as exc:
        raise GradebookError(f"{path} does not hold a timestamp nbgrader can read: {text[:60]!r}") from exc


def check_timestamps(assignment: str, submitted: Path, students: list[str]) -> None:
    """Refuse unreadable ``timestamp.txt`` files before any grading starts."""
    for student in students:
        read_timestamp(submitted / student / assignment)


def course_config(location: str) -> Any:
    """The nbgrader configuration beside the gradebook (a course folder), else this course's."""
    from traitlets.config.loader import PyFileConfigLoader

    folder = Path(location).resolve().parent if "://" not in location else ROOT
    config_file = folder / "nbgrader_config.py"
    if not config_file.is_file():
        config_file = ROOT / "nbgrader_config.py"
    return PyFileConfigLoader(config_file.name, str(config_file.parent)).load_config()


def late_penalty_assigner(config: Any) -> Any:
    """nbgrader's AssignLatePenalties with the course's plugin, logging only errors."""
    from nbgrader.preprocessors import AssignLatePenalties

    log = logging.getLogger("autograder.late_penalty")
    log.setLevel(logging.ERROR)
    return AssignLatePenalties(config=config, log=log)


def apply_late_penalty(assigner: Any, url: str, assignment: str, notebook: str, student: str) -> float:
    """Set the notebook's late penalty from its current score, exactly as `nbgrader autograde` does;
    returns the penalty in points (0 when on time)."""
    from nbformat.v4 import new_notebook

    resources = {"nbgrader": {"notebook": notebook, "assignment": assignment, "student": student, "db_url": url}}
    from nbgrader.api import Gradebook

    with quiet_gradebook():
        assigner.preprocess(new_notebook(), resources)
    with quiet_gradebook(), Gradebook(url) as gradebook:
        return gradebook.find_submission_notebook(notebook, assignment, student).late_submission_penalty or 0.0


def store_scores(assignment: str, results: dict[str, dict], location: str, submitted: Path | None = None) -> Stored:
    """Write every student's function scores, submission time and late penalty."""
    from nbgrader.api import Gradebook, MissingEntry

    check_gradebook(assignment, location, list(_functions(results)))
    url = database_url(location)
    stored = Stored()
    with quiet_gradebook(), Gradebook(url) as gradebook:
        known = {student.id for student in gradebook.students}
        for student, data in sorted(results.items()):
            report = GradeReport.from_gradescope(data)
            if student not in known:
                gradebook.update_or_create_student(student)  # as `nbgrader autograde` does by default
                stored.added_students.append(student)
            timestamp = read_timestamp(submitted / student / assignment) if submitted is not None else None
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                submission = gradebook.add_submission(assignment, student)
            if timestamp is not None:
                submission.timestamp = timestamp
            else:
                stored.without_timestamp.append(student)
            for function, (score, _) in report.functions().items():
                try:
                    grade = gradebook.find_grade(f"test_{function}", assignment, assignment, student)
                except MissingEntry:
                    continue
                grade.auto_score = score
            gradebook.db.commit()
            stored.students += 1
    assigner = late_penalty_assigner(course_config(location))
    for student in sorted(results):
        penalty = apply_late_penalty(assigner, url, assignment, assignment, student)
        if penalty:
            stored.late[student] = penalty
    return stored


def _functions(results: dict[str, dict]) -> dict[str, None]:
    """The graded functions named in the results (from the suite when there are none)."""
    for data in results.values():
        return dict.fromkeys(GradeReport.from_gradescope(data).functions())
    return {}
