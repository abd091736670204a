"""Inputs and exact answers shared by several hidden test modules of m1_1_math."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

# Array shapes of 0 to 3 dimensions, each of size 1 to 3: () is a single number, (n,) a vector.
SHAPES = st.lists(st.integers(1, 3), max_size=3).map(tuple)


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
