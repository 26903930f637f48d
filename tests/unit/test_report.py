"""The region report (issue 25): its figures for Kunshan against an independent pandas
computation from the raw rows, the CLI, and the demo's index linking one report per
featured county."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from click.testing import CliRunner

from clusteratlas.cli import cli
from clusteratlas.graph.views._toy import toy_dataset
from clusteratlas.graph.views.demo import write_demo_views
from clusteratlas.graph.views.report import region_report

KUNSHAN = "320583"


@pytest.fixture(scope="module")
def analysis(china):
    from clusteratlas.graph.analytics.pipeline import analyze

    return analyze(china, engine="none")


@pytest.fixture(scope="module")
def report(china, analysis):
    return region_report(
        china,
        KUNSHAN,
        scope=analysis.scope,
        scores=analysis.regions,
        clusters=analysis.clusters,
        recovery=analysis.recovery,
    )


def _county_shares(china, year: int) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Kunshan's shares, the pooled county shares and Kunshan's counts by section, straight
    from the long rows: employment of county-level regions in the 20 GB/T 4754 sections."""
    ri = china.region_industries
    counties = set(china.regions.loc[china.regions["level"] == "county", "code"])
    rows = ri[
        (ri["year"] == year)
        & (ri["measure"] == "employment")
        & ri["region_code"].isin(counties)
        & ri["industry_code"].str.startswith("GB4754:")
    ]
    wide = rows.pivot_table(
        index="region_code", columns="industry_code", values="value", aggfunc="sum", fill_value=0
    )
    wide = wide[wide.sum(axis=1) > 0]
    own = wide.loc[KUNSHAN]
    return own / own.sum(), wide.sum() / wide.to_numpy().sum(), own


def test_mix_lq_and_flags_match_an_independent_computation(china, report):
    share, national, counts = _county_shares(china, 2020)
    table = report.profile.industries
    assert sorted(table.index) == sorted(share.index) and len(table) == 20
    pd.testing.assert_series_equal(table["share"], share.reindex(table.index), check_names=False)
    pd.testing.assert_series_equal(
        table["national_share"], national.reindex(table.index), check_names=False
    )
    lq = (share / national).where(national > 0)
    pd.testing.assert_series_equal(table["lq"], lq.reindex(table.index), check_names=False)
    assert set(table.index[table["flagged"]]) == set(counts.index[counts < 30])
    assert {"GB4754:B", "GB4754:T"} <= set(table.index[table["flagged"]])  # 14 and 0 workers
    # on the page: the manufacturing share and LQ, the flag beside the mining LQ
    page = report.html
    assert f"{share['GB4754:C']:.1%}" == "48.2%" and "48.2%" in page
    assert f"{lq['GB4754:C']:.2f}" in page
    assert re.search(r"采矿业</td>.*?⚑ &lt;30</td>", page)


def test_change_since_2010_matches_an_independent_computation(china, report):
    share20, national20, _ = _county_shares(china, 2020)
    share10, national10, _ = _county_shares(china, 2010)
    table = report.profile.industries
    assert report.profile.base_year == 2010
    pd.testing.assert_series_equal(
        table["share_base"], share10.reindex(table.index), check_names=False
    )
    change = (share20 - share10).reindex(table.index)
    pd.testing.assert_series_equal(table["change"], change, check_names=False)
    nat_change = (national20 - national10).reindex(table.index)
    pd.testing.assert_series_equal(table["national_change"], nat_change, check_names=False)
    # the check: Kunshan's manufacturing share fell from 63.3% to 48.2%
    assert (f"{share10['GB4754:C']:.1%}", f"{share20['GB4754:C']:.1%}") == ("63.3%", "48.2%")
    assert "制造业: 63.3% in 2010 → 48.2% in 2020 (-15.0 pp)" in html.unescape(report.html)


def test_rank_and_its_interval_are_the_analysis_rank_among_the_ranked(report, analysis):
    scores = analysis.regions
    row = scores.loc[KUNSHAN]
    better = int((scores["resilience"] > row["resilience"]).sum())
    assert int(row["rank"]) == better + 1  # the rank is the order of the scores
    assert int(row["rank_low"]) <= int(row["rank"]) <= int(row["rank_high"])
    n = int(scores["rank"].notna().sum())
    text = (
        f"Resilience rank {int(row['rank']):,} of {n:,} ranked counties (90% sampling interval "
        f"{int(row['rank_low']):,}-{int(row['rank_high']):,})"
    )
    assert text in html.unescape(report.html)
    # the histogram beside it: ranked counties per 5 points, Kunshan's bin among them
    counts = report.profile.scores["histogram"]
    assert len(counts) == 20 and sum(counts) == n
    k = int(row["resilience"] // 5)
    in_bin = ((scores["resilience"] >= 5 * k) & (scores["resilience"] < 5 * (k + 1))).sum()
    assert counts[k] == int(in_bin) and "resilience" in report.charts


def test_supply_brief_is_the_io_table_of_the_region_sector(china, report):
    from clusteratlas.graph.definitions.io_table import link_output_shares

    brief = report.profile.supply
    assert brief is not None and (brief.code, brief.level) == ("NBS42:20", "sector")
    links = china.industry_links.assign(b=link_output_shares(china))
    links = links[(links["year"] == 2020) & (links["from_code"].str.startswith("NBS42:"))]
    ri = china.region_industries
    x = ri[
        (ri["region_code"] == "100000") & (ri["measure"] == "gross_output") & (ri["year"] == 2020)
    ].set_index("industry_code")["value"]
    into = links[links["to_code"] == brief.code]
    a = (into.set_index("from_code")["flow"] / x[brief.code]).nlargest(5)
    assert brief.upstream["code"].tolist() == a.index.tolist()
    assert brief.upstream["coefficient"].to_numpy() == pytest.approx(a.to_numpy())
    b = links[links["from_code"] == brief.code].set_index("to_code")["b"].nlargest(5)
    assert brief.downstream["code"].tolist() == b.index.tolist()
    assert brief.downstream["share"].to_numpy() == pytest.approx(b.to_numpy())
    uses = china.industry_final_uses
    uses = uses[(uses["year"] == 2020) & (uses["industry_code"] == brief.code)]
    exports = float(uses.loc[uses["category"] == "exports", "value"].sum()) / x[brief.code]
    got = brief.final_use.set_index("category")["share"]
    assert got["exports"] == pytest.approx(exports)


def test_page_keeps_qualifiers_units_and_sources(report):
    page = html.unescape(report.html)
    assert "GDP: > 5,000亿元 (more than)" in page  # a lower bound stays one
    assert "R&D share of GDP: 3.88%" in page
    assert "Shenzhen Stock Exchange companies only" in page
    # what the figures count, in the data's own words (dataset.json measure_labels)
    assert "employed residents by place of residence, census long-form sample, in persons" in page
    assert "employment (persons)" in page
    assert "7th national population census (2020)" in page
    assert "6th national population census (2010)" in page
    assert "National input-output table 2020, 42 sectors" in page
    assert "Apache ECharts 6.1.0" in page and "echarts.init" in page
    # nothing is loaded from the network: no script, style or image has a remote address
    markup = page.split("<script>", 1)[0]  # the page before the inlined library's code
    assert "<script>" in page and "<script src" not in page
    assert not re.search(r"<(script|link|img)[^>]*(src|href)=", markup)


def test_cli_report_resolves_names_and_writes_one_page_each(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "report",
            "--region",
            "Kunshan",
            "--region",
            "昆山市",
            "--region",
            "320583",
            "--region",
            "440305",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [
        str(out / "report-320583.html"),
        str(out / "report-440305.html"),
    ]
    assert sorted(p.name for p in out.iterdir()) == ["report-320583.html", "report-440305.html"]


def test_cli_report_needs_a_region(tmp_path):
    result = CliRunner().invoke(cli, ["report", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "--region" in result.output


def test_demo_index_links_one_report_per_region(tmp_path):
    ds = toy_dataset()
    write_demo_views(ds, tmp_path, regions=["100101", "100103"])
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(report-[^"]+\.html)"', index)
    assert links == ["report-100101.html", "report-100103.html"]
    assert all((tmp_path / name).is_file() for name in links)


def test_demo_outputs_report_every_featured_county(china, analysis, tmp_path):
    from clusteratlas.loaders.dataset_json import featured_regions
    from clusteratlas.outputs import write_demo_outputs

    featured = featured_regions(china)
    assert len(featured) == 8  # the article's counties
    write_demo_outputs(analysis, china, tmp_path, featured)
    index = (tmp_path / "views" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(report-[^"]+\.html)"', index)
    assert links == [f"report-{c}.html" for c in featured]
    for name in links:
        page = (tmp_path / "views" / name).read_text(encoding="utf-8")
        assert "Region report: " in page and 'class="chart"' in page


def test_supply_brief_of_a_section_allocates_the_whole_output(china):
    """Wuhou's evidence names no I-O sector, so its brief is on the I-O table summed to
    sections: what the section sells to every section plus its final uses is its whole
    output (sum_j b_ij + sum_k f_ik / x_i = 1), which the page's shares are parts of."""
    from clusteratlas.graph.definitions.io_table import industry_mapping, input_output_table
    from clusteratlas.graph.views.profile import region_profile

    brief = region_profile(china, "510107").supply
    assert brief is not None and (brief.code, brief.level) == ("GB4754:I", "section")
    io = input_output_table(china, 2020, "NBS42")
    section = io.aggregate(industry_mapping(china, "NBS42", "GB4754"))
    sold = float(section.flows.loc[brief.code].sum())
    final = float(brief.final_use["share"].sum()) * brief.output
    assert (sold + final) / brief.output == pytest.approx(1.0)
    flows_in = section.flows[brief.code] / section.output[brief.code]
    assert brief.upstream["code"].tolist() == flows_in.nlargest(5).index.tolist()


def test_a_dataset_without_measure_labels_gets_no_other_datasets_words() -> None:
    """Review s3 #1: the wording comes from dataset.json; data that do not name their
    measure are called by the measure's name, never by the bundled China data's words."""
    from clusteratlas.graph.views._toy import toy_dataset
    from clusteratlas.graph.views.profile import region_profile
    from clusteratlas.graph.views.report import render_report

    ds = toy_dataset()
    assert "measure_labels" not in ds.metadata and "coverage" not in ds.metadata
    page, _ = render_report(region_profile(ds, "100101"), ds)
    page = html.unescape(page)
    for china in ("place of residence", "long-form", "development zone", "counties ranked of"):
        assert china not in page


def test_another_countrys_report_names_its_own_data(tmp_path):
    """SYNTHETIC Spanish exports, not a sample, no yuan: no 'sampled', no sample floor, no
    yuan, the inputs the composite used, and no 'nan' for an empty ticker."""
    from pathlib import Path

    spain = Path(__file__).resolve().parents[1] / "data" / "synthetic_spain"
    res = CliRunner().invoke(cli, ["-q", "report", "--from", str(spain), "--region", "08",
                                   "-o", str(tmp_path)])  # fmt: skip
    assert res.exit_code == 0, res.output
    page = (tmp_path / "report-08.html").read_text(encoding="utf-8")
    text = html.unescape(
        re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", page, flags=re.S))
    )
    for wrong in ("sampled", "yuan", "employment series", "(nan", "nan)"):
        assert wrong not in text, wrong
    assert "the national exports series" in text


def _lq_chart(page: str) -> dict:
    import json

    m = re.search(r'<script type="application/json" id="opt-lq">(.*?)</script>', page, re.S)
    assert m, "the report has its LQ chart"
    return json.loads(m.group(1).replace("<\\/", "</"))


def test_lq_chart_colours_dark_only_industries_that_can_form_clusters(china, report):
    """Kunshan 2020 (region_industries.csv, persons): real estate 房地产业 K has LQ >= 1.25
    but is a local market (dataset.json industry_markets), so it can form no cluster and is
    not drawn dark; the dark bars are exactly the unflagged industries with LQ >= 1.25 of a
    traded, mixed or resource market, and the caption says so."""
    table = report.profile.industries
    assert table.at["GB4754:K", "lq"] >= 1.25 and table.at["GB4754:K", "market"] == "local"
    option = _lq_chart(report.html)
    values = option["series"][0]["data"]
    labels = option["yAxis"]["data"] if "data" in option["yAxis"] else option["xAxis"]["data"]
    dark = {
        lab for lab, v in zip(labels, values, strict=True) if v["itemStyle"]["color"] == "#7c2d12"
    }
    expected = table[
        (table["lq"] >= 1.25)
        & ~table["flagged"]
        & table["market"].isin(["traded", "mixed", "resource"])
    ]
    assert len(dark) == len(expected) and len(expected) >= 1
    assert not any(table.at["GB4754:K", "name"] in lab for lab in dark)
    assert "market can form clusters" in report.html


def test_a_2010_report_counts_only_the_firms_listed_by_then(china, tmp_path):
    """Kunshan: companies.csv places 15 firms there today; listed_on shows 2 listed by
    31 Dec 2010 (维信诺 2010-04-13, 沪电股份 2010-08-18); the other 13 in 2011-2022."""
    result = CliRunner().invoke(
        cli, ["report", "--region", KUNSHAN, "--year", "2010", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    page = html.unescape((tmp_path / f"report-{KUNSHAN}.html").read_text(encoding="utf-8"))
    assert "only the firms listed by the end of 2010 (listed_on), 2 of the 15" in page
    assert "维信诺" in page and "沪电股份" in page
    assert "ST天瑞" not in page and "隆扬电子" not in page  # listed 2011, 2022
    # the detected manufacturing cluster's members are those 2 firms (both electronics,
    # section C), not the 14 of today's list in C
    detected = page.split("Detected in the data", 1)[1].split("</table>", 1)[0]
    row = re.search(r"制造业 \(GB4754:C\)</td>(.*?)</tr>", detected)
    assert row and row.group(1).endswith("<td>2</td>")
    # the supply section counts the same 2 firms (not today's 12 with a sector)
    assert "2 have an input-output sector" in page and "of the 12" not in page
    # the 2020 report keeps today's list and says nothing of a cut-off
    today = region_report(china, KUNSHAN)
    assert len(today.profile.firms) == 15 and today.profile.firms_listed_by is None
    assert "listed by the end of" not in today.html


def test_a_2010_report_without_listing_dates_counts_no_firms(china):
    undated = china.replace(companies=china.companies.assign(listed_on=pd.NaT))
    old = region_report(undated, KUNSHAN, scope=_scope_2010(china))
    assert old.profile.firms.empty and old.profile.firms_today == 15
    assert "gives no listing dates" in html.unescape(old.html)


def _scope_2010(china):
    from clusteratlas.graph.definitions.scope import AnalysisScope

    return AnalysisScope.infer(china).replace(year=2010)


def test_a_2010_demo_counts_the_same_firms_and_clusters_as_the_cli(tmp_path):
    """`demo --year 2010`: Kunshan's manufacturing cluster has the 2 firms listed by the end
    of 2010 as members (companies.csv listed_on; 14 of today's 15 are in C), and its region
    page draws the same stars as `view region --year 2010` (same detection, same defaults)."""
    out = tmp_path / "demo"
    result = CliRunner().invoke(
        cli, ["-q", "demo", "--year", "2010", "--region", KUNSHAN, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    clusters = pd.read_csv(out / "clusters.csv", dtype={"region_code": str})
    mine = clusters[clusters["region_code"] == KUNSHAN].set_index("industry_code")
    assert int(mine.at["GB4754:C", "n_members"]) == 2
    page = tmp_path / "v.html"
    result = CliRunner().invoke(
        cli, ["view", "region", "--region", KUNSHAN, "--year", "2010", "-o", str(page)]
    )
    assert result.exit_code == 0, result.output

    def stars(text: str) -> set[str]:
        return set(re.findall(rf"cluster:{KUNSHAN}:GB4754:[A-Z]", text))

    demo_stars = stars((out / "views" / f"region-{KUNSHAN}.html").read_text(encoding="utf-8"))
    assert demo_stars == stars(page.read_text(encoding="utf-8"))
    # manufacturing (63.3% of Kunshan in 2010, LQ 3.74) is one; real estate (local) none
    assert f"cluster:{KUNSHAN}:GB4754:C" in demo_stars
    assert f"cluster:{KUNSHAN}:GB4754:K" not in demo_stars
