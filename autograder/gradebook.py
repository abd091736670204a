"""Store grade-all's scores in nbgrader's gradebook, so formgrader and `nbgrader export` show them.

Each function's score goes into the auto_score of its test cell (``test_<function>``), exactly where
`nbgrader autograde` would put it; written answers are left for hand grading.
"""

from __future__ import annotations

from pathlib import Path

from autograder.report.results import GradeReport


class GradebookError(RuntimeError):
    """The gradebook is missing or does not know the assignment."""


def database_url(location: str) -> str:
    """Accept a SQLAlchemy URL or a path to a gradebook.db file."""
    if "://" in location:
        return location
    path = Path(location)
    if not path.is_file():
        raise GradebookError(f"no gradebook at {path}: run `nbgrader generate_assignment` first")
    return f"sqlite:///{path.resolve()}"


def store_scores(assignment: str, results: dict[str, dict], location: str) -> int:
    """Write every student's function scores; returns how many students were stored."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(database_url(location)) as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry as exc:
            raise GradebookError(
                f"the gradebook has no assignment {assignment!r}: "
                "run `nbgrader generate_assignment` with this gradebook first"
            ) from exc
        for student, data in sorted(results.items()):
            report = GradeReport.from_gradescope(data)
            gradebook.update_or_create_student(student)
            try:
                gradebook.find_submission(assignment, student)
            except MissingEntry:
                gradebook.add_submission(assignment, student)
            for function, (score, _) in report.functions().items():
                try:
                    grade = gradebook.find_grade(f"test_{function}", assignment, assignment, student)
                except MissingEntry:
                    continue
                grade.auto_score = score
            gradebook.db.commit()
    return len(results)
