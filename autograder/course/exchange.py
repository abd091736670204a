"""The course's nbgrader exchange: the ONE setting both sides read, and `make lab`'s preparation of it.

The exchange root is ``$COURSE_EXCHANGE`` when that is set (a course server sets it for the instructor
and every student alike), otherwise ``exchange/`` at the top of this repository (ignored by git). The
course's ``nbgrader_config.py``, the students' ``lab-config/nbgrader_config.py`` and `make lab` all
call :func:`exchange_root`; nothing else names a folder.

python -m autograder.course.exchange [--publish ASSIGNMENT ...]   # prints the root; prepares it
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import stat
from pathlib import Path

COURSE_ID = "ml-foundations-module-1"
ENVIRONMENT = "COURSE_EXCHANGE"
_REPOSITORY = Path(__file__).resolve().parent.parent.parent
DEFAULT = _REPOSITORY / "exchange"

# nbgrader's own modes (nbgrader.exchange.default.release_assignment): anyone may enter the root and
# hand in to inbound/, nobody but its owner lists inbound/ (students cannot see each other's work).
ROOT_MODE = 0o777
OUTBOUND_MODE = 0o755
INBOUND_MODE = stat.S_ISGID | 0o733


def exchange_root() -> Path:
    """The exchange root: ``$COURSE_EXCHANGE``, or ``exchange/`` in the repository."""
    chosen = os.environ.get(ENVIRONMENT, "").strip()
    return Path(chosen).expanduser().resolve() if chosen else DEFAULT


def is_default(root: Path) -> bool:
    """Whether ``root`` is the repository's private exchange (no course server behind it)."""
    return root.resolve() == DEFAULT.resolve()


def _ensure(path: Path, mode: int) -> None:
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(PermissionError):
            path.chmod(mode)


def prepare(root: Path, publish: list[Path] | None = None) -> list[str]:
    """Make ``root`` ready for Fetch and Submit: the root, outbound/ and inbound/, with the modes nbgrader
    gives them; copy each folder of ``publish`` to outbound/ (replacing the previous copy). Returns the
    assignments published. Folders that exist keep their owner's modes (a course server's are not ours).
    """
    done = []
    course = root / COURSE_ID
    _ensure(root, ROOT_MODE)
    _ensure(course, OUTBOUND_MODE)
    _ensure(course / "outbound", OUTBOUND_MODE)
    _ensure(course / "inbound", INBOUND_MODE)
    for folder in publish or []:
        target = course / "outbound" / folder.name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"))
        done.append(folder.name)
    return done


def main(argv: list[str] | None = None) -> int:
    """Print the exchange root; with --prepare, create what Submit needs; --publish also offers assignments."""
    parser = argparse.ArgumentParser(prog="python -m autograder.course.exchange", description=__doc__)
    parser.add_argument("--prepare", action="store_true", help="create the root, outbound/ and inbound/")
    parser.add_argument(
        "--publish",
        nargs="*",
        type=Path,
        metavar="FOLDER",
        help="with the private exchange only: copy these release folders to outbound/ (implies --prepare)",
    )
    args = parser.parse_args(argv)
    root = exchange_root()
    if args.prepare or args.publish is not None:
        try:
            published = prepare(root, args.publish if is_default(root) else None)
        except OSError as exc:
            print(f"error: cannot prepare the nbgrader exchange {root}: {exc}")
            return 1
        if is_default(root):
            print(f"nbgrader exchange: {root} (this repository's own; {len(published)} assignments offered)")
        else:
            print(f"nbgrader exchange: {root} (from {ENVIRONMENT}; the instructor releases assignments there)")
    else:
        print(root)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
