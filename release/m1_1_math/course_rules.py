"""The course's rules for answer cells, judged on what a graded function can run.

One implementation serves the grader, the notebook's visible checks and `make check`: this file has
no dependency beyond the standard library and is shipped next to every notebook as
``course_rules.py`` (a copy made by ``make release``; a test keeps the copies identical).

What is judged for a graded function is everything it can run: its own ``def``, the definitions of
the names it uses (helpers and aliases in any cell the student wrote, found by name, transitively),
and every top-level statement of a cell that has to be run to define them. The rules:

* imports: only ``numpy`` and ``math`` (and their submodules);
* refused builtins (``eval``, ``exec``, ``open``, ``__import__``, ...) may not be called or named,
  unless the name is the student's own (a parameter, a local variable, a top-level definition);
* attributes that reach around the rules (``__dict__``, ``__builtins__``, frames, ...) are refused;
* a function's restriction (``RESTRICTIONS``) forbids routines under any name: attributes and
  imports of their names (``np.dot``, ``x.dot``, ``from numpy import dot as d``), ``getattr`` with a
  constant name, numpy's private modules, and the ``@`` operator where it is forbidden.

What no static rule can see (a name computed at run time, ``getattr(np, "d" + "ot")``) is listed in
``autograder/SECURITY.md`` with what still stops it.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

ALLOWED_MODULES = frozenset({"numpy", "math"})
PROVIDED = frozenset({"np", "math"})  # bound before any cell runs, as in the notebook's setup cell
REFUSED_BUILTINS = frozenset(
    {
        "__import__",
        "eval",
        "exec",
        "compile",
        "open",
        "breakpoint",
        "input",
        "globals",
        "locals",
        "vars",
        "__builtins__",
    }
)
REFUSED_ATTRIBUTES = frozenset(
    {
        "__builtins__",
        "__import__",
        "__dict__",
        "__getattribute__",
        "__globals__",
        "__subclasses__",
        "__bases__",
        "__base__",
        "__mro__",
        "__code__",
        "__closure__",
        "__loader__",
        "__spec__",
        "__traceback__",
        "tb_frame",
        "tb_next",
        "f_globals",
        "f_locals",
        "f_builtins",
        "f_back",
        "gi_frame",
        "cr_frame",
        # routes to the interpreter's internals and to files: no graded function needs them
        "ctypeslib",
        "ctypes",
        "pythonapi",
        "pickle",
        "sys",
        "os",
        "builtins",
        "importlib",
        "subprocess",
        "gc",
        "inspect",
        "load",
        "loads",
        "save",
        "savez",
        "savez_compressed",
        "fromfile",
        "tofile",
        "memmap",
        "loadtxt",
        "savetxt",
        "genfromtxt",
        "fromregex",
        "DataSource",
    }
)
NAME_LOOKUPS = frozenset({"getattr", "setattr", "delattr", "hasattr"})
# Dunder attributes graded code may use; every other one (``__self__`` of a builtin is the builtins module,
# ``__matmul__`` is ``@``, ``__reduce__``, ``__getattr__``, ...) is refused.
SAFE_DUNDERS = frozenset(
    {"__init__", "__name__", "__qualname__", "__doc__", "__class__", "__module__", "__len__", "__iter__", "__next__"}
    | {"__getitem__", "__setitem__", "__contains__", "__repr__", "__str__", "__call__", "__enter__", "__exit__"}
)
# The refused builtins reached as attributes (``builtins_module.eval``); ``input`` and ``vars`` stay free as
# attribute names (``self.input = input`` is a textbook layer's own field).
REFUSED_BUILTIN_ATTRIBUTES = REFUSED_BUILTINS - {"input", "vars", "open", "compile"}
MAX_SOURCE = 200_000  # characters of one cell; longer cells are not analysed (and not run)
_BUILTIN_NAMES = frozenset(dir(builtins))


@dataclass(frozen=True)
class Restriction:
    """Routines a graded function may not use, by name (``"numpy.dot"``, ``"ndarray.dot"``,
    ``"numpy.fft"`` for a whole module), and whether the ``@`` operator is forbidden."""

    routines: tuple[str, ...] = ()
    matmul_operator: bool = False
    private_numpy: bool = True  # numpy's private modules (``np.linalg._umath_linalg``) are refused too

    @property
    def names(self) -> frozenset[str]:
        """The last component of every forbidden routine: what an alias or a method would be called."""
        return frozenset(r.rsplit(".", 1)[-1] for r in self.routines)


PRODUCTS = (
    "numpy.dot",
    "numpy.matmul",
    "numpy.inner",
    "numpy.vdot",
    "numpy.vecdot",
    "numpy.matvec",
    "numpy.vecmat",
    "numpy.einsum",
    "numpy.tensordot",
    "numpy.linalg.matmul",
    "numpy.linalg.vecdot",
    "numpy.linalg.tensordot",
    "numpy.linalg.multi_dot",
    "ndarray.dot",
    # np.matrix's * is the @ operator under another name
    "numpy.matrix",
    "numpy.asmatrix",
    "numpy.bmat",
)
EIGENSOLVERS = (
    "numpy.linalg.eig",
    "numpy.linalg.eigh",
    "numpy.linalg.eigvals",
    "numpy.linalg.eigvalsh",
    "numpy.linalg.svd",
)

# Every graded function with a restriction of its own, across the module's four assignments.
RESTRICTIONS: dict[str, Restriction] = {
    "dot": Restriction(PRODUCTS, matmul_operator=True),
    "matmul": Restriction(PRODUCTS, matmul_operator=True),
    "power_iteration": Restriction(EIGENSOLVERS),
    "conv2d": Restriction(("numpy.convolve", "numpy.correlate", "numpy.fft")),
}


class Kind:
    """What kind of rule a violation breaks (data for the grader; the message is for the student)."""

    IMPORT = "import"
    BUILTIN = "builtin"
    ATTRIBUTE = "attribute"
    FORBIDDEN = "forbidden"
    OPERATOR = "operator"
    TOO_LARGE = "too_large"


@dataclass(frozen=True)
class Violation:
    """One rule broken at one line of one cell."""

    kind: str
    cell: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.message} (cell {self.cell}, line {self.line})"


# --- parsing ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Unit:
    """One top-level statement of one cell: what it binds and what names it reads."""

    cell: str
    position: int
    node: ast.stmt
    binds: frozenset[str]
    uses: frozenset[str]

    @property
    def is_def(self) -> bool:
        """A ``def``: its body runs only when the function is called."""
        return isinstance(self.node, (ast.FunctionDef, ast.AsyncFunctionDef))


class Unreadable:
    """Why a cell could not be analysed."""

    SYNTAX = "syntax"  # it fails when run, which the grader reports; no rule is broken
    TOO_LARGE = "too_large"  # too long or too deeply nested to check: it is not run


@lru_cache(maxsize=4096)
def parse(source: str) -> ast.Module | str:
    """The cell's syntax tree, or why there is none (an ``Unreadable`` value)."""
    if len(source) > MAX_SOURCE:
        return Unreadable.TOO_LARGE
    try:
        return ast.parse(source)
    except (RecursionError, MemoryError):
        return Unreadable.TOO_LARGE
    except (SyntaxError, ValueError, TypeError):
        return Unreadable.SYNTAX


def _target_names(target: ast.AST) -> set[str]:
    """Names an assignment target binds: ``x`` and ``a, b`` do; ``np.sum`` and ``d[k]`` do not."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_target_names(t) for t in target.elts)) if target.elts else set()
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return set()


def _top_level_binds(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}  # "*" stands for a star import
    found: set[str] = set()
    for sub in _walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            found.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(sub.name)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            found |= {(a.asname or a.name).split(".")[0] for a in sub.names if a.name != "*"}
    return found


def _walk(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes under ``node`` at the same scope (not inside nested functions, lambdas or classes)."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        sub = stack.pop()
        yield sub
        if not isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(sub))


def _free_names(node: ast.AST) -> frozenset[str]:
    """Names ``node`` reads from the notebook's namespace: loads not bound in a function around them."""
    return frozenset(
        sub.id
        for sub, scopes in _scoped(node, ())
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load) and not any(sub.id in s for s in scopes)
    )


@lru_cache(maxsize=4096)
def _units_of(source: str) -> tuple[tuple[ast.stmt, frozenset[str], frozenset[str]], ...] | str:
    tree = parse(source)
    if isinstance(tree, str):
        return tree
    try:
        return tuple((node, frozenset(_top_level_binds(node)), _free_names(node)) for node in tree.body)
    except RecursionError:
        return Unreadable.TOO_LARGE


# --- which code a graded function can run ----------------------------------------------------------
@dataclass
class Reach:
    """What a graded function can run: the cells to load (in notebook order) and the statements to judge."""

    function: str
    cells: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    headers: list[Unit] = field(default_factory=list)  # defs in loaded cells whose bodies are never reached
    too_large: list[str] = field(default_factory=list)  # loaded cells that could not be analysed
    module_names: frozenset[str] = frozenset()  # every name some cell binds at top level


def reach(cells: Sequence[tuple[str, str]], function: str, answers: dict[str, str] | None = None) -> Reach:
    """The code ``function`` can run, for cells given as ``(cell id, source)`` in notebook order.

    A name is taken from the last cell that binds it; a graded name listed in ``answers`` (name → cell
    id) from its answer cell. ``function`` starts in its answer cell, or in the last cell defining it."""
    answers = answers or {}
    order = [cid for cid, _ in cells]
    units: dict[str, list[Unit]] = {}
    unreadable: dict[str, str] = {}
    position = 0
    for cid, source in cells:
        found = _units_of(source)
        if isinstance(found, str):
            unreadable[cid] = found
            units[cid] = []
            continue
        units[cid] = []
        for node, binds, uses in found:
            units[cid].append(Unit(cid, position, node, binds, uses))
            position += 1
    binders: dict[str, list[str]] = {}
    for cid in order:
        for unit in units[cid]:
            for name in unit.binds:
                if cid not in binders.setdefault(name, []):
                    binders[name].append(cid)
    result = Reach(function, module_names=frozenset(binders))

    def home_of(name: str) -> str | None:
        home = answers.get(name)
        if home is not None and home in units:
            return home
        if name not in binders and name not in _BUILTIN_NAMES and "*" in binders:
            return binders["*"][-1]  # a name no cell binds may come from a star import (which is refused)
        return binders[name][-1] if name in binders else None

    start = home_of(function)
    if start is None:
        return result
    loaded: set[str] = set()
    reached: set[int] = set()
    queue: list[Unit] = []

    def load(cid: str) -> None:
        if cid in loaded:
            return
        loaded.add(cid)
        queue.extend(u for u in units[cid] if not u.is_def)

    def resolve(name: str, user: str | None = None) -> None:
        # A name the user's own cell binds is taken from that cell (a loop variable, a local constant):
        # another cell binding the same name is not needed, and is neither run nor judged.
        cid = user if user is not None and name in cell_binds[user] else home_of(name)
        if cid is None:
            return
        load(cid)
        queue.extend(u for u in units[cid] if name in u.binds)

    cell_binds = {cid: frozenset().union(*(u.binds for u in units[cid])) for cid in order}
    resolve(function)
    while queue:
        unit = queue.pop()
        if unit.position in reached:
            continue
        reached.add(unit.position)
        for name in unit.uses - PROVIDED:
            resolve(name, unit.cell if name != function else None)
    result.cells = [cid for cid in order if cid in loaded]
    all_units = [u for cid in result.cells for u in units[cid]]
    result.units = [u for u in all_units if u.position in reached]
    result.headers = [u for u in all_units if u.position not in reached]
    result.too_large = [cid for cid in result.cells if unreadable.get(cid) == Unreadable.TOO_LARGE]
    return result


def needed_cells(cells: Sequence[tuple[str, str]], function: str, answers: dict[str, str] | None = None) -> list[str]:
    """The ids of the cells to run (in notebook order) before ``function`` can be called."""
    return reach(cells, function, answers).cells


# --- the rules --------------------------------------------------------------------------------------
def _function_scope(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """Names bound inside a function (its parameters and its local assignments)."""
    args = node.args
    bound = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
    bound |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    if isinstance(node, ast.Lambda):
        return bound
    declared_global: set[str] = set()
    for statement in node.body:
        for sub in (statement, *_walk(statement)):
            if isinstance(sub, ast.Global):
                declared_global.update(sub.names)
            elif isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
                bound.add(sub.id)
            elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(sub.name)
            elif isinstance(sub, (ast.Import, ast.ImportFrom)):
                bound |= {(a.asname or a.name).split(".")[0] for a in sub.names}
            elif isinstance(sub, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and sub.name:
                bound.add(sub.name)
    return bound - declared_global


def _comprehension_scope(node: ast.AST) -> set[str]:
    generators = getattr(node, "generators", [])
    return set().union(*(_target_names(g.target) for g in generators)) if generators else set()


def _scoped(node: ast.AST, scopes: tuple[frozenset[str], ...]) -> Iterator[tuple[ast.AST, tuple[frozenset[str], ...]]]:
    """Every node under ``node`` with the names bound in the function scopes around it."""
    stack: list[tuple[ast.AST, tuple[frozenset[str], ...]]] = [(node, scopes)]
    while stack:
        current, around = stack.pop()
        yield current, around
        inner = around
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            inner = (*around, frozenset(_function_scope(current)))
        elif isinstance(current, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            inner = (*around, frozenset(_comprehension_scope(current)))
        for child in ast.iter_child_nodes(current):
            # a def's decorators and defaults run in the enclosing scope
            outer = isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and (
                child in getattr(current, "decorator_list", []) or child is current.args
            )
            stack.append((child, around if outer else inner))


def _module_path(name: str) -> list[str]:
    return [part for part in name.split(".") if part]


def _is_private(part: str) -> bool:
    return part.startswith("_") and not part.startswith("__")


def _is_dunder(part: str) -> bool:
    return part.startswith("__") and part.endswith("__")


class _Judge:
    """Applies the rules to the statements a function can run."""

    def __init__(self, function: str, restriction: Restriction | None, modules: frozenset[str]) -> None:
        self.function = function
        self.restriction = restriction or Restriction()
        self.banned = self.restriction.names
        self.modules = modules  # names bound to numpy, math or their submodules
        self.constant_lookups: set[int] = set()  # getattr(...) calls whose name is a constant, judged as such
        self.found: list[Violation] = []

    def on_a_module(self, node: ast.Attribute) -> bool:
        """Whether the attribute is looked up on numpy or math (``np.linalg._x``, ``alias._y``)."""
        base: ast.AST = node.value
        while isinstance(base, ast.Attribute):
            base = base.value
        return isinstance(base, ast.Name) and base.id in self.modules

    def add(self, kind: str, cell: str, node: ast.AST, message: str) -> None:
        self.found.append(Violation(kind, cell, getattr(node, "lineno", 0), message))

    def forbidden_part(self, parts: Iterable[str], private: bool = True) -> str | None:
        """The first of ``parts`` that the restriction forbids (numpy's private names too, where ``private``)."""
        for part in parts:
            if part in self.banned:
                return part
            if private and self.restriction.routines and self.restriction.private_numpy and _is_private(part):
                return part
        return None

    def judge(self, unit: Unit, nodes: Iterable[tuple[ast.AST, tuple[frozenset[str], ...]]]) -> None:
        for node, scopes in nodes:
            self.judge_node(unit.cell, node, scopes)

    def judge_node(self, cell: str, node: ast.AST, scopes: tuple[frozenset[str], ...]) -> None:
        name = self.function
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = _module_path(alias.name)
                if not parts or parts[0] not in ALLOWED_MODULES:
                    self.add(Kind.IMPORT, cell, node, f"imports {alias.name}; cells may import only numpy and math")
                elif bad := self.forbidden_part(parts[1:]):
                    self.add(Kind.FORBIDDEN, cell, node, f"imports {alias.name}, which {name} may not use ({bad})")
        elif isinstance(node, ast.ImportFrom):
            parts = _module_path(node.module or "")
            if node.level or not parts or parts[0] not in ALLOWED_MODULES:
                module = "." * node.level + (node.module or "")
                self.add(Kind.IMPORT, cell, node, f"imports from {module}; cells may import only numpy and math")
            elif any(a.name == "*" for a in node.names):
                self.add(Kind.IMPORT, cell, node, f"imports * from {node.module}; import the names you use instead")
            elif bad := self.forbidden_part([*parts[1:], *(a.name for a in node.names)]):
                self.add(Kind.FORBIDDEN, cell, node, f"imports {bad} from {node.module}, which {name} may not use")
        elif isinstance(node, ast.Attribute):
            refused = node.attr in REFUSED_ATTRIBUTES or node.attr in REFUSED_BUILTIN_ATTRIBUTES
            if refused or (_is_dunder(node.attr) and node.attr not in SAFE_DUNDERS):
                self.add(Kind.ATTRIBUTE, cell, node, f"uses .{node.attr}, which graded code may not use")
            elif bad := self.forbidden_part([node.attr], private=self.on_a_module(node)):
                self.add(Kind.FORBIDDEN, cell, node, f"uses .{bad}, which {name} may not use under any name")
            elif _is_private(node.attr) and self.on_a_module(node):
                self.add(
                    Kind.ATTRIBUTE,
                    cell,
                    node,
                    f"uses the private .{node.attr} of a module; graded code uses public numpy only",
                )
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            # A refused builtin's name is the student's own only where a function binds it (a parameter or a
            # local variable); a top-level binding may never run (``if False: eval = None``).
            local = any(node.id in scope for scope in scopes)
            if node.id in REFUSED_BUILTINS and not local:
                self.add(Kind.BUILTIN, cell, node, f"uses the builtin {node.id}, which graded code may not use")
            elif node.id in NAME_LOOKUPS and not local and id(node) not in self.constant_lookups:
                self.add(
                    Kind.BUILTIN,
                    cell,
                    node,
                    f'uses {node.id} other than as {node.id}(object, "name"), which graded code may not do '
                    "(keep your functions in a dict and look them up there)",
                )
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in NAME_LOOKUPS:
            if len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
                self.constant_lookups.add(id(node.func))
            for arg in node.args[1:2]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    if arg.value in REFUSED_ATTRIBUTES or (_is_dunder(arg.value) and arg.value not in SAFE_DUNDERS):
                        self.add(Kind.ATTRIBUTE, cell, node, f"looks up {arg.value!r}, which graded code may not use")
                    elif bad := self.forbidden_part([arg.value]):
                        self.add(Kind.FORBIDDEN, cell, node, f"looks up {bad!r} by name, which {name} may not use")
        elif (
            self.restriction.matmul_operator
            and isinstance(node, (ast.BinOp, ast.AugAssign))
            and isinstance(node.op, ast.MatMult)
        ):
            self.add(Kind.OPERATOR, cell, node, f"uses the @ operator, which {name} may not use")


def _header_nodes(unit: Unit) -> list[ast.AST]:
    """The parts of a ``def`` that run when its cell runs: decorators and default values."""
    node = unit.node
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    return [*node.decorator_list, *node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]


def check_reach(found: Reach, restriction: Restriction | None = None) -> list[Violation]:
    """Every rule that the code ``found`` reaches breaks, in notebook order."""
    modules = set(PROVIDED)
    for unit in found.units:
        for sub in ast.walk(unit.node):
            if isinstance(sub, (ast.Import, ast.ImportFrom)):
                modules |= {(a.asname or a.name).split(".")[0] for a in sub.names}
    judge = _Judge(found.function, restriction, frozenset(modules))
    for cid in found.too_large:
        judge.found.append(
            Violation(Kind.TOO_LARGE, cid, 1, "is too large or too deeply nested to check (and so to run)")
        )
    try:
        for unit in found.units:
            judge.judge(unit, _scoped(unit.node, ()))
        for unit in found.headers:
            if unit.is_def:
                for header in _header_nodes(unit):
                    judge.judge(unit, _scoped(header, ()))
            else:  # a class body runs when its cell runs
                judge.judge(unit, _scoped(unit.node, ()))
    except RecursionError:
        judge.found.append(Violation(Kind.TOO_LARGE, found.function, 1, "is too deeply nested to check"))
    order = {cid: i for i, cid in enumerate(found.cells)}
    unique = {(v.kind, v.cell, v.line, v.message): v for v in judge.found}
    return sorted(unique.values(), key=lambda v: (order.get(v.cell, -1), v.line, v.message))


def check_function(
    cells: Sequence[tuple[str, str]],
    function: str,
    restriction: Restriction | None = None,
    answers: dict[str, str] | None = None,
) -> list[Violation]:
    """Every rule broken by the code ``function`` can run (its restriction defaults to ``RESTRICTIONS``)."""
    if restriction is None:
        restriction = RESTRICTIONS.get(function)
    return check_reach(reach(cells, function, answers), restriction)


def explain(function: str, violations: Sequence[Violation], limit: int = 3) -> str:
    """One sentence for the student: why ``function`` scores zero, with where."""
    shown = "; ".join(str(v) for v in violations[:limit])
    more = f"; and {len(violations) - limit} more" if len(violations) > limit else ""
    return f"{function} breaks a rule of the assignment: {shown}{more}."
