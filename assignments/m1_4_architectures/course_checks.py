"""Visible checks for the Module 1 notebooks.

Each helper turns a wrong answer into a message that says which property failed and hints at
the usual cause. They only check the small examples in the notebook: the hidden tests that
grade your work try many more cases. Every assignment folder has an identical copy of this file.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import traceback
import warnings
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["CheckFailed", "run", "check_close", "check_raises", "check_that", "check_shape", "passed"]

# What a numpy RuntimeWarning usually means, by the floating-point error numpy reports.
WARNING_HINTS = {
    "overflow": "a value overflowed (exp of a large number?): use a stable formula, e.g. subtract the maximum "
    "before exp, or pick the branch of the formula that cannot overflow",
    "divide by zero": "a division by zero or log(0): skip or guard the zero entries (0 * log 0 counts as 0)",
    "invalid value": "an invalid operation such as 0/0, inf - inf or the log of a negative number",
}


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


def _graded_name(fn: Any) -> str:
    """The name the notebook binds ``fn`` to (its ``__name__`` unless it was defined under another name)."""
    name = _name(fn)
    shell = _shell()
    namespace = getattr(shell, "user_ns", {}) if shell is not None else {}
    if namespace.get(name) is fn:
        return name
    return next((k for k, v in namespace.items() if v is fn and not k.startswith("_")), name)


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _is_course_cell(source: str) -> bool:
    """The notebook's own setup and test cells: they import course_checks or call passed(...)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "course_checks":
            return True
        call = node.value if isinstance(node, ast.Expr) else None
        course_call = isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
        if course_call and call.func.id in ("passed", "hidden_points"):
            return True
    return False


def _kernel_cells() -> list[tuple[str, str]] | None:
    """The cells this kernel has run, in order, as (label, source): what the grader's rules look at."""
    shell = _shell()
    history = getattr(shell, "user_ns", {}).get("In") if shell is not None else None
    if not isinstance(history, list):
        return None
    return [
        (f"In[{i}]", src) for i, src in enumerate(history) if i and isinstance(src, str) and not _is_course_cell(src)
    ]


def rule_break(fn: Any) -> str:
    """The grader's reason why ``fn`` scores zero for breaking a rule of the assignment, or ""."""
    try:
        import course_rules
    except ImportError:
        return ""
    cells = _kernel_cells()
    if not cells:
        return ""
    name = _graded_name(fn)
    found = course_rules.check_function(cells, name)
    return course_rules.explain(name, found) if found else ""


def _student_line(exc: BaseException) -> str:
    """Where in the student's own code ``exc`` was raised: 'line N, in f: code' (no temporary file names)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
    if not frames:
        return ""
    last = frames[-1]
    code = f": {last.line.strip()}" if last.line else ""
    return f" (line {last.lineno}, in {last.name}{code})"


def _warning_hint(caught: warnings.WarningMessage) -> str:
    text = str(caught.message)
    kind = next((k for k in WARNING_HINTS if k in text), "")
    return WARNING_HINTS.get(kind, "warnings count as failures: find the operation that warns and make it safe")


def run(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``fn`` like the grader does: a broken rule, exceptions, warnings, printing and changed inputs
    become failures, with the grader's own reasons."""
    name = _name(fn)
    broken = rule_break(fn)
    if broken:
        raise CheckFailed(broken + " The grader gives this function 0 until the rule holds.")
    before = [_copy(a) for a in args]
    printed = io.StringIO()
    with (
        warnings.catch_warnings(record=True) as caught,
        np.errstate(all="warn", under="ignore"),
        contextlib.redirect_stdout(printed),
        contextlib.redirect_stderr(printed),
    ):
        warnings.simplefilter("always")
        try:
            result = fn(*args, **kwargs)
        except NotImplementedError:
            raise CheckFailed(
                f"{name} is not implemented yet: replace `raise NotImplementedError()` "
                "with your code, run its cell, then run this check again."
            ) from None
        except AssertionError as exc:
            detail = f": {exc}" if str(exc) else ""
            raise CheckFailed(f"{name} failed an assert of its own{_student_line(exc)}{detail}") from None
        except Exception as exc:
            raise CheckFailed(f"{name} raised {type(exc).__name__}: {exc}{_student_line(exc)}") from None
    if caught:
        first = caught[0]
        raise CheckFailed(
            f"{name} emitted a warning ({first.category.__name__}: {first.message}). "
            f"Warnings count as failures. Hint: {_warning_hint(first)}."
        )
    if printed.getvalue().strip():
        raise CheckFailed(f"{name} printed output. Graded functions may not print: remove the print calls.")
    for i, (old, new) in enumerate(zip(before, args)):
        if not _same(old, new):
            raise CheckFailed(
                f"{name} changed argument {i + 1} in place. Work on a copy, "
                "e.g. x = np.array(x, dtype=float), before writing to it."
            )
    return result


def _show(value: np.ndarray) -> str:
    """A value as the student would type it: scalars inline, arrays on their own lines."""
    if value.ndim == 0:
        return f"{float(value):.6g}"
    return "\n" + np.array2string(value, precision=6)


def check_close(got: Any, expected: Any, what: str, hint: str = "", rtol: float = 1e-6, atol: float = 1e-8) -> None:
    """``got`` must equal ``expected`` within the course's tolerance."""
    g = np.asarray(got, dtype=float)
    e = np.asarray(expected, dtype=float)
    tip = f"\nHint: {hint}" if hint else ""
    if g.shape != e.shape:
        raise CheckFailed(f"{what}: expected shape {e.shape}, got shape {g.shape}.{tip}")
    if not np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=False):
        if e.ndim == 0:
            raise CheckFailed(f"{what}: expected {_show(e)}, got {_show(g)}.{tip.replace(chr(10), ' ')}")
        raise CheckFailed(f"{what}: expected {_show(e)}\ngot {_show(g)}{tip}")


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
    broken = rule_break(fn)
    if broken:
        raise CheckFailed(broken + " The grader gives this function 0 until the rule holds.")
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
            f"{name} should raise {exc.__name__} when {why}, but raised {type(err).__name__}: {err}{_student_line(err)}"
        ) from None
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
_HIDDEN_SCORES: dict[str, tuple[float, float, str]] = {}


def _course_root(start: Path) -> Path | None:
    env = os.environ.get("AUTOGRADER_COURSE_ROOT")
    if env:
        return Path(env)
    for folder in (start, *start.parents):
        if (folder / "autograder" / "__main__.py").is_file():
            return folder
    return None


def _grade_here() -> dict[str, tuple[float, float, str]]:
    """function → (points, out of, the first failure's message), from the sandboxed grader."""
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
        scores: dict[str, tuple[float, float, str]] = {}
        for test in json.loads(out.read_text(encoding="utf-8"))["tests"]:
            got, most, why = scores.get(test["tags"][0], (0.0, 0.0, ""))
            failed = float(test["score"]) < float(test["max_score"])
            why = why or (str(test.get("output", "")) if failed else "")
            scores[test["tags"][0]] = (got + float(test["score"]), most + float(test["max_score"]), why)
        return scores


def hidden_points(function: str) -> None:
    """Publish the grader's points for ``function`` as this cell's result (autograding only), with the
    first problem the hidden tests found, so feedback never shows a bare ✔ next to lost points."""
    if not _HIDDEN_SCORES:
        _HIDDEN_SCORES.update(_grade_here() or {"": (0.0, 0.0, "")})
    got, most, why = _HIDDEN_SCORES.get(function, (0.0, 0.0, ""))
    if got < most:
        first = " ".join(why.split())[:400]
        print(
            f"Hidden tests: {got:g} of {most:g} points for {function}." + (f" First problem: {first}" if first else "")
        )
    sys.displayhook(round(got, 6))
