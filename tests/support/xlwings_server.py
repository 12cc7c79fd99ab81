"""The start of a script that calls the Excel functions through xlwings' server code, as Lite and Server do.

xlwings registers functions only when XLWINGS_ON_SERVER=true is set before it is first imported, so
tests run such a script in a fresh interpreter; ``call(name, *args)`` there returns what Excel receives.
"""

CALL_PREAMBLE = r"""
import asyncio, json, sys
import xlwings as xw
import xlwings.server as server
from xlcost import udfs

def call(name, *args):
    payload = {
        "func_name": name,
        "args": [arg if isinstance(arg, list) else [[arg]] for arg in args],
        "version": xw.__version__,
        "client": "Office.js",
        "runtime": "1.4",
    }
    return asyncio.run(server.custom_functions_call(payload, udfs))
"""
