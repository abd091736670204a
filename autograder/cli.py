"""The command line: a thin layer over ``grading`` and ``batch`` (see shared GRADING.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.config import FALLBACK_ENV, GradeOptions, fallback_from_environment
from autograder.gradebook import GradebookError
from autograder.grading import grade_submission, grader_failure_report, refused_report
from autograder.report.escape import terminal
from autograder.report.render import console_table, write_outputs
from autograder.safe_paths import unsafe_reason
from autograder.sandbox.policy import SandboxUnavailable
from autograder.suites.assignment import ASSIGNMENTS, UnknownAssignment, load_assignment

USAGE_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder", description="Grade Module 1 notebooks.")
    sub = parser.add_subparsers(dest="command", required=True)

    one = sub.add_parser("grade", help="grade one submission (a notebook, or a folder holding it)")
    one.add_argument("assignment", help=f"one of {', '.join(ASSIGNMENTS)}")
    one.add_argument("submission", type=Path)
    one.add_argument("--json", type=Path, help="write Gradescope results.json here")
    one.add_argument("--markdown", type=Path, help="write a Markdown summary here")
    one.add_argument("--junit", type=Path, help="write JUnit XML here (pytest's --junitxml)")
    one.add_argument(
        "--fail-under",
        type=float,
        metavar="PERCENT",
        help="exit 1 when the autograded score is below PERCENT of the autograded points",
    )
    _sandbox_options(one)

    many = sub.add_parser("grade-all", help="grade every submission in nbgrader's submitted/ layout")
    many.add_argument("assignment")
    many.add_argument("submitted_dir", type=Path, help="SUBMITTED_DIR/<student>/<assignment>/<notebook>.ipynb")
    many.add_argument("--out", type=Path, required=True, help="folder for <student>.json")
    many.add_argument("--jobs", type=int, default=0, help="parallel graders (default: all cores)")
    many.add_argument("--csv", type=Path, help="write one row per student here")
    many.add_argument("--feedback", type=Path, help="write per-student feedback (Markdown and HTML) here")
    many.add_argument("--gradebook", help="also store the scores in this nbgrader gradebook (path or sqlite URL)")
    many.add_argument("--no-progress", action="store_true", help="no progress bar")
    _sandbox_options(many)
    return parser


def _sandbox_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--require-sandbox",
        action="store_true",
        help="refuse to grade unless every isolation layer (the cgroup caps too) is available",
    )
    parser.add_argument(
        "--allow-process-fallback",
        action="store_true",
        help=f"where bubblewrap cannot start, run student code in a plain process (also {FALLBACK_ENV}=1); "
        "without it grading stops",
    )
    parser.add_argument(
        "--isolation",
        choices=("auto", "bubblewrap", "process"),
        default="auto",
        help="'process' needs --allow-process-fallback",
    )


def _options(args: argparse.Namespace) -> GradeOptions:
    return GradeOptions(
        isolation=args.isolation,
        require_sandbox=args.require_sandbox,
        allow_process_fallback=args.allow_process_fallback or fallback_from_environment(),
    )


def _grade(args: argparse.Namespace) -> int:
    if not args.submission.exists() and not args.submission.is_symlink():
        print(f"error: {terminal(args.submission)} does not exist", file=sys.stderr)
        return USAGE_ERROR
    options = _options(args)
    refused = unsafe_reason(args.submission)
    if refused:
        report = refused_report(args.assignment, args.submission, refused, options, junit=args.junit)
    else:
        report = grade_submission(args.assignment, args.submission, options, junit=args.junit)
    try:
        write_outputs(report, args.json, args.markdown)
        text = console_table(report)
    except Exception as exc:  # a report that cannot be rendered: write one that names the grader's error
        report = grader_failure_report(args.assignment, args.submission, exc)
        write_outputs(report, args.json, args.markdown)
        text = console_table(report)
    print(text)
    if args.fail_under is not None and report.percent < args.fail_under:
        print(f"\nScore {report.percent:.1f}% is below --fail-under {args.fail_under:g}%.")
        return 1
    return 0


def _grade_all(args: argparse.Namespace) -> int:
    from autograder.batch import grade_all
    from autograder.report.render import class_table

    if not args.submitted_dir.is_dir():
        print(f"error: {terminal(args.submitted_dir)} is not a folder", file=sys.stderr)
        return USAGE_ERROR
    results = grade_all(
        args.assignment,
        args.submitted_dir,
        args.out,
        jobs=args.jobs,
        csv_path=args.csv,
        options=_options(args),
        progress=not args.no_progress,
        feedback_dir=args.feedback,
        gradebook=args.gradebook,
    )
    print(class_table(args.assignment, results))
    refused = getattr(results, "refused", [])
    if refused:
        print(f"\nRefused, not graded ({len(refused)}):")
        print("\n".join(f"  {terminal(item)}" for item in refused))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and USAGE_ERROR
    try:
        load_assignment(args.assignment)
        return _grade(args) if args.command == "grade" else _grade_all(args)
    except UnknownAssignment as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return USAGE_ERROR
    except (SandboxUnavailable, GradebookError) as exc:
        print(f"error: {terminal(exc)}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        print(
            "\ninterrupted: the submissions graded so far are kept; run the same command again to grade the rest",
            file=sys.stderr,
        )
        return 130
