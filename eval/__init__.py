"""Evaluation: the question set, the runner, pure metrics and the report."""
