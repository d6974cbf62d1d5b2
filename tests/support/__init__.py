"""Helpers shared by the test modules. A test module imports from here, never from another
test module (tests/unit/test_test_suite_hygiene.py checks it)."""
