"""Which answer cells a graded function needs: its own cell and, transitively, the cells defining
the names it uses. Each function's child process runs only those, so a cell that exits, hangs or
monkeypatches numpy at import affects only the functions that depend on it."""

from __future__ import annotations

import ast
from functools import lru_cache


@lru_cache(maxsize=4096)
def _names(source: str) -> tuple[frozenset[str], frozenset[str]]:
    """(top-level names defined, names used anywhere) of a cell; empty sets if it does not parse.
    Cached: a submission's cells are looked at once per graded function."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return frozenset(), frozenset()
    defined: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                defined.update(_bound_names(target))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined.update((a.asname or a.name).split(".")[0] for a in node.names)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return frozenset(defined), frozenset(used)


def _bound_names(target: ast.AST) -> set[str]:
    """Names an assignment target binds: ``x`` and ``a, b`` do; ``np.sum`` and ``d[k]`` do not."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_bound_names(t) for t in target.elts)) if target.elts else set()
    if isinstance(target, ast.Starred):
        return _bound_names(target.value)
    return set()


def needed_cells(cells: list[tuple[str, str]], cell_id: str) -> list[str]:
    """Ids of the cells to run for ``cell_id``, in notebook order (the cell itself included)."""
    info = {cid: _names(src) for cid, src in cells}
    order = [cid for cid, _ in cells]
    if cell_id not in info:
        return []
    needed = {cell_id}
    frontier = [cell_id]
    while frontier:
        current = frontier.pop()
        used = info[current][1]
        position = order.index(current)
        for other in order:
            if other in needed:
                continue
            # A name is taken from the last cell defining it (before the user, or anywhere as a fallback).
            if used & info[other][0] and (
                order.index(other) < position or not _defined_before(info, order, used, position)
            ):
                needed.add(other)
                frontier.append(other)
    return [cid for cid in order if cid in needed]


def _defined_before(
    info: dict[str, tuple[frozenset[str], frozenset[str]]], order: list[str], used: set[str], position: int
) -> bool:
    return any(used & info[cid][0] for cid in order[:position])
