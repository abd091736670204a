"""autograded/ for formgrader and feedback, from submitted/, without running any student code.

nbgrader's formgrader (manual grading) and ``generate_feedback`` read ``autograded/<student>/<id>/``;
``nbgrader autograde`` would write it by running each submission in a kernel as the instructor's user,
who can read the gradebook, the hidden suites and the solutions. On the hub the scores come from the
sandboxed grader instead (``grade-all --gradebook``), and this copies each collected submission folder
(notebook and ``timestamp.txt``) to ``autograded/`` as it is, so formgrader shows it next to those scores.

python hub/autograded.py ASSIGNMENT [--course DIR]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path


def copy_submissions(course: Path, assignment: str) -> list[str]:
    """Copy ``submitted/*/<assignment>/`` to ``autograded/``, replacing older copies; return the students."""
    done = []
    for folder in sorted((course / "submitted").glob(f"*/{assignment}")):
        if not (folder / f"{assignment}.ipynb").is_file():
            continue
        student = folder.parent.name
        target = course / "autograded" / student / assignment
        fresh = target.with_name(f".{assignment}.new")
        if fresh.exists():
            shutil.rmtree(fresh)
        shutil.copytree(folder, fresh, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        if target.exists():
            shutil.rmtree(target)
        fresh.rename(target)
        done.append(student)
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python hub/autograded.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("assignment")
    parser.add_argument("--course", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    if not (args.course / "nbgrader_config.py").is_file():
        print(f"error: {args.course} is not a course folder (no nbgrader_config.py)")
        return 2
    students = copy_submissions(args.course, args.assignment)
    print(f"autograded/: {len(students)} submissions of {args.assignment} ready for formgrader and feedback")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
