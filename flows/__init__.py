"""Prefect flows: thin compositions of wirenorm library calls, batched into tasks."""
