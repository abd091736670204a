"""`make release`'s nbgrader step, all or nothing: a failed generation leaves release/ as it was.

`nbgrader generate_assignment --force` deletes release/<id>/ before it writes the new one, and deletes the
half-written one when it fails ("Removing failed assignment"), so a corrupt source notebook used to cost
the committed release. Here every release/<id>/ is set aside first and put back, for every assignment,
when any generation fails; solutions/ is rebuilt only after they all succeed (`make release`).

python -m autograder.course.generate [--course DIR] ASSIGNMENT...
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.paths import ROOT


def _nbgrader(course: Path, assignment: str) -> subprocess.CompletedProcess:
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(bin_dir / "nbgrader"), "generate_assignment", assignment, "--force", "--log-level=WARN"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def generate(assignments: list[str], course: Path = ROOT) -> list[str]:
    """Generate every assignment's release; on any failure restore every release/<id>/ and return the
    error messages (an empty list when all succeeded)."""
    release = course / "release"
    release.mkdir(exist_ok=True)
    shelf = Path(tempfile.mkdtemp(prefix="release-backup-"))
    errors: list[str] = []
    try:
        for assignment in assignments:
            if (release / assignment).exists():
                shutil.copytree(release / assignment, shelf / assignment, symlinks=True)
        for assignment in assignments:  # source/<id>/course_checks.py and course_rules.py are links
            done = _nbgrader(course, assignment)
            if done.returncode != 0:
                lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
                errors.append(f"{assignment}: nbgrader generate_assignment failed:\n  " + "\n  ".join(lines[-15:]))
                break
        if errors:
            for assignment in assignments:
                if (release / assignment).exists():
                    shutil.rmtree(release / assignment)
                if (shelf / assignment).exists():
                    shutil.copytree(shelf / assignment, release / assignment, symlinks=True)
    finally:
        shutil.rmtree(shelf, ignore_errors=True)
    return errors


def main(argv: list[str] | None = None) -> int:
    """Command line entry; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m autograder.course.generate", description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="+")
    parser.add_argument("--course", type=Path, default=ROOT, help="the course folder (default: this repository)")
    args = parser.parse_args(argv)
    errors = generate(args.assignments, args.course.resolve())
    if errors:
        for error in errors:
            print(f"error: {error}", file=sys.stderr)
        print(
            "release/ and solutions/ are unchanged: fix the notebook above and run `make release` again.",
            file=sys.stderr,
        )
        return 1
    print(f"generated release/ for {', '.join(args.assignments)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
