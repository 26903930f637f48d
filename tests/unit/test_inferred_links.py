"""Inferred firm links: the rule, worked by hand, and the bundled china-inferred-links dataset."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import clusteratlas as ca
from clusteratlas.errors import MatrixError, UsageError
from clusteratlas.graph.analytics.cascade import cascade
from clusteratlas.graph.analytics.firms import company_io_sectors
from clusteratlas.graph.analytics.inference import RULE, _tie_key, infer_supply_links
from clusteratlas.graph.definitions.examples import example_dataset
from clusteratlas.graph.definitions.supply import supply_network
from clusteratlas.loaders.bundled import bundled_dir, load_bundled
from clusteratlas.loaders.validation import validate_dataset


def _three_firm_dataset() -> ca.Dataset:
    """Firms a (sector 06) and b, c (sector 01); a in one county, b 111 km north, c with a."""
    ds = example_dataset()
    regions = pd.DataFrame(
        {"code": ["1", "10", "11", "12"], "name": ["C", "P", "X", "Y"],
         "level": ["country", "province", "county", "county"],
         "parent_code": [None, "1", "10", "10"], "lon": [None, None, 116.0, 116.0],
         "lat": [None, None, 39.0, 40.0]})  # fmt: skip
    companies = pd.DataFrame({"id": ["a", "b", "c"], "name": ["A", "B", "C"],
                              "region_code": ["11", "12", "11"]})  # fmt: skip
    return ds.replace(regions=regions, companies=companies, company_industries=None)


def test_the_rule_scores_coefficient_times_distance_decay_as_written() -> None:
    ds = _three_firm_dataset()
    sectors = pd.Series({"a": "NBS42:06", "b": "NBS42:01", "c": "NBS42:01"})
    links = infer_supply_links(
        ds, k=2, io_year=2020, decay_km=100.0, min_ratio=0.0, firm_sectors=sectors
    )
    coef = ds.industry_links.set_index(["from_code", "to_code", "year"])["coefficient"]
    a_01_06 = coef[("NBS42:01", "NBS42:06", 2020)]
    d_ab = 6371.0 * math.radians(1.0)  # one degree of latitude
    # buyer a: suppliers b (far) and c (same county), both sector 01
    to_a = links[links["customer_id"] == "a"].set_index("supplier_id")["share"]
    score_b, score_c = a_01_06 * math.exp(-d_ab / 100.0), a_01_06 * 1.0
    assert to_a["c"] == pytest.approx(score_c / (score_b + score_c), rel=1e-9)
    assert to_a["b"] == pytest.approx(score_b / (score_b + score_c), rel=1e-9)
    assert links["inferred"].all() and links["value"].isna().all()
    assert (links["year"] == 2020).all() and (links["supplier_id"] != links["customer_id"]).all()
    assert links["source"].str.startswith(f"inferred by {RULE} (k=2").all()
    assert links.attrs["parameters"]["decay_km"] == 100.0
    # with min_ratio 0.5 the far supplier (e^-1.11 = 0.33 of the near one) is left out
    near = infer_supply_links(ds, k=2, io_year=2020, decay_km=100.0, firm_sectors=sectors)
    to_a = near[near["customer_id"] == "a"]
    assert to_a["supplier_id"].tolist() == ["c"] and to_a["share"].tolist() == [1.0]


def test_equal_scores_are_ordered_by_the_pair_key_not_by_id() -> None:
    """Buyer z and four suppliers of one sector in its county: all score the same, so the
    k = 2 links go to the two with the smallest BLAKE2b key of (z, supplier), worked
    out here with hashlib, whatever their ids."""
    import hashlib

    ds = _three_firm_dataset()
    firms = ["a", "b", "c", "d", "z"]
    companies = pd.DataFrame({"id": firms, "name": firms, "region_code": ["11"] * 5})
    ds = ds.replace(companies=companies)
    sectors = pd.Series({"a": "NBS42:01", "b": "NBS42:01", "c": "NBS42:01",
                         "d": "NBS42:01", "z": "NBS42:06"})  # fmt: skip
    links = infer_supply_links(ds, k=2, io_year=2020, firm_sectors=sectors)

    def key(buyer: str, supplier: str) -> int:
        raw = hashlib.blake2b(buyer.encode() + b"\x00" + supplier.encode(), digest_size=8)
        return int(raw.hexdigest(), 16)

    expected = sorted("abcd", key=lambda s: key("z", s))[:2]
    assert [_tie_key("z", s) for s in "abcd"] == [key("z", s) for s in "abcd"]
    chosen = links[links["customer_id"] == "z"]
    assert sorted(chosen["supplier_id"]) == sorted(expected)
    assert sorted(expected) != ["a", "b"]  # the case where ordering by id would differ
    assert chosen["share"].tolist() == [0.5, 0.5]
    # z's two links were picked among four equal candidates (a, b, c and d buy too, and
    # their own equal candidates add to the counts)
    assert links.attrs["ties"]["links"] >= 2 and links.attrs["ties"]["candidates"] >= 4


def test_bad_parameters_are_refused() -> None:
    ds = _three_firm_dataset()
    with pytest.raises(UsageError):
        infer_supply_links(ds, k=0)
    with pytest.raises(UsageError):
        infer_supply_links(ds, size_column="turnover")
    with pytest.raises(MatrixError):
        infer_supply_links(ds, io_year=1999)


@pytest.fixture(scope="module")
def links_ds() -> ca.Dataset:
    return load_bundled("china-inferred-links")


def test_the_bundled_links_are_their_own_dataset_all_inferred(
    links_ds: ca.Dataset, china: ca.Dataset
) -> None:
    assert links_ds.metadata["name"] == "china-inferred-links"
    assert links_ds.metadata["inferred"] is True and links_ds.metadata["rule"]["rule"] == RULE
    assert validate_dataset(links_ds) == []
    links = links_ds.supply_links
    assert len(links) == 6851 and links["inferred"].all()
    assert links["source"].str.contains("not an observed link").all()
    per_buyer = links.groupby("customer_id")
    assert per_buyer.size().max() == 3
    assert np.allclose(per_buyer["share"].sum(), 1.0)
    assert len(china.supply_links) == 0  # the observed dataset stays without links
    assert set(links_ds.companies["id"]) <= set(china.companies["id"])
    assert set(links_ds.companies["exchange"]) == {"SZSE"}


def test_the_bundled_links_are_the_rule_applied_to_china(
    links_ds: ca.Dataset, china: ca.Dataset
) -> None:
    key = ["supplier_id", "customer_id", "year"]
    again = infer_supply_links(china).sort_values(key).reset_index(drop=True)
    shipped = links_ds.supply_links.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(again, shipped, check_dtype=False)


def test_the_bundled_links_favour_no_firm_by_its_id(
    links_ds: ca.Dataset, china: ca.Dataset
) -> None:
    """Firms of one sector in one county tie for every buyer: the links must spread over
    them, not go to the smallest ids. In groups of six or more such firms, the three
    smallest ids and the others supply about as many buyers each (ordering ties by id
    gave 11.2 against 0.3)."""
    firms = china.companies.set_index("id")[["region_code"]]
    firms = firms.assign(sector=company_io_sectors(china, "NBS42")).dropna()
    firms = firms[firms.index.isin(set(links_ds.supply_links["customer_id"]))].sort_index()
    firms["buyers"] = links_ds.supply_links["supplier_id"].value_counts()
    firms["buyers"] = firms["buyers"].fillna(0)
    group = firms.groupby(["region_code", "sector"])
    firms = firms.assign(rank=group.cumcount(), size=group["buyers"].transform("size"))
    big = firms[firms["size"] >= 6]
    assert len(big) > 100
    first, rest = big[big["rank"] < 3]["buyers"].mean(), big[big["rank"] >= 3]["buyers"].mean()
    assert 0.67 < first / rest < 1.5, (first, rest)
    manifest = bundled_dir("china-inferred-links") / "manifest.json"
    ties = json.loads(manifest.read_text(encoding="utf-8"))["ties"]
    assert 0 < ties["links"] < ties["candidates"] and ties["buyers"] <= ties["links"]
    # the READMEs state these counts: they must be the build's
    n = len(links_ds.supply_links)
    data_readme = (bundled_dir("china-inferred-links") / "README.md").read_text(encoding="utf-8")
    stated = f"{ties['links']:,} of the {n:,}\nlinks ({round(100 * ties['links'] / n)}%, for "
    assert stated + f"{ties['buyers']:,} buyers)" in data_readme
    assert f"among {ties['candidates']:,} equally scored candidates" in data_readme
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"{round(100 * ties['links'] / n)}% of the links were chosen among equal scores" in (
        " ".join(readme.split())
    )


def test_a_cascade_runs_on_the_inferred_network(links_ds: ca.Dataset) -> None:
    G = supply_network(links_ds)
    assert G.number_of_edges() == 6851
    assert sum(1 for v in G.nodes if G.in_degree(v) == 1) > 0  # single-supplier buyers exist
    assert all(a["inferred"] for _, _, a in G.edges(data=True))
    # the supplier most buyers depend on, removed: its buyers lose inputs, some fail
    hub = max(G.nodes, key=G.out_degree)
    out = cascade(G, [hub], threshold=0.3, weight="share")
    failed = set(out.index[out["failed"]])
    assert hub in failed and len(failed) > 1


def test_the_documented_observed_links_example_validates() -> None:
    from pathlib import Path

    from clusteratlas.loaders.dataset import Dataset

    path = Path(__file__).resolve().parents[2] / "docs" / "examples" / "observed-links"
    ds = Dataset.from_dir(path)
    assert len(ds.supply_links) == 3 and not ds.supply_links["inferred"].any()
    shares = ds.supply_links.groupby("customer_id")["share"].sum()
    assert shares.to_dict() == {"FIRM:A": 1.0, "FIRM:B": 1.0}
    doc = (path.parents[1] / "data-format.md").read_text(encoding="utf-8")
    assert (path / "supply_links.csv").read_text(encoding="utf-8") in doc


def test_the_inferred_links_are_viewed_offline_together_with_china(tmp_path) -> None:
    """Without a server, ``--bundled china-inferred-links`` is read with ``china`` (its
    companies' employment and I-O table), says so, and draws ZTE's inferred suppliers
    dashed; alone it had no employment and exited 4."""
    from click.testing import CliRunner

    from clusteratlas.cli import cli

    out = tmp_path / "zte.html"
    args = ["view", "supply-chain", "--bundled", "china-inferred-links", "--focus",
            "SZSE:000063", "-o", str(out)]  # fmt: skip
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    assert "read together with china, the dataset it was derived from" in res.stderr
    page = out.read_text(encoding="utf-8")
    links = load_bundled("china-inferred-links").supply_links
    suppliers = links.loc[links["customer_id"] == "SZSE:000063", "supplier_id"]
    assert len(suppliers) == 3 and all(s in page for s in suppliers)
    assert "Dashed links are INFERRED" in page
    # loading and validating keep it on its own (its own dataset id)
    res = CliRunner().invoke(cli, ["validate", "--bundled", "china-inferred-links"])
    assert res.exit_code == 0 and "read together" not in res.stderr
