"""The Excel functions under the module name Excel knows them by.

xlwings' "UDF Modules" setting and xlwings Lite's ``main.py`` name ``xlcost.udfs``; the functions
live in ``xlcost.excel.functions`` beside their argument readers.
"""

from xlcost.excel.args import NA
from xlcost.excel.functions import BREAKEVEN, GPUS, OPTIONS, RECOMMEND, TCO, UNITCOST

# NA: the text xlwings turns into #N/A, for callers that compare a result with it
__all__ = ["BREAKEVEN", "GPUS", "NA", "OPTIONS", "RECOMMEND", "TCO", "UNITCOST"]
