"""What grading produces: the results model and its renderings (JSON, Markdown, JUnit, console)."""
