"""``python -m xlcost`` runs the command line."""

from xlcost.cli.app import main

main()
