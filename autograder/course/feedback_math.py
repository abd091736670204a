"""Formulas in feedback pages without a network: LaTeX in markdown cells becomes MathML.

nbgrader's feedback HTML loads MathJax from a CDN, so a student reading feedback offline (or behind a
firewall that blocks it) saw raw LaTeX. This preprocessor of ``nbgrader generate_feedback`` turns every
``$...$`` and ``$$...$$`` of a markdown cell into MathML, which browsers render natively.
"""

from __future__ import annotations

import re
from typing import Any

from latex2mathml.converter import convert
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$(?!\$)", re.S)


def _mathml(latex: str, display: str) -> str:
    try:
        return convert(latex.strip(), display=display)
    except Exception:  # a formula the converter does not know stays as it was written
        return f"<code>{latex}</code>"


def latex_to_mathml(markdown: str) -> str:
    """``markdown`` with its LaTeX formulas replaced by MathML (code spans and fenced code left alone)."""
    parts = re.split(r"(```.*?```|`[^`\n]*`)", markdown, flags=re.S)
    for i in range(0, len(parts), 2):
        text = DISPLAY.sub(lambda m: _mathml(m.group(1), "block"), parts[i])
        parts[i] = INLINE.sub(lambda m: _mathml(m.group(1), "inline"), text)
    return "".join(parts)


class MathToMathML(Preprocessor):
    """Replace the LaTeX of every markdown cell by MathML (on when listed in nbgrader's feedback preprocessors)."""

    enabled = Bool(True).tag(config=True)

    def preprocess_cell(self, cell: Any, resources: dict[str, Any], index: int) -> tuple[Any, dict[str, Any]]:
        if cell.cell_type == "markdown":
            cell.source = latex_to_mathml(cell.source)
        return cell, resources
