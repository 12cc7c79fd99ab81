"""The ``xlcost`` command line: one module per command, all thin over the core."""
