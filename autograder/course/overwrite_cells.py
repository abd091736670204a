"""nbgrader's OverwriteCells without the false alarm on hidden tests (configured in nbgrader_config.py).

The gradebook keeps each locked test cell with its hidden-test region; the release strips that region, so
stock OverwriteCells warns "Attribute 'checksum' for cell test_... has changed!" for every untouched test
cell, which reads as tampering. Here a locked cell that is exactly the released version of the gradebook's
cell is restored silently; any other change is still reported, as nbgrader does.
"""

from __future__ import annotations

from typing import Any

from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import ClearHiddenTests, OverwriteCells


class OverwriteReleasedCells(OverwriteCells):
    """Restore locked cells from the gradebook; warn only when a cell differs from what was released."""

    _as_released = False

    def _released_source(self, source: str) -> str:
        cell = NotebookNode({"cell_type": "code", "source": source, "metadata": {}})
        ClearHiddenTests(parent=self)._remove_hidden_test_region(cell)
        return cell.source

    def preprocess_cell(self, cell: NotebookNode, resources: Any, cell_index: int) -> tuple[NotebookNode, Any]:
        """As OverwriteCells, remembering whether the cell is the released version of the gradebook's."""
        self._as_released = False
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is not None and utils.is_locked(cell):
            try:
                source_cell = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id)
            except MissingEntry:
                pass
            else:
                self._as_released = cell.source == self._released_source(source_cell.source)
        try:
            return super().preprocess_cell(cell, resources, cell_index)
        finally:
            self._as_released = False

    def report_change(self, name: str, attr: str, old: Any, new: Any) -> None:
        """nbgrader's warning, except for a hidden-test region that the release removed on purpose."""
        if attr == "checksum" and self._as_released:
            self.log.debug("Restored the hidden tests of cell %s", name)
            return
        super().report_change(name, attr, old, new)
