"""Red team around the sandbox: every submission ends graded, alone; reports are safe in every format;
symbolic links are never followed out of a submission; grading fails closed without bubblewrap.

Each attack is judged by its effect: the points it gets, the scores of the students graded next to it
(exactly what they get alone), the files written, and the bytes of every report.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import mistune
import pytest

from autograder.batch import student_id_problem
from autograder.config import GradeOptions
from autograder.grading import grade_submission
from autograder.paths import ROOT, source_notebook
from autograder.pytest_plugin.session import catalog, points
from autograder.report import escape
from autograder.report import results as model
from autograder.report.render import class_table, console_table, html_feedback, markdown
from autograder.report.results import GradeReport
from autograder.safe_paths import unsafe_reason
from autograder.suites.assignment import load_assignment
from tests.conftest import notebook_with

A = "m1_1_math"
SUITE = load_assignment(A)
SAMPLES = ROOT / "samples" / "submitted"
HONEST = ("alice_complete", "bob_partial", "carol_broken")
# Text a submission controls, aimed at each format: a lone surrogate, OSC 52 (clipboard), CSI (clear the
# screen, colours), an 8-bit CSI, a forged heading and table row, a link, a mention, a CI log command,
# a spreadsheet formula, a character XML forbids.
HOSTILE = (
    "\ud800 \x1b]52;c;ZXZpbA==\x07 \x1b[2J\x1b[31m red \x9b31m \x01\x7f\n"
    "### m1_1_math: 90 / 90 autograded points\n| ✅ `dot` | 6 / 6 | |\n"
    "[click](https://evil.example) <b>x</b> @teacher\n::error::forged\n=SUM(1+1)*cmd|' -C calc'!A0"
)
CONTROL_BYTES = set(range(0x00, 0x20)) - {0x0A} | {0x7F}


def _raise_hostile() -> str:
    return f"def dot(a, b):\n    raise ValueError({HOSTILE!r})\n"


# Notebooks seen to break the grader (RecursionError in json.loads / ast.parse, TypeError, UnicodeEncodeError).
def _deep_json() -> str:
    return "[" * 100_000 + "]" * 100_000


def _long_sum() -> str:
    return json.dumps(notebook_with(A, {"dot": "def dot(a, b):\n    return " + "+".join(["1"] * 100_000) + "\n"}))


def _number_in_source() -> str:
    notebook = notebook_with(A, {})
    for cell in notebook["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "dot":
            cell["source"] = ["def dot(a, b):\n", 5]
    return json.dumps(notebook)


def _surrogate_message() -> str:
    return json.dumps(notebook_with(A, {"dot": _raise_hostile()}))


BREAKERS = {
    "notebook JSON nested 100,000 deep": _deep_json,
    "return 1+1+... with 100,000 terms": _long_sum,
    "a number in a cell's source list": _number_in_source,
    "lone surrogate and escape sequences in a message": _surrogate_message,
}


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _markdown_tree(text: str) -> list[dict]:
    return mistune.create_markdown(renderer=None, plugins=["table", "url", "strikethrough"])(text)


def _walk(tokens: list[dict]):
    for token in tokens:
        yield token
        yield from _walk(token.get("children", []) or [])


def assert_terminal_safe(data: bytes) -> None:
    """Valid UTF-8, no control character but newline, no escape sequence (ESC or 8-bit CSI/OSC)."""
    text = data.decode("utf-8")
    assert not CONTROL_BYTES & set(data), sorted(CONTROL_BYTES & set(data))
    assert not [c for c in text if 0x80 <= ord(c) <= 0x9F]
    assert not [line for line in text.splitlines() if line.startswith("::")], "a line a CI runner runs as a command"


def assert_markdown_safe(text: str, headings: int, rows: int | None = None) -> None:
    """Exactly ``headings`` heading lines and, per the parser, no link, image or raw HTML from student text."""
    assert len([line for line in text.splitlines() if line.lstrip().startswith("#")]) == headings, text
    tokens = list(_walk(_markdown_tree(text)))
    assert len([t for t in tokens if t["type"] == "heading"]) == headings
    assert not [t for t in tokens if t["type"] in ("link", "image", "inline_html", "block_html")]
    if rows is not None:
        bodies = [t for t in tokens if t["type"] == "table_body"]
        assert sum(len(b["children"]) for b in bodies) == rows


def assert_reports_safe(folder: Path, stdout: bytes) -> dict:
    """results.json, summary.md and junit.xml exist and are safe; returns results.json."""
    assert_terminal_safe(stdout)
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    for text in _strings(results):
        assert escape.plain(text) == text, repr(text)
    markdown_text = (folder / "summary.md").read_bytes().decode("utf-8")
    assert_markdown_safe(markdown_text, headings=1, rows=len(SUITE.functions))
    tree = ET.parse(folder / "junit.xml")
    assert len(list(tree.getroot().iter("testcase"))) == len(catalog(A))
    return results


def grade_cli(path: Path, out: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess[bytes]:
    out.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [
            *(sys.executable, "-m", "autograder", "grade", A, str(path), "--json", str(out / "results.json")),
            *("--markdown", str(out / "summary.md"), "--junit", str(out / "junit.xml"), *extra),
        ],
        cwd=ROOT,
        capture_output=True,
        env=env,
        timeout=600,
    )


def functions_of(results: dict) -> dict[str, float]:
    return {f: s for f, (s, _) in GradeReport.from_gradescope(results).functions().items()}


# -- 1. every submission ends graded ------------------------------------------------------------------------
@pytest.mark.parametrize("case", list(BREAKERS))
def test_grade_writes_every_report_whatever_the_notebook(case: str, tmp_path: Path) -> None:
    path = tmp_path / "sub" / f"{A}.ipynb"
    path.parent.mkdir()
    path.write_text(BREAKERS[case](), encoding="utf-8", errors="surrogatepass")
    done = grade_cli(path.parent, tmp_path / "out")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    assert b"Traceback" not in done.stderr + done.stdout
    results = assert_reports_safe(tmp_path / "out", done.stdout)
    scores = functions_of(results)
    if case.startswith("notebook JSON"):
        assert results["score"] == 0
    else:
        assert scores["dot"] <= plain_dot_score(), "the attacked function gains nothing"
    for test in results["tests"]:
        assert "Traceback (most recent call last)" not in test["output"]


_PLAIN_DOT: list[float] = []


def plain_dot_score() -> float:
    """What ``dot`` earns when it raises ValueError with a plain message (the same code, no attack)."""
    if not _PLAIN_DOT:
        notebook = notebook_with(A, {"dot": 'def dot(a, b):\n    raise ValueError("plain")\n'})
        path = Path(os.environ.get("TMPDIR", "/tmp")) / f"plain-dot-{uuid.uuid4().hex}.ipynb"
        path.write_text(json.dumps(notebook), encoding="utf-8")
        try:
            _PLAIN_DOT.append(
                grade_submission(A, path, GradeOptions(), select=["--grades", "dot"]).functions()["dot"][0]
            )
        finally:
            path.unlink()
    return _PLAIN_DOT[0]


def test_hostile_message_gets_what_the_plain_message_gets(tmp_path: Path) -> None:
    path = tmp_path / f"{A}.ipynb"
    path.write_text(_surrogate_message(), encoding="utf-8")
    done = grade_cli(path, tmp_path / "out")
    results = assert_reports_safe(tmp_path / "out", done.stdout)
    scores = functions_of(results)
    assert scores["dot"] == plain_dot_score()
    assert all(scores[f] == points(A)[f] for f in SUITE.functions if f != "dot")
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    headings = [line for line in summary.splitlines() if line.startswith("#")]
    assert headings == [f"### m1_1_math: {results['score']:g} / 90 autograded points"]
    assert "dot raised ValueError (cell dot, line 2" in summary  # the class and the student's line, defused


@pytest.mark.parametrize("case", ["return 1+1+... with 100,000 terms", "a number in a cell's source list"])
def test_a_broken_cell_costs_its_function_only(case: str, tmp_path: Path) -> None:
    path = tmp_path / f"{A}.ipynb"
    path.write_text(BREAKERS[case](), encoding="utf-8")
    scores = grade_submission(A, path).functions()
    assert scores["dot"][0] == 0
    assert all(scores[f][0] == points(A)[f] for f in SUITE.functions if f != "dot")


# -- 2. safe in every output format (units) -----------------------------------------------------------------
def hostile_report() -> GradeReport:
    report = GradeReport(assignment=A, submission=HOSTILE, manual={"q": 5.0})
    report.tests = [
        model.TestResult(t.function, t.title, 0.0 if t.function == "dot" else t.points, t.points, HOSTILE)
        for t in catalog(A)
    ]
    report.notes = [HOSTILE, f"cell {HOSTILE!r} raised an error when run"]
    report.layers, report.missing_layers = [HOSTILE], [HOSTILE]
    return report


def test_every_writer_takes_any_text() -> None:
    report = hostile_report()
    for text in (console_table(report), class_table(A, {HOSTILE: report.to_gradescope()})):
        assert_terminal_safe(text.encode("utf-8"))
    assert_markdown_safe(markdown(report), headings=1, rows=len(SUITE.functions))
    page = html_feedback(report, HOSTILE)
    page.encode("utf-8")
    assert "<b>" not in page and "&lt;b&gt;" in page
    data = json.loads(json.dumps(report.to_gradescope()))
    assert all(escape.plain(s) == s for s in _strings(data))


def test_escape_functions() -> None:
    assert escape.terminal("a\x1b]52;c;ZXZpbA==\x07b\x1b[31mc\x9b2Jd\ne") == "abcd e"
    assert escape.terminal("x\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\y") == "xlinky"
    assert escape.plain("\ud800ok\r\nnext") == "\ufffdok\nnext"
    assert escape.markdown_code("a ``b`` c") == "``` a ``b`` c ```"
    assert escape.markdown_code("x | y", in_table=True) == "` x \\| y `"
    assert escape.markdown_code("") == ""
    for formula in ("=1+1", "+1+1", "-1+cmd", "@SUM(A1)", "\t=1", "\r=1"):
        assert escape.csv_cell(formula).startswith("'"), formula
    assert escape.csv_cell("-1.5") == "-1.5" and escape.csv_cell("alice") == "alice"
    assert escape.html_text('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"


def test_student_ids() -> None:
    for ok in ("alice", "alice_complete", "s1234567", "jane.doe@uni.example", "_x", "a-b"):
        assert student_id_problem(ok) == "", ok
    for bad in ("=SUM(1+1)*cmd|' -C calc'!A0", "bad\x1b[31mid", "-rf", "@x", ".hidden", "..", "a+b", "a b", "é", ""):
        assert student_id_problem(bad), bad
    assert student_id_problem("x" * 64) == "" and student_id_problem("x" * 65)


# -- 3. symbolic links -----------------------------------------------------------------------------------------
def test_unsafe_reason(tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / f"{A}.ipynb").write_text("{}", encoding="utf-8")
    (sub / "inner.ipynb").symlink_to(f"{A}.ipynb")  # inside: fine
    assert unsafe_reason(sub) == ""
    (sub / "outer.ipynb").symlink_to(source_notebook(A))
    assert "leads outside" in unsafe_reason(sub)
    (sub / "outer.ipynb").unlink()
    os.mkfifo(sub / "pipe.ipynb")
    assert "FIFO" in unsafe_reason(sub)
    (sub / "pipe.ipynb").unlink()
    link = tmp_path / "link"
    link.symlink_to(sub)
    assert "symbolic link" in unsafe_reason(link)
    assert "symbolic link" in unsafe_reason(link / f"{A}.ipynb", tmp_path)


def test_grade_refuses_a_notebook_that_links_out(tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / f"{A}.ipynb").symlink_to(source_notebook(A))  # the instructor's notebook, solutions included
    done = grade_cli(sub, tmp_path / "out")
    assert done.returncode == 0
    results = assert_reports_safe(tmp_path / "out", done.stdout)
    assert results["score"] == 0 and "symbolic link" in results["tests"][0]["output"]
    done = grade_cli(sub / f"{A}.ipynb", tmp_path / "out2")  # the link given directly
    assert done.returncode == 0 and json.loads((tmp_path / "out2" / "results.json").read_text())["score"] == 0


# -- grade-all: hostile notebooks, links, FIFOs and bad ids next to honest students ---------------------------------
def _student(submitted: Path, student: str, text: str | None = None) -> Path:
    folder = submitted / student / A
    folder.mkdir(parents=True)
    if text is not None:
        (folder / f"{A}.ipynb").write_text(text, encoding="utf-8")
    return folder


def _honest_alone() -> dict[str, float]:
    return {s: grade_submission(A, SAMPLES / s / A).score for s in HONEST}


def test_grade_all_grades_every_student_next_to_hostile_ones(tmp_path: Path) -> None:
    submitted = tmp_path / "submitted"
    for student in HONEST:
        shutil.copytree(SAMPLES / student / A, submitted / student / A)
    for i, make in enumerate(BREAKERS.values()):
        _student(submitted, f"breaker{i}", make())
    (submitted / "mallory").symlink_to(submitted / "alice_complete")  # a whole folder that is a classmate's
    _student(submitted, "eve")
    (submitted / "eve" / A / f"{A}.ipynb").symlink_to(f"../../alice_complete/{A}/{A}.ipynb")
    _student(submitted, "trudy")
    (submitted / "trudy" / A / f"{A}.ipynb").symlink_to(source_notebook(A))
    os.mkfifo(_student(submitted, "oscar") / f"{A}.ipynb")  # reading it would block the batch forever
    bad_ids = ["=SUM(1+1)*cmd|' -C calc'!A0", "bad\x1b[31mid\x07"]
    for bad in bad_ids:
        shutil.copytree(SAMPLES / "alice_complete" / A, submitted / bad / A)

    out, feedback, table = tmp_path / "out", tmp_path / "feedback", tmp_path / "class.csv"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "autograder", "grade-all", A, str(submitted), "--out", str(out), "--jobs", "2"),
            *("--csv", str(table), "--feedback", str(feedback), "--no-progress"),
        ],
        cwd=ROOT,
        capture_output=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-3000:]
    assert_terminal_safe(done.stdout)
    assert b"Traceback" not in done.stdout + done.stderr
    stdout = done.stdout.decode()
    assert "Refused, not graded (2)" in stdout and "is not a valid student id" in stdout

    valid = sorted([*HONEST, *(f"breaker{i}" for i in range(len(BREAKERS))), "mallory", "eve", "trudy", "oscar"])
    assert sorted(p.name for p in out.iterdir()) == [f"{s}.json" for s in valid]
    assert sorted(p.name for p in feedback.iterdir()) == sorted(f"{s}.{ext}" for s in valid for ext in ("md", "html"))
    results = {s: json.loads((out / f"{s}.json").read_text(encoding="utf-8")) for s in valid}
    assert {s: results[s]["score"] for s in HONEST} == _honest_alone(), "a hostile neighbour changed a score"
    for student in ("mallory", "eve", "trudy", "oscar"):
        assert results[student]["score"] == 0
        assert "not graded" in results[student]["extra_data"]["notes"][0]
    assert "FIFO" in results["oscar"]["extra_data"]["notes"][0]
    for student in valid:
        assert_markdown_safe((feedback / f"{student}.md").read_text(encoding="utf-8"), headings=1)

    with table.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert [r[0] for r in rows[1:]] == valid
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


# -- a grading worker that dies ------------------------------------------------------------------------------------
def _ancestors(pid: int) -> list[int]:
    chain = []
    while pid > 1:
        chain.append(pid)
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            break
        pid = int(fields[1])
    return chain


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _kill_workers_of(stop: threading.Event, cpu_seconds: float = 2.0) -> None:
    """SIGKILL the grade-all worker (a child of this test's fork server) whose sandbox runs a process that
    has spun for ``cpu_seconds``, as the OOM killer would kill a worker: only the killer's endless ``dot``
    spins that long (the honest notebooks' calls take milliseconds)."""
    me = os.getpid()
    while not stop.wait(0.05):
        for entry in os.listdir("/proc"):
            try:
                if not entry.isdigit() or _cpu_seconds(int(entry)) < cpu_seconds:
                    continue
            except (OSError, IndexError, ValueError):
                continue
            chain = _ancestors(int(entry))
            if me not in chain or chain[0] == me:
                continue  # not ours
            below_me = chain[: chain.index(me)]
            # below_me ends with [..., grading worker, fork server]: the worker is the second to last
            if len(below_me) >= 3:
                os.kill(below_me[-2], signal.SIGKILL)


def test_grade_all_survives_a_grading_worker_that_dies(tmp_path: Path) -> None:
    from autograder.batch import grade_all

    killer = "def dot(a, b):\n    while True:\n        pass\n"
    submitted = tmp_path / "submitted"
    for student in HONEST[:2]:
        shutil.copytree(SAMPLES / student / A, submitted / student / A)
    _student(submitted, "zed", json.dumps(notebook_with(A, {"dot": killer})))
    out = tmp_path / "out"
    stop = threading.Event()
    thread = threading.Thread(target=_kill_workers_of, args=(stop,), daemon=True)
    thread.start()
    try:
        first = grade_all(A, submitted, out, jobs=2, csv_path=tmp_path / "g.csv", progress=False)
    finally:
        stop.set()
        thread.join()
    alone = _honest_alone()
    assert {s: first[s]["score"] for s in HONEST[:2]} == {s: alone[s] for s in HONEST[:2]}
    assert first["zed"]["score"] == 0 and first["zed"]["extra_data"]["grader_error"] == "BrokenProcessPool"
    assert "process grading this submission died" in first["zed"]["extra_data"]["notes"][-1]
    assert len((tmp_path / "g.csv").read_text().splitlines()) == 4

    # Re-running finishes the rest: only zed is graded again (its endless dot loses dot's points only).
    stamps = {s: (out / f"{s}.json").stat().st_mtime_ns for s in HONEST[:2]}
    again = grade_all(A, submitted, out, jobs=2, progress=False)
    assert {s: (out / f"{s}.json").stat().st_mtime_ns for s in HONEST[:2]} == stamps
    scores = functions_of(again["zed"])
    assert scores["dot"] == 0 and "grader_error" not in again["zed"]["extra_data"]
    assert all(scores[f] == points(A)[f] for f in SUITE.functions if f != "dot")


# -- 4. fail closed --------------------------------------------------------------------------------------------
def _without_bubblewrap(tmp_path: Path) -> dict[str, str]:
    """An environment where ``bwrap`` is found but cannot start (as in a container that forbids namespaces)."""
    fake = tmp_path / "fakebin"
    fake.mkdir()
    (fake / "bwrap").write_text("#!/bin/sh\necho 'bwrap: No permissions to creating new namespace' >&2\nexit 1\n")
    (fake / "bwrap").chmod(stat.S_IRWXU)
    env = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_ALLOW_PROCESS_FALLBACK"}
    env["PATH"] = f"{fake}:{env.get('PATH', '/usr/bin:/bin')}"
    return env


def test_no_bubblewrap_stops_grading_unless_the_fallback_is_allowed(tmp_path: Path) -> None:
    sample = SAMPLES / "bob_partial" / A
    env = _without_bubblewrap(tmp_path)
    done = grade_cli(sample, tmp_path / "closed", env=env)
    err = done.stderr.decode()
    assert done.returncode == 2 and "bubblewrap cannot start" in err and "--allow-process-fallback" in err
    assert not (tmp_path / "closed" / "results.json").exists()

    done = grade_cli(sample, tmp_path / "flag", "--allow-process-fallback", env=env)
    assert done.returncode == 0
    results = json.loads((tmp_path / "flag" / "results.json").read_text())
    assert results["score"] == grade_submission(A, sample).score
    assert results["extra_data"]["isolation"] == "process" and "no bubblewrap" in done.stdout.decode()
    assert any("no bubblewrap" in layer for layer in results["extra_data"]["layers"])

    done = grade_cli(sample, tmp_path / "env", env={**env, "AUTOGRADER_ALLOW_PROCESS_FALLBACK": "1"})
    assert done.returncode == 0 and json.loads((tmp_path / "env" / "results.json").read_text())["score"] > 0

    done = grade_cli(sample, tmp_path / "both", "--allow-process-fallback", "--require-sandbox", env=env)
    assert done.returncode == 2  # --require-sandbox wins over the fallback


def test_reports_say_which_layers_ran() -> None:
    report = grade_submission(A, SAMPLES / "bob_partial" / A, GradeOptions(), select=["--grades", "dot"])
    assert report.isolation == "bubblewrap" and any("bubblewrap" in layer for layer in report.layers)
    assert "Sandbox: " in console_table(report) and "Sandbox layers: " in report.to_gradescope()["output"]
