"""Continuous integration: grade a pull request's changed notebooks with the base branch's grader."""
