"""The import rule (numpy and math only) and each function's forbidden APIs, checked by AST."""

from __future__ import annotations

import ast
from dataclasses import dataclass

ALLOWED_MODULES = frozenset({"numpy", "math"})
DANGEROUS_NAMES = frozenset(
    {
        "__import__",
        "eval",
        "exec",
        "compile",
        "open",
        "breakpoint",
        "input",
        "globals",
        "vars",
        "__builtins__",
        "importlib",
    }
)


@dataclass(frozen=True)
class Violation:
    """Why a cell breaks a rule, with the line."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def _top_module(name: str) -> str:
    return name.split(".", 1)[0]


def check_cell(source: str, forbidden: tuple[str, ...] = (), matmul_operator: bool = False) -> list[Violation]:
    """Every violation in one answer cell; a cell that does not parse gives none (it fails at run time)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    banned = {name.rsplit(".", 1)[-1] for name in forbidden}
    found: list[Violation] = []

    def add(node: ast.AST, message: str) -> None:
        found.append(Violation(getattr(node, "lineno", 0), message))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _top_module(alias.name) not in ALLOWED_MODULES:
                    add(node, f"imports {alias.name!r}; answer cells may import only numpy and math")
                elif banned & set(alias.name.split(".")):
                    add(node, f"imports {alias.name!r}, which this function may not use")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level or _top_module(module) not in ALLOWED_MODULES:
                add(node, f"imports from {module or '.'!r}; answer cells may import only numpy and math")
            elif banned & set(module.split(".")):
                add(node, f"imports from {module!r}, which this function may not use")
            for alias in node.names:
                if alias.name in banned:
                    add(node, f"imports {alias.name!r}, which this function may not use")
        elif isinstance(node, ast.Attribute) and node.attr in banned:
            add(node, f"uses .{node.attr}, which this function may not use")
        elif isinstance(node, ast.Name) and node.id in DANGEROUS_NAMES:
            add(node, f"uses {node.id}, which answer cells may not use")
        elif isinstance(node, ast.Attribute) and node.attr in (
            "__import__",
            "__builtins__",
            "__dict__",
            "__getattribute__",
        ):
            add(node, f"uses .{node.attr}, which answer cells may not use")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in banned:
            add(node, f"names {node.value!r} in a string, which looks like a way around the rule")
        elif matmul_operator and isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, ast.MatMult):
            add(node, "uses the @ operator, which this function may not use")
    return sorted(found, key=lambda v: v.line)
