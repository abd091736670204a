"""Inputs and exact answers shared by several hidden test modules of m1_1_math."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st


@st.composite
def shape_pairs(draw: st.DrawFn) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Two shapes of 0 to 3 dimensions each (every pair of dimensions equally likely), sizes 1 to 3; where
    both have an axis to match, the first's second size usually equals the second's first size, so that
    only the number of dimensions is wrong."""
    a_ndim, b_ndim = draw(st.sampled_from([(a, b) for a in range(4) for b in range(4)]))
    a = draw(st.lists(st.integers(1, 3), min_size=a_ndim, max_size=a_ndim))
    b = draw(st.lists(st.integers(1, 3), min_size=b_ndim, max_size=b_ndim))
    if len(a) >= 2 and b and draw(st.booleans()):
        b[0] = a[1]
    return tuple(a), tuple(b)


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
