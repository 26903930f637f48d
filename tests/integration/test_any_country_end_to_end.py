"""Another country's data through the whole CLI: validate, analyze, demo, every view, a load
into a real Neo4j and every query of the library (issue 26 #5).

``tests/data/synthetic_spain`` is SYNTHETIC (made-up exports of ten Spanish provinces by HS
chapter; real names and codes). Nothing a user reads may carry China's data: no Chinese
characters and no census, county or prefecture wording in any page, table or query answer
(the inlined JavaScript libraries, vis-network and ECharts, carry their own locale strings
and are not read), and the demo's index names the data's country and region kind.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.errors import UsageError
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.queries.library import load_library
from clusteratlas.queries.runner import run_query

pytestmark = pytest.mark.neo4j

SPAIN = Path(__file__).resolve().parents[1] / "data" / "synthetic_spain"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
CHINA_WORDS = re.compile(r"\b(census|county|counties|prefecture|prefectures|GB4754|GB/T)\b", re.I)
LIBRARY = re.compile(r"<script[^>]*>\s*/\*\*?\s*(\*\s*vis-network|\*\s*Licensed to the Apache)")

#: Parameters for the queries that need some, from the Spanish data (the rest inferred).
PARAMS: dict[str, dict[str, Any]] = {
    "clusters-in-region": {"region": "08"},
    "companies-in-industry": {"industry": "30", "primary_only": False},
    "diversification-in-province": {"province": "CT"},
    "industry-downstream": {"industry": "29"},
    "industry-time-series": {"industry": "30"},
    "industry-upstream": {"industry": "30"},
    "listed-companies-in-region": {"region": "08"},
    "listed-firm-specialisation": {"region": "CT"},
    "lookup": {"text": "Barcelona"},
    "region-industries-by-lq": {"region": "08"},
    "region-scores": {"within": "ES"},
    "regions-specialised-in": {"industry": "30"},
    "similar-regions": {"region": "08"},
    "supply-paths": {"supplier": "SYN:CHEM", "customer": "SYN:PHARMA"},
}
#: Queries whose data the Spanish set does not hold: a usage error that says so is the answer.
ABSENT = {"regions-by-indicator": "no Indicator with name 'gdp'"}


def visible(page: str) -> str:
    """The page without the inlined JavaScript libraries (their own locale tables) and
    without the comments of its own scripts (``// a zoomed-in county is not a blob``): the
    text and the data a reader sees."""
    blocks = re.split(r"(<script[^>]*>.*?</script>)", page, flags=re.S)
    kept = [b for b in blocks if not LIBRARY.match(b)]
    return "".join(
        re.sub(r"(^|\s)//[^\n]*", r"\1", b) if b.startswith("<script") else b for b in kept
    )


def china_in(text: str) -> list[str]:
    found = CJK.findall(text) + CHINA_WORDS.findall(text)
    return sorted(set(found))


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def spain() -> Dataset:
    return Dataset.from_dir(SPAIN)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    out = tmp_path_factory.mktemp("demo")
    code, stdout, stderr = invoke("demo", "--from", str(SPAIN), "--out", str(out))
    assert code == 0, stderr
    return out, stdout, stderr


def test_validate_and_analyze_say_nothing_of_china() -> None:
    for args in (("validate", str(SPAIN)), ("analyze", "--from", str(SPAIN))):
        code, out, err = invoke(*args)
        assert code == 0, err
        assert china_in(out + err) == [], args


def test_every_demo_file_says_nothing_of_china(demo: tuple[Path, str, str]) -> None:
    out, stdout, stderr = demo
    assert china_in(stdout + stderr) == []
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert len([p for p in files if p.suffix == ".html"]) == 5 * 4 + 3
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert china_in(visible(text) if path.suffix == ".html" else text) == [], path.name


def test_the_demo_index_names_the_country_and_the_region_kind(
    demo: tuple[Path, str, str], spain: Dataset
) -> None:
    out, _, _ = demo
    index = (out / "views" / "index.html").read_text(encoding="utf-8")
    country = spain.regions.loc[spain.regions["level"] == "country", "name"].item()
    assert country == "España"
    assert "<h1>clusteratlas views: España</h1>" in index
    assert "10 provincias of España: exports (EUR million), 2022" in index
    assert '<html lang="en">' in index  # not zh-CN: the names are Spanish
    # exports are no sample: no empty interval or sample-size columns (they read n/a)
    for column in ("rank_low", "resilience_high", "sample_size", "small_sample"):
        assert f"<th>{column}</th>" not in index


@pytest.mark.parametrize("kind", ["region", "supply-chain", "clusters", "industry-space", "map"])
def test_every_view_says_nothing_of_china(tmp_path: Path, kind: str) -> None:
    page_path = tmp_path / f"{kind}.html"
    code, out, err = invoke("view", kind, str(SPAIN), "--region", "08", "-o", str(page_path))
    assert code == 0, err
    pages = list(tmp_path.rglob("*.html"))
    assert pages == [page_path], out
    for page in pages:
        assert china_in(visible(page.read_text(encoding="utf-8"))) == [], (kind, page.name)
    assert china_in(out + err) == []


@pytest.fixture(scope="module")
def db(neo4j_driver: Any, neo4j_settings: Any) -> Iterator[Any]:
    from conftest import wipe_database

    if os.environ.get("CLUSTERATLAS_DISPOSABLE_DB") != "1":
        pytest.fail("these tests wipe the database: set CLUSTERATLAS_DISPOSABLE_DB=1")
    wipe_database(neo4j_driver, neo4j_settings.database)
    code, _, err = invoke("load", str(SPAIN))  # through the CLI, as a user would
    assert code == 0, err
    yield neo4j_driver
    wipe_database(neo4j_driver, neo4j_settings.database)


def test_every_library_query_answers_without_china(db: Any) -> None:
    database = os.environ.get("NEO4J_DATABASE", "neo4j")
    names = sorted(load_library())
    assert set(PARAMS) | set(ABSENT) <= set(names)
    answered = {}
    for name in names:
        if name in ABSENT:
            with pytest.raises(UsageError, match=ABSENT[name]) as info:
                run_query(db, name, {}, database=database)
            assert china_in(str(info.value)) == [], name
            continue
        frame = run_query(db, name, PARAMS.get(name, {}), database=database)
        text = frame.to_csv(index=False) + json.dumps(frame.attrs.get("notes", []))
        assert china_in(text) == [], (name, china_in(text))
        answered[name] = len(frame)
    # the questions the data can answer are answered, with defaults inferred, not China's
    for name in ("region-industries-by-lq", "similar-regions", "regions-by-listed-companies",
                 "province-employment-by-section", "diversification-in-province",
                 "regions-specialised-in", "industry-upstream"):  # fmt: skip
        assert answered[name] > 0, name


def test_roll_ups_default_to_the_data_s_own_levels(db: Any, spain: Dataset) -> None:
    """regions-by-listed-companies counted in China's county level, and the province roll-up
    in China's province level, by default: on Spanish data both found nothing."""
    database = os.environ.get("NEO4J_DATABASE", "neo4j")
    firms = run_query(db, "regions-by-listed-companies", {}, database=database)
    per_province = spain.companies.groupby("region_code").size()
    assert firms.set_index("code")["companies"].to_dict() == per_province.to_dict()
    assert set(firms["region_level"]) == {"provincia"}
    rolled = run_query(db, "province-employment-by-section", {}, database=database)
    comunidades = spain.regions.loc[spain.regions["level"] == "comunidad", "code"]
    assert set(rolled["province_code"]) == set(comunidades)
    e = spain.region_industries
    e = e[(e["year"] == 2022) & (e["measure"] == "exports")]
    parent = spain.regions.set_index("code")["parent_code"]
    e = e[e["region_code"].map(spain.regions.set_index("code")["level"]) == "provincia"]
    expected = e.groupby(e["region_code"].map(parent))["value"].sum()
    got = rolled.groupby("province_code")["value"].sum()
    pd.testing.assert_series_equal(
        got.sort_index(), expected.sort_index(), check_names=False, rtol=1e-9
    )
