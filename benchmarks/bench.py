"""`make bench`: side-by-side timings in one run, for every assignment.

For N synthetic submissions per assignment (complete, partial, broken, slow) it measures:
grade-all with one job and with all cores; stock `nbgrader autograde` (with this course's
configuration, so scores are identical) on a sample of the same notebooks; the floor, which is
the hidden suite run in-process against the reference with no notebook and no sandbox; and the
peak memory of the grading processes. It prints ratios; it never fails on a speed goal.

python -m benchmarks.bench [--n 200] [--nbgrader-sample 8] [--assignments ...]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from autograder.batch import grade_all
from autograder.config import GradeOptions
from autograder.grading import grade_submission
from autograder.paths import ROOT
from autograder.pytest_plugin import plugin
from autograder.pytest_plugin.marks import GradedTest
from autograder.pytest_plugin.session import suite_session
from autograder.references import load_reference
from autograder.report.results import TestResult
from autograder.sandbox.client import CallOutcome, Ending, prewarm
from autograder.sandbox.policy import make_isolation
from autograder.suites.assignment import available
from autograder.suites.student import Student
from benchmarks.synthetic import make_class


class ReferenceSession:
    """Calls the reference in-process: the floor has no notebook, no sandbox, no boundary."""

    def __init__(self, function: Any) -> None:
        self.function = function

    def call(
        self, args: list[Any], kwargs: dict[str, Any], timeout: float, readonly: bool = False, driver: str = ""
    ) -> CallOutcome:
        def build(value: Any) -> Any:
            if isinstance(value, dict) and set(value) == {"__callable__"}:
                import math

                import numpy as np

                return eval(value["__callable__"], {"np": np, "math": math})
            return value

        args = [build(a) for a in args]
        kwargs = {k: build(v) for k, v in kwargs.items()}
        function = self.function
        if driver:
            import math

            import numpy as np

            scope: dict[str, Any] = {"np": np, "math": math}
            exec(driver, scope)
            args = [function, *args]
            function = scope["driver"]
        try:
            value = function(*args, **kwargs) if callable(function) else function
        except Exception as exc:
            return CallOutcome(
                Ending.RAISED, exc_type=type(exc).__name__, message=str(exc), is_value_error=isinstance(exc, ValueError)
            )
        return CallOutcome(Ending.RETURNED, value=value)


class ReferenceRun:
    """Stands in for a submission's run: the tests call the reference in-process (no notebook, no sandbox)."""

    def __init__(self, reference: Any) -> None:
        self.reference = reference

    def check_runnable(self, test: GradedTest) -> None:
        """Every test runs."""

    def student(self, test: GradedTest) -> Student:
        return Student(test.function, ReferenceSession(getattr(self.reference, test.function)), test.call_timeout)

    def record(self, test: GradedTest, exc: BaseException | None) -> TestResult:
        """Outcomes are not kept."""
        return TestResult(test.function, test.title, 0.0, test.points)

    def done_with(self, function: str) -> None:
        """Nothing to stop."""


def floor_seconds(assignment: str, repeats: int = 3) -> float:
    """Seconds to run the whole hidden suite against the reference, in-process, through the same pytest
    session the grader uses (best of ``repeats``): the tests' own work, without the sandbox."""
    session = suite_session(assignment)
    config = session.config
    best = float("inf")
    for _ in range(repeats):
        config.stash[plugin.RUN] = ReferenceRun(load_reference(assignment))  # type: ignore[assignment]
        started = time.perf_counter()
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                for index, item in enumerate(session.items):
                    following = session.items[index + 1] if index + 1 < len(session.items) else None
                    config.hook.pytest_runtest_protocol(item=item, nextitem=following)
        finally:
            config.stash[plugin.RUN] = None
        best = min(best, time.perf_counter() - started)
    return best


def reference_seconds(assignment: str, options: GradeOptions, repeats: int = 3) -> float:
    """Seconds to grade the reference notebook as grade-all does (its sandbox already started)."""
    best = float("inf")
    for _ in range(repeats):
        prewarm(options.limits, make_isolation(options))
        time.sleep(0.5)  # grade-all starts the next sandbox while it finishes the previous submission
        started = time.perf_counter()
        grade_submission(assignment, ROOT / "source" / assignment / f"{assignment}.ipynb", options)
        best = min(best, time.perf_counter() - started)
    return best


def nbgrader_autograde(assignment: str, submitted: Path, students: list[str], work: Path) -> tuple[float, dict]:
    """Seconds for stock `nbgrader autograde` on ``students``, and the gradebook's scores."""
    course = work / "nbgrader-course"
    (course / "source").mkdir(parents=True)
    shutil.copytree(ROOT / "source" / assignment, course / "source" / assignment)
    (course / "nbgrader_config.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nc = get_config()\nc.CourseDirectory.root = {str(course)!r}\n"
        "c.ExecutePreprocessor.timeout = 120\n"
    )
    for student in students:
        shutil.copytree(submitted / student, course / "submitted" / student)
    env = {
        **os.environ,
        "AUTOGRADER_COURSE_ROOT": str(ROOT),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    subprocess.run(
        [nbgrader, "generate_assignment", assignment, "--force"], cwd=course, env=env, check=True, capture_output=True
    )
    started = time.perf_counter()
    subprocess.run(
        [nbgrader, "autograde", assignment, "--force"], cwd=course, env=env, check=False, capture_output=True
    )
    elapsed = time.perf_counter() - started
    from nbgrader.api import Gradebook, MissingEntry

    scores: dict[str, float] = {}
    with Gradebook(f"sqlite:///{course}/gradebook.db") as gradebook:
        for student in students:
            try:
                submission = gradebook.find_submission(assignment, student)
                scores[student] = round(
                    sum(g.auto_score or 0.0 for g in submission.notebooks[0].grades if g.cell.name.startswith("test_")),
                    6,
                )
            except MissingEntry:
                scores[student] = 0.0
    return elapsed, scores


def bench_assignment(assignment: str, n: int, sample: int, work: Path) -> dict[str, Any]:
    """Every measurement for one assignment."""
    submitted = work / assignment / "submitted"
    students = make_class(assignment, n, submitted)
    options = GradeOptions()
    row: dict[str, Any] = {"assignment": assignment, "n": n}

    started = time.perf_counter()
    one = grade_all(assignment, submitted, work / assignment / "out-1", jobs=1, options=options, progress=False)
    row["one_job_s"] = time.perf_counter() - started
    cores = os.cpu_count() or 1
    started = time.perf_counter()
    grade_all(assignment, submitted, work / assignment / "out-n", jobs=cores, options=options, progress=False)
    row["all_cores_s"] = time.perf_counter() - started
    row["cores"] = cores

    complete = [s for s in students if s.endswith("_complete")]
    row["grade_complete_median_s"] = statistics.median(one[s]["execution_time"] for s in complete)
    row["floor_s"] = floor_seconds(assignment)
    row["overhead_s"] = row["grade_complete_median_s"] - row["floor_s"]
    row["reference_overhead_s"] = reference_seconds(assignment, options) - row["floor_s"]

    picked: list[str] = []
    per_kind = max(1, sample // 4)
    for kind in ("complete", "partial", "broken", "slow"):
        picked += [s for s in students if s.endswith(f"_{kind}")][:per_kind]
    nb_seconds, nb_scores = nbgrader_autograde(assignment, submitted, picked, work / assignment)
    ours = {s: round(one[s]["score"], 6) for s in picked}
    row["nbgrader_sample"] = len(picked)
    row["nbgrader_s_per_submission"] = nb_seconds / len(picked)
    row["nbgrader_same_scores"] = sum(nb_scores[s] == ours[s] for s in picked)
    row["ours_s_per_submission_all_cores"] = row["all_cores_s"] / n
    row["throughput_ratio"] = row["nbgrader_s_per_submission"] / row["ours_s_per_submission_all_cores"]
    # The same comparison on exactly the sampled notebooks (grade-all with every core on them alone).
    sample = work / assignment / "sample"
    for student in picked:
        shutil.copytree(submitted / student, sample / student)
    started = time.perf_counter()
    grade_all(assignment, sample, work / assignment / "out-sample", jobs=cores, options=options, progress=False)
    row["sample_ratio"] = nb_seconds / (time.perf_counter() - started)
    times = sorted(r["execution_time"] for r in one.values())
    row["median_s"] = statistics.median(times)
    row["slowest_s"] = times[-1]
    row["peak_child_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    row["peak_self_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return row


PEAK_BUDGET_MB = 1024  # per grading process; the sandbox's own cap on student memory is separate (limits.py)


def print_table(rows: list[dict[str, Any]], legend: bool = True) -> None:
    """The side-by-side summary (and what its columns mean)."""
    print(
        "\nassignment            N  1 job  all cores  median  slowest  nbgrader/sub  ours/sub  ratio  sample-ratio"
        "  same  floor  overhead  ref-overhead  peak MB"
    )
    for r in rows:
        print(
            f"{r['assignment']:<19} {r['n']:>4} {r['one_job_s']:>5.0f}s {r['all_cores_s']:>8.0f}s"
            f" {r['median_s']:>6.2f}s {r['slowest_s']:>7.1f}s"
            f" {r['nbgrader_s_per_submission']:>11.2f}s {r['ours_s_per_submission_all_cores']:>8.3f}s"
            f" {r['throughput_ratio']:>5.1f}x {r['sample_ratio']:>11.1f}x"
            f"  {r['nbgrader_same_scores']:>2}/{r['nbgrader_sample']:<2}"
            f" {r['floor_s']:>5.2f}s {r['overhead_s']:>8.3f}s {r['reference_overhead_s']:>12.3f}s"
            f" {max(r['peak_child_mb'], r['peak_self_mb']):>7.0f}"
        )
    if not legend:
        return
    print(
        "\nmedian, slowest = grading time of one submission (one job); ratio = nbgrader's seconds per"
        " submission on the sample / ours per submission with all cores on the whole class (goal >= 10x);"
        " sample-ratio = the same measured on exactly the sampled notebooks; overhead = median grading time"
        " of a complete submission minus the floor (goal <= 0.3 s); ref-overhead = the same for the reference"
        " notebook itself (no slower student code in it); same = sampled submissions where nbgrader autograde"
        " and grade-all agree; peak MB = the largest resident memory of one process of the run (grader, grading"
        f" worker, nbgrader or sandbox); the grader's budget is {PEAK_BUDGET_MB} MB per grading process, whatever a"
        " submission returns (replies, messages and reports are bounded; student code has its own cap in the sandbox)."
    )


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--nbgrader-sample", type=int, default=8)
    parser.add_argument("--assignments", nargs="*", default=None)
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for assignment in args.assignments or available():
            print(f"benchmarking {assignment} with {args.n} submissions ...", flush=True)
            rows.append(bench_assignment(assignment, args.n, args.nbgrader_sample, Path(tmp)))
            if len(rows) < len(args.assignments or available()):
                print_table(rows[-1:], legend=False)  # this assignment's row as soon as it is measured
    print_table(rows)  # the whole table once, with its legend
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
