"""Visible checks for the Module 1 notebooks.

Each helper turns a wrong answer into a message that says which property failed and hints at
the usual cause. They only check the small examples in the notebook: the hidden tests that
grade your work try many more cases. Every assignment folder has an identical copy of this file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["CheckFailed", "run", "check_close", "check_raises", "check_that", "check_shape", "passed"]


class CheckFailed(AssertionError):
    """A visible check failed; the message says what and why."""

    def _render_traceback_(self) -> list[str]:
        """In Jupyter, show the message alone, not the helper's internals."""
        return ["\x1b[0;31mCheckFailed\x1b[0m: " + str(self)]


def _name(fn: Any) -> str:
    return getattr(fn, "__name__", "your function")


def _copy(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return True


def run(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``fn`` like the grader does: exceptions, warnings and changed inputs become failures."""
    name = _name(fn)
    before = [_copy(a) for a in args]
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            result = fn(*args, **kwargs)
        except NotImplementedError:
            raise CheckFailed(
                f"{name} is not implemented yet: replace `raise NotImplementedError()` "
                "with your code, run its cell, then run this check again."
            ) from None
        except Exception as exc:
            raise CheckFailed(f"{name} raised {type(exc).__name__}: {exc}") from exc
    if caught:
        raise CheckFailed(
            f"{name} emitted a warning ({caught[0].category.__name__}: {caught[0].message}). "
            "Warnings count as failures: look for overflow in exp, log(0) or 0/0."
        )
    for i, (old, new) in enumerate(zip(before, args)):
        if not _same(old, new):
            raise CheckFailed(
                f"{name} changed argument {i + 1} in place. Work on a copy, "
                "e.g. x = np.array(x, dtype=float), before writing to it."
            )
    return result


def check_close(got: Any, expected: Any, what: str, hint: str = "", rtol: float = 1e-6, atol: float = 1e-8) -> None:
    """``got`` must equal ``expected`` within the course's tolerance."""
    g = np.asarray(got, dtype=float)
    e = np.asarray(expected, dtype=float)
    tip = f"\nHint: {hint}" if hint else ""
    if g.shape != e.shape:
        raise CheckFailed(f"{what}: expected shape {e.shape}, got shape {g.shape}.{tip}")
    if not np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=False):
        raise CheckFailed(
            f"{what}: expected\n{np.array2string(e, precision=6)}\ngot\n{np.array2string(g, precision=6)}{tip}"
        )


def check_shape(got: Any, shape: tuple[int, ...], what: str, hint: str = "") -> None:
    """``got`` must be a numpy array of the given shape."""
    tip = f"\nHint: {hint}" if hint else ""
    if not isinstance(got, np.ndarray):
        raise CheckFailed(f"{what}: expected a numpy array, got {type(got).__name__}.{tip}")
    if got.shape != tuple(shape):
        raise CheckFailed(f"{what}: expected shape {tuple(shape)}, got {got.shape}.{tip}")


def check_raises(fn: Any, *args: Any, why: str, exc: type[BaseException] = ValueError, **kwargs: Any) -> None:
    """Calling ``fn`` must raise ``exc`` (ValueError by default) because ``why``."""
    name = _name(fn)
    try:
        fn(*args, **kwargs)
    except NotImplementedError:
        raise CheckFailed(f"{name} is not implemented yet.") from None
    except exc as err:
        if not str(err).strip():
            raise CheckFailed(
                f"{name} raised {exc.__name__} when {why}, but with an empty message: say what was wrong."
            ) from None
        return
    except Exception as err:
        raise CheckFailed(
            f"{name} should raise {exc.__name__} when {why}, but raised {type(err).__name__}: {err}"
        ) from err
    raise CheckFailed(
        f"{name} should raise {exc.__name__} when {why}, but returned normally. "
        f'Check the input first: raise {exc.__name__}("...").'
    )


def check_that(condition: bool, message: str) -> None:
    """A property that must hold; ``message`` explains it."""
    if not condition:
        raise CheckFailed(message)


def passed(name: str) -> None:
    """Say that every visible check of ``name`` passed."""
    print(f"✔ {name}: the visible checks pass. The hidden tests try many more cases.")


# --- autograding bridge ---------------------------------------------------------------------------
# `nbgrader autograde` runs each test cell's hidden part, which calls hidden_points("<function>").
# It publishes the sandboxed grader's score for that function as the cell's result before the
# visible checks run, so nbgrader records exactly the points `python -m autograder grade` gives,
# partial credit included. Students never call it: the release has no hidden parts.
_HIDDEN_SCORES: dict[str, float] = {}


def _course_root(start: Path) -> Path | None:
    env = os.environ.get("AUTOGRADER_COURSE_ROOT")
    if env:
        return Path(env)
    for folder in (start, *start.parents):
        if (folder / "autograder" / "__main__.py").is_file():
            return folder
    return None


def _grade_here() -> dict[str, float]:
    here = Path.cwd()
    assignment = here.name
    root = _course_root(here)
    notebook = here / f"{assignment}.ipynb"
    if root is None or not notebook.is_file():
        print(f"(hidden tests unavailable: no grader found for {notebook})")
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "results.json"
        subprocess.run(
            [sys.executable, "-m", "autograder", "grade", assignment, str(notebook), "--json", str(out)],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=1800,
            check=False,
        )
        if not out.is_file():
            print("(hidden tests could not run)")
            return {}
        scores: dict[str, float] = {}
        for test in json.loads(out.read_text(encoding="utf-8"))["tests"]:
            scores[test["tags"][0]] = scores.get(test["tags"][0], 0.0) + float(test["score"])
        return scores


def hidden_points(function: str) -> None:
    """Publish the grader's points for ``function`` as this cell's result (autograding only)."""
    if not _HIDDEN_SCORES:
        _HIDDEN_SCORES.update(_grade_here() or {"": 0.0})
    sys.displayhook(round(_HIDDEN_SCORES.get(function, 0.0), 6))
