"""Plain helpers that tests in more than one area call: the repository root, the external programs, a copy
of the catalog, shared scenarios, usage exports, generated workbooks read back, the CLI in a child process.

Fixtures are in ``tests/conftest.py``; a helper one area alone uses sits beside that area's tests.
"""
