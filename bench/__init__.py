"""Benchmarks (`make bench`, `python -m bench`): not shipped, never imported by the bot or the tests."""
