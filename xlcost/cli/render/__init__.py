"""Terminal tables and JSON for the results of the core and analysis layers, one module per area.

Those layers stay free of rich and typer, so what shows their results lives here, in the CLI;
adapters with results of their own keep their rendering beside them (``audit/render.py``,
``prices/render.py``). Each command module imports its area's module, never ``app.py``, so
``xlcost --help`` loads none of them.
"""
