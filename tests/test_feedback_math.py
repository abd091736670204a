"""Formulas in feedback pages render offline: LaTeX in markdown becomes MathML."""

from __future__ import annotations

from autograder.course.feedback_math import latex_to_mathml


def test_inline_and_display_formulas_become_mathml() -> None:
    text = latex_to_mathml("The dot product $u \\cdot v$ is\n\n$$\\sum_{i=1}^{n} u_i v_i$$\n")
    assert text.count("<math") == 2 and 'display="block"' in text and "$" not in text


def test_code_prices_and_unknown_commands_are_left_alone() -> None:
    assert latex_to_mathml("costs `$5` in `x = $y`") == "costs `$5` in `x = $y`"
    assert latex_to_mathml("```\na = $b$\n```") == "```\na = $b$\n```"
    assert "<math" in latex_to_mathml("$\\lVert u \\rVert$") or "<code>" in latex_to_mathml("$\\lVert u \\rVert$")
