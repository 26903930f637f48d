"""The region report of Kunshan (320583) in real headless Chromium with networking off.

Every chart must render (an SVG with drawn paths in each chart's box), the page must log
no console error, and a full-page screenshot goes to the artifacts folder
(``report-320583.png``) for a person to look at.
"""

from __future__ import annotations

import pytest

from clusteratlas.graph.views.report import region_report

pytestmark = pytest.mark.browser

READY = "window.reportReady === true"

CHART_INK = """() => [...document.querySelectorAll('div.chart')].map(div => {
  const svg = div.querySelector('svg');
  const box = div.getBoundingClientRect();
  return {
    id: div.id,
    width: Math.round(box.width),
    height: Math.round(box.height),
    paths: svg ? svg.querySelectorAll('path').length : 0,
    texts: svg ? [...svg.querySelectorAll('text')].map(t => t.textContent) : [],
  };
})"""


@pytest.fixture(scope="module")
def kunshan(china):
    from clusteratlas.graph.analytics.pipeline import analyze

    analysis = analyze(china, engine="none")
    return region_report(
        china,
        "320583",
        scope=analysis.scope,
        scores=analysis.regions,
        clusters=analysis.clusters,
        recovery=analysis.recovery,
    )


def test_kunshan_report_renders_every_chart(offline_page, tmp_path, artifacts_dir, kunshan):
    path = kunshan.write_html(tmp_path / "report-320583.html")
    offline_page.set_viewport_size({"width": 1280, "height": 900})
    offline_page.goto(path.resolve().as_uri())
    offline_page.wait_for_function(READY, timeout=30_000)
    charts = offline_page.evaluate(CHART_INK)
    assert [c["id"] for c in charts] == [f"chart-{c}" for c in kunshan.charts]
    assert kunshan.charts == ("mix", "lq", "change", "resilience", "upstream", "downstream")
    for chart in charts:
        # a drawn chart: axes, bars and labels as SVG paths and texts, in a box of real size
        assert chart["width"] > 600 and chart["height"] > 150, chart["id"]
        assert chart["paths"] >= 10, chart
    mix = next(c for c in charts if c["id"] == "chart-mix")
    assert "48.2" in mix["texts"] and "C 制造业" in mix["texts"]
    assert offline_page.inner_text("#report-title") == "Region report: 昆山市 (320583)"
    offline_page.screenshot(path=str(artifacts_dir / "report-320583.png"), full_page=True)
    offline_page.screenshot(path=str(artifacts_dir / "report-320583-top.png"))
    assert offline_page.errors == []
