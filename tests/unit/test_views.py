"""Views without a browser: the top-k rule, offline UTF-8 HTML, counts on a hand-made dataset."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import clusteratlas.graph.views as views_package
from clusteratlas.cli import cli
from clusteratlas.errors import UsageError
from clusteratlas.graph.views import (
    cluster_network_view,
    industry_space_view,
    reduce_to_top_k,
    region_view,
    supply_chain_view,
)
from clusteratlas.graph.views._toy import toy_dataset
from clusteratlas.graph.views.demo import write_demo_views
from clusteratlas.graph.views.model import Legend, finish_view


@pytest.fixture(scope="module")
def ds():
    return toy_dataset()


@pytest.fixture(scope="module")
def pages(ds):
    views = {
        "region": region_view(ds, ["100101"]),
        "supply-chain": supply_chain_view(ds, "NBS42:16", hops=1),
        "clusters": cluster_network_view(ds, min_linkage=0.01),
        "industry-space": industry_space_view(ds, ["100101"]),
    }
    return {kind: (view, view.to_html()) for kind, view in views.items()}


# --- the reduction rule -----------------------------------------------------------


def _scored_graph(n: int) -> nx.Graph:
    G = nx.Graph()
    for i in range(n):
        G.add_node(i, score=float(i % 7))
    for i in range(1, n):
        G.add_edge(0, i, weight=float(i))
    return G


def test_reduction_keeps_focus_then_highest_scores_ties_by_id():
    G = _scored_graph(30)  # scores 0..6 repeating
    H, r = reduce_to_top_k(G, max_nodes=6, keep=[0])
    # focus 0, then the nodes with score 6 (6, 13, 20, 27) and the first score-5 node by id ("12")
    assert set(H.nodes) == {0, 6, 13, 20, 27, 12}
    assert (r.requested_nodes, r.kept_nodes, r.dropped_nodes) == (30, 6, 24)
    assert r.dropped_edges == 29 - H.number_of_edges()


def test_reduction_keeps_heaviest_edges_and_never_mutates_input():
    G = nx.complete_graph(5)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = u * 10 + v
    before = nx.to_dict_of_dicts(G)
    H, r = reduce_to_top_k(G, max_nodes=5, max_edges=3)
    # weights 10u + v: the three heaviest are (3, 4) = 34, (2, 4) = 24, (2, 3) = 23
    assert {frozenset(e) for e in H.edges} == {frozenset(e) for e in [(3, 4), (2, 4), (2, 3)]}
    assert r.dropped_edges == 7 and r.dropped_nodes == 0
    assert nx.to_dict_of_dicts(G) == before


def test_no_reduction_below_limits_and_error_when_focus_exceeds_limit():
    G = _scored_graph(10)
    H, r = reduce_to_top_k(G, max_nodes=10)
    assert r is None and H is not G and H.number_of_nodes() == 10
    with pytest.raises(UsageError, match="focus"):
        reduce_to_top_k(G, max_nodes=2, keep=[0, 1, 2])


def test_reduction_is_stated_on_the_page():
    G = _scored_graph(400)
    view = finish_view(G, kind="t", title="t", subtitle="s", legend=Legend(), keep=[0])
    assert view.n_nodes == 300
    page = view.to_html()
    assert "300 of 400 nodes kept" in page and "dropped 100 nodes" in page


# --- offline, UTF-8 HTML --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["region", "supply-chain", "clusters", "industry-space"])
def test_html_is_offline(pages, kind):
    _, page = pages[kind]
    tag_with_remote_source = (
        r"""<(?:script|link|img|iframe)\b[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//"""
    )
    remote = re.findall(tag_with_remote_source, page, re.I)
    assert remote == []
    assert not re.search(r"@import\s+url\(\s*['\"]?https?:", page)
    assert not re.search(r"url\(\s*['\"]?https?://", page)
    assert "<script src" not in page and "<link" not in page
    assert "new vis.Network(" in page and "vis-network" in page  # the library is inlined
    assert len(page) > 400_000


@pytest.mark.parametrize("kind", ["region", "supply-chain", "clusters", "industry-space"])
def test_html_is_utf8_with_chinese_names(pages, kind, tmp_path):
    view, _ = pages[kind]
    path = view.write_html(tmp_path / f"{kind}.html")
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # raises if not UTF-8
    assert '<meta charset="utf-8">' in text
    assert view.title in text
    assert "制造业 (GB4754:C)" in text  # the legend, written as UTF-8 characters


def test_numpy_ids_become_strings():
    G = nx.Graph([(np.int64(1), np.int64(2))])
    view = finish_view(G, kind="t", title="t", subtitle="s", legend=Legend())
    net = view.network()
    assert [n["id"] for n in net.nodes] == ["1", "2"]
    assert net.edges[0]["from"] == "1" and net.edges[0]["to"] == "2"


def test_physics_off_and_positions_set(pages):
    view, _ = pages["clusters"]
    net = view.network()
    assert net.options["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in net.nodes)


def test_jupyter_repr_is_a_self_contained_iframe(pages):
    view, _ = pages["industry-space"]
    snippet = view._repr_html_()
    assert snippet.startswith("<iframe srcdoc=") and " src=" not in snippet
    assert "&lt;script&gt;" in snippet  # the page is escaped into the attribute


# --- what each view draws (hand-derived from the toy data) ------------------------------


def test_region_view_counts(pages):
    view, _ = pages["region"]
    # 1 region, 5 industries, 1 cluster (manufacturing: LQ 2.05), 3 companies
    assert view.n_nodes == 10
    # 5 region->industry, 2 for the cluster, 1 per company (to its industry; being in the
    # region is what the view is about), 2 supply links between them
    assert view.n_edges == 12
    assert "cluster:100101:GB4754:C" in view.node_ids()


def test_supply_chain_view_upstream_downstream(pages):
    view, _ = pages["supply-chain"]
    layers = dict(view.graph.nodes(data="layer"))
    assert layers == {
        "NBS42:16": 0,
        "NBS42:12": -1,
        "NBS42:30": -1,
        "NBS42:35": -1,
        "NBS42:17": 1,
    }
    assert not view.graph.has_edge("NBS42:16", "NBS42:16")  # self-loop left out
    assert view.graph.edges["NBS42:12", "NBS42:16"]["coefficient"] == pytest.approx(60 / 600)
    assert any("not observed" in n for n in view.notes)


def test_supply_chain_marks_inferred_firm_links_dashed(ds):
    view = supply_chain_view(ds, "SZSE:000003")
    net = view.network()
    dashes = {(e["from"], e["to"]): (e["dashes"], e["width"]) for e in net.edges}
    assert set(dashes) == {("SZSE:000004", "SZSE:000003"), ("SZSE:000003", "SZSE:000005")}
    for pattern, width in dashes.values():  # a dash pattern whose gaps stay open at this width
        dash, gap = pattern
        assert dash >= 8 and gap - width >= 6
    assert any("INFERRED" in n for n in view.notes)


def test_cluster_network_nodes_edges_and_inferred_label(pages):
    view, page = pages["clusters"]
    # detect_clusters (LQ >= 1.25, top 25% = best 2 of 5 counties by LQ): 100101 C;
    # 100102 A, F; 100103 I, M; 200101 A, C; 200102 F
    expected_nodes = {
        f"{c}|GB4754:{s}|2020"
        for c, s in [
            ("100101", "C"),
            ("100102", "A"),
            ("100102", "F"),
            ("100103", "I"),
            ("100103", "M"),
            ("200101", "A"),
            ("200101", "C"),
            ("200102", "F"),
        ]
    }
    assert set(view.node_ids()) == expected_nodes
    # I-O linkage a_ij + a_ji >= 0.01 (min_linkage) within a county, or within a prefecture (x 0.5);
    # plus the (inferred) firm links 000004 (M) -> 000003 (I) and 000003 (I) -> 000005 (F).
    # e.g. C(100101)-A(100102): (30/1550 + 20/400) * 0.5 = 0.0347
    edges = {frozenset(e): a for e in view.graph.edges for a in [view.graph.edges[e]]}
    assert edges[frozenset({"100101|GB4754:C|2020", "100102|GB4754:A|2020"})][
        "weight"
    ] == pytest.approx((30 / 1550 + 20 / 400) * 0.5)
    assert frozenset({"100103|GB4754:I|2020", "200102|GB4754:F|2020"}) in edges  # firm link
    assert view.n_edges == 7
    assert all(a["inferred"] for a in edges.values())  # every link here is inferred
    assert "INFERRED" in page
    sizes = dict(view.graph.nodes(data="size"))
    assert len(set(sizes.values())) > 1  # sized by centrality, not all equal


def test_industry_space_edges_and_highlight(pages):
    view, _ = pages["industry-space"]
    # co-specialised pairs in the toy: A-F (西县), I-M (北县), A-C (南县)
    assert {frozenset(e) for e in view.graph.edges} == {
        frozenset({"GB4754:A", "GB4754:F"}),
        frozenset({"GB4754:I", "GB4754:M"}),
        frozenset({"GB4754:A", "GB4754:C"}),
    }
    highlighted = [n for n, a in view.graph.nodes(data=True) if a.get("highlight")]
    assert highlighted == ["GB4754:C"]  # 东县 is specialised in manufacturing only


def test_unknown_region_is_a_usage_error(ds):
    with pytest.raises(UsageError, match="unknown"):
        region_view(ds, ["999999"])


def test_region_view_of_a_prefecture_shows_subregions(ds):
    view = region_view(ds, ["1001"])
    subregions = [n for n, s in view.graph.nodes(data="shape") if s == "triangle"]
    assert sorted(subregions) == ["100101", "100102", "100103"]


def test_views_accept_precomputed_clusters(ds):
    clusters = pd.DataFrame(
        {
            "cluster_id": ["x"],
            "region_code": ["100101"],
            "industry_code": ["GB4754:F"],
            "pagerank": [0.5],
        }
    )
    assert cluster_network_view(ds, clusters=clusters).node_ids() == ["x"]
    region = region_view(ds, ["100101"], clusters=clusters)
    assert [n for n in region.node_ids() if n.startswith("cluster:")] == ["cluster:100101:GB4754:F"]


def test_write_demo_views(ds, tmp_path):
    paths = write_demo_views(ds, tmp_path, regions=["100101", "100103", "999999"])
    names = sorted(p.name for p in paths)
    assert names == sorted(
        [
            "report-100101.html",
            "report-100103.html",
            "region-100101.html",
            "region-100103.html",
            "supply-chain-100101.html",
            "supply-chain-100103.html",
            "industry-space-100101.html",
            "industry-space-100103.html",
            "clusters.html",
            "index.html",
        ]
    )
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "999999: not in the dataset" in index and "东县" in index


# --- CLI ---------------------------------------------------------------------------


def test_cli_view_needs_a_region_for_the_region_view(tmp_path):
    result = CliRunner().invoke(cli, ["view", "region", "-o", str(tmp_path / "v.html")])
    assert result.exit_code == 2 and "--region" in result.output


def test_cli_view_rejects_two_sources(tmp_path):
    result = CliRunner().invoke(
        cli,
        ["view", "clusters", str(tmp_path), "--from", "neo4j", "-o", str(tmp_path / "v.html")],
    )
    assert result.exit_code == 2 and "one data source" in result.output


# --- docstrings: every views module's examples run; public names are documented -----------

VIEW_MODULES = ["clusteratlas.graph.views", "clusteratlas.cli.view"] + [
    m.name for m in pkgutil.iter_modules(views_package.__path__, "clusteratlas.graph.views.")
]


@pytest.mark.parametrize("name", VIEW_MODULES)
def test_view_module_doctests_and_docstrings(name):
    module = importlib.import_module(name)
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    result = doctest.testmod(module, optionflags=flags, verbose=False, report=True)
    assert result.failed == 0
    for attr in getattr(module, "__all__", []):
        obj = getattr(module, attr)
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == name:
            assert inspect.getdoc(obj), f"{name}.{attr} has no docstring"


def test_cli_view_from_a_dataset_directory(ds, tmp_path):
    ds.to_dir(tmp_path / "data")
    out = tmp_path / "region.html"
    args = ["view", "region", str(tmp_path / "data"), "--region", "100101", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    page = out.read_text(encoding="utf-8")
    assert "Region view: 东县 (100101, county), employment 2020" in page


def test_cli_view_bundled_industry_space_as_in_the_readme(tmp_path):
    out = tmp_path / "jinjiang.html"
    args = ["view", "industry-space", "--region", "350582", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Industry space, employment 2020: 晋江市 (350582)" in page


# --- issue 16 on the bundled data: names, stable layouts, county chains; issue 17.4 ----------


def test_region_names_resolve_list_candidates_and_suggest(china):
    from clusteratlas.graph.views import resolve_industry, resolve_region

    assert resolve_region(china, "昆山市") == "320583"
    assert resolve_region(china, "深圳市南山区") == "440305"
    with pytest.raises(UsageError) as two:
        resolve_region(china, "南山区")
    assert "440305" in str(two.value) and "230404" in str(two.value)
    with pytest.raises(UsageError) as four:
        resolve_region(china, "鼓楼区")
    assert all(c in str(four.value) for c in ["320106", "320302", "350102", "410204"])
    with pytest.raises(UsageError, match=r"did you mean: .*昆山市 \(320583"):
        resolve_region(china, "昆三市")
    assert resolve_industry(china, "通信设备", prefer=["NBS42"]) == "NBS42:20"


def test_cli_view_accepts_names_and_rejects_ambiguous_ones(tmp_path):
    out = tmp_path / "v.html"
    ok = CliRunner().invoke(
        cli,
        ["view", "supply-chain", "--region", "昆山市", "--focus", "通信设备", "-o", str(out)],
    )
    assert ok.exit_code == 0, ok.output
    page = out.read_text(encoding="utf-8")
    assert (
        "Supply chain of 通信设备、计算机和其他电子设备 (NBS42:20), 2020 seen from 昆山市" in page
    )
    bad = CliRunner().invoke(cli, ["view", "region", "--region", "鼓楼区", "-o", str(out)])
    assert bad.exit_code == 2 and "ambiguous" in bad.output and "350102" in bad.output


def test_industry_space_positions_are_the_same_every_year(china):
    a = industry_space_view(china, ["350582"], year=2010)
    b = industry_space_view(china, ["350582"], year=2020)
    pos = lambda v: {n: (x["x"], x["y"]) for n, x in v.graph.nodes(data=True)}  # noqa: E731
    assert pos(a) == pos(b)
    assert a.title != b.title


def test_supply_chain_arrows_run_right_and_big_buyers_are_kept(china):
    view = supply_chain_view(china, "NBS42:12", hops=1)
    layers = dict(view.graph.nodes(data="layer"))
    assert all(layers[u] < layers[v] for u, v in view.graph.edges)
    # agriculture buys 89.7M (万元) of chemicals with a small coefficient: kept by flow
    # (in the two-sided view it also supplies chemicals, so it stands upstream)
    buyers = supply_chain_view(china, "NBS42:12", hops=1, direction="down")
    assert buyers.graph.has_edge("NBS42:12", "NBS42:01")
    z = buyers.graph.edges["NBS42:12", "NBS42:01"]["flow"]
    assert z > 8e7


def test_region_view_legend_lists_only_what_is_drawn(china):
    view = region_view(china, ["320583"])
    html = view.to_html()
    assert "market value" not in html and "dashed: inferred" not in html
    assert "Shenzhen-listed companies only (SZSE)" in html
    assert "one size: the data has no company size" in html
    region = view.graph.nodes["320583"]["tooltip"]
    # the article's "GDP already exceeding 500 billion yuan" stays a lower bound; the
    # R&D share is exact (qualifier column of region_indicators.csv)
    assert "GDP: > 5,000亿元 (more than), 2025" in region
    assert "GDP: 5,000亿元" not in region
    assert "high tech enterprises: > 3,500 (more than)" in region
    assert "R&D share of GDP: 3.88%, 2025" in region
    row = view.graph.nodes["320583"]["row"]
    assert row["gdp_2025"] == 5e11 and row["gdp_2025_qualifier"] == "lower_bound"
    assert row["rd_share_of_gdp_2025_qualifier"] == "exact"
    nanshan = region_view(china, ["440305"]).graph.nodes["440305"]["tooltip"]
    assert "listed companies: > 200 (more than)" in nanshan


def _foreign_dataset():
    """Invented, clearly labelled: four provinces of a made-up country, exports by HS section."""
    from clusteratlas.loaders.dataset import Dataset

    regions = pd.DataFrame(
        {
            "code": ["XX", "R1", "R2", "R3", "R4"],
            "name": ["Country", "Alta", "Baja", "Costa", "Delta"],
            "level": ["country", "state", "state", "state", "state"],
            "parent_code": [None, "XX", "XX", "XX", "XX"],
            "lon": [None, -3.7, -5.9, -8.4, 2.2],
            "lat": [None, 40.4, 37.4, 43.3, 41.4],
        }
    )
    codes = ["HS:I", "HS:II", "HS:XI", "HS:XVI"]
    industries = pd.DataFrame(
        {
            "code": codes,
            "name": ["Live animals", "Vegetables", "Textiles", "Machinery"],
            "scheme": ["HS"] * 4,
            "level": ["hs_section"] * 4,
        }
    )
    values = {"R1": [5, 1, 9, 30], "R2": [20, 30, 2, 3], "R3": [10, 2, 25, 8], "R4": [1, 4, 6, 40]}
    rows = [
        (r, c, 2022, "exports", float(v))
        for r, vs in values.items()
        for c, v in zip(codes, vs, strict=True)
    ]
    return Dataset.from_frames(
        metadata={"source": "invented test data (not real)", "units": {"exports": "million EUR"}},
        regions=regions,
        industries=industries,
        region_industries=pd.DataFrame(
            rows, columns=["region_code", "industry_code", "year", "measure", "value"]
        ),
    )


def test_views_work_on_a_dataset_that_is_not_the_bundled_one():
    from clusteratlas.graph.views import map_view

    ds = _foreign_dataset()
    pages = [
        region_view(ds, ["R1"]),
        industry_space_view(ds, ["R1", "R4"]),
        cluster_network_view(ds, ["R1"]),
        map_view(ds, "entropy", highlight=["R1"]),
    ]
    for view in pages:
        html = view.to_html()
        assert "exports" in html and "employment" not in html
        assert "prefecture" not in html and "market value" not in html
    assert "million EUR" in pages[0].to_html()
    assert "HS hs_section" in pages[0].to_html()  # the data's own word for the grouping


# --- review findings: ranks among all scored, directions from the registry, units from the
# data, the demo index's resilience table -------------------------------------------------


@pytest.fixture(scope="module")
def china_scores(china):
    from clusteratlas.graph.analytics.resilience import resilience_scores

    return resilience_scores(china)


def test_map_ranks_among_all_scored_regions_and_says_how_many_are_drawn(china, china_scores):
    from clusteratlas.graph.views import map_view

    view = map_view(china, "resilience", highlight=["440305"])
    scored = len(china_scores)
    drawn = sum(1 for _, k in view.graph.nodes(data="kind") if k == "region")
    assert drawn < scored  # some counties have no coordinates
    rank = int(china_scores.at["440305", "rank"])  # the table's rank, not the drawn one
    tip = view.graph.nodes["440305"]["tooltip"]
    assert f"rank #{rank:,} of {scored:,}" in tip
    assert view.graph.nodes["440305"]["row"]["rank"] == rank
    # named beside its dot on the page with the same rank (the map's own layer)
    assert view.metadata["layer"]["label_text"]["440305"].endswith(f"(#{rank:,})")
    html = view.to_html()
    assert f"{drawn:,} of the {scored:,} regions with a resilience score drawn" in html
    assert f"({rank_text(rank, scored)})" in html  # the ranking list beside the map


def rank_text(rank, total):
    from clusteratlas.graph.views._format import rank_text as text

    return text(rank, total)


def test_map_directions_are_the_resilience_registrys(china):
    from clusteratlas.graph.analytics.composite import COMPONENTS
    from clusteratlas.graph.views import map_view
    from clusteratlas.graph.views.map import _score_direction

    for component in COMPONENTS.values():
        assert _score_direction(component.column) == component.direction
    assert _score_direction("resilience") == "higher" and _score_direction("lq") is None
    # herfindahl: lower is more resilient, so the lowest value ranks first and the ramp
    # starts (purple) at the highest value
    view = map_view(china, "herfindahl")
    rows = [a for _, a in view.graph.nodes(data=True) if a.get("kind") == "region"]
    first = min(rows, key=lambda a: a["row"]["rank"])
    assert first["row"]["score"] == min(a["row"]["score"] for a in rows)
    # the legend's classes run up from the lowest value; the lowest is yellow (resilient)
    classes = view.legend.colours
    assert float(classes[0][1].split(" – ")[0]) < float(classes[-1][1].split(" – ")[0])
    assert classes[0][0] == "#fde725" and "lower is more resilient" in view.legend.colour_title
    # a score the registry does not judge ranks from the highest and claims no "better"
    lq = map_view(china, "lq", industry="GB4754:C")
    tip = lq.graph.nodes["320583"]["tooltip"]
    assert "(1 = highest)" in tip and "resilient" not in tip


def test_units_come_from_dataset_json_by_level_and_samples_are_said(china):
    from clusteratlas.graph.views._format import io_unit, measure_unit, unit_phrase

    assert china.metadata["units"]["employment"] == {
        "county": "persons",
        "country": "10,000 persons (万人)",
    }
    assert measure_unit(china, "employment", "county") == "persons"
    assert unit_phrase(china, "employment", "country") == (
        "employed persons, national series reconstructed by Wang, Jia & Wang (2021); "
        "10,000 persons (万人)"
    )
    county = unit_phrase(china, "employment", "county")
    assert county.startswith("employed residents by place of residence, census long-form sample")
    assert "sample counts" in county
    assert io_unit(china) == "10,000 CNY (万元)"
    # nothing is guessed from the dataset's name any more
    from clusteratlas.loaders.dataset import Dataset

    bare = Dataset.from_frames(metadata={"name": "china"}, **dict(china))
    assert measure_unit(bare, "employment", "county") == "" and io_unit(bare) == ""
    assert unit_phrase(bare, "employment", "county") == ""
    region = region_view(china, ["320583"]).graph.nodes["320583"]["tooltip"]
    assert "persons, sample counts: compare shares, not levels" in region
    assert "sample counts" not in region_view(bare, ["320583"]).graph.nodes["320583"]["tooltip"]


def test_demo_index_shows_the_intervals_sample_size_and_true_sector_words(china, tmp_path):
    from clusteratlas.graph.analytics.pipeline import analyze

    analysis = analyze(china)
    write_demo_views(
        china, tmp_path, regions=["440305", "320583"], scores=analysis.regions,
        clusters=analysis.clusters, scope=analysis.scope,
    )  # fmt: skip
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    head = index[index.index("<table>") : index.index("</tr>")]
    for column in ("rank_low", "rank_high", "resilience_low", "resilience_high",
                   "sample_size", "small_sample"):  # fmt: skip
        assert f"<th>{column}</th>" in head
    assert "worst shock" not in index  # worst_sector is not the largest loss
    assert "<th>shock that hurts it most beyond the nation</th>" in head
    assert "<th>beyond the nation</th>" in head
    nanshan = analysis.regions.loc["440305"]
    excess = f"{nanshan['worst_sector_excess']:.2%}"
    row = index[index.index('href="#r440305"') :]
    row = row[: row.index("</tr>")]
    assert excess in row and f"{int(nanshan['sample_size']):,}" in row
    assert f"{int(nanshan['rank_low']):,}" in row and f"{int(nanshan['rank_high']):,}" in row
    assert "small_sample: fewer than 2,000" in index and "90% intervals from 200" in index
    line = f"rank {int(nanshan['rank']):,} of {len(analysis.regions):,}"
    assert line in index


def test_region_view_draws_the_clusters_the_data_give(china):
    """Declared clusters (dataset.clusters) beside the detected ones, on the bundled data and
    on a small dataset that gives one without a source."""
    view = region_view(china, ["440305"])
    given = {n: a for n, a in view.graph.nodes(data=True) if a.get("kind") == "declared"}
    assert set(given) == {f"given:declared:440305:{k}" for k in (1, 2, 3)}
    bio = given["given:declared:440305:3"]
    assert bio["shape"] == "diamond" and bio["row"]["detected"] is False
    assert bio["row"]["state"] == "not testable"
    assert bio["row"]["firm_evidence"] == "not supported"
    assert "not testable at GB4754 section level: its industries (医药生物)" in bio["tooltip"]
    assert "firm evidence: not supported" in bio["tooltip"]
    assert "named by: Deep News" in bio["tooltip"]
    assert any(a.get("kind") == "cluster" for _, a in view.graph.nodes(data=True))
    # dashed links to the region and to a drawn industry
    links = view.graph.out_edges("given:declared:440305:1", data=True)
    assert {v for _, v, _ in links} <= set(view.graph) and all(a["dashes"] for *_, a in links)
    html = view.to_html()
    assert "cluster named by a source" in html
    assert "biomedicine, not testable at GB4754 section level" in html
    # without a clusters table: no diamond and no legend entry
    ds = _foreign_dataset()
    assert "named by a source" not in region_view(ds, ["R1"]).to_html()
    from clusteratlas.loaders.dataset import Dataset

    with_given = Dataset.from_frames(
        metadata=ds.metadata,
        **{
            **dict(ds),
            "clusters": pd.DataFrame(
                {"id": ["c1"], "kind": ["declared"], "label": ["machinery hub"],
                 "region_code": ["R4"]}
            ),
            "cluster_industries": pd.DataFrame({"cluster_id": ["c1"], "industry_code": ["HS:XVI"]}),
        },
    )  # fmt: skip
    page = region_view(with_given, ["R4"])
    node = page.graph.nodes["given:c1"]
    assert node["label"] == "◆ machinery hub" and "named by: not given" in node["tooltip"]
    assert page.graph.has_edge("given:c1", "HS:XVI")
    assert (
        region_view(with_given, ["R1"]).graph.number_of_nodes()
        == region_view(ds, ["R1"]).graph.number_of_nodes()
    )  # another region's cluster is not drawn


def test_cluster_columns_never_become_drawing_attributes(ds):
    """Issue 23: the clusters' ``size`` column (workers) reached vis-network as the node's
    drawn size, so one 161,287-worker cluster covered the whole canvas."""
    from clusteratlas.graph.views.style import MAX_SIZE

    clusters = pd.DataFrame(
        {
            "cluster_id": ["x", "y"],
            "region_code": ["100101", "100102"],
            "industry_code": ["GB4754:F", "GB4754:C"],
            "size": [161_287.0, 12.0],
            "pagerank": [0.5, 0.25],
        }
    )
    view = cluster_network_view(ds, clusters=clusters)
    sizes = [a.get("size") for _, a in view.graph.nodes(data=True)]
    assert all(s is None or s <= MAX_SIZE for s in sizes), sizes
    assert "size 161,287" in view.graph.nodes["x"]["tooltip"]


def test_supply_chain_sector_labels_carry_each_sectors_own_estimate(china):
    """Kunshan: every manufacturing sector drawn carried the section's 48.2%; now each
    carries its own estimate, est_ri = s_rC * x_i / sum_{j in C} x_j.

    Hand computation for chemicals (NBS42:12), from the bundled CSV files with awk:
    Kunshan 2020 employment in section C 55,146 of 114,314 persons -> s_rC = 0.482408;
    national gross output 2020 of NBS42:12 1,513,344,309.1 (10,000 CNY) of the 18
    manufacturing sectors' 10,919,030,003.9 -> 0.138597; est = 0.482408 * 0.138597 = 0.066860.
    """
    view = supply_chain_view(china, regions=["320583"])
    nodes = view.nodes_frame().set_index("id")
    roots = dict(zip(china.industries["code"], china.industries["parent_code"], strict=True))
    manu = [n for n in nodes.index if roots.get(n) == "GB4754:C"]
    assert len(manu) >= 10
    labels = {n: view.graph.nodes[n]["label"] for n in manu}
    shares = [nodes.at[n, "region_share_est"] for n in manu]
    assert len(set(round(s, 6) for s in shares)) == len(manu)  # no two alike
    assert all("est. " in labels[n] and "48.2%" not in labels[n] for n in manu)
    assert nodes.loc[manu, "section_share"].round(6).eq(0.482408).all()
    assert nodes.at["NBS42:12", "region_share_est"] == pytest.approx(0.066860, abs=5e-6)
    assert nodes.at["NBS42:12", "sector_share_of_section_output"] == pytest.approx(
        0.138597, abs=5e-6
    )
    assert "gross output" in nodes.at["NBS42:12", "estimate_basis"]
    assert "est. 6.69%" in labels["NBS42:12"]
    tip = view.graph.nodes["NBS42:12"]["tooltip"]
    assert "estimated: 6.69% of its employment" in tip and "48.2% x this sector's 13.9%" in tip
    assert "LQ 2.69 (the section's, not the sector's)" in tip
    # a sector that is its section's only one (construction) keeps the section's share
    # and LQ, which are its own: no estimate
    assert "region_share" in nodes.columns and nodes.at["NBS42:27", "region_share"] > 0
    assert pd.isna(nodes.at["NBS42:27", "region_share_est"])
    assert "est." not in view.graph.nodes["NBS42:27"]["label"]


def test_supply_chain_downstream_has_final_demand(china):
    """Jinjiang's apparel (NBS42:08) sells most of its output to final demand.

    Hand computation (industry_final_uses.csv and the national gross output, 2020,
    10,000 CNY): exports 102,735,675.0 / 370,558,592.3 = 0.277245; final consumption
    102,290,086.7 / 370,558,592.3 = 0.276043; capital formation 0 (not drawn).
    """
    view = supply_chain_view(china, regions=["350582"])
    g = view.graph
    assert g.nodes["final:exports"]["row"]["share_of_focus_output"] == pytest.approx(
        0.277245, abs=5e-7
    )
    assert g.nodes["final:final_consumption"]["row"]["share_of_focus_output"] == pytest.approx(
        0.276043, abs=5e-7
    )
    assert "final:gross_fixed_capital_formation" not in g
    assert g.nodes["final:exports"]["kind"] == "final_demand"
    assert g.nodes["final:exports"]["shape"] == "diamond"
    assert "27.7%" in g.nodes["final:exports"]["label"]
    assert "basis: national input-output table 2020" in g.nodes["final:exports"]["tooltip"]
    assert g.has_edge("NBS42:08", "final:exports")
    assert any(entry[-1] == "final_demand" for entry in view.legend.shapes)
    assert any("final demand takes 55.4%" in n for n in view.notes)
    # upstream only: no final demand
    up = supply_chain_view(china, "NBS42:08", direction="up")
    assert not any(k == "final_demand" for _, k in up.graph.nodes(data="kind"))


def test_comparison_labels_every_regions_share(china):
    """Kunshan vs Jiangyin: manufacturing carried Kunshan's share only.

    Hand computation (region_industries.csv, employment 2020, persons): Kunshan 55,146 /
    114,314 = 48.24%; Jiangyin 48,543 / 94,039 = 51.62%.
    """
    view = region_view(china, ["320583", "320281"])
    node = view.graph.nodes["GB4754:C"]
    assert node["label"].endswith("昆山市 48.2% / 江阴市 51.6%")
    assert "share" not in node["row"]  # no unnamed first-region column
    assert node["row"]["share_320583"] == pytest.approx(55146 / 114314)
    assert node["row"]["share_320281"] == pytest.approx(48543 / 94039)
    assert "昆山市: 55,146, share 48.2%" in node["tooltip"]
    assert "江阴市: 48,543, share 51.6%" in node["tooltip"]
    assert "shares" not in node  # helper attribute removed before drawing
    # the slider hides an industry only when it is below the threshold in both regions
    assert node["filter_value"] == pytest.approx(
        max(node["row"]["lq_320583"], node["row"]["lq_320281"])
    )
    # a one-region page keeps its short label
    assert region_view(china, ["320583"]).graph.nodes["GB4754:C"]["label"].endswith(" 48.2%")


def test_region_page_shows_change_between_census_years(china):
    """Kunshan's manufacturing share fell between the censuses.

    Hand computation (region_industries.csv, employment, persons): 2010 69,255 / 109,434 =
    63.2847%; 2020 55,146 / 114,314 = 48.2408%; change -15.0439 points.
    """
    view = region_view(china, ["320583"])
    row = view.nodes_frame().set_index("id").loc["GB4754:C"]
    assert row["share_2010"] == pytest.approx(0.632847, abs=5e-7)
    assert row["share_2020"] == pytest.approx(0.482408, abs=5e-7)
    assert row["change_pts_2010_2020"] == pytest.approx(-15.0439, abs=5e-5)
    tip = view.graph.nodes["GB4754:C"]["tooltip"]
    assert "2010 → 2020: 63.3% → 48.2% (-15.0 points)" in tip
    assert any(n.startswith("Change over time") for n in view.notes)
    # the 2010 page draws only the firms listed by the end of 2010 (2 of Kunshan's 15)
    old = region_view(china, ["320583"], year=2010)
    firms = [n for n, k in old.graph.nodes(data="kind") if k == "company"]
    comp = china.companies.set_index("id")
    assert len(firms) == 2
    assert all(comp.at[f, "listed_on"] <= pd.Timestamp("2010-12-31") for f in firms)
    assert any("listed by the end of 2010" in n and "2 of the 15" in n for n in old.notes)
    # ... and so does the declared cluster's firm evidence (2 firms then: too few)
    assert any("electronics information" in n and "too few firms" in n for n in old.notes)
    assert (
        "largest shifts 2010 → 2020 (share points): 制造业 -15.0"
        in (view.graph.nodes["320583"]["tooltip"])
    )
    # the 2020 page (the latest year) keeps today's list
    assert sum(k == "company" for _, k in view.graph.nodes(data="kind")) == 15
    # a county the 2010 census counted under an old code carries the caveat
    miyun = region_view(china, ["110118"])
    assert any("old code 110228" in n for n in miyun.notes)
    assert "old code 110228" in miyun.graph.nodes["110118"]["tooltip"]
    assert not any("boundary" in n for n in view.notes)


def test_a_page_without_listing_dates_draws_no_firms_in_the_past(china):
    undated = china.replace(companies=china.companies.assign(listed_on=pd.NaT))
    old = region_view(undated, ["320583"], year=2010)
    assert not any(k == "company" for _, k in old.graph.nodes(data="kind"))
    assert any("gives no listing dates" in n and "draws none" in n for n in old.notes)


def test_a_2010_supply_chain_counts_only_the_firms_listed_by_then(china):
    """Kunshan: 15 firms today, 2 listed by 31 Dec 2010 (companies.csv listed_on: 维信诺
    2010-04-13, 沪电股份 2010-08-18), both in the electronics I-O sector NBS42:20; so the
    2010 tooltips count "N of 2", never of today's 12 firms with an I-O sector."""
    old = supply_chain_view(china, regions=["320583"], year=2010)
    tips = [str(a.get("tooltip") or "") for _, a in old.graph.nodes(data=True)]
    counts = {m for t in tips for m in re.findall(r"listed firms here: (\d+ of \d+)", t)}
    assert counts and all(c.endswith(" of 2") for c in counts)
    assert "2 of 2" in counts
    assert any("listed by the end of 2010" in n and "2 of the 15" in n for n in old.notes)
    today = supply_chain_view(china, regions=["320583"])
    counts = {
        m
        for _, a in today.graph.nodes(data=True)
        for m in re.findall(r"listed firms here: (\d+ of \d+)", str(a.get("tooltip") or ""))
    }
    assert counts and all(c.endswith(" of 12") for c in counts)
    assert not any("listed by the end of" in n for n in today.notes)
    # a company listed after the page's year is no focus of it
    with pytest.raises(UsageError, match="not listed by the end of 2010"):
        supply_chain_view(china, "SZSE:301389", year=2010)


def test_cli_region_view_has_the_demos_detected_clusters(china, tmp_path):
    """Kunshan 2020: the demo's clusters (analyze -> cluster_tables, market filter traded,
    mixed, resource) are C, I, L, M; 房地产业 K has LQ >= 1.25 and ranks in the top 25% but is
    a local market, so it is no cluster on any page, the CLI's region view included."""
    from clusteratlas.graph.analytics.pipeline import cluster_tables
    from clusteratlas.graph.definitions.scope import AnalysisScope

    found, _ = cluster_tables(china, AnalysisScope.infer(china))
    demo = found.clusters
    demo_codes = sorted(demo.loc[demo["region_code"] == "320583", "industry_code"])
    assert demo_codes == ["GB4754:C", "GB4754:I", "GB4754:L", "GB4754:M"]

    def stars(view):
        return sorted(
            str(n).removeprefix("cluster:320583:")
            for n, k in view.graph.nodes(data="kind")
            if k == "cluster" and str(n).startswith("cluster:320583:")
        )

    assert stars(region_view(china, ["320583"])) == demo_codes
    assert stars(region_view(china, ["320583"], clusters=demo)) == demo_codes
    out = tmp_path / "v.html"
    result = CliRunner().invoke(cli, ["view", "region", "--region", "320583", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "cluster:320583:GB4754:K" not in page
    assert all(f"cluster:320583:{c}" in page for c in demo_codes)
