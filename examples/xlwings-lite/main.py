"""xlcost's Excel functions in xlwings Lite: paste this into the main.py tab of the xlwings Lite editor.

xlwings Lite registers every decorated function that main.py holds, imported ones included,
so =TCO, =UNITCOST, =BREAKEVEN, =RECOMMEND, =GPUS and =OPTIONS appear in Excel after the code is saved.
"""

from xlcost.udfs import BREAKEVEN, GPUS, OPTIONS, RECOMMEND, TCO, UNITCOST

__all__ = ["BREAKEVEN", "GPUS", "OPTIONS", "RECOMMEND", "TCO", "UNITCOST"]
