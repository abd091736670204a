"""Checks made on answer cells before anything runs: imports and forbidden APIs, by AST."""
