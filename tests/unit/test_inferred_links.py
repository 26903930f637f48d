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
from clusteratlas.graph.analytics.inference import (
    RULE,
    _tie_key,
    infer_supply_links,
    link_distances,
    rule_breaches,
)
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
    to_a = links[links["customer_id"] == "a"].set_index("supplier_id")["score"]
    score_b, score_c = a_01_06 * math.exp(-d_ab / 100.0), a_01_06 * 1.0
    assert to_a["c"] == pytest.approx(score_c / (score_b + score_c), rel=1e-9)
    assert to_a["b"] == pytest.approx(score_b / (score_b + score_c), rel=1e-9)
    assert links["inferred"].all() and links["value"].isna().all()
    assert links["share"].isna().all()  # no input share is inferred: the score is a ranking
    assert (links["tied"] == 0).all()
    assert (links["year"] == 2020).all() and (links["supplier_id"] != links["customer_id"]).all()
    assert links["source"].str.startswith(f"inferred by {RULE} (k=2").all()
    assert links.attrs["parameters"]["decay_km"] == 100.0
    # with min_ratio 0.5 the far supplier (e^-1.11 = 0.33 of the near one) is left out
    near = infer_supply_links(ds, k=2, io_year=2020, decay_km=100.0, firm_sectors=sectors)
    to_a = near[near["customer_id"] == "a"]
    assert to_a["supplier_id"].tolist() == ["c"] and to_a["score"].tolist() == [1.0]


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
    assert chosen["score"].tolist() == [0.5, 0.5]
    assert chosen["tied"].tolist() == [4, 4]  # each picked among the four equal candidates
    # z's two links were picked among four equal candidates (a, b, c and d buy too, and
    # their own equal candidates add to the counts)
    assert links.attrs["ties"]["links"] >= 2 and links.attrs["ties"]["candidates"] >= 4


def _rules_dataset() -> ca.Dataset:
    """Seven firms in one county, a three-sector I-O table and a two-level firm scheme.

    Sectors (scheme IO): M machinery, S steel, F finance; coefficients a_ij (from -> to):
    S->M 0.15, M->M 0.10, F->F 0.07, F->M 0.03, M->S 0.005, S->S 0.20. Firm scheme FS:
    level1 FS:1 machinery, FS:2 medical, FS:3 steel, FS:9 finance; level3 FS:11
    excavators, FS:12 cranes, FS:21 medical devices, FS:31 steel plate, FS:91 brokers,
    FS:92 leasing. Firms: e1, e2 (FS:11, M), c1 (FS:12, M), m1 (FS:21, M), s1, s2 (FS:31,
    S), b1 (FS:91, F), l1 (FS:92, F)."""
    ds = _three_firm_dataset()
    regions = ds.regions.assign(lon=[None, None, 116.0, 116.0], lat=[None, None, 39.0, 40.0])
    codes = {"IO:M": ("machinery", "IO", "sector", None), "IO:S": ("steel", "IO", "sector", None),
             "IO:F": ("finance", "IO", "sector", None),
             "FS:1": ("machinery", "FS", "level1", None), "FS:2": ("medical", "FS", "level1", None),
             "FS:3": ("steel", "FS", "level1", None), "FS:9": ("finance", "FS", "level1", None),
             "FS:11": ("excavators", "FS", "level3", "FS:1"),
             "FS:12": ("cranes", "FS", "level3", "FS:1"),
             "FS:21": ("medical devices", "FS", "level3", "FS:2"),
             "FS:31": ("steel plate", "FS", "level3", "FS:3"),
             "FS:91": ("brokers", "FS", "level3", "FS:9"),
             "FS:92": ("leasing", "FS", "level3", "FS:9")}  # fmt: skip
    industries = pd.DataFrame(
        [(c, n, sch, lev, par) for c, (n, sch, lev, par) in codes.items()],
        columns=["code", "name", "scheme", "level", "parent_code"],
    )
    coefficients = [
        ("IO:S", "IO:M", 0.15), ("IO:M", "IO:M", 0.10), ("IO:F", "IO:F", 0.07),
        ("IO:F", "IO:M", 0.03), ("IO:M", "IO:S", 0.005), ("IO:S", "IO:S", 0.20),
    ]  # fmt: skip
    io = pd.DataFrame(coefficients, columns=["from_code", "to_code", "coefficient"])
    io = io.assign(year=2020, flow=io["coefficient"] * 100)
    firms = {"e1": "FS:11", "e2": "FS:11", "c1": "FS:12", "m1": "FS:21", "s1": "FS:31",
             "s2": "FS:31", "b1": "FS:91", "l1": "FS:92"}  # fmt: skip
    companies = pd.DataFrame({"id": list(firms), "name": list(firms), "region_code": "11"})
    ci = pd.DataFrame({"company_id": list(firms), "industry_code": list(firms.values()),
                       "share": 1.0, "primary": True})  # fmt: skip
    return ds.replace(regions=regions, industries=industries, industry_links=io,
                      companies=companies, company_industries=ci, region_industries=None,
                      supply_links=None)  # fmt: skip


RULES_SECTORS = pd.Series({"e1": "IO:M", "e2": "IO:M", "c1": "IO:M", "m1": "IO:M",
                           "s1": "IO:S", "s2": "IO:S", "b1": "IO:F", "l1": "IO:F"})  # fmt: skip
RULES = {"excluded_industries": ["FS:9"], "competitor_level": "FS:level3",
         "branch_level": "FS:level1", "min_coefficient": 0.06}  # fmt: skip


def _infer(ds: ca.Dataset, **rules: object) -> pd.DataFrame:
    return infer_supply_links(ds, k=3, min_ratio=0.0, io_scheme="IO", io_year=2020,
                              firm_sectors=RULES_SECTORS, **rules)  # fmt: skip


def test_the_plausibility_rules_worked_by_hand() -> None:
    """Threshold 0.06 (a parameter; 0.01 by default). By hand, buyer by buyer:
    e1 (excavators): e2 is a competitor, and excavators are only part of sector M (with
    cranes and medical devices), so a_MM = 0.10 says nothing about excavator makers buying
    from each other (dropped); m1 is in sector M but in another
    level-1 branch (dropped); b1, l1 are finance (excluded, and F->M 0.03 is immaterial);
    left: s1, s2 (0.15 each) and c1 (0.10), scores 0.375, 0.375, 0.25.
    s1 (steel): M->S 0.005 is immaterial; s2 is a competitor, but steel plate is the whole
    sector S and a_SS = 0.20 >= 0.06: kept, its only supplier.
    b1, l1 (finance): no links at all, though F->F 0.07 is material.
    c1 (cranes): s1, s2 (0.15), then e1 and e2 tie at 0.10 for the last place: one of the
    two is chosen, tied = 2. m1 (medical): only s1, s2 (M firms are another branch)."""
    links = _infer(_rules_dataset(), **RULES)
    got = {
        b: sorted(zip(g["supplier_id"], g["score"].round(6), g["tied"], strict=True))
        for b, g in links.groupby("customer_id")
    }
    assert got["e1"] == [("c1", 0.25, 0), ("s1", 0.375, 0), ("s2", 0.375, 0)]
    assert got["e2"] == [("c1", 0.25, 0), ("s1", 0.375, 0), ("s2", 0.375, 0)]
    assert got["s1"] == [("s2", 1.0, 0)] and got["s2"] == [("s1", 1.0, 0)]
    assert got["m1"] == [("s1", 0.5, 0), ("s2", 0.5, 0)]
    (tied_one,) = [s for s, _, t in got["c1"] if t]
    assert tied_one in {"e1", "e2"}
    assert sorted((s, sc, t) for s, sc, t in got["c1"] if not t) == [
        ("s1", 0.375, 0), ("s2", 0.375, 0)]  # fmt: skip
    assert [t for s, _, t in got["c1"] if s == tied_one] == [2]
    assert not {"b1", "l1"} & (set(links["supplier_id"]) | set(links["customer_id"]))
    assert links.attrs["ties"] == {"links": 1, "candidates": 2, "buyers": 1}
    # every link passes the check; rule_breaches agrees with the choice
    assert rule_breaches(_rules_dataset(), links, io_scheme="IO", io_year=2020,
                         firm_sectors=RULES_SECTORS, **RULES)["plausible"].all()  # fmt: skip


def test_each_rule_drops_what_it_says_and_nothing_without_it() -> None:
    """Without the check (threshold 0, no exclusions) the broker and the lessor supply each
    other, excavator makers supply each other and machinery supplies steel; rule_breaches
    names the rule each of those pairs breaks."""
    ds = _rules_dataset()
    unchecked = infer_supply_links(ds, k=8, min_ratio=0.0, io_scheme="IO", io_year=2020,
                                   firm_sectors=RULES_SECTORS, min_coefficient=0.0)  # fmt: skip
    pairs = set(zip(unchecked["supplier_id"], unchecked["customer_id"], strict=True))
    assert {("b1", "l1"), ("l1", "b1"), ("e2", "e1"), ("m1", "e1")} <= pairs
    asked = pd.DataFrame([("b1", "l1"), ("e2", "e1"), ("m1", "e1"), ("e1", "s1"),
                          ("s2", "s1"), ("c1", "e1"), ("x", "e1")],
                         columns=["supplier_id", "customer_id"])  # fmt: skip
    out = rule_breaches(ds, asked, io_scheme="IO", io_year=2020, firm_sectors=RULES_SECTORS,
                        **RULES).set_index(["supplier_id", "customer_id"])  # fmt: skip
    flags = ["excluded", "immaterial", "competitor", "other_branch", "plausible"]
    rows = {k: [bool(v) for v in r] for k, r in zip(out.index, out[flags].values, strict=True)}
    assert rows[("b1", "l1")] == [True, False, False, False, False]  # F->F 0.07 is material
    assert rows[("e2", "e1")] == [False, False, True, False, False]
    assert rows[("m1", "e1")] == [False, False, False, True, False]
    assert rows[("e1", "s1")] == [False, True, False, False, False]
    assert rows[("s2", "s1")] == [False, False, False, False, True]
    assert rows[("c1", "e1")] == [False, False, False, False, True]
    assert rows[("x", "e1")][1] and not rows[("x", "e1")][4]  # unknown firm: no coefficient
    assert out.loc[("e1", "s1"), "coefficient"] == 0.005
    # competitors of an industry that is its whole sector pass only while a_ii is material
    strict = {**RULES, "min_coefficient": 0.25}  # a_SS = 0.20 is now below the threshold
    got = set(zip(_infer(ds, **strict)["supplier_id"], _infer(ds, **strict)["customer_id"],
                  strict=True))  # fmt: skip
    assert ("s2", "s1") not in got
    again = rule_breaches(ds, asked, io_scheme="IO", io_year=2020, firm_sectors=RULES_SECTORS,
                          **strict).set_index(["supplier_id", "customer_id"])  # fmt: skip
    assert again.loc[("s2", "s1"), "competitor"] and again.loc[("e2", "e1"), "competitor"]
    # the same excavator makers, alone in sector M, would be linked (a_MM 0.10 >= 0.06)
    alone = _infer(ds.replace(companies=ds.companies[ds.companies["id"].isin(["e1", "e2"])]),
                   **RULES)  # fmt: skip
    assert sorted(zip(alone["supplier_id"], alone["customer_id"], strict=True)) == [
        ("e1", "e2"), ("e2", "e1")]  # fmt: skip


def _flow_dataset() -> ca.Dataset:
    """Three firms in one county: farm a1 (sector A, firm industry FS:41), food maker d1
    (D, FS:51), wholesaler t1 (T, FS:61). Coefficients and flows (from -> to): A->D 0.30
    (flow 300), D->A 0.08 (flow 80): material both ways, the flow mostly A -> D; T->D 0.05
    (flow 50, the trade margin on the food maker's purchases); D->T 0.02 (flow 60)."""
    ds = _rules_dataset()
    codes = {"IO:A": ("farming", "IO", "sector", None), "IO:D": ("food", "IO", "sector", None),
             "IO:T": ("trade", "IO", "sector", None),
             "FS:4": ("farming", "FS", "level1", None), "FS:5": ("food", "FS", "level1", None),
             "FS:6": ("trade", "FS", "level1", None),
             "FS:41": ("pigs", "FS", "level3", "FS:4"), "FS:51": ("meat", "FS", "level3", "FS:5"),
             "FS:61": ("wholesale", "FS", "level3", "FS:6")}  # fmt: skip
    industries = pd.DataFrame(
        [(c, n, sch, lev, par) for c, (n, sch, lev, par) in codes.items()],
        columns=["code", "name", "scheme", "level", "parent_code"],
    )
    io = pd.DataFrame(
        [("IO:A", "IO:D", 300.0, 0.30), ("IO:D", "IO:A", 80.0, 0.08),
         ("IO:T", "IO:D", 50.0, 0.05), ("IO:D", "IO:T", 60.0, 0.02)],
        columns=["from_code", "to_code", "flow", "coefficient"],
    ).assign(year=2020)  # fmt: skip
    firms = {"a1": "FS:41", "d1": "FS:51", "t1": "FS:61"}
    companies = pd.DataFrame({"id": list(firms), "name": list(firms), "region_code": "11"})
    ci = pd.DataFrame({"company_id": list(firms), "industry_code": list(firms.values()),
                       "share": 1.0, "primary": True})  # fmt: skip
    return ds.replace(industries=industries, industry_links=io, companies=companies,
                      company_industries=ci)  # fmt: skip


FLOW_SECTORS = pd.Series({"a1": "IO:A", "d1": "IO:D", "t1": "IO:T"})


def test_links_run_with_the_flow_and_trade_firms_supply_no_one() -> None:
    """By hand. Unchecked: a1 -> d1 (0.30), d1 -> a1 (0.08), t1 -> d1 (0.05), d1 -> t1
    (0.02): the farm and the food maker are each other's supplier, and the wholesaler
    supplies the food maker. Rule 5 (directed): z_DA = 80 < z_AD = 300 drops d1 -> a1,
    z_TD = 50 < z_DT = 60 drops t1 -> d1. Rule 6 (FS:6 a non-supplier): t1 -> d1 goes,
    d1 -> t1 stays (a wholesaler may buy). Both: a1 -> d1 and d1 -> t1, one way each."""
    ds = _flow_dataset()

    def pairs(**rules: object) -> list[tuple[str, str]]:
        got = infer_supply_links(ds, k=3, min_ratio=0.0, io_scheme="IO", io_year=2020,
                                 firm_sectors=FLOW_SECTORS, **rules)  # fmt: skip
        return sorted(zip(got["supplier_id"], got["customer_id"], strict=True))

    assert pairs() == [("a1", "d1"), ("d1", "a1"), ("d1", "t1"), ("t1", "d1")]
    assert pairs(directed=True) == [("a1", "d1"), ("d1", "t1")]
    assert pairs(non_suppliers=["FS:6"]) == [("a1", "d1"), ("d1", "a1"), ("d1", "t1")]
    assert pairs(non_suppliers=["FS:61"]) == pairs(non_suppliers=["FS:6"])  # any level
    assert pairs(directed=True, non_suppliers=["FS:6"]) == [("a1", "d1"), ("d1", "t1")]
    asked = pd.DataFrame([("a1", "d1"), ("d1", "a1"), ("t1", "d1"), ("d1", "t1")],
                         columns=["supplier_id", "customer_id"])  # fmt: skip
    out = rule_breaches(ds, asked, io_scheme="IO", io_year=2020, firm_sectors=FLOW_SECTORS,
                        directed=True, non_suppliers=["FS:6"])  # fmt: skip
    flags = out[["against_flow", "non_supplier", "plausible"]].values.tolist()
    assert flags == [[False, False, True], [True, False, False], [True, True, False],
                     [False, False, True]]  # fmt: skip
    # without the rules, rule_breaches judges neither
    plain = rule_breaches(ds, asked, io_scheme="IO", io_year=2020, firm_sectors=FLOW_SECTORS)
    assert plain["plausible"].all()
    # a table without flows cannot orient a pair: rule 5 then judges nothing
    no_flow = ds.replace(industry_links=ds.industry_links.drop(columns="flow"))
    got = infer_supply_links(no_flow, k=3, min_ratio=0.0, io_scheme="IO", io_year=2020,
                             firm_sectors=FLOW_SECTORS, directed=True)  # fmt: skip
    assert len(got) == 4
    assert "direction with the flow, non-suppliers none)" in got["source"].iloc[0]


def test_within_a_sector_only_one_narrow_industry_is_linked_at_level3() -> None:
    """Rule 4 at level 3: the crane maker c1 and the excavator makers e1, e2 share sector M
    and level-1 branch FS:1, so at level 1 c1 supplies e1 (a_MM 0.10); at level 3 they
    are different industries and neither supplies the other; the steel makers, one
    industry that is its whole sector S, still are (rule 3)."""
    ds = _rules_dataset()
    level1 = _infer(ds, **RULES)
    level3 = _infer(ds, **{**RULES, "branch_level": "FS:level3"})
    one = set(zip(level1["supplier_id"], level1["customer_id"], strict=True))
    three = set(zip(level3["supplier_id"], level3["customer_id"], strict=True))
    assert {("c1", "e1"), ("e1", "c1")} <= one
    assert not {p for p in three if p[0] in {"c1", "e1", "e2", "m1"} and
                p[1] in {"c1", "e1", "e2", "m1"}}  # fmt: skip
    assert {("s1", "s2"), ("s2", "s1")} <= three
    assert set(level3["customer_id"]) == {"e1", "e2", "c1", "m1", "s1", "s2"}


def test_bad_parameters_are_refused() -> None:
    ds = _three_firm_dataset()
    with pytest.raises(UsageError):
        infer_supply_links(ds, k=0)
    with pytest.raises(UsageError):
        infer_supply_links(ds, size_column="turnover")
    with pytest.raises(MatrixError):
        infer_supply_links(ds, io_year=1999)
    with pytest.raises(UsageError, match="min_coefficient"):
        infer_supply_links(ds, min_coefficient=-0.1)
    with pytest.raises(UsageError, match="SW2021:480000"):
        infer_supply_links(ds, excluded_industries=["SW2021:480000"])
    with pytest.raises(UsageError, match="competitor_level 'SW2021:level3'"):
        infer_supply_links(ds, competitor_level="SW2021:level3")
    with pytest.raises(UsageError, match="non_suppliers"):
        infer_supply_links(ds, non_suppliers=["SW2021:450000"])


@pytest.fixture(scope="module")
def links_ds() -> ca.Dataset:
    return load_bundled("china-inferred-links")


def _manifest() -> dict:
    path = bundled_dir("china-inferred-links") / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _rules() -> dict:
    rule = _manifest()["rule"]
    return {k: rule[k] for k in ("min_coefficient", "excluded_industries", "competitor_level",
                                 "branch_level", "directed", "non_suppliers")}  # fmt: skip


def test_the_bundled_links_are_their_own_dataset_all_inferred(
    links_ds: ca.Dataset, china: ca.Dataset
) -> None:
    assert links_ds.metadata["name"] == "china-inferred-links"
    assert links_ds.metadata["inferred"] is True and links_ds.metadata["rule"]["rule"] == RULE
    assert validate_dataset(links_ds) == []
    links = links_ds.supply_links
    assert len(links) == _manifest()["counts"]["supply_links"] > 6000
    assert links["inferred"].all()
    assert links["source"].str.contains("not an observed link").all()
    assert links["share"].isna().all() and links["value"].isna().all()  # a score, no share
    per_buyer = links.groupby("customer_id")
    assert per_buyer.size().max() == 3
    assert np.allclose(per_buyer["score"].sum(), 1.0)
    assert len(china.supply_links) == 0  # the observed dataset stays without links
    assert set(links_ds.companies["id"]) <= set(china.companies["id"])
    assert set(links_ds.companies["exchange"]) == {"SZSE"}


def test_the_bundled_links_are_the_rule_applied_to_china(
    links_ds: ca.Dataset, china: ca.Dataset
) -> None:
    key = ["supplier_id", "customer_id", "year"]
    rules = _rules()
    assert rules == {
        "min_coefficient": 0.01,
        "excluded_industries": ["SW2021:480000", "SW2021:490000"],
        "competitor_level": "SW2021:level3",
        "branch_level": "SW2021:level3",
        "directed": True,
        "non_suppliers": ["SW2021:450000", "SW2021:370400", "SW2021:280300"],
    }
    again = infer_supply_links(china, **rules).sort_values(key).reset_index(drop=True)
    shipped = links_ds.supply_links.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(again, shipped, check_dtype=False)


def test_no_bundled_link_has_a_financial_or_leasing_firm_and_all_pass_the_check(
    links_ds: ca.Dataset, china: ca.Dataset
) -> None:
    from clusteratlas.graph.analytics.firms import company_industries_at

    level1 = company_industries_at(china, "SW2021", "level1")
    level3 = company_industries_at(china, "SW2021", "level3")
    finance = set(level1.index[level1.isin(["SW2021:480000", "SW2021:490000"])])
    assert len(finance) > 30 and "SZSE:000415" in finance  # 渤海租赁, leasing
    assert "SZSE:000415" in set(level3.index[level3 == "SW2021:490305"])  # 租赁
    links = links_ds.supply_links
    ends = set(links["supplier_id"]) | set(links["customer_id"])
    assert not ends & finance
    assert rule_breaches(china, links, **_rules())["plausible"].all()


def test_the_researchers_examples_are_gone_unless_a_rule_justifies_them(
    links_ds: ca.Dataset, china: ca.Dataset
) -> None:
    """Issue 24: 申万宏源 (securities) and 渤海租赁 (leasing) were each other's only
    supplier; 山河智能's suppliers were its competitor 中联重科, 力合科技 (environmental
    monitoring) and 楚天科技 (pharma machinery); the Jinjiang zip maker 浔兴股份 and the
    leather maker 兴业科技 supplied each other 100%."""
    links = links_ds.supply_links
    ends = set(links["supplier_id"]) | set(links["customer_id"])
    assert not {"SZSE:000166", "SZSE:000415"} & ends
    sunward = set(links.loc[links["customer_id"] == "SZSE:002097", "supplier_id"])
    assert sunward and not sunward & {"SZSE:000157", "SZSE:300800", "SZSE:300358"}
    # the zip and leather makers are both Shenwan 辅料 (apparel accessories, level 3), 3
    # of the 18 firms of NBS42:07 textiles: a_77 = 0.342 does not speak for 辅料 (rule 3)
    zip_leather = {"SZSE:002098", "SZSE:002674"}
    pair = links[links["supplier_id"].isin(zip_leather) & links["customer_id"].isin(zip_leather)]
    assert pair.empty
    from clusteratlas.graph.analytics.firms import company_industries_at

    level3 = company_industries_at(china, "SW2021", "level3")
    sectors = company_io_sectors(china, "NBS42")
    textile = level3[sectors.reindex(level3.index) == "NBS42:07"]
    assert level3["SZSE:002098"] == level3["SZSE:002674"] == "SW2021:350105"
    assert (len(textile), int((textile == "SW2021:350105").sum())) == (18, 3)
    both = pd.DataFrame({"supplier_id": ["SZSE:002098"], "customer_id": ["SZSE:002674"]})
    assert rule_breaches(china, both, **_rules())["competitor"].all()
    # no competitor of a narrow industry that is only part of its sector is left
    firms = pd.DataFrame({"narrow": level3, "sector": sectors}).dropna()
    whole = firms.groupby("sector")["narrow"].nunique() == 1
    same = links[links["supplier_id"].map(level3) == links["customer_id"].map(level3)]
    assert len(same) > 0 and same["customer_id"].map(sectors).map(whole).all()


def test_the_non_suppliers_are_the_trade_sector_and_supply_no_bundled_link(
    links_ds: ca.Dataset, china: ca.Dataset
) -> None:
    """Rule 6's Shenwan industries are exactly those the judgement table maps to NBS42:28
    (wholesale and retail, with their sub-industries); none of their firms supplies, some
    buy."""
    from clusteratlas.graph.analytics.firms import company_industries_at

    table = pd.read_csv(Path(__file__).resolve().parents[2] / "loaders" / "reference"
                        / "sw2021_nbs42.csv")  # fmt: skip
    trade = table[table["nbs42_code"] == "NBS42:28"]
    parents = china.industries.set_index("code")["parent_code"]
    tops = {c for c in trade["sw_code"] if parents.get(c) not in set(trade["sw_code"])}
    assert tops == set(_rules()["non_suppliers"])
    sectors = company_io_sectors(china, "NBS42")
    traders = set(sectors.index[sectors == "NBS42:28"])
    assert len(traders) > 40
    links = links_ds.supply_links
    assert not traders & set(links["supplier_id"])
    assert traders & set(links["customer_id"])
    # the drugstore chain 一心堂 is a trade firm through 医药商业 (level 2), not 商贸零售
    level1 = company_industries_at(china, "SW2021", "level1")
    assert "SZSE:002727" in traders and level1["SZSE:002727"] == "SW2021:370000"


def test_bundled_links_follow_the_flow_and_run_both_ways_only_within_one_industry(
    links_ds: ca.Dataset, china: ca.Dataset
) -> None:
    """Every link between sectors runs with the table's flow (z_ij >= z_ji); the pairs
    linked both ways are all firms of one Shenwan level-3 industry that is its whole
    sector (rule 3); within a sector no two industries are linked (rule 4 at level 3)."""
    from clusteratlas.graph.analytics.firms import company_industries_at

    links = links_ds.supply_links
    sectors = company_io_sectors(china, "NBS42")
    level3 = company_industries_at(china, "SW2021", "level3")
    io = china.industry_links[china.industry_links["year"] == 2020]
    z = io.set_index(["from_code", "to_code"])["flow"]
    i, j = links["supplier_id"].map(sectors), links["customer_id"].map(sectors)
    between = i != j
    forward = z.reindex(list(zip(i[between], j[between], strict=True))).to_numpy()
    backward = z.reindex(list(zip(j[between], i[between], strict=True))).fillna(0).to_numpy()
    assert between.sum() > 6000 and (forward >= backward).all()
    # farms supply only sectors with a_01,j >= 0.01, and not chemicals (z_01,12 < z_12,01)
    a = io.set_index(["from_code", "to_code"])["coefficient"]
    farm_buyers = set(j[i == "NBS42:01"])
    assert farm_buyers and all(a[("NBS42:01", b)] >= 0.01 for b in farm_buyers)
    assert "NBS42:12" not in farm_buyers and a[("NBS42:01", "NBS42:12")] >= 0.01
    within = links[~between]
    assert (within["supplier_id"].map(level3) == within["customer_id"].map(level3)).all()
    pairs = set(zip(links["supplier_id"], links["customer_id"], strict=True))
    both = {(s, c) for s, c in pairs if (c, s) in pairs}
    assert 0 < len(both) < 60 and both <= set(zip(within["supplier_id"], within["customer_id"],
                                                    strict=True))  # fmt: skip
    firms = pd.DataFrame({"narrow": level3, "sector": sectors}).dropna()
    whole = firms.groupby("sector")["narrow"].nunique() == 1
    assert all(whole[sectors[s]] for s, _ in both)
    # so few buyers now depend on one supplier that supplies them in turn (84 before)
    per_buyer = links.groupby("customer_id")["supplier_id"].agg(list)
    only = {c: ss[0] for c, ss in per_buyer.items() if len(ss) == 1}
    assert 0 < len(only) < 111
    assert sum((c, s) in pairs for c, s in only.items()) <= 5


def test_the_second_reviews_pairs_are_gone_unless_the_table_cannot_tell(
    links_ds: ca.Dataset, china: ca.Dataset
) -> None:
    """The review's pairs: flavours <-> explosives, cement <-> concrete, rockets -> three
    aircraft makers and crane -> crane maker are gone by rule 4 (within one sector, other
    Shenwan level-3 industries); the drugstore chain -> cosmetics brand by rule 6. Left,
    each for a reason the docs state: the gas distributors (one industry that is its whole
    sector, a_ii = 0.123: rule 3 lets the table's trade among them stand, both ways), and
    four links from broad sectors the 42-sector table cannot split: farming -> food
    (a = 0.348), -> water and environment (0.084) and -> textiles (0.186; the zip maker is
    Shenwan 纺织制造); transport equipment -> transport services (0.072)."""
    from bundled_data.build_china import REVIEW_PAIRS

    links = links_ds.supply_links
    linked = set(zip(links["supplier_id"], links["customer_id"], strict=True))
    survivors = {("SZSE:002259", "SZSE:000593"), ("SZSE:000593", "SZSE:002259"),
                 ("SZSE:002696", "SZSE:002329"), ("SZSE:002696", "SZSE:300422"),
                 ("SZSE:000589", "SZSE:002928"), ("SZSE:300972", "SZSE:002098")}  # fmt: skip
    assert set(REVIEW_PAIRS) & linked == survivors
    asked = pd.DataFrame(REVIEW_PAIRS, columns=["supplier_id", "customer_id"])
    out = rule_breaches(china, asked, **_rules()).set_index(["supplier_id", "customer_id"])
    gone = out.drop(index=list(survivors))
    assert len(gone) == 9 and (~gone["plausible"]).all()
    assert gone["other_branch"].sum() == 8
    assert gone.loc[("SZSE:002727", "SZSE:300957"), "non_supplier"]
    assert out.loc[list(survivors), "plausible"].all()
    # the gas pair: competitors of one industry, its whole sector, a_ii material
    sectors = company_io_sectors(china, "NBS42")
    assert sectors["SZSE:002259"] == sectors["SZSE:000593"] == "NBS42:25"
    # with level-1 branches (the first rebuild) the rockets -> aircraft pair was plausible
    level1 = {**_rules(), "branch_level": "SW2021:level1"}
    again = rule_breaches(china, asked, **level1).set_index(["supplier_id", "customer_id"])
    assert again.loc[("SZSE:003009", "SZSE:000768"), "plausible"]


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
    ties = _manifest()["ties"]
    assert 0 < ties["links"] < ties["candidates"] and ties["buyers"] <= ties["links"]
    tied = links_ds.supply_links["tied"]
    assert (tied > 0).sum() == ties["links"] and (tied[tied > 0] >= 2).all()
    n = len(links_ds.supply_links)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"{round(100 * ties['links'] / n)}% of the links were chosen among equal scores" in (
        " ".join(readme.split())
    )


def test_the_readme_report_is_the_builds(links_ds: ca.Dataset, china: ca.Dataset) -> None:
    from bundled_data.build_china import inferred_links_report, inferred_links_report_markdown

    report = inferred_links_report(china, links_ds.supply_links)
    text = (bundled_dir("china-inferred-links") / "README.md").read_text(encoding="utf-8")
    body = text.split("<!-- BEGIN generated: inferred-links-report -->\n")[1].split(
        "\n<!-- END generated: inferred-links-report -->"
    )[0]
    assert body == inferred_links_report_markdown(report), (
        "loaders/bundled/china-inferred-links/README.md is stale: rerun scripts/build-bundled-data"
    )
    assert report["removed"] == {k: v for k, v in _manifest()["plausibility"].items()
                                 if k != "note"} | {"note": report["removed"]["note"]}  # fmt: skip
    assert report["removed"]["excluded"] > 0 and report["removed"]["other_branch"] > 0
    km = link_distances(china, links_ds.supply_links)
    assert km.notna().all() and sum(report["distance_km"]["classes"]) == len(km)
    pairs = report["level1_pairs"]
    assert sum(c for *_, c in pairs) == len(links_ds.supply_links)
    assert not any("银行" in (a, b) or "非银金融" in (a, b) for a, b, _ in pairs)


def test_a_cascade_runs_on_the_inferred_network(links_ds: ca.Dataset) -> None:
    G = supply_network(links_ds)
    assert G.number_of_edges() == len(links_ds.supply_links)
    assert sum(1 for v in G.nodes if G.in_degree(v) == 1) > 0  # single-supplier buyers exist
    assert all(a["inferred"] for _, _, a in G.edges(data=True))
    assert all(a["share"] is None and a["score"] > 0 for _, _, a in G.edges(data=True))
    # the supplier most buyers depend on, removed: its buyers lose inputs, some fail
    hub = max(G.nodes, key=G.out_degree)
    out = cascade(G, [hub], threshold=0.3, weight="score")
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
