"""`make gradescope A=<id>`: Gradescope's autograder.zip for one assignment.

The zip holds, at its top level, ``setup.sh`` (run once by Gradescope, as root, when it builds the
image), ``run_autograder`` (run for every submission), ``requirements.txt``, and the course files the
grader needs for this assignment only: the engine (``autograder/``, with only this assignment's hidden
suite), ``solutions/<id>.py`` and ``release/<id>/`` (for the locked-cell check). Gradescope unpacks it
into ``/autograder/source``; ``run_autograder`` grades ``/autograder/submission`` and writes
``/autograder/results/results.json``. The root ``/autograder`` can be changed with the environment
variable ``GRADESCOPE_ROOT`` (the tests use a temporary folder laid out the same way).

The zip is reproducible: the same course files give the same bytes.
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from pathlib import Path

from autograder.paths import RELEASE, ROOT, SOLUTIONS
from autograder.suites.assignment import ASSIGNMENTS, UnknownAssignment, load_assignment

ENGINE_SKIP = {"ci", "packaging", "__pycache__"}  # parts of autograder/ that grading never imports
# The hidden suites run through pytest (hypothesis where a suite uses it).
PYTEST_DEPENDENCIES = {"pytest", "iniconfig", "packaging", "pluggy", "pygments", "hypothesis", "sortedcontainers"}
TORCH_DEPENDENCIES = {
    "torch",
    "filelock",
    "typing-extensions",
    "sympy",
    "mpmath",
    "networkx",
    "jinja2",
    "markupsafe",
    "fsspec",
}
FIXED_TIME = (1980, 1, 1, 0, 0, 0)

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image, from /autograder/source.
# It installs Python 3.11 where the image offers it (else the image's python3), bubblewrap for the
# sandbox, and the pinned packages in requirements.txt into /autograder/venv.
set -euxo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq bubblewrap python3-venv
command -v python3.11 >/dev/null || apt-get install -y -qq python3.11 python3.11-venv || true
PY="$(command -v python3.11 || command -v python3)"
"$PY" -m venv /autograder/venv
/autograder/venv/bin/python -m pip install --quiet --upgrade pip
/autograder/venv/bin/python -m pip install --quiet -r requirements.txt ${PIP_EXTRA_ARGS:-}
chmod +x run_autograder
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission. It grades $ROOT/submission with the hidden suite of
# ASSIGNMENT and writes $ROOT/results/results.json (Gradescope's format), whatever the submission is.
#   GRADESCOPE_ROOT           the root of Gradescope's layout (default /autograder)
#   GRADESCOPE_PYTHON         the interpreter (default $ROOT/venv/bin/python, made by setup.sh)
#   ALLOW_PROCESS_FALLBACK=1  grade even where bubblewrap cannot start (Gradescope's container often does
#                             not let it create namespaces): student code then runs in a plain process that
#                             can read what the grader can read, the hidden suite and references included.
#                             Without it such a host grades nothing and every result says which layer is missing.
#   REQUIRE_SANDBOX=1         refuse also when a secondary layer (the cgroup caps) is missing
ALLOW_PROCESS_FALLBACK="${ALLOW_PROCESS_FALLBACK:-0}"
set -uo pipefail
ASSIGNMENT="__ASSIGNMENT__"
ROOT="${GRADESCOPE_ROOT:-/autograder}"
SOURCE="$ROOT/source"
RESULTS="$ROOT/results/results.json"
ERRORS="$(mktemp)"
PY="${GRADESCOPE_PYTHON:-$ROOT/venv/bin/python}"
[ -x "$PY" ] || PY="$(command -v python3.11 || command -v python3)"
mkdir -p "$ROOT/results"
rm -f "$RESULTS"
args=(--json "$RESULTS")
[ "${REQUIRE_SANDBOX:-0}" = 1 ] && args+=(--require-sandbox)
[ "$ALLOW_PROCESS_FALLBACK" = 1 ] && args+=(--allow-process-fallback)
cd "$SOURCE" || exit 1
unset PYTHONPATH PYTHONHOME PYTHONSAFEPATH PYTHONSTARTUP
AUTOGRADER_COURSE_ROOT="$SOURCE" "$PY" -m autograder grade "$ASSIGNMENT" "$ROOT/submission" "${args[@]}" 2>"$ERRORS"
status=$?
cat "$ERRORS" >&2
if [ ! -s "$RESULTS" ]; then
  # No results (the sandbox is missing, or the grader itself broke): score 0 and the grader's last words.
  "$PY" - "$RESULTS" "$ERRORS" "$status" <<'PYTHON' || printf '%s\\n' \\
    '{"score": 0, "execution_time": 0, "tests": [], "output": "The autograder could not grade this submission."}' \\
    >"$RESULTS"
import json, sys
results, errors, status = sys.argv[1:4]
try:
    said = open(errors, encoding="utf-8", errors="replace").read().strip()[-1500:]
except OSError:
    said = ""
text = f"The autograder could not grade this submission (exit status {status}). Please tell your instructor."
if said:
    text += "\\n\\nThe grader said:\\n" + "".join(c for c in said if c == "\\n" or c.isprintable())
with open(results, "w", encoding="utf-8") as f:
    json.dump({"score": 0, "execution_time": 0, "tests": [], "output": text}, f)
PYTHON
fi
rm -f "$ERRORS"
exit 0
"""


def _requirement_name(line: str) -> str:
    return re.split(r"[=<>~!\[; ]", line.strip(), maxsplit=1)[0].lower().replace("_", "-")


def needs_torch(assignment: str) -> bool:
    """Whether the assignment's suite, references or notebook use PyTorch."""
    files = [
        ROOT / "autograder" / "suites" / f"{assignment}.py",
        SOLUTIONS / f"{assignment}.py",
        RELEASE / assignment / f"{assignment}.ipynb",
    ]
    return any("torch" in p.read_text(encoding="utf-8") for p in files if p.is_file())


def requirements(assignment: str) -> str:
    """The pinned packages grading needs: numpy, pytest, and PyTorch when the assignment uses it."""
    wanted = {"numpy"} | PYTEST_DEPENDENCIES | (TORCH_DEPENDENCIES if needs_torch(assignment) else set())
    lines = [
        line.strip()
        for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and _requirement_name(line) in wanted
    ]
    return "# Pinned from the course's requirements.lock: what grading needs.\n" + "\n".join(lines) + "\n"


def contents(assignment: str) -> dict[str, Path | str]:
    """Path in the zip → the file to copy or the text to write."""
    files: dict[str, Path | str] = {
        "setup.sh": SETUP_SH,
        "run_autograder": RUN_AUTOGRADER.replace("__ASSIGNMENT__", assignment),
        "requirements.txt": requirements(assignment),
    }
    others = {a for a in ASSIGNMENTS if a != assignment}
    engine = ROOT / "autograder"
    for path in sorted(engine.rglob("*")):
        rel = path.relative_to(engine)
        if not path.is_file() or set(rel.parts) & ENGINE_SKIP or path.suffix in (".pyc", ".pyo"):
            continue
        if rel.parts[0] == "suites" and len(rel.parts) > 1 and rel.parts[1] in others:
            continue
        files[f"autograder/{rel.as_posix()}"] = path
    files[f"solutions/{assignment}.py"] = SOLUTIONS / f"{assignment}.py"
    for path in sorted((RELEASE / assignment).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and ".ipynb_checkpoints" not in path.parts:
            files[f"release/{assignment}/{path.relative_to(RELEASE / assignment).as_posix()}"] = path
    return files


def build(assignment: str, out: Path) -> Path:
    """Write ``out/autograder.zip``; returns its path."""
    load_assignment(assignment)  # UnknownAssignment when there is no suite yet
    for needed in (SOLUTIONS / f"{assignment}.py", RELEASE / assignment / f"{assignment}.ipynb"):
        if not needed.is_file():
            raise FileNotFoundError(f"{needed} is missing (run `make release`)")
    out.mkdir(parents=True, exist_ok=True)
    target = out / "autograder.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, item in sorted(contents(assignment).items()):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            executable = name in ("setup.sh", "run_autograder")
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = item.read_bytes() if isinstance(item, Path) else item.encode("utf-8")
            archive.writestr(info, data)
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m autograder.packaging.gradescope ASSIGNMENT [--out DIR]``."""
    parser = argparse.ArgumentParser(
        prog="python -m autograder.packaging.gradescope",
        description="Build Gradescope's autograder.zip for one assignment.",
    )
    parser.add_argument("assignment", choices=ASSIGNMENTS)
    parser.add_argument("--out", type=Path, help="folder for autograder.zip (default dist/gradescope/<id>)")
    args = parser.parse_args(argv)
    try:
        target = build(args.assignment, args.out or ROOT / "dist" / "gradescope" / args.assignment)
    except (UnknownAssignment, FileNotFoundError) as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    print(f"{target} ({target.stat().st_size // 1024} KiB): upload it as the assignment's autograder on Gradescope")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
