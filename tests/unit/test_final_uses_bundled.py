"""The bundled final uses and output shares against the raw NBS table, read here by hand.

Issue 24.2: downstream of apparel and footwear (NBS42:08) and special equipment
(NBS42:17) must be where their output goes. The raw CSV is parsed with the ``csv``
module (not the adapter): the ``Domestic`` row of the sector, its intermediate-use
columns ``01``..``42`` (z_ij), the final-use columns ``TC, FU201, FU202, EX`` (f_ik) and
``GO`` (x_i). The shares z_ij / x_i and f_ik / x_i are then compared with what the
bundled dataset holds and what the shared definitions derive from it.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from clusteratlas.graph.definitions.io_table import (
    final_use_shares,
    input_output_table,
    link_output_shares,
)

CATEGORIES = {
    "TC": "final_consumption",
    "FU201": "gross_fixed_capital_formation",
    "FU202": "inventory_change",
    "EX": "exports",
}


def _raw_row(raw_dir: Path, year: int, sector: str) -> dict[str, float]:
    path = raw_dir / f"nbs_china_{year}_42.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row["Origin"] == "Domestic" and row["Code"].zfill(2) == sector:
                return {k: float(v) for k, v in row.items() if k not in
                        ("Code", "Description", "DescriptionInChinese", "Origin")}  # fmt: skip
    raise AssertionError(f"no Domestic row {sector} in {path}")


@pytest.mark.raw_data
@pytest.mark.parametrize("year", [2018, 2020])
@pytest.mark.parametrize("sector", ["08", "17"])
def test_final_uses_and_output_shares_equal_the_raw_table(
    raw_dir: Path, china: Any, sector: str, year: int
) -> None:
    raw = _raw_row(raw_dir, year, sector)
    code, x = f"NBS42:{sector}", raw["GO"]
    intermediate = {f"NBS42:{j:02d}": raw[f"{j:02d}"] for j in range(1, 43)}
    final = {CATEGORIES[c]: raw[c] for c in CATEGORIES}
    # the domestic row allocates gross output in full: x_i = sum_j z_ij + sum_k f_ik
    assert sum(intermediate.values()) + sum(final.values()) == pytest.approx(x, rel=1e-12)

    uses = china.industry_final_uses
    mine = uses[(uses["industry_code"] == code) & (uses["year"] == year)]
    assert dict(zip(mine["category"], mine["value"], strict=True)) == pytest.approx(final)
    assert set(mine["unit"]) == {"10,000 CNY (万元)"}
    shares = final_use_shares(china)[mine.index]
    assert dict(zip(mine["category"], shares, strict=True)) == pytest.approx(
        {k: v / x for k, v in final.items()}, rel=1e-12
    )

    links = china.industry_links
    sold = links[(links["from_code"] == code) & (links["year"] == year)]
    b = dict(zip(sold["to_code"], link_output_shares(china)[sold.index], strict=True))
    assert b == pytest.approx({j: z / x for j, z in intermediate.items() if z != 0}, rel=1e-12)
    # the same b as the analytics' Ghosh allocation coefficients of the table
    B = input_output_table(china, year, "NBS42").allocation_coefficients
    assert B.loc[code, list(b)].to_dict() == pytest.approx(b, rel=1e-12)
    assert sum(b.values()) + sum(shares) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.raw_data
def test_the_article_sectors_sell_mostly_to_final_demand(raw_dir: Path, china: Any) -> None:
    """2020, from the raw row: special equipment sells 59.2% of its output to final demand
    (42.1% investment, 15.2% exports), apparel and footwear 55.4% (27.7% exports, 27.6%
    consumption); electrical machinery sells 13.2% to construction."""
    special, apparel = _raw_row(raw_dir, 2020, "17"), _raw_row(raw_dir, 2020, "08")
    electrical = _raw_row(raw_dir, 2020, "19")
    assert sum(special[c] for c in CATEGORIES) / special["GO"] == pytest.approx(0.592, abs=5e-4)
    assert special["FU201"] / special["GO"] == pytest.approx(0.4215, abs=5e-5)
    assert sum(apparel[c] for c in CATEGORIES) / apparel["GO"] == pytest.approx(0.5542, abs=5e-4)
    assert electrical["27"] / electrical["GO"] == pytest.approx(0.1324, abs=5e-5)
    links = china.industry_links
    row = links[
        links["from_code"].eq("NBS42:19") & links["to_code"].eq("NBS42:27") & links["year"].eq(2020)
    ]
    assert link_output_shares(china)[row.index].item() == pytest.approx(0.1324, abs=5e-5)
    # ... while construction spends only 3.2% of its own output on it: a_ij ranks it low
    assert row["coefficient"].item() == pytest.approx(0.0323, abs=5e-5)
