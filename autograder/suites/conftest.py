"""Loads the grading plugin for every hidden suite: ``--submission PATH`` and the fixtures ``student``,
``ref``, ``rng`` and ``graded`` (see autograder/pytest_plugin/plugin.py)."""

pytest_plugins = ["autograder.pytest_plugin.plugin"]
