"""Grade a whole class in parallel: resumable, with a progress bar, per-student JSON and a CSV."""

from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import os
import re
import signal
import sys
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from autograder.config import GradeOptions
from autograder.grading import grade_submission, grader_failure_report, refused_report
from autograder.paths import SOLUTIONS
from autograder.report.escape import csv_cell, terminal
from autograder.report.render import html_feedback, markdown, write_text_atomic
from autograder.report.results import GradeReport
from autograder.safe_paths import unsafe_reason
from autograder.sandbox.client import prewarm
from autograder.sandbox.policy import SandboxUnavailable, make_isolation
from autograder.suites.assignment import load_assignment

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Job:
    """One student's submission to grade."""

    student: str
    path: Path
    digest: str
    refused: str = ""  # why the submission is not read (a symbolic link out of it ...), "" to grade it


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
    files = sorted(path.rglob("*.ipynb")) if path.is_dir() else [path] if path.is_file() else []
    for p in files:
        if not p.is_file():
            continue
        with p.open("rb") as f:  # in chunks: a huge file never sits in memory
            while chunk := f.read(1 << 20):
                h.update(chunk)
    return h.hexdigest()


# -- which folders are students ----------------------------------------------------------------------------
# A student id is a folder name of SUBMITTED_DIR. It names files (<id>.json, <id>.md), CSV rows and
# gradebook entries, so it must be a plain name: 1 to 64 ASCII letters, digits and "_ . @ -", starting
# with a letter, a digit or "_" (never "=", "+", "-", "@": spreadsheet formulas; never ".": hidden or
# "..") and no "+" (nbgrader's exchange separates student, assignment and time with it), no white space,
# glob characters or control characters. JupyterHub user names (also e-mail addresses) fit.
STUDENT_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}")


def student_id_problem(name: str) -> str:
    """Why ``name`` is not an acceptable student id ("" when it is)."""
    if STUDENT_ID.fullmatch(name):
        return ""
    return (
        f"{ascii(name)[:100]} is not a valid student id: use 1 to 64 ASCII letters, digits and _ . @ -, "
        "starting with a letter, a digit or _"
    )


def _student_folders(submitted: Path) -> list[Path]:
    return sorted(p for p in submitted.iterdir() if p.is_dir() and not p.name.startswith("."))


def refused_students(submitted: Path) -> list[str]:
    """Why each folder of ``submitted`` that is not a valid student id was refused (not graded)."""
    return [why for p in _student_folders(submitted) if (why := student_id_problem(p.name))]


def find_jobs(assignment: str, submitted: Path, fingerprint: str) -> list[Job]:
    """Every ``submitted/<student>/<assignment>/`` folder of a valid student id, sorted by student id.
    A folder that leads outside itself (symbolic links) or holds FIFOs or devices is not read: its job
    is refused, and the student gets 0 with the reason."""
    jobs = []
    for student_dir in _student_folders(submitted):
        if student_id_problem(student_dir.name):
            continue
        folder = student_dir / assignment
        refused = unsafe_reason(folder, submitted)
        if refused:
            digest = hashlib.sha256(f"{fingerprint}\0refused\0{refused}".encode("utf-8", "replace")).hexdigest()
            jobs.append(Job(student_dir.name, folder, digest, refused))
        else:
            jobs.append(Job(student_dir.name, folder, _digest(folder, fingerprint)))
    return jobs


def _already_graded(out: Path, job: Job) -> bool:
    try:
        data = json.loads((out / f"{job.student}.json").read_text(encoding="utf-8"))
        extra = data.get("extra_data", {})
        # A grade left by an error inside the grader (or a dead worker) is retried on the next run.
        return extra.get("digest") == job.digest and not extra.get("grader_error")
    except (OSError, ValueError, AttributeError, RecursionError):
        return False


def _grade_one(assignment: str, job: Job, options: GradeOptions) -> dict:
    if job.refused:
        report = refused_report(assignment, job.path, job.refused, options)
    else:  # a missing folder is graded too: every test scores 0, "no submission"
        try:
            report = grade_submission(assignment, job.path, options)
        except SandboxUnavailable:
            raise
        except Exception as exc:  # grade_submission guards itself; this is the batch's own last line
            report = grader_failure_report(assignment, job.path, exc)
    prewarm(options.limits, make_isolation(options))  # the next submission's sandbox starts meanwhile
    return _stamped(report, job)


def _stamped(report: GradeReport, job: Job) -> dict:
    data = report.to_gradescope()
    data["extra_data"]["student"] = job.student
    data["extra_data"]["digest"] = job.digest
    return data


def _write_atomic(path: Path, text: str) -> None:
    write_text_atomic(path, text)


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
    bar = _progress(len(todo), progress, f"{assignment} ({skipped} already graded)" if skipped else assignment)
    if todo:

        def record(job: Job, data: dict) -> None:
            _write_atomic(out / f"{job.student}.json", json.dumps(data, indent=2))
            bar.update(1)
            bar.set_postfix_str(f"{terminal(job.student)}: {data['score']:g}")

        _grade_jobs(assignment, todo, options, jobs or os.cpu_count() or 1, record)
    bar.close()
    results = ClassResults(
        {job.student: json.loads((out / f"{job.student}.json").read_text(encoding="utf-8")) for job in todo_all}
    )
    results.refused = refused_students(submitted)
    if csv_path is not None:
        write_csv(assignment, results, csv_path)
    if feedback_dir is not None:
        write_feedback(results, feedback_dir)
    if gradebook is not None:
        _store_in_gradebook(assignment, results, gradebook, submitted)
    return results


class ClassResults(dict):
    """student → results.json data, and ``refused``: why each folder that is not a student id was not graded."""

    refused: list[str]


# -- grading many submissions: a dead worker or an error costs one submission only -------------------------
def _grade_jobs(assignment: str, todo: list[Job], options: GradeOptions, workers: int, record) -> None:
    """Grade every job and ``record(job, data)`` each. When a worker process dies, the submissions it may
    have been grading are graded again, each alone in a fresh pool: the one that kills its worker again
    scores 0 with the reason (retried on the next run); every other student is graded normally."""
    pool_size = min(workers, len(todo))
    threads = max(1, (os.cpu_count() or 1) // pool_size)
    remaining = list(todo)
    while remaining:
        suspects, remaining = _grade_in_pool(assignment, remaining, options, pool_size, threads, record)
        for job in suspects:
            again, _ = _grade_in_pool(assignment, [job], options, 1, threads, record)
            if again:
                why = (
                    "the process grading this submission died, twice (killed by the system, for example for "
                    "memory, or crashed: BrokenProcessPool)"
                )
                report = grader_failure_report(assignment, job.path, BrokenProcessPool(), reason=why)
                record(job, _stamped(report, job))


def _grade_in_pool(
    assignment: str, jobs: list[Job], options: GradeOptions, size: int, threads: int, record
) -> tuple[list[Job], list[Job]]:
    """Grade ``jobs`` with at most ``size`` in flight, one per worker. Returns (the jobs in flight when a
    worker died, the jobs not started then); both empty when the pool never broke."""
    # Workers come from a clean fork server, never forked from this process: a host that has already
    # started threads (PyTorch's, a notebook's) would hand them locked mutexes and they would hang.
    context = multiprocessing.get_context("forkserver")
    _start_fork_server_without_ctrl_c()
    queue = list(jobs)
    running: dict[Future, Job] = {}
    with (
        ProcessPoolExecutor(
            max_workers=size, mp_context=context, initializer=_start_worker, initargs=(threads,)
        ) as pool,
        _stop_on_interrupt(pool),
    ):
        while queue or running:
            while queue and len(running) < size:
                job = queue.pop(0)
                running[pool.submit(_grade_one, assignment, job, options)] = job
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                job = running.pop(future)
                try:
                    data = future.result()
                except BrokenProcessPool:
                    return [job, *running.values()], queue
                except SandboxUnavailable:
                    raise
                except Exception as exc:  # anything else the worker raised costs this submission only
                    data = _stamped(grader_failure_report(assignment, job.path, exc), job)
                record(job, data)
    return [], []


def _check_gradebook(assignment: str, gradebook: str, submitted: Path) -> None:
    """Refuse a gradebook that cannot record this assignment, or an unreadable timestamp.txt."""
    from autograder.gradebook import check_gradebook, check_timestamps

    check_gradebook(assignment, gradebook, list(load_assignment(assignment).functions))
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
    """One row per student: total, maximum, percentage and every function's score. Text cells go through
    ``escape.csv_cell``: no cell starts a spreadsheet formula."""
    functions = load_assignment(assignment).functions
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student_id", "assignment", "score", "max_score", "percent", *functions])
        for student, data in sorted(results.items()):
            report = GradeReport.from_gradescope(data)
            per = report.functions()
            row = [
                student,
                assignment,
                f"{report.score:g}",
                f"{report.max_score:g}",
                f"{report.percent:.1f}",
                *(f"{per.get(fn, (0, 0))[0]:g}" for fn in functions),
            ]
            writer.writerow([csv_cell(cell) for cell in row])


def write_feedback(results: dict[str, dict], folder: Path) -> None:
    """Markdown and HTML feedback per student: scores and hints, never hidden inputs."""
    folder.mkdir(parents=True, exist_ok=True)
    for student, data in results.items():
        if student_id_problem(student):
            continue  # never a file name made of an unchecked id
        report = GradeReport.from_gradescope(data)
        _write_atomic(folder / f"{student}.md", markdown(report))
        _write_atomic(folder / f"{student}.html", html_feedback(report, student))
