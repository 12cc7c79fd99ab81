"""Keep prices current: read the price files others maintain (LiteLLM, genai-prices, SkyPilot) into the catalog.

``import_prices`` (price files) and ``import_sources`` (several sources, such as what
``installed.find_installed`` finds on this machine) build the updated catalog in memory, ``diff_catalogs`` says what moved (rows and
scenario TCO), and ``write_in_place`` / ``write_new`` store it atomically.
"""

from xlcost.prices.common import ImportReport
from xlcost.prices.diff import CatalogDiff, RowChange, TcoChange, diff_catalogs
from xlcost.prices.importer import FORMATS, ImportOutcome, Source, import_prices, import_sources
from xlcost.prices.listing import listing
from xlcost.prices.writer import write_in_place, write_new

__all__ = [
    "FORMATS",
    "CatalogDiff",
    "ImportOutcome",
    "ImportReport",
    "RowChange",
    "Source",
    "TcoChange",
    "diff_catalogs",
    "import_prices",
    "import_sources",
    "listing",
    "write_in_place",
    "write_new",
]
