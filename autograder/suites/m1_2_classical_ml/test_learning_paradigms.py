"""Hidden tests of LEARNING_PARADIGMS: each scenario's learning paradigm."""

from __future__ import annotations

from types import ModuleType

import pytest

from autograder.suites.checks import fail
from autograder.suites.m1_2_classical_ml.data import PARADIGMS, SCENARIOS
from autograder.suites.student import Student

pytestmark = pytest.mark.grades("LEARNING_PARADIGMS")


@pytest.mark.points(len(SCENARIOS))
@pytest.mark.parametrize("key", SCENARIOS)
def test_classifies_the_scenario(student: Student, ref: ModuleType, key: str) -> None:
    """classifies the scenario"""
    value = student.value()
    if not isinstance(value, dict):
        fail(
            "LEARNING_PARADIGMS should be a dict from scenario keys to paradigm names. "
            "Hint: keep the dictionary of the answer cell and fill in its values."
        )
    if key not in value:
        fail(f"LEARNING_PARADIGMS has no entry for the scenario {key!r}. Hint: keep every key of the template.")
    answer = value[key]
    if answer is None:
        fail(
            f"the scenario {key!r} has no answer yet (its value is None). Hint: replace None with "
            "'supervised', 'unsupervised' or 'self-supervised'."
        )
    if answer not in PARADIGMS:
        fail(
            f"the answer for {key!r} is not one of 'supervised', 'unsupervised' or 'self-supervised'. "
            "Hint: use exactly one of those strings (lower case, with the hyphen)."
        )
    if answer != ref.LEARNING_PARADIGMS[key]:
        fail(
            f"the scenario {key!r} is not classified correctly. Hint: ask who produces the training "
            "target: people or records (supervised), the data itself by hiding a part of it "
            "(self-supervised), or nobody, because there is only structure to find (unsupervised)."
        )
