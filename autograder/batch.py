"""Grade a whole class in parallel: resumable, with a progress bar, per-student JSON and a CSV."""

from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from autograder.config import GradeOptions
from autograder.grading import grade_submission, make_isolation
from autograder.paths import SOLUTIONS
from autograder.report.render import html_feedback, markdown
from autograder.report.results import GradeReport, TestResult
from autograder.sandbox.client import prewarm
from autograder.suites import load_suite

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Job:
    """One student's submission to grade."""

    student: str
    path: Path
    digest: str


def grader_fingerprint(assignment: str) -> str:
    """Changes whenever the grader, the hidden suite or the reference changes."""
    h = hashlib.sha256()
    files = [*sorted(HERE.rglob("*.py")), SOLUTIONS / f"{assignment}.py"]
    for path in files:
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _digest(path: Path, fingerprint: str) -> str:
    h = hashlib.sha256(fingerprint.encode())
    if path.is_dir():
        for p in sorted(path.rglob("*.ipynb")):
            h.update(p.read_bytes())
    elif path.is_file():
        h.update(path.read_bytes())
    return h.hexdigest()


def find_jobs(assignment: str, submitted: Path, fingerprint: str) -> list[Job]:
    """Every ``submitted/<student>/<assignment>/`` folder, sorted by student id."""
    jobs = []
    for student_dir in sorted(p for p in submitted.iterdir() if p.is_dir() and not p.name.startswith(".")):
        folder = student_dir / assignment
        jobs.append(Job(student_dir.name, folder, _digest(folder, fingerprint)))
    return jobs


def _already_graded(out: Path, job: Job) -> bool:
    try:
        data = json.loads((out / f"{job.student}.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    return data.get("extra_data", {}).get("digest") == job.digest


def _grade_one(assignment: str, job: Job, options: GradeOptions) -> dict:
    if job.path.exists():
        report = grade_submission(assignment, job.path, options)
    else:
        suite = load_suite(assignment)
        report = GradeReport(
            assignment=assignment,
            submission=str(job.path),
            manual=dict(suite.manual),
            notes=[f"no submission folder {job.path.name}/ for this student"],
        )
        report.tests = [TestResult(t.function, t.name, 0.0, t.points, "no submission") for t in suite.tests]
    prewarm(options.limits, make_isolation(options))  # the next submission's sandbox starts meanwhile
    data = report.to_gradescope()
    data["extra_data"]["student"] = job.student
    data["extra_data"]["digest"] = job.digest
    return data


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def grade_all(
    assignment: str,
    submitted: Path,
    out: Path,
    jobs: int = 0,
    csv_path: Path | None = None,
    options: GradeOptions | None = None,
    progress: bool = True,
    feedback_dir: Path | None = None,
    gradebook: str | None = None,
) -> dict[str, dict]:
    """Grade every student; students already graded with the same notebook and grader are skipped."""
    options = options or GradeOptions()
    make_isolation(options)  # fail early if the sandbox is required and missing
    if gradebook is not None:
        _check_gradebook(assignment, gradebook, submitted)  # refuse before any grading
    out.mkdir(parents=True, exist_ok=True)
    todo_all = find_jobs(assignment, submitted, grader_fingerprint(assignment))
    todo = [job for job in todo_all if not _already_graded(out, job)]
    skipped = len(todo_all) - len(todo)
    workers = jobs or os.cpu_count() or 1
    bar = _progress(len(todo), progress, f"{assignment} ({skipped} already graded)" if skipped else assignment)
    if todo:
        # Workers come from a clean fork server, never forked from this process: a host that has already
        # started threads (PyTorch's, a notebook's) would hand them locked mutexes and they would hang.
        context = multiprocessing.get_context("forkserver")
        _start_fork_server_without_ctrl_c()
        pool_size = min(workers, len(todo))
        threads = max(1, (os.cpu_count() or 1) // pool_size)
        with (
            ProcessPoolExecutor(
                max_workers=pool_size, mp_context=context, initializer=_start_worker, initargs=(threads,)
            ) as pool,
            _stop_on_interrupt(pool),
        ):
            futures = {pool.submit(_grade_one, assignment, job, options): job for job in todo}
            for future in as_completed(futures):
                job = futures[future]
                data = future.result()
                _write_atomic(out / f"{job.student}.json", json.dumps(data, indent=2))
                bar.update(1)
                bar.set_postfix_str(f"{job.student}: {data['score']:g}")
    bar.close()
    results = {job.student: json.loads((out / f"{job.student}.json").read_text(encoding="utf-8")) for job in todo_all}
    if csv_path is not None:
        write_csv(assignment, results, csv_path)
    if feedback_dir is not None:
        write_feedback(results, feedback_dir)
    if gradebook is not None:
        _store_in_gradebook(assignment, results, gradebook, submitted)
    return results


def _check_gradebook(assignment: str, gradebook: str, submitted: Path) -> None:
    """Refuse a gradebook that cannot record this assignment, or an unreadable timestamp.txt."""
    from autograder.gradebook import check_gradebook, check_timestamps

    check_gradebook(assignment, gradebook, load_suite(assignment).functions)
    students = [p.name for p in submitted.iterdir() if p.is_dir() and not p.name.startswith(".")]
    check_timestamps(assignment, submitted, students)


def _store_in_gradebook(assignment: str, results: dict[str, dict], gradebook: str, submitted: Path) -> None:
    """Scores, submission times and late penalties into nbgrader's gradebook (as autograde records them)."""
    from autograder.gradebook import store_scores

    print(store_scores(assignment, results, gradebook, submitted).summary(gradebook))


def _start_fork_server_without_ctrl_c() -> None:
    """Start multiprocessing's fork server with Ctrl+C ignored (inherited through exec, so even while it
    imports, and by every worker it forks): only this process handles Ctrl+C, see _stop_on_interrupt."""
    from multiprocessing import forkserver

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _stop_on_interrupt(pool: ProcessPoolExecutor) -> Iterator[None]:
    """Ctrl+C stops the workers at once instead of waiting for their submissions (results already
    written are kept: only this process writes them, atomically)."""
    try:
        yield
    except KeyboardInterrupt:
        workers = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
        pool.shutdown(wait=False, cancel_futures=True)
        for process in workers:
            process.terminate()
        raise


def _start_worker(threads: int) -> None:
    """A grading worker: Ctrl+C is for the main process, which stops the workers itself (no tracebacks)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _share_cores(threads)


def _share_cores(threads: int) -> None:
    """Give each grading worker its share of the cores for the oracles' threads (PyTorch reads these
    when it is imported). Without it every worker's PyTorch ran one thread per core and they fought
    over the cores: with two workers each submission took 1.6 times as long."""
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[name] = str(threads)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)


def _progress(total: int, enabled: bool, label: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="nb", disable=not enabled, file=sys.stderr, dynamic_ncols=True)


def write_csv(assignment: str, results: dict[str, dict], path: Path) -> None:
    """One row per student: total, maximum, percentage and every function's score."""
    functions = load_suite(assignment).functions
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student_id", "assignment", "score", "max_score", "percent", *functions])
        for student, data in sorted(results.items()):
            report = GradeReport.from_gradescope(data)
            per = report.functions()
            writer.writerow(
                [
                    student,
                    assignment,
                    f"{report.score:g}",
                    f"{report.max_score:g}",
                    f"{report.percent:.1f}",
                    *(f"{per.get(fn, (0, 0))[0]:g}" for fn in functions),
                ]
            )


def write_feedback(results: dict[str, dict], folder: Path) -> None:
    """Markdown and HTML feedback per student: scores and hints, never hidden inputs."""
    folder.mkdir(parents=True, exist_ok=True)
    for student, data in results.items():
        report = GradeReport.from_gradescope(data)
        _write_atomic(folder / f"{student}.md", markdown(report))
        _write_atomic(folder / f"{student}.html", html_feedback(report, student))
