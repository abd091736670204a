"""Course build steps around nbgrader: references extracted from source, release copies, sync checks."""
