"""Build tooling for the bundled datasets (not part of the installed package).

``scripts/build-bundled-data`` runs :func:`bundled_data.build_china.build`: it
verifies the raw files in ``../shared/data/raw`` against SHA256SUMS and derives
the canonical tables shipped in ``loaders/bundled/china`` with the project's own
adapters (``clusteratlas.loaders.adapters``).
"""
