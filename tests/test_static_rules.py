"""The rules judge what a graded function can run, under any name, and leave students' own names alone."""

from __future__ import annotations

import pytest

from autograder.static import rules
from autograder.static.rules import Kind, check_function, needed_cells

DOT_OK = "def dot(u, v):\n    return float(np.sum(np.asarray(u) * np.asarray(v)))\n"


def broken(cells: list[tuple[str, str]], function: str) -> list[str]:
    """The kinds of the rules ``function`` breaks, its answer cell being the one with its name."""
    return [v.kind for v in check_function(cells, function, answers={function: function})]


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
        "def dot(u, v):\n    return np.vecdot(u, v)\n",
        "def dot(u, v):\n    return np.matvec(np.atleast_2d(u), v)[0]\n",
        "def dot(u, v):\n    return np.vecmat(u, np.atleast_2d(v).T)[0]\n",
        "def dot(u, v):\n    return np.linalg.vecdot(u, v)\n",
        "def dot(u, v):\n    return np.linalg.multi_dot([u, v])\n",
        "def dot(u, v):\n    return np.linalg.tensordot(u, v, 1)\n",
        "def dot(u, v):\n    return np.linalg.matmul(u, v)\n",
        "def dot(u, v):\n    f = np.core.multiarray\n    return f.inner(u, v)\n",
        "def dot(u, v):\n    return np._core._multiarray_umath.vdot(u, v)\n",
    ],
)
def test_forbidden_products_are_caught_under_any_name(code: str) -> None:
    assert broken([("dot", code)], "dot")


def test_an_alias_in_another_answer_cell_is_caught() -> None:
    cells = [
        ("dot", "def dot(u, v):\n    return f(u, v)\n"),
        ("cosine_similarity", "f = np.dot\ndef cosine_similarity(u, v):\n    return np.dot(u, v)\n"),
    ]
    found = check_function(cells, "dot", answers={"dot": "dot", "cosine_similarity": "cosine_similarity"})
    assert [(v.kind, v.cell, v.line) for v in found] == [(Kind.FORBIDDEN, "cosine_similarity", 1)]
    # cosine_similarity itself may use np.dot: the rule belongs to dot
    assert broken(cells, "cosine_similarity") == []


def test_an_alias_in_an_added_cell_and_a_helper_chain_are_caught() -> None:
    cells = [
        ("#3", "from numpy import dot as _d\n"),
        ("#4", "def _helper(a, b):\n    return _d(a, b)\n"),
        ("dot", "def dot(u, v):\n    return _helper(u, v)\n"),
    ]
    found = check_function(cells, "dot", answers={"dot": "dot"})
    assert [(v.cell, v.line) for v in found] == [("#3", 1)]
    assert needed_cells(cells, "dot", {"dot": "dot"}) == ["#3", "#4", "dot"]


def test_forbidden_code_in_a_cell_the_function_does_not_use_costs_nothing() -> None:
    cells = [
        ("dot", "def dot(u, v):\n    return float(np.sum(np.asarray(u) * v)) + EPS\n"),
        ("cosine_similarity", "EPS = 0.0\ndef cosine_similarity(u, v):\n    return np.dot(u, v)\n"),
        ("#9", "import torch\nprint(np.dot([1], [2]))\n"),
    ]
    assert broken(cells, "dot") == []
    assert needed_cells(cells, "dot", {"dot": "dot"}) == ["dot", "cosine_similarity"]


def test_what_a_loaded_cell_runs_at_load_is_judged() -> None:
    cells = [
        ("#2", "SCALE = 1.0\nnp.sum = np.dot\n"),
        ("dot", "def dot(u, v):\n    return SCALE * np.sum(np.asarray(u) * v)\n"),
    ]
    assert broken(cells, "dot") == [Kind.FORBIDDEN]


def test_duplicate_answer_cells_are_judged_where_they_are_used() -> None:
    first = "_d = np.dot\ndef dot(u, v):\n    return _d(u, v)\n"
    cells = [("#3", first), ("dot", "def dot(u, v):\n    return _d(u, v)\n")]
    assert broken(cells, "dot") == [Kind.FORBIDDEN]
    unused = [("#3", first), ("dot", DOT_OK)]
    assert broken(unused, "dot") == []


@pytest.mark.parametrize(
    "code",
    [
        "def power_iteration(A):\n    return np.linalg.eigh(A)\n",
        "import numpy.linalg._umath_linalg as L\ndef power_iteration(A):\n    return L.eigh_lo(A)\n",
        "def power_iteration(A):\n    return np.linalg._umath_linalg.eigh_lo(A)\n",
        "from numpy.linalg import _linalg\ndef power_iteration(A):\n    return _linalg.eigh(A)\n",
        "def power_iteration(A):\n    return getattr(np.linalg, '_umath_linalg')\n",
        "from numpy.linalg import svd as s\ndef power_iteration(A):\n    return s(A)\n",
    ],
)
def test_eigensolvers_are_caught_under_any_name(code: str) -> None:
    assert broken([("power_iteration", code)], "power_iteration")


@pytest.mark.parametrize(
    "code",
    [
        "import os\ndef f():\n    return 1\n",
        "import scipy.linalg\ndef f():\n    return 1\n",
        "from torch import nn\ndef f():\n    return 1\n",
        "from . import x\ndef f():\n    return 1\n",
        "x = __import__('os')\ndef f():\n    return 1\n",
        "def f():\n    return eval('1')\n",
        "def f():\n    return open('/etc/passwd').read()\n",
        "def f():\n    return vars(np)['dot']\n",
        "def f():\n    return globals()\n",
        "def f():\n    return np.__dict__\n",
        "def f():\n    try:\n        1 / 0\n    except Exception as e:\n"
        "        return e.__traceback__.tb_frame.f_globals\n",
        "def f():\n    return getattr(np, '__dict__')\n",
        "class C:\n    x = eval('1')\ndef f():\n    return 1\n",
        "def f(e):\n    return getattr(e, '__trace' + 'back__')\n",
        "def f():\n    return np.ctypeslib.ctypes.pythonapi\n",
        "def f():\n    return np.lib.format.pickle\n",
        "def f():\n    return np.load('/autograder/solutions.npy', allow_pickle=True)\n",
        "def f():\n    return np._core._multiarray_umath\n",
        "import numpy.linalg as la\ndef f():\n    return la._linalg\n",
    ],
)
def test_imports_and_refused_builtins(code: str) -> None:
    """In the cell of a helper ``f`` that the graded ``g`` calls."""
    cells = [("f", code), ("g", "def g():\n    return f()\n")]
    assert broken(cells, "g")


@pytest.mark.parametrize(
    "code",
    [
        # a well-known layer-class style: `input` and `vars` are the student's own names
        "class Layer:\n    def forward(self, input):\n        self.input = input\n        return input\n"
        "def relu_backward(dout, input):\n    layer = Layer()\n    layer.forward(input)\n"
        "    return np.where(layer.input > 0, dout, 0.0)\n",
        "def relu_backward(dout, x):\n    vars = np.asarray(x)\n    return np.where(vars > 0, dout, 0.0)\n",
        "def relu_backward(dout, x):\n    open, compile = 1, 2\n"
        "    return np.where(np.asarray(x) > 0, dout, 0.0) * open\n",
        "def relu_backward(dout, x):\n    return [input for input in np.asarray(dout)]\n",
        "def relu_backward(dout, x, eval=None):\n    return np.asarray(dout) * (np.asarray(x) > 0)\n",
        "class Cache:\n    def __init__(self):\n        self._x = None\n"
        "def relu_backward(dout, x):\n    c = Cache()\n    c._x = np.asarray(x)\n"
        "    return np.asarray(dout) * (c._x > 0)\n",
    ],
)
def test_names_the_student_binds_are_theirs(code: str) -> None:
    assert broken([("relu_backward", code)], "relu_backward") == []


def test_a_top_level_binding_does_not_make_a_refused_builtin_theirs() -> None:
    """At the top level a binding may never run (``if False: eval = None``): the builtin would be called."""
    for binding in ("def open(x):\n    return x\n", "if False:\n    eval = None\n", "eval = 1\ndel eval\n"):
        name = "open" if "open" in binding else "eval"
        cells = [("#2", binding), ("f", f"def f(x):\n    return {name}(x)\n")]
        assert broken(cells, "f") == [Kind.BUILTIN], binding


@pytest.mark.parametrize(
    ("function", "code"),
    [  # found by the red team: each would have kept its points
        ("dot", "def dot(u, v):\n    return float(len.__self__.eval('__import__(\"numpy\").dot')(u, v))\n"),
        ("dot", "def dot(u, v):\n    return abs.__self__.open('/etc/passwd')\n"),
        ("matmul", "def matmul(A, B):\n    g = getattr\n    return g(np, 'mat' + 'mul')(A, B)\n"),
        ("dot", "def dot(u, v):\n    return list(map(getattr, [np], ['d' + 'ot']))[0](u, v)\n"),
        ("power_iteration", "from numpy.linalg import *\ndef power_iteration(A):\n    return eigh(A)\n"),
        ("dot", "from numpy import *\ndef dot(u, v):\n    return inner(u, v)\n"),
        ("dot", "def dot(u, v):\n    return np.asarray(u).__matmul__(v)\n"),
        ("dot", "def dot(u, v):\n    return (np.asmatrix(u) * np.asmatrix(v).T)[0, 0]\n"),
        ("dot", "def dot(u, v):\n    return np.core.__getattr__('dot')(u, v)\n"),
    ],
)
def test_red_team_bypasses_are_refused(function: str, code: str) -> None:
    assert broken([(function, code)], function)


def test_a_star_import_in_another_cell_is_refused_where_its_names_are_used() -> None:
    cells = [("#2", "from math import *\n"), ("entropy", "def entropy(p):\n    return -sum(x * log(x) for x in p)\n")]
    assert broken(cells, "entropy") == [Kind.IMPORT]
    assert broken([("#2", "from math import *\n"), ("dot", DOT_OK)], "dot") == []  # dot uses no name from it


@pytest.mark.parametrize(
    "code",
    [  # correct code the red team saw refused
        "class Solver:\n    def __init__(self, fn):\n        self._fn = fn\n"
        "    def __call__(self, *a):\n        return self._fn(*a)\n"
        "def power_iteration(A):\n    return Solver(lambda M: (1.0, np.ones(len(M))))(A)\n",
        "def matmul(A, B):\n    ops = {'dot': 1}\n"
        "    return np.sum(np.asarray(A)[:, :, None] * np.asarray(B)[None], axis=1)\n",
    ],
)
def test_red_team_false_positives_are_allowed(code: str) -> None:
    function = "power_iteration" if "power_iteration" in code else "matmul"
    assert broken([(function, code)], function) == []


@pytest.mark.parametrize(
    "code",
    [
        "import numpy as np\nimport math\nfrom numpy.linalg import norm\n",
        DOT_OK,
        'def dot(u, v):\n    """The dot product, without np.dot."""\n    return sum(a * b for a, b in zip(u, v))\n',
        "def broken(:\n",  # a syntax error is reported when the cell runs, not here
    ],
)
def test_allowed_code_passes(code: str) -> None:
    assert broken([("dot", code)], "dot") == []


def test_matmul_may_call_the_students_own_dot() -> None:
    cells = [
        ("dot", DOT_OK),
        ("matmul", "def matmul(A, B):\n    return np.array([[dot(r, c) for c in np.asarray(B).T] for r in A])\n"),
    ]
    assert broken(cells, "matmul") == []


@pytest.mark.parametrize(
    "code",
    [
        "def conv2d(x):\n    return np.fft.fft2(x)\n",
        "import numpy.fft as nf\ndef conv2d(x):\n    return nf.rfft2(x)\n",
        "from numpy.fft import rfft2\ndef conv2d(x):\n    return rfft2(x)\n",
        "from numpy import fft\ndef conv2d(x):\n    return fft.fft2(x)\n",
        "def conv2d(x):\n    return np.correlate(x, x)\n",
    ],
)
def test_fft_and_correlate_are_caught(code: str) -> None:
    assert broken([("conv2d", code)], "conv2d")


def test_cells_too_large_or_deep_to_check_are_not_run() -> None:
    deep = "def dot(u, v):\n    return " + "+".join(["1"] * 100_000) + "\n"
    assert broken([("dot", deep)], "dot") == [Kind.TOO_LARGE]
    huge = "def dot(u, v):\n    return 1\n" + "#" * (rules.MAX_SOURCE + 1)
    assert broken([("dot", huge)], "dot") == [Kind.TOO_LARGE]


def test_every_restricted_function_is_a_graded_function() -> None:
    from autograder.suites.assignment import ASSIGNMENTS, load_assignment

    graded = {f for a in ASSIGNMENTS for f in load_assignment(a).functions}
    assert set(rules.RESTRICTIONS) <= graded


def test_the_rules_import_nothing_but_the_standard_library() -> None:
    """They are shipped next to every notebook as course_rules.py and run in the student's kernel."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imported <= {"__future__", "ast", "builtins", "collections", "dataclasses", "functools"}


def test_a_name_the_cell_binds_itself_never_pulls_in_another_cell() -> None:
    cells = [
        ("#2", "for i in range(2):\n    print(np.dot([1.0], [2.0]))\n"),  # a student's scratch cell
        ("dot", "SIZES = [n for n in range(3)]\nfor i in range(3):\n    SIZES[i] += 1\n" + DOT_OK),
    ]
    assert broken(cells, "dot") == []
    assert needed_cells(cells, "dot", {"dot": "dot"}) == ["dot"]
