"""One grading worker's costs, measured in this process with the engine of the course at ``--root``.

Run as a script (``python benchmarks/overhead.py --root DIR ...``) so that the same measurement runs on
this engine (the hidden suites as a pytest session) and on the engine before the port (the registry of
``autograder.suites.load_suite``), each in a fresh process of its own. It does what a ``grade-all``
worker does, in its order: start (load the suite: pytest's collection, or the registry's import), then
``batch._grade_one`` for each submission (which pre-warms the next sandbox), and it measures:

- the floor: the hidden tests' own work, every test run in-process against the reference (no notebook,
  no sandbox), best of three; with pytest, also the same run through pytest's runner (fixtures, hooks);
- every submission's grading time as grade-all reports it (``execution_time``), its score and kind;
- the reference notebook (source/) graded a few more times;
- with pytest: how many times the suite was collected, and what each collection cost.

It writes one JSON object (``--out``) and imports nothing from the course at the other root.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import sys
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

REFERENCE_RUNS = 5  # gradings of the reference notebook, after the sample


class ReferenceSession:
    """Calls the reference in-process: the floor has no notebook, no sandbox, no boundary."""

    def __init__(self, function: Any) -> None:
        self.function = function

    def call(
        self, args: list[Any], kwargs: dict[str, Any], timeout: float, readonly: bool = False, driver: str = ""
    ) -> Any:
        import math

        import numpy as np

        from autograder.sandbox.client import CallOutcome, Ending

        def build(value: Any) -> Any:
            if isinstance(value, dict) and set(value) == {"__callable__"}:
                return eval(value["__callable__"], {"np": np, "math": math})
            return value

        args = [build(a) for a in args]
        kwargs = {k: build(v) for k, v in kwargs.items()}
        function = self.function
        if driver:
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
    """Stands in for a submission's run in the pytest engine: the tests call the reference in-process."""

    def __init__(self, reference: Any) -> None:
        self.reference = reference
        self.failed: list[str] = []

    def check_runnable(self, test: Any) -> None:
        """Every test runs."""

    def student(self, test: Any) -> Any:
        from autograder.suites.student import Student

        return Student(test.function, ReferenceSession(getattr(self.reference, test.function)), test.call_timeout)

    def record(self, test: Any, exc: BaseException | None) -> Any:
        """Outcomes are not kept; a failing test is noted (the floor is only meaningful when all pass)."""
        from autograder.report.results import TestResult

        if exc is not None:
            self.failed.append(test.title)
        return TestResult(test.function, test.title, 0.0, test.points)

    def done_with(self, function: str) -> None:
        """Nothing to stop."""


class CallTimer:
    """A pytest plugin that adds up the time spent inside the test functions themselves."""

    def __init__(self) -> None:
        self.seconds = 0.0

    @pytest.hookimpl(wrapper=True)
    def pytest_pyfunc_call(self, pyfuncitem: Any) -> Generator[None, object, object]:
        started = time.perf_counter()
        try:
            return (yield)
        finally:
            self.seconds += time.perf_counter() - started


def pytest_floor(assignment: str, repeats: int = 3) -> dict[str, Any]:
    """The floor with the pytest engine: (tests' own work, the same through pytest's runner), best of each."""
    from autograder.pytest_plugin import plugin
    from autograder.pytest_plugin.session import suite_session
    from autograder.references import load_reference

    session = suite_session(assignment)
    config = session.config
    own, runner, failed = float("inf"), float("inf"), []
    for _ in range(repeats):
        run = ReferenceRun(load_reference(assignment))
        timer = CallTimer()
        config.pluginmanager.register(timer, "bench-call-timer")
        config.stash[plugin.RUN] = run  # type: ignore[assignment]
        started = time.perf_counter()
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                for index, item in enumerate(session.items):
                    following = session.items[index + 1] if index + 1 < len(session.items) else None
                    config.hook.pytest_runtest_protocol(item=item, nextitem=following)
        finally:
            config.stash[plugin.RUN] = None
            config.pluginmanager.unregister(timer)
        runner = min(runner, time.perf_counter() - started)
        own = min(own, timer.seconds)
        failed = run.failed
    return {"floor_s": own, "floor_runner_s": runner, "tests": len(session.items), "floor_failures": failed}


def registry_floor(assignment: str, repeats: int = 3) -> dict[str, Any]:
    """The floor with the engine before the port: every registered test called with the reference."""
    from autograder.suites.framework import Student

    from autograder.references import load_reference
    from autograder.suites import load_suite

    suite = load_suite(assignment)
    reference = load_reference(assignment)
    best, failed = float("inf"), []
    for _ in range(repeats):
        failed = []
        started = time.perf_counter()
        for test in suite.tests:
            student = Student(test.function, ReferenceSession(getattr(reference, test.function)), test.timeout)
            try:
                test.run(student, reference)
            except Exception:
                failed.append(test.name)
        best = min(best, time.perf_counter() - started)
    return {"floor_s": best, "floor_runner_s": best, "tests": len(suite.tests), "floor_failures": failed}


class Collections:
    """Counts and times every construction of the pytest engine's ``SuiteSession`` (its collection)."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self._original: Any = None

    def __enter__(self) -> Collections:
        from autograder.pytest_plugin.session import SuiteSession

        self._original = original = SuiteSession.__init__
        seconds = self.seconds

        def timed(session: Any, *args: Any, **kwargs: Any) -> None:
            started = time.perf_counter()
            try:
                original(session, *args, **kwargs)
            finally:
                seconds.append(time.perf_counter() - started)

        SuiteSession.__init__ = timed  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        from autograder.pytest_plugin.session import SuiteSession

        SuiteSession.__init__ = self._original  # type: ignore[method-assign]


def verdicts(data: dict[str, Any]) -> dict[str, str]:
    """function → "full" marks or "lost points", from a results.json."""
    table: dict[str, list[float]] = {}
    for test in data["tests"]:
        got = table.setdefault(test["tags"][0], [0.0, 0.0])
        got[0] += test["score"]
        got[1] += test["max_score"]
    return {f: "full" if s >= m - 1e-9 else "lost points" for f, (s, m) in table.items()}


def measure(root: Path, assignment: str, submitted: Path) -> dict[str, Any]:
    """Every cost of one grading worker on the submissions in ``submitted``."""
    from autograder import batch
    from autograder.config import GradeOptions

    engine = "pytest" if (root / "autograder" / "pytest_plugin" / "session.py").is_file() else "registry"
    options = GradeOptions()
    batch._share_cores(os.cpu_count() or 1)  # as the single worker of `grade-all --jobs 1`
    reference = batch.Job("reference", root / "source" / assignment, "")
    result: dict[str, Any] = {"engine": engine, "root": str(root), "cores": os.cpu_count()}
    with Collections() if engine == "pytest" else contextlib.nullcontext() as collections:
        started = time.perf_counter()  # the worker starts: the suite is loaded (collected) once
        if engine == "pytest":
            from autograder.pytest_plugin.session import suite_session

            suite_session(assignment)
        else:
            from autograder.suites import load_suite

            load_suite(assignment)
        result["start_s"] = time.perf_counter() - started
        started = time.perf_counter()  # its first submission: cold sandbox, the grader's own imports
        batch._grade_one(assignment, reference, options)
        result["first_submission_s"] = time.perf_counter() - started
        graded = []
        jobs = batch.find_jobs(assignment, submitted, batch.grader_fingerprint(assignment))
        for job in [*jobs, *[reference] * REFERENCE_RUNS]:
            data = batch._grade_one(assignment, job, options)
            graded.append(
                {
                    "student": job.student,
                    "seconds": data["execution_time"],
                    "score": data["score"],
                    "verdicts": verdicts(data),
                }
            )
        result["submissions"] = graded
        if collections is not None:
            result["collections"] = len(collections.seconds)
            result["collection_s"] = collections.seconds
    result.update(pytest_floor(assignment) if engine == "pytest" else registry_floor(assignment))
    if engine == "pytest":  # pytest's collection alone, once the suite's modules are imported
        from autograder.pytest_plugin.session import SuiteSession

        started = time.perf_counter()
        SuiteSession(assignment).close()
        result["collection_warm_s"] = time.perf_counter() - started
    result["peak_worker_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["peak_sandbox_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


def main() -> None:
    """Command line entry (the course at ``--root`` is imported, whichever engine it holds)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True, help="the course's top level (the engine to measure)")
    parser.add_argument("--assignment", required=True)
    parser.add_argument("--submitted", type=Path, required=True, help="SUBMITTED/<student>/<assignment>/")
    parser.add_argument("--out", type=Path, required=True, help="write the measurements here (JSON)")
    args = parser.parse_args()
    root = args.root.resolve()
    sys.path.insert(0, str(root))
    os.environ["AUTOGRADER_COURSE_ROOT"] = str(root)
    with contextlib.redirect_stdout(sys.stderr):  # the engine's own prints never mix with the result
        result = measure(root, args.assignment, args.submitted)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
