"""Shared inputs and PyTorch oracles of the m1_3_neural_nets hidden tests (not a test module)."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.suites.checks import array

PARAM_KEYS = ("W1", "b1", "W2", "b2")
TRAIN_TIMEOUT = 60.0  # the contract promises 30 s on one core; leave room for slow graders

SHAPES = ((7,), (4, 5), (2, 3, 4), (2, 1, 3, 2))  # four cases: points split into quarters add up exactly
AFFINE_SHAPES = ((1, 1, 1), (4, 3, 5), (10, 7, 2), (3, 6, 6))  # (n, d, m): x (n,d), W (d,m), b (m,)


def shape_id(shape: tuple[int, ...]) -> str:
    """A readable test id for a shape: (4, 5) → "4x5"."""
    return "x".join(str(n) for n in shape)


def torch_tensor(value: Any, grad: bool = False) -> Any:
    """A float64 torch tensor (imported lazily: only the tests that need PyTorch load it)."""
    import torch

    return torch.tensor(np.asarray(value, dtype=np.float64), dtype=torch.float64, requires_grad=grad)


def any_array(value: Any, what: str, shape: tuple[int, ...]) -> np.ndarray:
    """An ndarray of the given shape, whatever its dtype (the dtype is checked by its own test)."""
    return array(value, what, shape=shape, kind="")


def with_extremes(r: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Random values with a share of huge ones (±1e4, ±1000, ±710) mixed in."""
    x = r.standard_normal(shape) * 3.0
    flat = x.reshape(-1)
    picks = r.choice(flat.size, size=max(1, flat.size // 3), replace=False)
    flat[picks] = r.choice([-1e4, 1e4, -1000.0, 1000.0, -710.0, 710.0, -50.0, 50.0], size=picks.size)
    return x


def norm_inputs(r: np.random.Generator, shape: tuple[int, ...], spread: float = 1.0) -> tuple[np.ndarray, ...]:
    """(x, gamma, beta) for a normalisation layer: features of different scales and offsets."""
    d = shape[-1]
    x = r.standard_normal(shape) * r.uniform(0.5, 3.0, d) * spread + r.uniform(-4.0, 4.0, d)
    return x, r.uniform(0.5, 2.0, d) * r.choice([-1.0, 1.0], d), r.standard_normal(d)
