"""Final grades from nbgrader's gradebook: one CSV row per student and assignment.

python -m autograder.final_grades [--gradebook gradebook.db] [--out grades/final.csv] [ASSIGNMENT ...]
(`make final-grades`). Run it after hand grading: the late penalty is the course's rule applied to the
whole score, written answers included (10 % per started day with PerDayPenalty). `nbgrader autograde`
and `grade-all --gradebook` can only apply it to the autograded points, because the written ones do not
exist yet; this command applies it again, with nbgrader's own AssignLatePenalties, to the score as it is
now, and stores it in the gradebook, so `nbgrader export` and formgrader show the same numbers.

Columns: student_id, assignment, timestamp (UTC, empty without a submission), autograded, written,
raw_score (autograded + written), late_penalty, total (raw_score − late_penalty, never below 0),
max_score, needs_manual_grade (written answers still ungraded: the total is not final yet).
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from autograder.gradebook import (
    GradebookError,
    apply_late_penalty,
    course_config,
    database_url,
    late_penalty_assigner,
    quiet_gradebook,
)

COLUMNS = (
    "student_id",
    "assignment",
    "timestamp",
    "autograded",
    "written",
    "raw_score",
    "late_penalty",
    "total",
    "max_score",
    "needs_manual_grade",
)


@dataclass(frozen=True)
class FinalGrade:
    """One student's result on one assignment, as the gradebook holds it."""

    student_id: str
    assignment: str
    timestamp: str
    autograded: float
    written: float
    late_penalty: float
    max_score: float
    needs_manual_grade: bool

    @property
    def raw_score(self) -> float:
        return self.autograded + self.written

    @property
    def total(self) -> float:
        return max(0.0, self.raw_score - self.late_penalty)

    def row(self) -> list[str]:
        return [
            self.student_id,
            self.assignment,
            self.timestamp,
            f"{self.autograded:g}",
            f"{self.written:g}",
            f"{self.raw_score:g}",
            f"{self.late_penalty:g}",
            f"{self.total:g}",
            f"{self.max_score:g}",
            "yes" if self.needs_manual_grade else "no",
        ]


def reapply_late_penalties(location: str, assignments: list[str] | None = None) -> int:
    """Recompute every submitted notebook's late penalty from its current score; returns how many changed."""
    from nbgrader.api import Gradebook

    url = database_url(location)
    with quiet_gradebook(), Gradebook(url) as gradebook:
        todo = [
            (assignment.name, notebook.name, submission.student.id, notebook_record.late_submission_penalty or 0.0)
            for assignment in gradebook.assignments
            if not assignments or assignment.name in assignments
            for submission in assignment.submissions
            for notebook in assignment.notebooks
            for notebook_record in [
                gradebook.find_submission_notebook(notebook.name, assignment.name, submission.student.id)
            ]
        ]
    assigner = late_penalty_assigner(course_config(location))
    changed = 0
    for assignment, notebook, student, before in todo:
        changed += apply_late_penalty(assigner, url, assignment, notebook, student) != before
    return changed


def final_grades(location: str, assignments: list[str] | None = None) -> list[FinalGrade]:
    """Every student × assignment of the gradebook (a missing submission scores 0, as in `nbgrader export`)."""
    from nbgrader.api import Gradebook, MissingEntry

    grades = []
    with quiet_gradebook(), Gradebook(database_url(location)) as gradebook:
        known = [a.name for a in gradebook.assignments]
        unknown = [a for a in assignments or [] if a not in known]
        if unknown:
            raise GradebookError(
                f"the gradebook has no assignment {', '.join(unknown)} (it has {', '.join(known) or 'none'})"
            )
        for assignment in gradebook.assignments:
            if assignments and assignment.name not in assignments:
                continue
            for student in sorted(gradebook.students, key=lambda s: s.id):
                try:
                    submission = gradebook.find_submission(assignment.name, student.id)
                except MissingEntry:
                    grades.append(
                        FinalGrade(student.id, assignment.name, "", 0.0, 0.0, 0.0, assignment.max_score, False)
                    )
                    continue
                stamp = submission.timestamp
                grades.append(
                    FinalGrade(
                        student.id,
                        assignment.name,
                        stamp.strftime("%Y-%m-%d %H:%M:%S UTC") if stamp else "",
                        float(submission.code_score or 0.0),
                        float((submission.written_score or 0.0) + (submission.task_score or 0.0)),
                        float(submission.late_submission_penalty or 0.0),
                        float(assignment.max_score),
                        bool(submission.needs_manual_grade),
                    )
                )
    return grades


def write_csv(grades: list[FinalGrade], path: Path) -> None:
    """The final grades CSV (written atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for grade in grades:
            writer.writerow(grade.row())
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    """Command line entry; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m autograder.final_grades", description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="only these assignments (default: all in the gradebook)")
    parser.add_argument("--gradebook", default="gradebook.db", help="path or SQLAlchemy URL (default: gradebook.db)")
    parser.add_argument("--out", type=Path, default=Path("grades/final.csv"))
    args = parser.parse_args(argv)
    try:
        final_grades(args.gradebook, args.assignments)  # refuses an unknown assignment before changing anything
        changed = reapply_late_penalties(args.gradebook, args.assignments)
        grades = final_grades(args.gradebook, args.assignments)
    except GradebookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    write_csv(grades, args.out)
    late = sum(g.late_penalty > 0 for g in grades)
    pending = sum(g.needs_manual_grade for g in grades)
    print(f"final grades: {args.out} ({len(grades)} rows; {late} with a late penalty, {changed} penalties updated)")
    if pending:
        print(f"warning: {pending} submissions still have ungraded written answers (needs_manual_grade = yes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
