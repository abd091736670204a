"""`make check`: run a notebook's visible checks in a fresh kernel and list which functions pass.

Only the setup cell, the answer cells and the visible test cells run, in notebook order, one at a
time in a fresh kernel (no plots), so it takes a few seconds. No hidden test is involved: this is
what the notebook's own test cells say, judged the way nbgrader judges them (a test cell fails if
it raises or writes to stderr). Every test cell is reported, whatever the cells before it did: an
unfinished function never hides the result of the next one.

When the course's released notebook is next to this tool (``release/<id>/<id>.ipynb``), the locked
cells (setup and tests) come from it, so an edited or deleted test cell is still checked as released,
and the report says so. Hidden tests are never run (a ``### BEGIN HIDDEN TESTS`` block is dropped).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.notebook.reader import cell_source, defined_names, is_students, nbgrader_meta, read_submission
from autograder.static.rules import RESTRICTIONS, check_function, explain

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
KERNEL_FILE = re.compile(r"(?:/\S*/)?\b\d{5,}\.py")  # ipykernel's temporary name for a cell's code
HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[^\n]*\n?", re.S | re.M)
RELEASE_DIR = Path(__file__).resolve().parent.parent / "release"
TIMEOUT = 30.0  # seconds per cell, as nbgrader's autograde
MESSAGE_WIDTH = 160


@dataclass
class Step:
    """One cell to run: ``kind`` is setup, answer or test."""

    kind: str
    grade_id: str
    source: str


@dataclass
class Outcome:
    """What running one cell gave."""

    error: str = ""  # "Name: message" of an exception, or why the cell could not run
    stderr: str = ""
    stdout: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and not self.stderr.strip()


@dataclass
class Result:
    """One visible test cell: the function it checks, whether it passed and, if not, why (one line)."""

    name: str
    passed: bool
    message: str = ""


@dataclass
class Report:
    notebook: Path
    results: list[Result] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _kind(cell: dict) -> str:
    """setup, answer, test, added (a cell the student added: helpers, constants), or "" for a cell
    `make check` does not run (narrative, plots, written answers)."""
    if not isinstance(cell, dict) or cell.get("cell_type") != "code":
        return ""
    meta = nbgrader_meta(cell)
    if meta.get("solution"):
        return "answer"
    if meta.get("grade") and meta.get("locked"):
        return "test"
    if meta.get("grade_id") == "setup":
        return "setup"
    return "added" if is_students(cell) else ""  # the course's locked demo and plot cells are not run


def _cells(notebook: dict) -> list[dict]:
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    return [c for c in cells if isinstance(c, dict)] if isinstance(cells, list) else []


def plan(notebook: dict, released: dict | None = None) -> tuple[list[Step], list[str]]:
    """The cells to run and notes for the student. With ``released``, its locked cells and order are used."""
    notes: list[str] = []
    mine = _cells(notebook)
    if released is None:
        steps = [
            Step(_kind(c), str(nbgrader_meta(c).get("grade_id", f"cell {i}")), cell_source(c))
            for i, c in enumerate(mine)
            if _kind(c)
        ]
        return [Step(s.kind, s.grade_id, HIDDEN.sub("", s.source)) if s.kind == "test" else s for s in steps], notes
    answers: dict[str, list[str]] = {}
    locked: dict[str, str] = {}
    for cell in mine:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if isinstance(grade_id, str) and _kind(cell) == "answer":
            answers.setdefault(grade_id, []).append(cell_source(cell))
        elif isinstance(grade_id, str) and _kind(cell) in ("setup", "test"):
            locked[grade_id] = cell_source(cell)
    # Cells the student added run where they stand: before the next answer cell that follows them.
    added_before: dict[str, list[str]] = {}
    pending: list[str] = []
    for cell in mine:
        if _kind(cell) == "added":
            pending.append(cell_source(cell))
        elif _kind(cell) == "answer" and isinstance(nbgrader_meta(cell).get("grade_id"), str):
            added_before.setdefault(nbgrader_meta(cell)["grade_id"], []).extend(pending)
            pending = []
    steps = []
    for i, cell in enumerate(_cells(released)):
        kind = _kind(cell)
        grade_id = str(nbgrader_meta(cell).get("grade_id", f"cell {i}"))
        if kind == "answer":
            steps += [Step("added", "added cell", source) for source in added_before.pop(grade_id, [])]
            if grade_id in answers:
                if len(answers[grade_id]) > 1:
                    notes.append(f"{len(answers[grade_id])} answer cells are named {grade_id}; the last one is used")
                steps.append(Step(kind, grade_id, answers[grade_id][-1]))
                continue
            found = [
                cell_source(c)
                for c in mine
                if c.get("cell_type") == "code" and _kind(c) != "test" and grade_id in defined_names(cell_source(c))
            ]
            if found:
                notes.append(f"the answer cell {grade_id} lost its nbgrader metadata; it was found by its definition")
                steps.append(Step(kind, grade_id, found[-1]))
            else:
                notes.append(f"no answer cell {grade_id} was found (deleted, or the function renamed)")
        elif kind in ("setup", "test"):
            source = cell_source(cell)
            if grade_id not in locked:
                notes.append(f"the locked cell {grade_id} is missing from your notebook; the released one was run")
            elif HIDDEN.sub("", locked[grade_id]).strip() != HIDDEN.sub("", source).strip():
                notes.append(
                    f"your locked cell {grade_id} differs from the released one (edited, or from an "
                    "older release); the released one was run"
                )
            steps.append(Step(kind, grade_id, HIDDEN.sub("", source) if kind == "test" else source))
    steps += [Step("added", "added cell", source) for sources in added_before.values() for source in sources]
    steps += [Step("added", "added cell", source) for source in pending]
    return steps, notes


class Kernel:
    """A fresh IPython kernel in the notebook's folder that runs one cell at a time."""

    def __init__(self, cwd: Path, timeout: float = TIMEOUT):
        from jupyter_client.manager import KernelManager

        self.timeout = timeout
        self.km = KernelManager(kernel_name="python3")
        env = {**os.environ, "MPLBACKEND": "Agg"}
        # The kernel's own stdout/stderr carry only its start-up chatter; cell output comes by messages.
        self.km.start_kernel(cwd=str(cwd), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        self.dead = ""

    def run(self, code: str) -> Outcome:
        if self.dead:
            return Outcome(error=f"not run: {self.dead}")
        msg_id = self.kc.execute(code, store_history=True, allow_stdin=False, stop_on_error=False)
        out = Outcome()
        deadline = time.monotonic() + self.timeout
        interrupted = False
        while True:
            if not self.km.is_alive():
                self.dead = "the kernel died in an earlier cell"
                out.error = out.error or "the kernel died while running this cell (os._exit, a crash or no memory?)"
                return out
            if time.monotonic() > deadline:
                if interrupted:
                    self.dead = "the kernel stopped responding in an earlier cell"
                    out.error = f"still running {self.timeout:.0f} s after an interrupt"
                    return out
                self.km.interrupt_kernel()
                interrupted, deadline = True, time.monotonic() + 10
                out.error = f"took longer than {self.timeout:.0f} s and was interrupted (an endless loop?)"
            try:
                msg = self.kc.get_iopub_msg(timeout=0.1)
            except queue.Empty:
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content.get("execution_state") == "idle":
                return out
            if kind == "error" and not interrupted:
                out.error = out.error or f"{content.get('ename', 'Error')}: {content.get('evalue', '')}"
            elif kind == "stream":
                if content.get("name") == "stderr":
                    out.stderr += content.get("text", "")
                else:
                    out.stdout += content.get("text", "")

    def close(self) -> None:
        try:
            self.kc.stop_channels()
        finally:
            self.km.shutdown_kernel(now=bool(self.dead))


def one_line(text: str) -> str:
    text = " ".join(KERNEL_FILE.sub("your cell", ANSI.sub("", text)).split())
    return text if len(text) <= MESSAGE_WIDTH else text[: MESSAGE_WIDTH - 1] + "…"


def _why(outcome: Outcome, answer_errors: list[tuple[str, str]], setup_error: str = "") -> str:
    """One line that says why a test cell failed, starting with a setup or answer cell that itself failed."""
    if setup_error:
        return one_line(f"the setup cell failed, so nothing can be checked: {setup_error}")
    if answer_errors:
        grade_id, error = answer_errors[-1]
        if error.startswith("NotImplementedError"):
            return "not implemented yet"
        return one_line(f"its answer cell {grade_id} fails to run: {error}")
    if outcome.error:
        message = outcome.error.removeprefix("CheckFailed: ")
        if "not implemented yet" in message and "NotImplementedError" in message:
            return "not implemented yet"
        return one_line(message)
    return one_line(f"wrote to stderr, which nbgrader counts as a failure: {outcome.stderr}")


def rule_breaks(path: Path, functions: list[str]) -> dict[str, str]:
    """function → the grader's own reason why it scores zero for breaking a rule (same code, same verdict)."""
    submission = read_submission(path, path.name, functions)
    reasons = {}
    for name in submission.answers:
        found = check_function(submission.code_cells, name, RESTRICTIONS.get(name), submission.answer_cells)
        if found:
            reasons[name] = explain(name, found)
    return reasons


def check_notebook(path: Path, release: Path | None = None, timeout: float = TIMEOUT) -> Report:
    """Run the visible checks of the notebook at ``path``; ``release`` is the released notebook if known."""
    started = time.monotonic()
    notebook = json.loads(path.read_text(encoding="utf-8"))
    released = json.loads(release.read_text(encoding="utf-8")) if release and release.is_file() else None
    steps, notes = plan(notebook, released)
    report = Report(path, notes=notes)
    tested = [s.grade_id.removeprefix("test_") for s in steps if s.kind == "test"]
    broken = rule_breaks(path, tested)
    kernel = Kernel(path.parent.resolve(), timeout)
    try:
        answer_errors: list[tuple[str, str]] = []
        setup_error = ""
        for step in steps:
            outcome = kernel.run(step.source)
            if step.kind == "answer":
                if outcome.error:
                    answer_errors.append((step.grade_id, outcome.error))
            elif step.kind == "setup":
                if outcome.error:
                    setup_error = setup_error or outcome.error
                    notes.append(
                        one_line(
                            f"the setup cell {step.grade_id} failed: {outcome.error}"
                            + (
                                " (course_checks.py must be next to the notebook)"
                                if "course_checks" in outcome.error
                                else ""
                            )
                        )
                    )
            elif step.kind == "test":
                name = step.grade_id.removeprefix("test_")
                if name in broken:
                    report.results.append(Result(name, False, one_line(broken[name])))
                elif outcome.ok:
                    report.results.append(Result(name, True))
                else:
                    report.results.append(Result(name, False, _why(outcome, answer_errors, setup_error)))
                answer_errors = []
    finally:
        kernel.close()
    report.seconds = time.monotonic() - started
    return report


def released_notebook(path: Path) -> Path | None:
    """``release/<id>/<id>.ipynb`` for a notebook named ``<id>.ipynb``, if the course's release/ is here."""
    candidate = RELEASE_DIR / path.stem / path.name
    return candidate if candidate.is_file() and candidate.resolve() != path.resolve() else None


def render(report: Report) -> str:
    passed = sum(r.passed for r in report.results)
    width = max([len(r.name) for r in report.results] + [12]) + 2
    lines = [f"Visible checks of {report.notebook} ({report.seconds:.1f} s)", ""]
    lines += [f"  {'✔' if r.passed else '✘'} {r.name:<{width}}{r.message}".rstrip() for r in report.results]
    lines += ["", f"{passed} of {len(report.results)} functions pass their visible checks."]
    if report.notes:
        lines += ["", "Notes:"] + [f"  - {note}" for note in report.notes]
    lines += [
        "",
        "The hidden tests check many more cases: passing here is necessary, not sufficient.",
        "Written answers are graded by hand.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print a table of visible checks; exit 0 whatever the result (1 if the notebook can't be read, 2 usage)."""
    parser = argparse.ArgumentParser(
        prog="python -m autograder.student_check",
        description="Run a notebook's visible checks and list which functions pass.",
    )
    parser.add_argument("notebook", type=Path, help="the notebook, or its assignment folder")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per cell (default %(default)s)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    path = args.notebook
    if path.is_dir():
        path = path / f"{path.resolve().name}.ipynb"
    try:
        report = check_notebook(path, released_notebook(path), args.timeout)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(f"error: cannot read {path}: {exc}", file=sys.stderr)
        return 1
    print(render(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
