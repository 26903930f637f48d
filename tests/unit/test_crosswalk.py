"""The one rule that maps industries between schemes (crosswalk rows, then the hierarchy),
and what defaults to the data instead of to China: the firm scheme, the I-O scheme.

The tiny dataset, by hand:

    scheme IO  (target):  IO:1, IO:2, IO:3            (no parents)
    scheme SEC:           SEC:A <- IO:3                (IO:3's parent is a section)
    scheme F (firms):     F:1 <- F:11 <- F:111         (a class, a subclass, an item)
                          F:1 <- F:12
                          F:2 <- F:21
                          F:3 <- F:31 <- F:311
    scheme G:             G:1 (parent IO:2), G:2 (parent SEC:A)

    crosswalk:  F:1  -> IO:1 (0.7), IO:2 (0.3)    weights: IO:1
                F:12 -> IO:3                       own row beats the parent's
                F:2  -> IO:2 (0.5), IO:1 (0.5)     a tie: the smaller code, IO:1
                F:21 -> IO:3 (empty), IO:2 (0.9)   empty weight = 1: IO:3
                F:3  -> SEC:A                      rows to another scheme: not for IO
                F:31 -> IO:2
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from clusteratlas.errors import DataValidationError, UsageError
from clusteratlas.graph.analytics import firms
from clusteratlas.graph.analytics.crosswalk import _crosswalk_targets, industries_to_scheme
from clusteratlas.graph.analytics.declared import declared_cluster_sectors
from clusteratlas.graph.analytics.firms import company_io_sectors, region_io_sectors
from clusteratlas.graph.definitions.scope import AnalysisScope, _firm_scheme_of
from clusteratlas.loaders.dataset import Dataset

INDUSTRIES = [
    ("IO:1", "IO", "sector", None),
    ("IO:2", "IO", "sector", None),
    ("IO:3", "IO", "sector", "SEC:A"),
    ("SEC:A", "SEC", "section", None),
    ("F:1", "F", "class", None),
    ("F:11", "F", "subclass", "F:1"),
    ("F:111", "F", "item", "F:11"),
    ("F:12", "F", "subclass", "F:1"),
    ("F:2", "F", "class", None),
    ("F:21", "F", "subclass", "F:2"),
    ("F:3", "F", "class", None),
    ("F:31", "F", "subclass", "F:3"),
    ("F:311", "F", "item", "F:31"),
    ("G:1", "G", "item", "IO:2"),
    ("G:2", "G", "item", "SEC:A"),
]
CROSSWALK = [
    ("F:1", "IO:1", 0.7, "mostly sector 1"),
    ("F:1", "IO:2", 0.3, None),
    ("F:12", "IO:3", None, "its own judgement"),
    ("F:2", "IO:2", 0.5, None),
    ("F:2", "IO:1", 0.5, None),
    ("F:21", "IO:3", None, None),
    ("F:21", "IO:2", 0.9, None),
    ("F:3", "SEC:A", None, None),
    ("F:31", "IO:2", None, None),
]


def tiny(**tables: pd.DataFrame) -> Dataset:
    frames = {
        "regions": pd.DataFrame(
            {"code": ["0", "1", "2"], "name": ["Land", "North", "South"],
             "level": ["country", "county", "county"], "parent_code": [None, "0", "0"]}
        ),
        "industries": pd.DataFrame(
            [(c, c.lower(), s, lv, p) for c, s, lv, p in INDUSTRIES],
            columns=["code", "name", "scheme", "level", "parent_code"],
        ),
        "industry_crosswalk": pd.DataFrame(
            CROSSWALK, columns=["from_code", "to_code", "weight", "basis"]
        ),
        "region_industries": pd.DataFrame(
            {"region_code": ["1", "2", "0", "0"], "industry_code": ["SEC:A"] * 2 + ["IO:1", "IO:2"],
             "year": 2020, "measure": ["jobs", "jobs", "output", "output"],
             "value": [1.0, 2.0, 5.0, 5.0]}
        ),
        "industry_links": pd.DataFrame(
            {"from_code": ["IO:1"], "to_code": ["IO:2"], "year": [2020], "flow": [1.0],
             "coefficient": [0.2]}
        ),
    }  # fmt: skip
    frames.update(tables)
    return Dataset.from_frames(**frames)


def mapped(ds: Dataset, *codes: str, target: str = "IO") -> list[object]:
    got = industries_to_scheme(ds, list(codes), target).tolist()
    return [None if isinstance(v, float) and math.isnan(v) else v for v in got]


def test_own_rows_and_weights() -> None:
    ds = tiny()
    assert mapped(ds, "F:1") == ["IO:1"]  # 0.7 beats 0.3
    assert mapped(ds, "F:2") == ["IO:1"]  # 0.5 and 0.5: the smaller code
    assert mapped(ds, "F:21") == ["IO:3"]  # an empty weight counts 1, beating 0.9
    assert _crosswalk_targets(ds, "IO").to_dict() == {
        "F:1": "IO:1", "F:12": "IO:3", "F:2": "IO:1", "F:21": "IO:3", "F:31": "IO:2",
    }  # fmt: skip


def test_rows_are_inherited_from_the_nearest_ancestor_that_has_some() -> None:
    ds = tiny()
    assert mapped(ds, "F:11", "F:111") == ["IO:1", "IO:1"]  # F:1's rows, two levels down
    assert mapped(ds, "F:12") == ["IO:3"]  # its own row, not its parent's
    assert mapped(ds, "F:311") == ["IO:2"]  # F:31's row, not F:3's (which maps to SEC)


def test_the_hierarchy_when_no_crosswalk_row_says_anything() -> None:
    ds = tiny()
    assert mapped(ds, "G:1") == ["IO:2"]  # parent_code into the target scheme
    assert mapped(ds, "IO:3", "IO:1") == ["IO:3", "IO:1"]  # a code of the target is its own
    assert mapped(ds, "G:2", "SEC:A", "F:3", "nope") == [None] * 4  # nothing reaches IO
    # F:3's row to SEC:A serves the target SEC, and codes below it inherit it
    assert mapped(ds, "F:3", "F:311", "G:2", "IO:3", target="SEC") == [
        "SEC:A", "SEC:A", "SEC:A", "SEC:A",
    ]  # fmt: skip
    # without the crosswalk only the hierarchy is left
    bare = tiny(industry_crosswalk=pd.DataFrame(columns=["from_code", "to_code"]))
    assert mapped(bare, "F:111", "G:1", "IO:2") == [None, "IO:2", "IO:2"]


def test_an_ancestor_in_the_target_scheme_ends_the_walk() -> None:
    """X's parent is IO:2 itself, its grandparent F:1 has rows: IO:2, the nearer answer."""
    extra = pd.DataFrame(
        {"code": ["X:1"], "name": ["x"], "scheme": ["X"], "level": ["item"],
         "parent_code": ["IO:2"]}
    )  # fmt: skip
    ds = tiny()
    industries = pd.concat([ds.industries, extra], ignore_index=True)
    industries.loc[industries["code"] == "IO:2", "parent_code"] = "F:1"
    ds = ds.replace(industries=industries)
    assert mapped(ds, "X:1", "IO:2") == ["IO:2", "IO:2"]


def test_codes_keep_their_order_and_repeats() -> None:
    got = industries_to_scheme(tiny(), ["F:12", "F:1", "F:12"], "IO")
    assert got.index.tolist() == ["F:12", "F:1", "F:12"] and got.name == "IO"
    assert got.tolist() == ["IO:3", "IO:1", "IO:3"]


def firms_dataset() -> Dataset:
    """Three companies: c1 in F:111 (not primary) and SEC:A (primary); c2 only in G:1; c3
    only in SEC:A (reaches no sector). Companies in region 1 except c2."""
    companies = pd.DataFrame(
        {"id": ["c1", "c2", "c3"], "name": ["a", "b", "c"], "region_code": ["1", "2", "1"]}
    )
    ci = pd.DataFrame(
        {"company_id": ["c1", "c1", "c2", "c3"],
         "industry_code": ["F:111", "SEC:A", "G:1", "SEC:A"],
         "share": [1.0, 1.0, 1.0, 1.0], "primary": [False, True, True, True]}
    )  # fmt: skip
    return tiny(companies=companies, company_industries=ci)


def test_company_sectors_come_from_the_firm_scheme_first() -> None:
    ds = firms_dataset()
    scope = AnalysisScope.infer(ds)
    # F:111 lies three levels deep, G:1 two, SEC:A one: F is the finest classification
    assert (scope.firm_scheme, scope.io_scheme) == ("F", "IO") == (_firm_scheme_of(ds), "IO")
    assert company_io_sectors(ds).to_dict() == {"c1": "IO:1", "c2": "IO:2"}
    # with G first, c1 has no G classification and keeps its F one; c2 is G anyway
    assert company_io_sectors(ds, firm_scheme="G").to_dict() == {"c1": "IO:1", "c2": "IO:2"}
    # in sections: c1's primary SEC:A comes after its firm-scheme industry F:111, which
    # reaches no section, so SEC:A decides; c2's G:1 -> IO:2 reaches none either
    assert company_io_sectors(ds, "SEC").to_dict() == {"c1": "SEC:A", "c3": "SEC:A"}
    north = region_io_sectors(ds, "1")
    assert north[["sector", "firms", "share"]].values.tolist() == [["IO:1", 1, 1.0]]


def test_company_sectors_are_computed_once_per_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = firms.industries_to_scheme

    def counting(dataset: Dataset, codes: object, target: str) -> pd.Series:
        calls.append(target)
        return real(dataset, codes, target)  # type: ignore[arg-type]

    monkeypatch.setattr(firms, "industries_to_scheme", counting)
    ds = firms_dataset()
    for region in ("0", "1", "2", "1"):
        region_io_sectors(ds, region)
    assert calls == ["IO"]
    first = company_io_sectors(ds)
    first.loc["c1"] = "changed by a caller"
    assert company_io_sectors(ds).loc["c1"] == "IO:1"


def test_declared_cluster_sectors_use_the_same_rule() -> None:
    ds = firms_dataset().replace(
        clusters=pd.DataFrame(
            {"id": ["k1"], "kind": ["declared"], "label": ["things"], "region_code": ["1"]}
        ),
        cluster_industries=pd.DataFrame(
            {"cluster_id": ["k1"] * 3, "industry_code": ["F:111", "F:12", "SEC:A"]}
        ),
    )
    got = declared_cluster_sectors(ds, "1")  # the scope's io_scheme: IO
    assert got[["sector", "industries"]].values.tolist() == [
        ["IO:1", "f:111 (F:111)"], ["IO:3", "f:12 (F:12)"],
    ]  # fmt: skip


def test_the_firm_scheme_is_a_choice_of_the_caller_or_of_dataset_json() -> None:
    ds = firms_dataset()
    assert AnalysisScope.infer(ds, firm_scheme="G").firm_scheme == "G"
    with pytest.raises(UsageError, match=r"no company is classified in scheme 'H'.*--firm-scheme"):
        AnalysisScope.infer(ds, firm_scheme="H")
    declared = Dataset.from_frames(metadata={"analysis": {"firm_scheme": "SEC"}}, **dict(ds))
    assert AnalysisScope.infer(declared).firm_scheme == "SEC"
    wrong = Dataset.from_frames(metadata={"analysis": {"firm_scheme": "H"}}, **dict(ds))
    with pytest.raises(DataValidationError, match=r"analysis\.firm_scheme"):
        AnalysisScope.infer(wrong)
    unclassified = ds.replace(company_industries=ds.company_industries.head(0))
    assert AnalysisScope.infer(unclassified).firm_scheme is None
    assert company_io_sectors(unclassified).empty
    hash(AnalysisScope.infer(ds))  # still a value: hashable


def test_the_bundled_firm_scheme_is_shenwan(china: Dataset) -> None:
    assert _firm_scheme_of(china) == "SW2021"  # level-3 industries, deeper than CSRC sections
