"""Synthetic submissions for the benchmark: complete, partial, broken and slow, built from the release
notebook, the reference answers and the project's correct variants and typical mistakes."""

from __future__ import annotations

import importlib
import json
import random
from pathlib import Path

from autograder.course.samples import fill_answers, reference_answers
from autograder.paths import release_notebook
from autograder.suites.assignment import load_assignment

KINDS = ("complete", "partial", "broken", "slow")
# About 0.5 ms per call: slow but correct (in m1_3 the functions call each other thousands of times).
SLOW = "    for _slow in range(20_000):\n        pass\n"


def _with_delay(code: str, function: str) -> str:
    """The answer with a busy loop at the start of the function body (correct, just slow)."""
    marker = f"def {function}("
    start = code.find(marker)
    if start < 0:
        return code
    doc_end = code.find('"""', code.find('"""', start) + 3)
    insert_at = code.find("\n", doc_end if doc_end > 0 else code.find(":\n", start)) + 1
    return code[:insert_at] + SLOW + code[insert_at:]


def make_class(assignment: str, n: int, folder: Path, seed: int = 0) -> list[str]:
    """Write ``n`` submissions in nbgrader's submitted/ layout; returns the student ids."""
    rng = random.Random(seed)
    variants = importlib.import_module(f"tests.variants.{assignment}")
    answers = reference_answers(assignment)
    functions = load_assignment(assignment).functions
    release = json.loads(release_notebook(assignment).read_text(encoding="utf-8"))
    students = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        chosen: dict[str, str | None] = {}
        for function in functions:
            correct = [answers[function], *variants.CORRECT.get(function, [])]
            mistakes = list(variants.MISTAKES.get(function, {}).values())
            if kind == "complete":
                chosen[function] = rng.choice(correct)
            elif kind == "partial":
                roll = rng.random()
                chosen[function] = rng.choice(correct) if roll < 0.4 else rng.choice(mistakes) if roll < 0.7 else ""
            elif kind == "broken":
                roll = rng.random()
                chosen[function] = (
                    answers[function].replace("def ", "def def ", 1)
                    if roll < 0.15
                    else None
                    if roll < 0.25
                    else rng.choice(correct)
                )
            else:
                chosen[function] = (
                    _with_delay(rng.choice(correct), function) if rng.random() < 0.3 else answers[function]
                )
        # chosen: code to put in the cell, "" to leave the stub, None to delete the cell
        notebook = fill_answers(release, {}, set(), {f: c for f, c in chosen.items() if c != ""})
        student = f"s{i:04d}_{kind}"
        path = folder / student / assignment / f"{assignment}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(notebook) if not (kind == "broken" and i % 20 == 2) else '{"cells": [ not json'
        path.write_text(text, encoding="utf-8")
        students.append(student)
    return students
