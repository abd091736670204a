"""The hidden suites: one pytest package per assignment (``<id>/``), with the assertions (``checks``) and
the student's function as a test receives it (``student``)."""
