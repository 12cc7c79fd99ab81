"""Size from real traffic: read usage exports, derive the workload, and price the burst-aware hybrid.

Pure functions only; the CLI (``xlcost workload``, ``xlcost hybrid``) and the Hybrid sheet call them.
"""
