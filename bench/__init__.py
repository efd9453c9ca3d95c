"""Benchmarks: they print figures (with the machine); they are not timed tests."""
