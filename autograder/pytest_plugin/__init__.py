"""The pytest plugin that runs the hidden suites against a submission, and the in-process session."""
