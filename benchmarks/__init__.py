"""`make bench`: synthetic classes and side-by-side timings of the grader, nbgrader and the floor."""
