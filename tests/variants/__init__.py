"""Correct variants and typical mistakes per assignment: the tests of the hidden tests."""
