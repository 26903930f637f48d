"""Adapters for real published formats (each usable on a user's own newer download).

- :mod:`.divisions`: the official division list (MCA JSON), coordinates, historical divisions;
- :mod:`.census`: census county tables (xlsx) -> county employment by GB/T 4754 section;
- :mod:`.io_table`: NBS 42-sector input-output tables (csv) -> industry links, output, final use;
- :mod:`.employment`: the national employment series by section (csv);
- :mod:`.exchange`: an exchange's A-share company list (xlsx) -> companies placed in regions.
"""
