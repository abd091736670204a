"""Assertions for hidden tests. Each failure names the property and gives a hint; none prints
an expected value computed from hidden inputs."""

from __future__ import annotations

import builtins
import re
from typing import Any

import numpy as np

from autograder.sandbox.protocol import Unsupported

RTOL = 1e-6
ATOL = 1e-8


class Fail(AssertionError):
    """A hidden test failed; the message is shown to the student."""


def fail(message: str) -> None:
    """Fail the current test with ``message``."""
    raise Fail(message)


# A number in student-controlled text could be a hidden input or a value derived from it: any number
# longer than three characters is hidden (shapes, sizes and indices stay readable).
_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def student_text(text: str, limit: int = 300) -> str:
    """Text the student's code produced (an exception message, a warning), safe to show: numbers that
    could carry hidden inputs are replaced by '…', and it is one line of at most ``limit`` characters."""
    one_line = " ".join(str(text).split())
    hidden = _NUMBER.sub(lambda m: m.group(0) if len(m.group(0)) <= 3 else "…", one_line)
    return hidden if len(hidden) <= limit else hidden[: limit - 1] + "…"


# The exception and warning classes a submission can raise without naming a class of its own: their names are
# shown. A class the student's code made could be named after a hidden input, so it is not.
KNOWN_ERRORS = frozenset(
    name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException)
) | {"LinAlgError", "AxisError", "ComplexWarning", "RankWarning", "VisibleDeprecationWarning", "DTypePromotionError"}
# What an exception class usually means in this course's code; its message is not shown (student code can
# put anything in it, hidden inputs included), so the class, the line and this hint are what the student reads.
ERROR_HINTS = {
    "IndexError": "an index ran past the end of an axis: check the sizes your loops and slices use",
    "ValueError": "shapes that do not fit together (check every axis against the docstring) or a value out of range",
    "TypeError": "a value of an unexpected type or a call with the wrong arguments (convert inputs with np.asarray)",
    "ZeroDivisionError": "a division by zero: guard the case or use numpy arrays",
    "KeyError": "a key that is not in the dict: check the names the docstring gives",
    "AttributeError": "an attribute that does not exist (a list where an array is expected? use np.asarray)",
    "NameError": "a name that is not defined when the function runs: define helpers in a cell that runs",
    "UnboundLocalError": "a variable read before it is assigned on some path through the function",
    "OverflowError": "a number too large for a float: use a numerically stable formula",
    "RecursionError": "a recursion that does not end",
    "MemoryError": "an array far too large: check the shapes you allocate",
    "LinAlgError": "a singular or ill-formed matrix: check the shapes and what you invert",
}


def error_name(exc_type: str) -> str:
    """The class of an exception or warning as a student may read it."""
    return exc_type if exc_type in KNOWN_ERRORS else "an exception of a class of its own"


def error_size(err: float, scale: float) -> str:
    """How far off a result is, in words that do not give the expected value away."""
    relative = err / scale if scale > 0 else float("inf")
    if relative <= 1e-3:
        return "slightly off (a precision or stability problem?)"
    if relative <= 0.1:
        return "off by a few percent"
    return "far off"


def _hint(hint: str) -> str:
    return f" Hint: {hint}" if hint else ""


def _kind(value: Any) -> str:
    if isinstance(value, Unsupported):
        return "an object that is not plain data (return floats and numpy arrays)"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"a {type(value).__name__}"


def scalar(value: Any, what: str, hint: str = "") -> float:
    """``value`` as a float; it must be a real number (Python or numpy, or a 0-d float array)."""
    if isinstance(value, (bool, np.bool_)):
        fail(f"{what} should be a float, got a bool.{_hint(hint)}")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iuf":
        return float(value)
    fail(f"{what} should be a single float, got {_kind(value)}.{_hint(hint or 'return float(...) of your result')}")
    raise AssertionError  # unreachable


def array(value: Any, what: str, shape: tuple[int, ...] | None = None, kind: str = "f", hint: str = "") -> np.ndarray:
    """``value`` as an ndarray of the given shape; ``kind`` is the allowed dtype kinds ('f' = float64)."""
    if not isinstance(value, np.ndarray):
        fail(f"{what} should be a numpy array, got {_kind(value)}.{_hint(hint or 'return np.asarray(...)')}")
    if shape is not None and tuple(value.shape) != tuple(shape):
        fail(f"{what} has shape {value.shape}, expected {tuple(shape)}.{_hint(hint)}")
    if kind == "f" and value.dtype != np.float64:
        fail(f"{what} has dtype {value.dtype}, expected float64 for float64 input.{_hint(hint)}")
    if kind == "i" and value.dtype.kind not in "iu":
        fail(f"{what} has dtype {value.dtype}, expected an integer dtype.{_hint(hint)}")
    return value


def tuple_of(value: Any, n: int, what: str) -> tuple[Any, ...]:
    """``value`` must be a tuple of ``n`` items."""
    if not isinstance(value, tuple) or len(value) != n:
        fail(f"{what} should return a tuple of {n} values, got {_kind(value)}.")
    return value


def close(
    got: Any,
    expected: Any,
    what: str,
    hint: str = "",
    rtol: float = RTOL,
    atol: float = ATOL,
    unstable_hint: str = "",
) -> None:
    """Elementwise ``|got - expected| <= atol + rtol * |expected|``; NaN equals nothing. ``unstable_hint``,
    if given, is the hint for NaN or infinite entries where the expected ones are finite (an overflow),
    and ``hint`` the hint for finite but wrong entries: each failure is told its own likely cause."""
    g = np.asarray(got, dtype=float)
    e = np.asarray(expected, dtype=float)
    if g.shape != e.shape:
        fail(f"{what} has shape {g.shape}, expected {e.shape}.{_hint(hint)}")
    if np.isnan(g).any():
        nan_hint = unstable_hint or hint or "look for 0/0, inf - inf or log of a negative number"
        fail(f"{what} contains NaN.{_hint(nan_hint)}")
    if unstable_hint and (np.isinf(g) & np.isfinite(e)).any():
        fail(f"{what} contains inf where a finite value is expected.{_hint(unstable_hint)}")
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.abs(g - e)
        bad = ~(err <= atol + rtol * np.abs(e))
    if bad.any():
        worst = float(np.nanmax(np.where(np.isfinite(err), err, np.inf)))
        scale = float(np.max(np.abs(e))) if e.size else 0.0
        where = "" if g.ndim == 0 else f" {int(bad.sum())} of {g.size} entries are wrong, and"
        fail(f"{what} is not correct:{where} {'it is ' if g.ndim == 0 else ''}{error_size(worst, scale)}.{_hint(hint)}")


def close_up_to_sign(got: np.ndarray, expected: np.ndarray, what: str, hint: str = "", atol: float = 1e-6) -> None:
    """Vectors equal to within ``atol`` per element after choosing the better sign."""
    g = np.asarray(got, dtype=float)
    e = np.asarray(expected, dtype=float)
    if g.shape != e.shape:
        fail(f"{what} has shape {g.shape}, expected {e.shape}.{_hint(hint)}")
    if np.isnan(g).any():
        fail(f"{what} contains NaN.{_hint(hint)}")
    err = min(np.max(np.abs(g - e)), np.max(np.abs(g + e)))
    if not err <= atol:
        scale = float(np.max(np.abs(e))) if e.size else 0.0
        fail(f"{what} is not correct (up to sign): it is {error_size(float(err), scale)}.{_hint(hint)}")


def equal(got: Any, expected: Any, what: str, hint: str = "") -> None:
    """Exact equality of numbers or arrays (integers, labels, exact perceptron weights)."""
    g = np.asarray(got)
    e = np.asarray(expected)
    if g.shape != e.shape:
        fail(f"{what} has shape {g.shape}, expected {e.shape}.{_hint(hint)}")
    if not np.array_equal(g, e):
        wrong = int(np.sum(g != e)) if g.shape else 1
        where = "" if g.ndim == 0 else f" {wrong} of {g.size} entries differ"
        fail(f"{what} is not exactly right{':' + where if where else ''}.{_hint(hint)}")
