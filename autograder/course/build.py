"""The part of `make release` after nbgrader: solutions/, the untouched assignments/ copies, samples/.

python -m autograder.course.build [--samples-only] ASSIGNMENT...
"""

from __future__ import annotations

import argparse
import shutil
import subprocess

from autograder.course.samples import write_samples
from autograder.course.solutions import render_solutions
from autograder.paths import ASSIGNMENTS_DIR, RELEASE, ROOT, SOLUTIONS, source_notebook

SAMPLES = ROOT / "samples" / "submitted"


def _committed_release(assignment: str, name: str) -> bytes | None:
    """The release file as last committed, to tell an untouched student copy from an edited one."""
    done = subprocess.run(
        ["git", "show", f"HEAD:release/{assignment}/{name}"], cwd=ROOT, capture_output=True, check=False
    )
    return done.stdout if done.returncode == 0 else None


def refresh_assignment_copy(assignment: str) -> list[str]:
    """Copy release/<id>/ to assignments/<id>/, file by file, where the copy is missing or untouched."""
    messages = []
    source_dir = RELEASE / assignment
    target_dir = ASSIGNMENTS_DIR / assignment
    target_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted(source_dir.iterdir()):
        target = target_dir / path.name
        if path.is_dir():
            continue
        if target.exists() and target.read_bytes() != path.read_bytes():
            previous = _committed_release(assignment, path.name)
            if previous is not None and target.read_bytes() != previous:
                messages.append(f"kept {target.relative_to(ROOT)}: it has a student's changes")
                continue
        shutil.copy(path, target)
    return messages


def build(assignment: str, samples_only: bool = False) -> None:
    """Regenerate every derived file of one assignment."""
    if not samples_only:
        SOLUTIONS.mkdir(exist_ok=True)
        (SOLUTIONS / f"{assignment}.py").write_text(
            render_solutions(assignment, source_notebook(assignment)), encoding="utf-8"
        )
        for message in refresh_assignment_copy(assignment):
            print(message)
    write_samples(assignment, SAMPLES)
    print(f"{assignment}: solutions/, assignments/ and samples/ are up to date")


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("assignments", nargs="+")
    parser.add_argument("--samples-only", action="store_true")
    args = parser.parse_args()
    for assignment in args.assignments:
        build(assignment, args.samples_only)


if __name__ == "__main__":
    main()
