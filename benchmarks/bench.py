"""`make bench`: what grading costs, like for like, for every assignment.

For a sample of synthetic submissions per assignment (``make_class``: complete, partial, broken and slow
in equal numbers, at least 16 of each by default) it measures:

- the grader's overhead per submission: the grading time of each submission in a grading worker, as
  grade-all does it (sandbox pre-warmed), minus the floor (the hidden tests' own work, run in-process
  against the reference); median and slowest, for complete submissions, for every kind and for the
  reference notebook itself; before (the engine of commit PRE_PORT, from git, in a process of its own)
  and after (this engine). ``benchmarks/overhead.py`` measures one worker; see its docstring;
- what a worker pays once: pytest's collection of the suite (after) or the suite's import (before),
  and how many times the suite was collected while the worker graded the whole sample;
- the headline: the same notebooks, the same number of cores J: stock ``nbgrader autograde`` in its
  fastest configuration (J processes at once, each on its own copy of the course with 1/J of the
  students and its own gradebook) against ``grade-all --jobs J``, both wall times of the whole run
  from the command line; the scores both give, student by student.

It prints what it measured; it never fails on a speed goal.

python -m benchmarks.bench [--n 64] [--jobs J] [--assignments ...] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from autograder.paths import ROOT
from autograder.suites.assignment import available
from benchmarks.synthetic import KINDS, make_class

PRE_PORT = "c85c633"  # the engine before the hidden suites became pytest suites (issue 16)
PER_KIND = 16  # fewer notebooks of a kind than this, and start-up costs may decide the headline
OVERHEAD_GOAL_S = 0.35  # median overhead on a complete m1_1_math submission, 2 cores (issue 16)
PEAK_BUDGET_MB = 1024  # per grading process; the sandbox's own cap on student memory is separate (limits.py)
CHECKOUT = Path(__file__).resolve().parent.parent  # the git checkout this file is in
GRADE_ALL = (sys.executable, "-m", "autograder", "grade-all")
OVERHEAD_SCRIPT = Path(__file__).resolve().with_name("overhead.py")


def kind_of(student: str) -> str:
    """The kind of a synthetic submission, from its id (``s0004_complete``)."""
    return student.split("_", 1)[1]


# -- before and after: one grading worker of each engine --------------------------------------------------
def engine_before(work: Path) -> tuple[Path | None, str]:
    """The course at PRE_PORT, unpacked from git into ``work`` (None and why, when git cannot give it)."""
    found = subprocess.run(
        ["git", "-C", str(CHECKOUT), "cat-file", "-e", f"{PRE_PORT}^{{commit}}"], capture_output=True, check=False
    )
    if found.returncode != 0:
        return None, f"skipped: no git history (commit {PRE_PORT} is not in this checkout)"
    work.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(CHECKOUT), "archive", PRE_PORT], capture_output=True, check=False
    )  # an archive, not a worktree: nothing is written to the repository
    if archive.returncode != 0:
        return None, f"skipped: git archive {PRE_PORT} failed"
    subprocess.run(["tar", "-x", "-C", str(work)], input=archive.stdout, check=True)
    return work, ""


def worker_costs(root: Path, assignment: str, submitted: Path, out: Path) -> dict[str, Any]:
    """One grading worker of the engine at ``root`` on ``submitted``, in a fresh process (overhead.py)."""
    env = {k: v for k, v in os.environ.items() if k not in ("AUTOGRADER_COURSE_ROOT", "PYTHONPATH")}
    done = subprocess.run(
        [
            sys.executable,
            str(OVERHEAD_SCRIPT),
            "--root",
            str(root),
            "--assignment",
            assignment,
            "--submitted",
            str(submitted),
            "--out",
            str(out),
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return {"skipped": f"skipped: the worker failed ({last[:200]})"}
    return json.loads(out.read_text(encoding="utf-8"))


def spread(values: list[float]) -> dict[str, float]:
    """Median and slowest of ``values``."""
    return {"median": statistics.median(values), "slowest": max(values)} if values else {}


def overheads(costs: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Grading time minus the floor: over complete submissions, every submission, each kind, the reference."""
    floor = costs["floor_s"]
    by: dict[str, list[float]] = {}
    for graded in costs["submissions"]:
        group = "reference" if graded["student"] == "reference" else kind_of(graded["student"])
        by.setdefault(group, []).append(graded["seconds"] - floor)
    table = {group: spread(values) for group, values in by.items()}
    table["every"] = spread([v for group, values in by.items() if group != "reference" for v in values])
    return table


# -- the headline: nbgrader autograde and grade-all on the same notebooks, the same cores --------------------
def _nbgrader_course(assignment: str, course: Path, submitted: Path, students: list[str], env: dict) -> None:
    """A copy of the course holding ``students`` only (its own gradebook), the assignment generated."""
    (course / "source").mkdir(parents=True)
    shutil.copytree(ROOT / "source" / assignment, course / "source" / assignment)
    (course / "nbgrader_config.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nc = get_config()\nc.CourseDirectory.root = {str(course)!r}\n"
        "c.ExecutePreprocessor.timeout = 120\n"
    )
    for student in students:
        shutil.copytree(submitted / student, course / "submitted" / student)
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    subprocess.run(
        [nbgrader, "generate_assignment", assignment, "--force"], cwd=course, env=env, check=True, capture_output=True
    )


def _gradebook_scores(assignment: str, course: Path, students: list[str]) -> dict[str, float]:
    """The autograded score of each student in the course copy's gradebook (0 when nbgrader recorded none)."""
    from nbgrader.api import Gradebook, MissingEntry

    scores: dict[str, float] = {}
    with Gradebook(f"sqlite:///{course}/gradebook.db") as gradebook:
        for student in students:
            try:
                submission = gradebook.find_submission(assignment, student)
                grades = submission.notebooks[0].grades
                scores[student] = round(sum(g.auto_score or 0.0 for g in grades if g.cell.name.startswith("test_")), 6)
            except MissingEntry:
                scores[student] = 0.0
    return scores


def _same_score(theirs: float | None, ours: float | None) -> bool:
    return theirs is not None and ours is not None and math.isclose(theirs, ours, abs_tol=1e-4)


def nbgrader_parallel(
    assignment: str, submitted: Path, students: list[str], jobs: int, work: Path
) -> tuple[float, dict[str, float]]:
    """Wall seconds for ``jobs`` stock ``nbgrader autograde`` processes at once, each on its own copy of the
    course with every ``jobs``-th student (so each holds every kind), and the scores they recorded."""
    threads = str(max(1, (os.cpu_count() or 1) // jobs))  # as grade-all gives each worker its share
    env = {
        **os.environ,
        "AUTOGRADER_COURSE_ROOT": str(ROOT),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "OMP_NUM_THREADS": threads,
        "MKL_NUM_THREADS": threads,
        "OPENBLAS_NUM_THREADS": threads,
    }
    shares = [students[i::jobs] for i in range(jobs) if students[i::jobs]]
    courses = [work / f"nbgrader-course-{i}" for i in range(len(shares))]
    for course, share in zip(courses, shares, strict=True):
        _nbgrader_course(assignment, course, submitted, share, env)
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    started = time.perf_counter()
    running = [
        subprocess.Popen(
            [nbgrader, "autograde", assignment, "--force"],
            cwd=course,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for course in courses
    ]
    for process in running:
        process.wait()
    elapsed = time.perf_counter() - started
    scores: dict[str, float] = {}
    for course, share in zip(courses, shares, strict=True):
        scores.update(_gradebook_scores(assignment, course, share))
    return elapsed, scores


def grade_all_cli(assignment: str, submitted: Path, out: Path, jobs: int) -> tuple[float, dict[str, float]]:
    """Wall seconds for ``grade-all --jobs J`` from the command line into a fresh ``out``, and its scores."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [*GRADE_ALL, assignment, str(submitted), "--out", str(out), "--jobs", str(jobs), "--no-progress"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - started
    scores = {p.stem: round(json.loads(p.read_text(encoding="utf-8"))["score"], 6) for p in out.glob("*.json")}
    return elapsed, scores


# -- one assignment ---------------------------------------------------------------------------------------------
def bench_assignment(assignment: str, n: int, jobs: int, work: Path, before: Path | None, why: str = "") -> dict:
    """Every measurement for one assignment on a sample of ``n`` synthetic submissions."""
    base = work / assignment
    submitted = base / "submitted"
    students = make_class(assignment, n, submitted)
    row: dict[str, Any] = {
        "assignment": assignment,
        "n": n,
        "kinds": dict(Counter(kind_of(s) for s in students)),
        "jobs": jobs,
        "cores": os.cpu_count(),
    }
    engines = {"after": CHECKOUT, "before": before}
    for label, root in engines.items():
        if root is None:
            row[label] = {"skipped": why}
            continue
        costs = worker_costs(root, assignment, submitted, base / f"worker-{label}.json")
        if "skipped" not in costs:
            costs["overhead"] = overheads(costs)
        row[label] = costs
    if "skipped" not in row["before"] and "skipped" not in row["after"]:
        # the port splits a test's points among its cases: partial scores move; full marks or not must not
        verdicts = [{g["student"]: g["verdicts"] for g in row[label]["submissions"]} for label in ("before", "after")]
        row["same_before_after"] = sum(verdicts[0][s] == verdicts[1][s] for s in students)

    row["nbgrader_s"], theirs = nbgrader_parallel(assignment, submitted, students, jobs, base)
    row["grade_all_s"], ours = grade_all_cli(assignment, submitted, base / "out", jobs)
    row["ratio"] = row["nbgrader_s"] / row["grade_all_s"]
    # nbgrader stores each function's points rounded to 6 decimals (a third of a point each time): agree to 1e-4
    row["differ"] = sorted(s for s in students if not _same_score(theirs.get(s), ours.get(s)))
    row["same_scores"] = len(students) - len(row["differ"])
    return row


# -- what it prints ----------------------------------------------------------------------------------------------
def _s(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f} s"


def print_row(row: dict[str, Any]) -> None:
    """One assignment's measurements, before and after side by side."""
    kinds = ", ".join(f"{row['kinds'].get(k, 0)} {k}" for k in KINDS)
    print(f"\n{row['assignment']}: {row['n']} notebooks ({kinds}), {row['cores']} cores")
    if min(row["kinds"].get(k, 0) for k in KINDS) < PER_KIND:
        print(f"  (fewer than {PER_KIND} of a kind: start-up costs may decide the headline)")
    before, after = row["before"], row["after"]
    print(f"  {'':44}{'before (' + PRE_PORT + ')':>18}{'after (pytest)':>18}")

    def line(label: str, pick: Any) -> None:
        cells = []
        for costs in (before, after):
            try:
                cells.append(_s(pick(costs)) if "skipped" not in costs else "—")
            except KeyError:
                cells.append("—")
        print(f"  {label:44}{cells[0]:>18}{cells[1]:>18}")

    line("floor: the hidden tests' own work", lambda c: c["floor_s"])
    line("  the same through pytest's runner", lambda c: c["floor_runner_s"] if c["engine"] == "pytest" else None)
    groups = (("complete", "complete submissions"), ("every", "every submission"), ("reference", "the source notebook"))
    for group, label in groups:
        line(f"overhead, {label}: median", lambda c, g=group: c["overhead"][g]["median"])
        line(f"overhead, {label}: slowest", lambda c, g=group: c["overhead"][g]["slowest"])
    for kind in KINDS[1:]:
        line(f"overhead, {kind}: median", lambda c, k=kind: c["overhead"][k]["median"])
    line("once per worker: load the suite", lambda c: c["start_s"])
    line("once per worker: first submission", lambda c: c["first_submission_s"])
    line("pytest's collection alone (modules imported)", lambda c: c.get("collection_warm_s"))
    for label, costs in (("before", before), ("after", after)):
        if "skipped" in costs:
            print(f"  {label}: {costs['skipped']}")
    if "collections" in after:
        gradings = len(after["submissions"]) + 1
        print(f"  after: the suite was collected {after['collections']} time(s) for {gradings} gradings in one worker")
    if "peak_worker_mb" in after:
        print(
            f"  after: peak memory of the grading worker {after['peak_worker_mb']:.0f} MB, of one sandbox process"
            f" {after['peak_sandbox_mb']:.0f} MB (the grader's budget: {PEAK_BUDGET_MB} MB per grading process)"
        )
    if "same_before_after" in row:
        same = f"{row['same_before_after']}/{row['n']}"
        print(f"  same verdict (full marks or not) on every function before and after: {same}")
    print(
        f"  headline, the same {row['n']} notebooks on {row['jobs']} processes each: nbgrader autograde"
        f" {row['nbgrader_s']:.1f} s, grade-all --jobs {row['jobs']} {row['grade_all_s']:.1f} s:"
        f" {row['ratio']:.1f}x; same scores {row['same_scores']}/{row['n']}"
    )


def print_summary(rows: list[dict[str, Any]]) -> None:
    """Every assignment on one line each, and what the columns mean."""
    print(
        "\nassignment          N  J  floor  overhead complete (median/slowest)"
        "       collection  nbgrader  grade-all  ratio  same"
    )
    print(f"{'':30}{'before':>17}{'after':>17}")
    for r in rows:
        cells = []
        for label in ("before", "after"):
            c = r[label]
            o = c.get("overhead", {}).get("complete")
            cells.append(f"{o['median']:.2f}/{o['slowest']:.2f} s" if o else "skipped")
        collect = r["after"].get("start_s")
        floor = r["after"].get("floor_s")
        print(
            f"{r['assignment']:<18}{r['n']:>3}{r['jobs']:>3}  {_s(floor, 2):>6} {cells[0]:>16} {cells[1]:>16}"
            f"  {_s(collect, 2):>10} {r['nbgrader_s']:>8.0f}s {r['grade_all_s']:>9.0f}s {r['ratio']:>5.1f}x"
            f"  {r['same_scores']}/{r['n']}"
        )
    print(
        "\nfloor = the hidden tests run in-process against the reference, no notebook, no sandbox (best of 3);"
        " overhead = a submission's grading time in a grading worker (as grade-all reports it, its sandbox"
        f" pre-warmed) minus the floor (goal: median <= {OVERHEAD_GOAL_S} s on a complete m1_1_math submission"
        f" on 2 cores); before = the engine of commit {PRE_PORT}, after = this one; collection = what a worker"
        " pays once to load the suite (pytest's collection); ratio = nbgrader autograde's wall time, J processes"
        " each on its own copy of the course, over grade-all --jobs J's, the same notebooks; same = students"
        " both graders scored alike."
    )


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=PER_KIND * len(KINDS), help="notebooks per assignment")
    parser.add_argument("--jobs", type=int, default=0, help="processes of each grader (default: every core)")
    parser.add_argument("--assignments", nargs="*", default=None)
    parser.add_argument("--no-before", action="store_true", help=f"do not measure the engine of {PRE_PORT}")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args()
    jobs = args.jobs or os.cpu_count() or 1
    assignments = args.assignments or available()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        before, why = (None, "skipped: --no-before") if args.no_before else engine_before(work / "before")
        for assignment in assignments:
            print(f"benchmarking {assignment}: {args.n} notebooks, {jobs} processes ...", flush=True)
            rows.append(bench_assignment(assignment, args.n, jobs, work, before, why))
            print_row(rows[-1])
            if args.json:  # as soon as measured: a long run keeps what it has
                args.json.write_text(json.dumps(rows, indent=2))
    print_summary(rows)


if __name__ == "__main__":
    main()
