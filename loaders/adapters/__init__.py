"""Adapters for real published formats (each usable on a user's own newer download).

One protocol (:mod:`.base`): an :class:`Adapter` has a name, a description, the
tables it returns, a ``read(path, **options)`` function returning
:class:`SourceTables` (named raw tables and notes), and an example file; the
registry :func:`adapters` finds every module's ``ADAPTER``/``ADAPTERS``.
``clusteratlas validate --adapter NAME FILE`` and the bundled-data build
(``scripts/bundled_data``) read through it. The adapters:

- :mod:`.divisions`: the official division list (MCA JSON), coordinates, divisions by year;
- :mod:`.census`: census county tables (xlsx) -> county employment by GB/T 4754 section;
- :mod:`.io_table`: NBS 42-sector input-output tables (csv) -> flows, coefficients, sectors;
- :mod:`.employment`: the national employment series by section (csv);
- :mod:`.exchange`: an exchange's A-share company list (xlsx) -> companies placed in regions;
- generic, for anyone's data: :mod:`.long_csv` (a long CSV whose columns a mapping names ->
  region_industries), :mod:`.io_matrix` (a square input-output CSV -> industry_links,
  industry_final_uses) and :mod:`.make_use` (a use and make pair -> the same, industry by
  industry under the industry-technology assumption).

Adding one: a module here with its read function and ``ADAPTER = Adapter(...)``, plus a
test of it on its real published file (the contract test covers the protocol).

>>> read_source("nbs-io-table", get_adapter("nbs-io-table").example(__import__("pathlib")
...     .Path(__import__("tempfile").mkdtemp()))).counts()
{'industry_links': 3, 'sectors': 2, 'final_uses': 4}
"""

from clusteratlas.loaders.adapters.base import (
    Adapter,
    SourceTables,
    adapters,
    get_adapter,
    read_source,
)

__all__ = ["Adapter", "SourceTables", "adapters", "get_adapter", "read_source"]
