"""The map page in real Chromium, offline, at 1440x900: China's borders drawn under the
dots, the article's counties named, search lands on 昆山市 and names it, hovering 武侯区's
dot shows 武侯区's tooltip (not 双流区's, its neighbour 0.1 degree away), and another
country's data get points only, with no Chinese text.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from clusteratlas.graph.views import map_view
from clusteratlas.loaders.bundled import load_bundled
from clusteratlas.loaders.dataset import Dataset
from clusteratlas.loaders.dataset_json import featured_regions

pytestmark = pytest.mark.browser

COUNTIES = tuple(featured_regions(load_bundled("china")))
READY = "typeof network !== 'undefined' && window.viewReady === true"
SPAIN = Path(__file__).resolve().parents[1] / "data" / "synthetic_spain"
CJK = re.compile(r"[\u3400-\u9fff]")

DOT_ON_SCREEN = """(id) => {
  const p = network.canvasToDOM(network.getPositions([id])[id]);
  const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
  return [p.x + r.left, p.y + r.top];
}"""


def _open(page, path):
    page.set_viewport_size({"width": 1440, "height": 900})
    started = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_function(READY, timeout=60_000)
    page.wait_for_timeout(200)
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def china_map(china, tmp_path_factory):
    view = map_view(china, "resilience", highlight=COUNTIES)
    return view, view.write_html(tmp_path_factory.mktemp("map") / "map.html")


def _tooltip(page, node_id):
    x, y = page.evaluate(DOT_ON_SCREEN, node_id)
    page.mouse.move(x + 40, y + 40)
    page.mouse.move(x, y)
    return page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000).inner_text()


def test_borders_drawn_offline_and_counties_named(offline_page, artifacts_dir, china_map):
    view, path = china_map
    _open(offline_page, path)
    borders = offline_page.evaluate("window.mapBorders")
    layer = view.metadata["layer"]["boundaries"]
    assert borders == {k: len(layer["lines"][k]) for k in ("province", "prefecture")}
    # province borders are drawn: pixels of their grey (#7b8794), not a dot colour
    ink = offline_page.evaluate(
        """() => { const c = document.querySelector('#mynetwork canvas');
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             let grey = 0;
             for (let i = 0; i < d.length; i += 4)
               if (d[i + 3] > 0 && Math.abs(d[i] - 0x7b) < 40 && Math.abs(d[i + 2] - 0x94) < 40
                   && Math.abs(d[i] - d[i + 2]) < 40) grey++;
             return grey; }"""
    )
    assert ink > 5_000  # grey border pixels, not only coloured dots
    labels = offline_page.evaluate("window.mapLabels")
    assert set(COUNTIES) <= {o["id"] for o in labels}  # every article county named at once
    for a in labels:  # no named box over another
        for b in labels:
            if a["id"] < b["id"]:
                assert not (
                    a["x0"] < b["x1"]
                    and b["x0"] < a["x1"]
                    and a["y0"] < b["y1"]
                    and b["y0"] < a["y1"]
                ), (a["text"], b["text"])
    offline_page.screenshot(path=str(artifacts_dir / "map-borders.png"))
    assert offline_page.errors == []


def test_search_lands_on_kunshan_and_names_it(offline_page, artifacts_dir, china_map):
    _, path = china_map
    _open(offline_page, path)
    offline_page.fill("#search", "昆山")
    offline_page.press("#search", "Enter")
    offline_page.wait_for_timeout(400)
    assert offline_page.evaluate("network.getSelectedNodes()") == ["320583"]
    assert offline_page.evaluate("STATE.focus") == "320583"
    named = offline_page.evaluate("window.mapLabels.filter(o => o.focus)")
    assert [o["id"] for o in named] == ["320583"] and named[0]["text"].startswith("昆山市")
    assert offline_page.evaluate("network.getScale()") >= 2.5  # zoomed in on it
    # its neighbourhood is named: county names and prefecture names (苏州市 is its own)
    assert offline_page.evaluate("window.labelsShown") > 5
    assert "苏州市" in offline_page.evaluate("window.unitNames.map(u => u[0])")
    offline_page.screenshot(path=str(artifacts_dir / "map-search-kunshan.png"))
    assert offline_page.errors == []


def test_hovering_wuhou_shows_wuhou(offline_page, artifacts_dir, china_map, china):
    _, path = china_map
    regions = china.regions.set_index("code")
    # the two dots overlap at the first zoom: 0.1 degree apart
    gap = abs(regions.at["510107", "lon"] - regions.at["510116", "lon"])
    assert gap < 0.2
    _open(offline_page, path)
    assert (
        offline_page.evaluate(
            "network.getNodeAt(network.canvasToDOM(network.getPositions(['510107'])['510107']))"
        )
        == "510107"
    )
    tip = _tooltip(offline_page, "510107")
    assert tip.startswith("武侯区 (510107)"), tip
    offline_page.screenshot(path=str(artifacts_dir / "map-hover-wuhou.png"))
    assert offline_page.errors == []


def test_another_countrys_map_is_points_only(offline_page, artifacts_dir, tmp_path):
    ds = Dataset.from_dir(SPAIN)
    view = map_view(ds, "entropy")
    assert view.metadata["layer"]["boundaries"] is None
    path = view.write_html(tmp_path / "spain.html")
    _open(offline_page, path)
    assert offline_page.evaluate("window.mapBorders") == {}
    # the page's own part, after the inlined vis-network library (whose locales hold
    # Chinese): no Chinese text and no word of China's divisions
    own = path.read_text(encoding="utf-8").split("</script>", 1)[1]
    assert "prefecture" not in own and not CJK.search(own), CJK.findall(own)[:10]
    assert offline_page.evaluate("nodes.length") == view.n_nodes > 0
    text = offline_page.inner_text("body")
    assert not CJK.search(text), CJK.findall(text)[:10]
    offline_page.screenshot(path=str(artifacts_dir / "map-spain.png"))
    assert offline_page.errors == []
