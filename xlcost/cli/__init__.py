"""The ``xlcost`` command line: one module per command (flags and calls); tables and JSON in ``render/``,
or beside an adapter's own logic (``audit/render.py``, ``prices/render.py``)."""
