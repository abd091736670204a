"""Inputs and exact answers shared by several hidden test modules of m1_1_math."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from autograder.suites.checks import close, error_name, fail
from autograder.suites.student import Student


def every_pair_of_dimensions(first: tuple[int, ...], second: tuple[int, ...]) -> list[tuple[tuple[int, ...], ...]]:
    """Every pair of shapes of 0 to 3 dimensions, cut from ``first`` and ``second`` (16 pairs): where both
    have an axis to match, the sizes are chosen so that only the number of dimensions can be wrong. (Cut
    from sizes of 1 too, numpy broadcasts what a wrong check lets through instead of raising.)"""
    return [(first[:a], second[:b]) for a in range(4) for b in range(4)]


# Runs in the sandbox: every pair in one round trip; a ValueError of Python's or numpy's own is told apart
# from one of a class the student made (as the grader does for a single call).
EVERY_PAIR = """
def driver(fn, pairs):
    out = []
    for a, b in pairs:
        try:
            out.append(("returned", fn(a, b)))
        except ValueError as exc:
            module = type(exc).__module__
            known = module == "builtins" or module == "numpy" or module.startswith("numpy.")
            out.append(("ValueError" if known else "raised", bool(str(exc).strip())))
        except Exception as exc:
            out.append(("raised", type(exc).__name__))
    return out
"""


def check_every_pair(
    student: Student,
    pairs: list[tuple[tuple[int, ...], ...]],
    names: tuple[str, str],
    expected: Callable[[np.ndarray, np.ndarray], np.ndarray | float | None],
    valid: str,
) -> None:
    """Call the function on every pair of shapes (one round trip): where ``expected`` gives None the call must
    raise ValueError with a message, elsewhere it must return the expected value. ``valid`` says which
    pairs the contract accepts."""
    function = student.function
    arrays = [(filled(a, -1.0, 2.0), filled(b, 3.0, -0.5)) for a, b in pairs]
    outcomes = student.scan(EVERY_PAIR, arrays)
    if not isinstance(outcomes, (list, tuple)) or len(outcomes) != len(arrays):
        fail(f"{function}'s results for {len(arrays)} pairs of shapes could not be read back.")
    for (a_shape, b_shape), (a, b), outcome in zip(pairs, arrays, outcomes):
        kind, detail = outcome if isinstance(outcome, (list, tuple)) and len(outcome) == 2 else ("", None)
        when = f"{names[0]} is {described(a_shape)} and {names[1]} is {described(b_shape)}"
        want = expected(a, b)
        if want is None and kind == "returned":
            fail(
                f"{function} should raise ValueError when {when} ({valid}), but it returned normally. "
                "Hint: check the number of dimensions of both inputs before computing."
            )
        if want is None and kind != "ValueError":
            fail(
                f"{function} should raise ValueError when {when} ({valid}), but it raised "
                f"{error_name(str(detail))}. Hint: test for this case yourself before computing."
            )
        if want is None and detail is not True:
            fail(
                f"{function} raised ValueError when {when}, but with an empty message. "
                'Hint: say what was wrong, e.g. ValueError("expected 2-D inputs").'
            )
        if want is not None and kind != "returned":
            fail(f"{function} should accept {names[0]} and {names[1]} when {when}, but it raised.")
        if want is not None:
            close(np.asarray(detail, dtype=float), want, f"{function} when {when}")


def described(shape: tuple[int, ...]) -> str:
    """An input's shape in words a student reads."""
    if not shape:
        return "a 0-d array (a single number)"
    if len(shape) == 1:
        return f"a vector of length {shape[0]}"
    return f"a {len(shape)}-D array of shape {shape}"


def filled(shape: tuple[int, ...], start: float, stop: float) -> np.ndarray:
    """An array of ``shape`` whose entries run evenly from start to stop."""
    return np.linspace(start, stop, math.prod(shape)).reshape(shape)


def probs(r: np.random.Generator, k: int, zeros: int = 0) -> np.ndarray:
    """A random probability vector of length k with ``zeros`` exact zeros."""
    p = r.uniform(0.05, 1.0, k)
    p[:zeros] = 0.0
    r.shuffle(p)
    return p / p.sum()


def sigma(z: float) -> float:
    """The logistic sigmoid, stable for any z (no overflow)."""
    return 0.5 * (1.0 + math.tanh(z / 2.0))
