"""Grade the notebooks a pull request changes, with the grader and hidden suites of the BASE branch.

    python -m autograder.ci.pr_grade --base BASE_DIR --head HEAD_DIR --out OUT_DIR [--require-sandbox]
    python -m autograder.ci.pr_grade --base GRADER_DIR --notebooks SUBMISSION_DIR --out OUT_DIR

``--base`` is a checkout of the trusted branch: its ``autograder/``, ``solutions/`` and ``release/`` do
the grading (``python -m autograder grade`` runs with that folder as working directory and as
``AUTOGRADER_COURSE_ROOT``). ``--head`` is a checkout of the pull request, read as data only: the
changed files come from ``git diff BASE...HEAD`` and only ``assignments/<id>/<id>.ipynb`` files are
taken from it; nothing else in it is imported or run, and the notebooks run only inside the sandbox.
``--notebooks`` is the same without git: every ``assignments/<id>/<id>.ipynb`` under the folder (an
artifact of collected notebooks) is graded.

Writes, under ``OUT_DIR``: ``<id>/results.json`` (Gradescope format), ``<id>/junit.xml``,
``<id>/summary.md``, ``<id>/grader.log``, and for the whole pull request ``summary.md`` (the score
tables, for the job summary) and ``summary.json`` (plain numbers and names, for the comment job).

Exit status: 0 when every changed notebook was graded (whatever the scores) or nothing needed
grading; 1 when a notebook could not be graded because of the grader or the host (for example the
sandbox is required and missing); 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from autograder.report.escape import markdown_code, terminal
from autograder.safe_paths import unsafe_reason

NOTEBOOK_PATH = re.compile(r"^assignments/([A-Za-z0-9_-]+)/\1\.ipynb$")
SHA = re.compile(r"^[0-9a-f]{7,64}$")
GRADE_TIMEOUT = 1800  # seconds for one notebook, whatever it does
MARKER = "<!-- autograder:pr-score -->"
_PROBE = """
import json, sys
from autograder.suites.assignment import UnknownAssignment, load_assignment
found = {}
for assignment in sys.argv[1:]:
    try:
        load_assignment(assignment)
        found[assignment] = ""
    except UnknownAssignment as exc:
        found[assignment] = "unknown: " + str(exc.args[0])
    except Exception as exc:
        found[assignment] = f"error: the base branch's suite does not load ({type(exc).__name__}: {exc})"
print(json.dumps(found))
"""


class UsageError(Exception):
    """Bad folders or arguments."""


@dataclass
class Outcome:
    """What happened to one changed notebook."""

    assignment: str
    path: str
    status: str  # "graded", "skipped" (nothing the base grader knows) or "failed" (grader or host problem)
    reason: str = ""
    results: dict = field(default_factory=dict)
    markdown: str = ""


# -- finding what changed ----------------------------------------------------------------------------------
def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "core.quotePath=false", *args], capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0:
        raise UsageError(f"git {' '.join(args)} failed in {repo}: {done.stderr.strip()}")
    return done.stdout


def _commit(repo: Path, ref: str | None) -> str:
    return _git(repo, "rev-parse", "--verify", f"{ref or 'HEAD'}^{{commit}}").strip()


def changed_files(
    base: Path, head: Path, base_ref: str | None = None, head_ref: str | None = None
) -> tuple[str, str, list[str]]:
    """(base commit, head commit, paths changed by the pull request: ``git diff base...head``)."""
    base_sha = _commit(base, base_ref)
    head_sha = _commit(head, head_ref)
    has_base = (
        subprocess.run(
            ["git", "-C", str(head), "cat-file", "-e", f"{base_sha}^{{commit}}"], capture_output=True
        ).returncode
        == 0
    )
    if not has_base:  # two separate clones: bring the base commit over from the local folder (no network)
        _git(head, "fetch", "--quiet", "--no-tags", str(base.resolve()), base_sha)
    out = _git(
        head, "diff", "--name-only", "--no-renames", "--no-ext-diff", "--no-textconv", "-z", f"{base_sha}...{head_sha}"
    )
    return base_sha, head_sha, sorted(p for p in out.split("\0") if p)


def notebook_changes(paths: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """([(assignment, path)] of changed assignment notebooks, every other changed path)."""
    notebooks, others = [], []
    for path in paths:
        match = NOTEBOOK_PATH.match(path)
        if match:
            notebooks.append((match.group(1), path))
        else:
            others.append(path)
    return notebooks, others


def collected_notebooks(folder: Path) -> list[tuple[str, str]]:
    """[(assignment, path)] of every ``assignments/<id>/<id>.ipynb`` under a folder of collected notebooks."""
    found = []
    for path in sorted((folder / "assignments").glob("*/*.ipynb")):
        rel = path.relative_to(folder).as_posix()
        match = NOTEBOOK_PATH.match(rel)
        if match:
            found.append((match.group(1), rel))
    return found


# -- grading ----------------------------------------------------------------------------------------------
def _environment(base: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSAFEPATH", "PYTHONSTARTUP", "PYTHONUSERBASE")
    }
    env["AUTOGRADER_COURSE_ROOT"] = str(base)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def probe(base: Path, assignments: list[str], python: str) -> dict[str, str]:
    """assignment → "" when the base grader has its suite, else why not ("unknown: ..." or "error: ...")."""
    if not assignments:
        return {}
    done = subprocess.run(
        [python, "-c", _PROBE, *assignments],
        cwd=base,
        env=_environment(base),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        reason = f"error: the base branch's grader does not start: {done.stderr.strip()[-500:]}"
        return dict.fromkeys(assignments, reason)
    return json.loads(done.stdout.strip().splitlines()[-1])


def grade_one(
    base: Path,
    assignment: str,
    notebook: Path,
    rel: str,
    out: Path,
    python: str,
    require_sandbox: bool,
    isolation: str,
    source: Path | None = None,
    allow_process_fallback: bool = False,
) -> Outcome:
    """Run the base branch's ``python -m autograder grade`` on one notebook. ``source`` is the folder the
    notebook was taken from (the pull request's checkout): no link on the way from it may be followed."""
    refused = unsafe_reason(notebook, source if source is not None else notebook.parent)
    if refused:
        return Outcome(assignment, rel, "skipped", f"not graded: {refused}")
    if not notebook.is_file():
        return Outcome(assignment, rel, "skipped", "not graded: it was deleted or is not a file")
    folder = out / assignment
    folder.mkdir(parents=True, exist_ok=True)
    command = [
        python,
        "-m",
        "autograder",
        "grade",
        assignment,
        str(notebook.resolve()),
        "--json",
        str(folder / "results.json"),
        "--markdown",
        str(folder / "summary.md"),
        "--junit",
        str(folder / "junit.xml"),
        "--isolation",
        isolation,
    ]
    if require_sandbox:
        command.append("--require-sandbox")
    if allow_process_fallback:
        command.append("--allow-process-fallback")
    try:
        done = subprocess.run(
            command,
            cwd=base,
            env=_environment(base),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=GRADE_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return Outcome(assignment, rel, "failed", f"the grader did not finish within {GRADE_TIMEOUT} s")
    (folder / "grader.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    results_file = folder / "results.json"
    if done.returncode not in (0, 1) or not results_file.is_file():
        message = (done.stderr.strip() or done.stdout.strip())[-600:]
        return Outcome(assignment, rel, "failed", f"the grader stopped (exit {done.returncode}): {message}")
    results = json.loads(results_file.read_text(encoding="utf-8"))
    markdown = (folder / "summary.md").read_text(encoding="utf-8")
    return Outcome(assignment, rel, "graded", results=results, markdown=markdown)


# -- reporting --------------------------------------------------------------------------------------------
def _functions(results: dict) -> list[dict]:
    table: dict[str, list[float]] = {}
    for test in results.get("tests", []):
        tags = test.get("tags") or ["?"]
        score = table.setdefault(str(tags[0]), [0.0, 0.0])
        score[0] += float(test.get("score", 0))
        score[1] += float(test.get("max_score", 0))
    return [{"name": name, "score": round(s, 6), "max_score": round(m, 6)} for name, (s, m) in table.items()]


def summary_data(outcomes: list[Outcome], others: list[str], meta: dict) -> dict:
    """The plain-data summary the comment job reads (numbers and names only)."""
    graded = []
    for o in outcomes:
        if o.status != "graded":
            continue
        functions = _functions(o.results)
        pending = o.results.get("extra_data", {}).get("manual_points_pending", {})
        graded.append(
            {
                "assignment": o.assignment,
                "path": o.path,
                "score": float(o.results.get("score", 0)),
                "max_score": round(sum(f["max_score"] for f in functions), 6),
                "functions": functions,
                "manual_points": float(sum(pending.values())) if isinstance(pending, dict) else 0.0,
            }
        )
    return {
        "version": 1,
        **meta,
        "graded": graded,
        "not_graded": [
            {"assignment": o.assignment, "path": o.path, "status": o.status, "reason": o.reason}
            for o in outcomes
            if o.status != "graded"
        ],
        "other_changes": others,
    }


def summary_markdown(outcomes: list[Outcome], others: list[str], meta: dict) -> str:
    """Every score table of the pull request, for the job summary."""
    lines = [MARKER, "## Autograder", ""]
    base, head = meta.get("base_sha"), meta.get("head_sha")
    if base or head:
        lines += [
            f"Graded with the grader and hidden tests of the base branch (`{(base or '?')[:12]}`); "
            f"notebooks from `{(head or '?')[:12]}`.",
            "",
        ]
    if not outcomes:
        lines += [
            "No assignment notebook (`assignments/<id>/<id>.ipynb`) changed in this pull request: nothing was graded.",
            "",
        ]
    for o in outcomes:
        if o.status == "graded":
            lines += [o.markdown.rstrip(), ""]
    problems = [o for o in outcomes if o.status != "graded"]
    if problems:
        lines += ["**Not graded**", ""]
        lines += [f"- {markdown_code(o.path)}: {markdown_code(o.reason, 600)}" for o in problems] + [""]
    if others:
        shown = ", ".join(markdown_code(p, 200) for p in others[:20])
        shown += f" and {len(others) - 20} more" if len(others) > 20 else ""
        lines += [f"Other files changed (the grader ignores them): {shown}", ""]
    return "\n".join(lines)


def _read_meta(folder: Path) -> dict:
    """``pull_request.json`` of a collected-notebooks folder, keeping only well-formed fields."""
    path = folder / "pull_request.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    meta: dict = {}
    if isinstance(raw.get("number"), int):
        meta["pr"] = raw["number"]
    for key in ("base_sha", "head_sha"):
        if isinstance(raw.get(key), str) and SHA.match(raw[key]):
            meta[key] = raw[key]
    return meta


def run(
    base: Path,
    out: Path,
    head: Path | None = None,
    notebooks: Path | None = None,
    *,
    python: str = sys.executable,
    require_sandbox: bool = False,
    isolation: str = "auto",
    allow_process_fallback: bool = False,
    base_ref: str | None = None,
    head_ref: str | None = None,
    pr: int | None = None,
) -> tuple[int, dict]:
    """Grade the changed notebooks; returns (exit status, summary data)."""
    if not (base / "autograder" / "__init__.py").is_file():
        raise UsageError(f"{base} is not a checkout of the course (no autograder/ package)")
    if (head is None) == (notebooks is None):
        raise UsageError("give exactly one of --head and --notebooks")
    if head is not None:
        base_sha, head_sha, paths = changed_files(base, head, base_ref, head_ref)
        changes, others = notebook_changes(paths)
        meta = {"base_sha": base_sha, "head_sha": head_sha}
        source = head
    else:
        assert notebooks is not None
        if not notebooks.is_dir():
            raise UsageError(f"{notebooks} is not a folder")
        changes, others, source = collected_notebooks(notebooks), [], notebooks
        meta = _read_meta(notebooks)
    if pr is not None:
        meta["pr"] = pr
    out.mkdir(parents=True, exist_ok=True)
    known = probe(base, sorted({a for a, _ in changes}), python)
    outcomes: list[Outcome] = []
    for assignment, rel in changes:
        why = known.get(assignment, "")
        if why.startswith("unknown"):
            outcomes.append(Outcome(assignment, rel, "skipped", f"not graded: {why.removeprefix('unknown: ')}"))
        elif why:
            outcomes.append(Outcome(assignment, rel, "failed", why.removeprefix("error: ")))
        else:
            outcomes.append(
                grade_one(
                    base,
                    assignment,
                    source / rel,
                    rel,
                    out,
                    python,
                    require_sandbox,
                    isolation,
                    source=source,
                    allow_process_fallback=allow_process_fallback,
                )
            )
    data = summary_data(outcomes, others, meta)
    text = summary_markdown(outcomes, others, meta)
    (out / "summary.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    (out / "summary.md").write_text(text, encoding="utf-8")
    return (1 if any(o.status == "failed" for o in outcomes) else 0), data


def main(argv: list[str] | None = None) -> int:
    """Command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m autograder.ci.pr_grade", description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="checkout of the base branch (the grader)")
    given = parser.add_mutually_exclusive_group(required=True)
    given.add_argument("--head", type=Path, help="checkout of the pull request (a git work tree)")
    given.add_argument("--notebooks", type=Path, help="folder of collected assignments/<id>/<id>.ipynb")
    parser.add_argument("--out", type=Path, required=True, help="folder for the results")
    parser.add_argument("--base-ref", help="base commit (default: HEAD of --base)")
    parser.add_argument("--head-ref", help="pull request commit (default: HEAD of --head)")
    parser.add_argument("--pr", type=int, help="pull request number, recorded in summary.json")
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs the base grader")
    parser.add_argument("--require-sandbox", action="store_true", help="refuse to grade without every layer")
    parser.add_argument(
        "--allow-process-fallback",
        action="store_true",
        help="let the grader run student code in a plain process where bubblewrap cannot start",
    )
    parser.add_argument("--isolation", choices=("auto", "bubblewrap", "process"), default="auto")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and 2
    try:
        status, data = run(
            args.base.resolve(),
            args.out.resolve(),
            args.head.resolve() if args.head else None,
            args.notebooks.resolve() if args.notebooks else None,
            python=args.python,
            require_sandbox=args.require_sandbox,
            isolation=args.isolation,
            allow_process_fallback=args.allow_process_fallback,
            base_ref=args.base_ref,
            head_ref=args.head_ref,
            pr=args.pr,
        )
    except UsageError as exc:
        print(f"error: {terminal(exc)}", file=sys.stderr)
        return 2
    print((args.out / "summary.md").read_text(encoding="utf-8"))
    for item in data["not_graded"]:
        if item["status"] == "failed":
            print(f"error: {terminal(item['path'])}: {terminal(item['reason'])}", file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
