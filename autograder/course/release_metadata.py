"""A generation step (nbgrader_config.py): released notebooks carry the complete ``language_info``.

JupyterLab fills in the kernel's language_info when a notebook opens; a release that holds only
``{"name": "python", "version": "3.11"}`` therefore shows unsaved changes before the student typed anything.
The values are the ones ipykernel reports for the course's Python.
"""

from __future__ import annotations

import platform
from typing import Any

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor


def language_info() -> dict[str, Any]:
    """What ipykernel's kernel_info reply says about this Python."""
    return {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": platform.python_version(),
    }


class CompleteLanguageInfo(NbGraderPreprocessor):
    """Write the full language_info into the notebook's metadata (cells are untouched)."""

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        """Set ``metadata.language_info``."""
        nb.metadata["language_info"] = language_info()
        return nb, resources
