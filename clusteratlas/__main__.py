"""``python -m clusteratlas`` runs the CLI."""

from clusteratlas.cli import main

main()
