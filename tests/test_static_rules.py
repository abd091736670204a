"""The import rule and the forbidden APIs, checked by AST."""

from __future__ import annotations

import pytest

from autograder.static.rules import check_cell

DOT_BANS = ("np.dot", "np.matmul", "np.inner", "np.vdot", "np.einsum", "np.tensordot")


@pytest.mark.parametrize(
    "code",
    [
        "def dot(u, v):\n    return np.dot(u, v)\n",
        "def dot(u, v):\n    return np.asarray(u) @ v\n",
        "def dot(u, v):\n    u = np.asarray(u)\n    u @= v\n    return u\n",
        "from numpy import dot as d\ndef dot(u, v):\n    return d(u, v)\n",
        "def dot(u, v):\n    return np.asarray(u).dot(v)\n",
        "def dot(u, v):\n    return getattr(np, 'dot')(u, v)\n",
        "def dot(u, v):\n    return numpy.einsum('i,i', u, v)\n",
    ],
)
def test_forbidden_products_are_caught(code: str) -> None:
    assert check_cell(code, DOT_BANS, matmul_operator=True)


@pytest.mark.parametrize(
    "code",
    [
        "import os\n",
        "import scipy.linalg\n",
        "from torch import nn\n",
        "from . import x\n",
        "x = __import__('os')\n",
        "def f():\n    return eval('1')\n",
        "def f():\n    return open('/etc/passwd').read()\n",
    ],
)
def test_only_numpy_and_math_may_be_imported(code: str) -> None:
    assert check_cell(code)


@pytest.mark.parametrize(
    "code",
    [
        "import numpy as np\nimport math\nfrom numpy.linalg import norm\n",
        'def dot(u, v):\n    """The dot product."""\n    return float(np.sum(np.asarray(u) * np.asarray(v)))\n',
        "def matmul(A, B):\n    return np.array([[dot(r, c) for c in np.asarray(B).T] for r in np.asarray(A)])\n",
        "def broken(:\n",  # a syntax error is reported when the cell runs, not here
    ],
)
def test_allowed_code_passes(code: str) -> None:
    assert check_cell(code, DOT_BANS, matmul_operator=True) == []


@pytest.mark.parametrize(
    "code",
    [
        "def conv2d(x):\n    return np.fft.fft2(x)\n",
        "import numpy.fft as nf\ndef conv2d(x):\n    return nf.rfft2(x)\n",
        "from numpy.fft import rfft2\ndef conv2d(x):\n    return rfft2(x)\n",
        "from numpy import fft\n",
    ],
)
def test_fft_submodule_is_caught(code: str) -> None:
    assert check_cell(code, ("np.convolve", "np.correlate", "np.fft"))
