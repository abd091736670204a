"""`make student-template OUT=DIR`: the repository a student gets.

It holds a README for students, the released notebooks (``assignments/<id>/``, from ``release/``), the
visible checks (``make check``, a standalone copy of ``autograder.student_check``), the pinned packages,
and the autograde workflows, which fetch the hidden grader at CI time from the repository the
secrets name. It holds no reference solution, no hidden test and no grading engine.

Run again on the same folder to refresh it: only the files this writes are replaced (``.git/`` and
anything else there are kept).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import yaml

from autograder.paths import RELEASE, ROOT
from autograder.suites.assignment import ASSIGNMENTS

TEMPLATE = Path(__file__).resolve().parent / "template"
COURSE_COMMENT_WORKFLOW = ROOT / ".github" / "workflows" / "autograde-comment.yml"
WRITTEN = (
    "README.md",
    "Makefile",
    "requirements.txt",
    ".gitignore",
    "tools",
    "assignments",
    ".github/workflows/autograde.yml",
    ".github/workflows/autograde-score.yml",
)
# What the notebooks import (numpy, matplotlib), the students' JupyterLab and nbgrader's student extensions
# (Assignments tab, Validate); with what they need, this is the student install. Not PyTorch (the grader's
# oracle), nor the developers' tools (Playwright, pytest, ruff, actionlint).
STUDENT_PACKAGES = ("numpy", "matplotlib", "jupyterlab", "nbgrader")
PLACEHOLDER = "__COMMENT_SCRIPT__"


def released_assignments() -> list[str]:
    """Assignments that have a released notebook."""
    return [a for a in ASSIGNMENTS if (RELEASE / a / f"{a}.ipynb").is_file()]


def comment_script() -> str:
    """The comment script of the course's own autograde-comment workflow (one copy of it to maintain)."""
    workflow = yaml.safe_load(COURSE_COMMENT_WORKFLOW.read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/github-script@"):
                return step["with"]["script"]
    raise RuntimeError(f"no github-script step in {COURSE_COMMENT_WORKFLOW}")


def render_workflow(name: str) -> str:
    """A template workflow with the shared comment script put in place."""
    text = (TEMPLATE / "workflows" / name).read_text(encoding="utf-8")
    match = re.search(rf"^( *){PLACEHOLDER}\n", text, flags=re.M)
    if match is None:
        return text
    indent = match.group(1)
    script = "".join(f"{indent}{line}\n" if line.strip() else "\n" for line in comment_script().splitlines())
    return text[: match.start()] + script + text[match.end() :]


# The engine modules `make check` needs, shipped in tools/ with their imports pointed at each other.
CHECK_TOOL = {
    "check.py": ROOT / "autograder" / "student_check.py",
    "notebook_reader.py": ROOT / "autograder" / "notebook" / "reader.py",
    "course_rules.py": ROOT / "autograder" / "static" / "rules.py",
}
ENGINE_IMPORTS = {
    "from autograder.notebook.reader import": "from notebook_reader import",
    "from autograder.static.rules import": "from course_rules import",
}


def check_tool() -> dict[str, str]:
    """``autograder/student_check.py`` and the two engine modules it uses (the notebook reader and the
    rules), as standalone files for ``tools/``."""
    files: dict[str, str] = {}
    for name, path in CHECK_TOOL.items():
        source = path.read_text(encoding="utf-8")
        for engine, standalone in ENGINE_IMPORTS.items():
            source = source.replace(engine, standalone)
        if re.search(r"^\s*(from|import) autograder\b", source, flags=re.M):
            raise RuntimeError(f"{path.name} imports more of the engine: update the student template builder")
        files[name] = source
    files["check.py"] = (
        files["check.py"]
        .replace("python -m autograder.student_check", "python tools/check.py")
        .replace('"""`make check`:', '"""`make check` (generated from the course\'s student_check.py):', 1)
    )
    return files


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _locked() -> dict[str, str]:
    """name → the lock's pinned line."""
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pins[_name(re.split(r"[=<>~!\[; ]", line, maxsplit=1)[0])] = line
    return pins


def student_packages() -> set[str]:
    """STUDENT_PACKAGES and everything they need on this platform, from the installed packages' metadata."""
    from importlib import metadata

    from packaging.requirements import Requirement

    seen: set[str] = set()
    todo = list(STUDENT_PACKAGES)
    while todo:
        name = _name(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        for text in metadata.distribution(name).requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen


def requirements() -> str:
    """The student install: the lock's pins of :func:`student_packages` (``requirements-student.txt``)."""
    pins = _locked()
    needed = student_packages()
    missing = sorted(needed - set(pins) - {"pip", "setuptools", "wheel"})  # those come with every venv
    if missing:
        raise RuntimeError(f"requirements.lock pins no version of {', '.join(missing)}: update the lock")
    lines = [
        "# The student install: numpy, matplotlib, JupyterLab and nbgrader's student extensions, pinned as",
        "# in the course's requirements.lock (no PyTorch, no browser, test or lint tools).",
        "# Generated by `make requirements-student.txt`.",
    ]
    lines += [pins[name] for name in sorted(needed) if name in pins]
    return "\n".join(lines) + "\n"


def readme(assignments: list[str]) -> str:
    table = "\n".join(f"| `{a}` | [`assignments/{a}/{a}.ipynb`](assignments/{a}/{a}.ipynb) |" for a in assignments)
    return (TEMPLATE / "README.md").read_text(encoding="utf-8").replace("ASSIGNMENT_TABLE", table)


def _clear(out: Path) -> None:
    for rel in WRITTEN:
        path = out / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


def build(out: Path, assignments: list[str] | None = None) -> list[str]:
    """Write the student repository into ``out``; returns the assignments it holds."""
    assignments = released_assignments() if assignments is None else assignments
    out.mkdir(parents=True, exist_ok=True)
    _clear(out)
    for assignment in assignments:
        shutil.copytree(
            RELEASE / assignment,
            out / "assignments" / assignment,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"),
        )
    (out / "tools").mkdir()
    for name, source in check_tool().items():
        (out / "tools" / name).write_text(source, encoding="utf-8")
    (out / "README.md").write_text(readme(assignments), encoding="utf-8")
    shutil.copy2(TEMPLATE / "Makefile", out / "Makefile")
    shutil.copy2(TEMPLATE / "gitignore", out / ".gitignore")
    (out / "requirements.txt").write_text(requirements(), encoding="utf-8")
    workflows = out / ".github" / "workflows"
    workflows.mkdir(parents=True, exist_ok=True)
    for name in ("autograde.yml", "autograde-score.yml"):
        (workflows / name).write_text(render_workflow(name), encoding="utf-8")
    return assignments


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m autograder.packaging.student_template OUT [--assignment ID ...]``."""
    parser = argparse.ArgumentParser(
        prog="python -m autograder.packaging.student_template", description="Write the repository students get."
    )
    parser.add_argument("out", type=Path)
    parser.add_argument(
        "--assignment",
        action="append",
        choices=ASSIGNMENTS,
        help="include only these (default: every released assignment)",
    )
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if out == ROOT or out in ROOT.parents or (out / "autograder").exists() or (out / "source").exists():
        print(
            f"error: {args.out} looks like a course repository; the student template needs its own folder",
            file=sys.stderr,
        )
        return 2
    missing = [a for a in args.assignment or [] if not (RELEASE / a / f"{a}.ipynb").is_file()]
    if missing:
        print(f"error: not released yet: {', '.join(missing)} (run `make release`)", file=sys.stderr)
        return 2
    held = build(args.out, args.assignment)
    print(f"student repository written to {args.out} ({', '.join(held)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
