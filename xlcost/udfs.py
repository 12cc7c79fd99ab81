"""The Excel functions under the module name Excel knows them by.

xlwings' "UDF Modules" setting and xlwings Lite's ``main.py`` name ``xlcost.udfs``; the functions
live in ``xlcost.excel.functions`` beside their argument readers.
"""

from xlcost.excel.functions import BREAKEVEN, GPUS, RECOMMEND, TCO, UNITCOST

__all__ = ["BREAKEVEN", "GPUS", "RECOMMEND", "TCO", "UNITCOST"]
