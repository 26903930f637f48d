"""The article's eight counties' views in real Chromium, read back through vis-network's API.

For the region, industry-space, supply-chain and cluster pages of each county (32 pages),
in windows of 1440x900 and 1280x720: every node is inside the canvas, and the canvas
inside the window, at first view; no two drawn label boxes overlap and no label covers
another node (node positions and shape sizes from ``network.body.nodes``, label boxes
from the labels vis-network drew, see ``_labels.py``), labels are at least 11 px on
screen at the initial zoom, the important nodes keep their labels, and a tooltip stays
inside the canvas. The Fit and Reset buttons work from the keyboard; the PNG export
holds the title, legend and source around the canvas. Then the tools: the
search box finds and highlights 昆山市, a legend entry hides a section, the exports
hold what is drawn; the supply chains of Kunshan and Cixi differ in their focus or say
why they cannot; the map draws every county with coordinates, offline.
"""

from __future__ import annotations

import csv
import io

import pytest

from clusteratlas.graph.views import (
    cluster_network_view,
    industry_space_view,
    map_view,
    region_view,
    supply_chain_view,
)
from clusteratlas.loaders.bundled import load_bundled
from clusteratlas.loaders.dataset_json import featured_regions

from ._labels import LABEL_CHECK

pytestmark = pytest.mark.browser

COUNTIES = tuple(featured_regions(load_bundled("china")))  # the article's (dataset.json)

READY = "typeof network !== 'undefined' && window.viewReady === true"


SIZES = ((1440, 900), (1280, 720))


def _open(page, path, width=1400, height=950):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(path.resolve().as_uri())
    page.wait_for_function(READY, timeout=60_000)
    page.wait_for_timeout(200)


BUILDERS = {
    "region": lambda ds, c: region_view(ds, [c]),
    "industry-space": lambda ds, c: industry_space_view(ds, [c]),
    "supply-chain": lambda ds, c: supply_chain_view(ds, regions=[c]),
    "clusters": lambda ds, c: cluster_network_view(ds, [c]),  # as the demo draws one county
}


def _must(view):
    return {n for n, a in view.graph.nodes(data=True) if a.get("must_label")}


CANVAS_IN_WINDOW = """() => {
    const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
    return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight + 0.5
           && r.right <= window.innerWidth + 0.5; }"""


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("kind", list(BUILDERS))
@pytest.mark.parametrize("county", COUNTIES)
def test_labels_never_collide(offline_page, tmp_path, artifacts_dir, china, kind, county, size):
    view = BUILDERS[kind](china, county)
    path = view.write_html(tmp_path / f"{kind}-{county}.html")
    _open(offline_page, path, *size)
    got = offline_page.evaluate(LABEL_CHECK)
    assert got["nodes"] == view.n_nodes and got["inView"] == got["nodes"], got["outside"]
    assert offline_page.evaluate(CANVAS_IN_WINDOW)
    assert got["labelOverlaps"] == [], got["labelOverlaps"][:5]
    assert got["labelCoversNode"] == [], got["labelCoversNode"][:5]
    assert got["labels"] > 0 and round(got["minLabelPx"], 6) >= 11  # float: 11 px = f * scale
    shown = set(got["labelled"])
    on_screen_must = {
        n
        for n in _must(view)
        if offline_page.evaluate(
            """(id) => { const c = document.querySelector('#mynetwork canvas');
                 const p = network.canvasToDOM(network.getPositions([id])[id]);
                 return p.x > 0 && p.y > 0 && p.x < c.clientWidth && p.y < c.clientHeight; }""",
            n,
        )
    }
    assert on_screen_must <= shown, sorted(on_screen_must - shown)
    if kind == "region":
        assert county in shown  # the county itself is always named
    offline_page.screenshot(
        path=str(artifacts_dir / f"county-{kind}-{county}-{size[0]}x{size[1]}.png")
    )
    assert offline_page.errors == []


def _tooltip_box(page, node_id):
    x, y = page.evaluate(
        """(id) => { const p = network.canvasToDOM(network.getPositions([id])[id]);
             const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();
             return [p.x + r.left, p.y + r.top]; }""",
        node_id,
    )
    page.mouse.move(x + 40, y + 40)
    page.mouse.move(x, y)
    tip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    page.wait_for_timeout(150)
    return tip.bounding_box(), page.locator("#mynetwork").bounding_box(), tip.inner_text()


@pytest.mark.parametrize("width", [1400, 1024])
def test_tooltips_fit_the_canvas(offline_page, tmp_path, china, width):
    view = region_view(china, ["440305"])  # Nanshan: the longest tooltip (indicators, source)
    path = view.write_html(tmp_path / "nanshan.html")
    _open(offline_page, path, width)
    tip, canvas, text = _tooltip_box(offline_page, "440305")
    # the article's "over one trillion yuan" is a lower bound and stays one
    assert "GDP: > 1.0万亿元 (more than)" in text and "sample counts: compare shares" in text
    assert (
        tip["x"] >= canvas["x"] - 1 and tip["x"] + tip["width"] <= canvas["x"] + canvas["width"] + 1
    )
    assert (
        tip["y"] >= canvas["y"] - 1
        and tip["y"] + tip["height"] <= canvas["y"] + canvas["height"] + 1
    )


def test_search_finds_and_highlights_kunshan(offline_page, tmp_path, artifacts_dir, china):
    view = map_view(china, "resilience", highlight=COUNTIES)
    path = view.write_html(tmp_path / "map.html")
    _open(offline_page, path)
    offline_page.fill("#search", "昆山市")
    offline_page.press("#search", "Enter")
    offline_page.wait_for_timeout(300)
    assert offline_page.evaluate("network.getSelectedNodes()") == ["320583"]
    assert "昆山市" in offline_page.inner_text("#search-status")
    # the map keeps every region's colour (the score is the map's information) and names
    # the found one in a box beside its dot
    colours = offline_page.evaluate(
        "[nodes.get('440305').color.background, nodes.get('440305').baseColor.background]"
    )
    assert colours[0] == colours[1] and not colours[0].startswith("rgba")
    named = offline_page.evaluate("window.mapLabels.filter(o => o.focus).map(o => o.text)")
    assert len(named) == 1 and named[0].startswith("昆山市")
    centre = offline_page.evaluate(
        """() => { const c = document.querySelector('#mynetwork canvas');
             const p = network.canvasToDOM(network.getPositions(['320583'])['320583']);
             return [p.x / c.clientWidth, p.y / c.clientHeight]; }"""
    )
    assert abs(centre[0] - 0.5) < 0.05 and abs(centre[1] - 0.5) < 0.05
    got = offline_page.evaluate(LABEL_CHECK)  # zoomed in on it: still no collisions
    assert got["labelOverlaps"] == [] and got["labelCoversNode"] == []
    offline_page.screenshot(path=str(artifacts_dir / "search-kunshan.png"))
    offline_page.click("#search-clear")
    assert offline_page.evaluate("nodes.get('440305').color.background").startswith("#")
    assert offline_page.errors == []


def test_legend_toggle_hides_a_section_and_exports_follow(offline_page, tmp_path, china):
    view = region_view(china, ["320583"])
    path = view.write_html(tmp_path / "kunshan.html")
    _open(offline_page, path)
    manufacturing = [n for n, a in view.graph.nodes(data=True) if a.get("section") == "GB4754:C"]
    assert len(manufacturing) > 3  # the industry, its cluster and companies
    before = list(csv.DictReader(io.StringIO(offline_page.evaluate("clusteratlas.nodesCsv()"))))
    offline_page.click('#legend li[data-section="GB4754:C"]')
    offline_page.wait_for_timeout(200)
    hidden = offline_page.evaluate(
        "(ids) => ids.filter(id => nodes.get(id).hidden === true).length", manufacturing
    )
    assert hidden == len(manufacturing)
    assert "off" in offline_page.get_attribute('#legend li[data-section="GB4754:C"]', "class")
    after = list(csv.DictReader(io.StringIO(offline_page.evaluate("clusteratlas.nodesCsv()"))))
    assert len(after) == len(before) - len(manufacturing)
    assert not {r["id"] for r in after} & set(manufacturing)
    with offline_page.expect_download() as info:
        offline_page.click("#export-links")
    links = info.value.path().read_text(encoding="utf-8-sig")
    assert links.splitlines()[0].startswith("from,to")
    assert offline_page.evaluate("clusteratlas.pngDataUrl()").startswith("data:image/png;base64,")
    offline_page.click('#legend li[data-section="GB4754:C"]')
    assert (
        offline_page.evaluate(
            "(ids) => ids.filter(id => nodes.get(id).hidden).length", manufacturing
        )
        == 0
    )
    assert offline_page.errors == []


def test_exports_carry_estimates_final_demand_change_and_qualifiers(offline_page, tmp_path, china):
    """The pages' Nodes CSV, as Chromium writes it: Kunshan's chain gives each sector its
    own estimate with its basis (chemicals 0.482408 x 0.138597 = 0.066860, see the unit
    test), Jinjiang's chain its final demand (exports 27.7245%), Kunshan's 2010 page the
    2010 and 2020 shares (63.28% -> 48.24%) and only the firms listed by 2010, and its
    region row the GDP with its qualifier (a lower bound)."""

    def nodes_csv(view, name):
        _open(offline_page, view.write_html(tmp_path / name))
        rows = csv.DictReader(io.StringIO(offline_page.evaluate("clusteratlas.nodesCsv()")))
        assert offline_page.errors == []
        return {r["id"]: r for r in rows}

    chain = nodes_csv(supply_chain_view(china, regions=["320583"]), "kunshan-chain.html")
    assert float(chain["NBS42:12"]["region_share_est"]) == pytest.approx(0.066860, abs=5e-6)
    assert "national gross output" in chain["NBS42:12"]["estimate_basis"]
    assert chain["NBS42:12"]["region_share"] == ""  # no section figure under a sector's name
    jinjiang = nodes_csv(supply_chain_view(china, regions=["350582"]), "jinjiang-chain.html")
    assert jinjiang["final:exports"]["kind"] == "final_demand"
    assert float(jinjiang["final:exports"]["share_of_focus_output"]) == pytest.approx(
        0.277245, abs=5e-7
    )
    old = nodes_csv(region_view(china, ["320583"], year=2010), "kunshan-2010.html")
    assert float(old["GB4754:C"]["share_2010"]) == pytest.approx(0.632847, abs=5e-7)
    assert float(old["GB4754:C"]["share_2020"]) == pytest.approx(0.482408, abs=5e-7)
    assert float(old["GB4754:C"]["change_pts_2010_2020"]) == pytest.approx(-15.0439, abs=5e-5)
    assert old["320583"]["gdp_2025_qualifier"] == "lower_bound"
    assert sum(r["kind"] == "company" for r in old.values()) == 2


def test_hover_keeps_node_colours(offline_page, tmp_path, china):
    view = industry_space_view(china, ["350582"])
    path = view.write_html(tmp_path / "jinjiang.html")
    _open(offline_page, path)
    colour = offline_page.evaluate("nodes.get('GB4754:C').color")
    assert colour["hover"]["background"] == colour["background"]
    assert colour["highlight"]["background"] == colour["background"]


@pytest.mark.parametrize("county", COUNTIES)
def test_industry_space_opens_on_the_countys_clusters(offline_page, tmp_path, china, county):
    """The page opens with the ringed industries (the county's clusters) whole inside the
    canvas (the whole space is fitted)."""
    view = industry_space_view(china, [county])
    ringed = [n for n, a in view.graph.nodes(data=True) if a.get("must_label")]
    path = view.write_html(tmp_path / f"is-{county}.html")
    _open(offline_page, path)
    inside = offline_page.evaluate(
        """(ids) => { const c = document.querySelector('#mynetwork canvas');
             return ids.map(id => { const n = network.body.nodes[id];
               const p = network.canvasToDOM({x: n.x, y: n.y});
               const r = n.shape.radius * network.getScale();
               return p.x - r >= 0 && p.y - r >= 0 && p.x + r <= c.clientWidth
                      && p.y + r <= c.clientHeight; }); }""",
        ringed,
    )
    assert ringed and all(inside), dict(zip(ringed, inside, strict=True))


@pytest.mark.parametrize("county", ["320583", "330282"])
def test_region_view_draws_declared_beside_detected_clusters(offline_page, tmp_path, china, county):
    """Kunshan and Cixi: the cluster the article names is a diamond beside the detected star
    of its section, with its own legend entry (which hides it) and a tooltip that says who
    names it and that the section-level data cannot test it (its industries are finer)."""
    view = region_view(china, [county])
    path = view.write_html(tmp_path / f"region-{county}.html")
    _open(offline_page, path)
    declared = f"given:declared:{county}:1"
    kinds = offline_page.evaluate(
        """() => Object.fromEntries(nodes.get().map(n => [n.id, [n.kind, n.shape]]))"""
    )
    assert kinds[declared] == ["declared", "diamond"]
    assert kinds[f"cluster:{county}:GB4754:C"] == ["cluster", "star"]  # the detected one
    legend = offline_page.locator('#legend-shapes li[data-kind="declared"]')
    assert "cluster named by a source" in legend.inner_text()
    _, _, text = _tooltip_box(offline_page, declared)
    assert "named by: Deep News" in text
    assert "not testable at GB4754 section level: its industries (" in text
    assert "a detected cluster of the region) cannot tell" in text  # the section, as context
    assert "firm evidence: " in text
    assert "(named by the source: a declared cluster, drawn whatever the data show)" in text
    legend.click()  # the legend toggle hides the declared clusters, and only them
    hidden = offline_page.evaluate("nodes.get().filter(n => n.hidden).map(n => n.id)")
    assert hidden == [declared]
    assert offline_page.errors == []


def test_kunshan_cixi_and_wuhou_supply_chains_are_their_own_or_say_why(
    offline_page, tmp_path, china
):
    """Opened in Chromium: Kunshan's chain starts from its listed firms' sector (4 of its 12
    Shenzhen-listed firms with an I-O sector make electronics, NBS42:20); Cixi's 7 firms
    are too few to name one (at most 2 in a sector), so it starts from the cluster the
    article names for it (small household appliances: electrical machinery, NBS42:19);
    Wuhou has neither, so its page says so and draws sections around its most
    specialised one. Each page carries the county's own numbers: per sector its estimated
    share (the section's LQ beside it, named as the section's), per section its share and
    LQ, and its listed firms per node."""
    pages = {}
    for code in ("320583", "330282", "510107"):
        path = supply_chain_view(china, regions=[code]).write_html(tmp_path / f"sc-{code}.html")
        _open(offline_page, path)
        pages[code] = offline_page.evaluate(
            """() => ({
                 title: document.querySelector('#view-title').textContent,
                 notes: document.body.innerText,
                 focus: nodes.get().filter(n => n.row.layer === 0).map(n => [n.id, n.label]),
                 firms: Object.fromEntries(nodes.get().filter(n => n.row.region_firms)
                                             .map(n => [n.id, n.row.region_firms])),
                 lq: Object.fromEntries(nodes.get().map(
                       n => [n.id, n.row.region_lq ?? n.row.section_lq])),
                 est: Object.fromEntries(nodes.get().map(n => [n.id, n.row.region_share_est])),
               })"""
        )
        assert offline_page.errors == []
    kunshan, cixi, wuhou = pages["320583"], pages["330282"], pages["510107"]
    assert [p["focus"][0][0] for p in (kunshan, cixi, wuhou)] == [
        "NBS42:20",
        "NBS42:19",
        "GB4754:I",
    ]
    assert "Supply chain of 通信设备、计算机和其他电子设备 (NBS42:20)" in kunshan["title"]
    assert "昆山市" in kunshan["title"] and "慈溪市" in cixi["title"]
    assert "4 of the 12 listed firms of 昆山市" in kunshan["notes"]
    assert "4 listed firms" in kunshan["focus"][0][1]  # on the focus node's label
    assert "Supply chain of 电气机械和器材 (NBS42:19)" in cixi["title"]
    assert (
        "the input-output sector of small household appliances, the cluster that " in cixi["notes"]
    )
    assert (
        "names for 慈溪市 (a declared cluster; its industries: 小家电 (SW2021:330300))"
        in cixi["notes"]
    )
    assert "慈溪市's listed firms are too few to name its sector: 7" in cixi["notes"]
    assert "武侯区's listed firms are too few to name its sector: 7" in wuhou["notes"]
    assert (
        "cannot tell the input-output sectors within 信息传输、软件和信息技术服务业 apart"
        in (wuhou["notes"])
    )
    # the county's own numbers: its LQ of the focus's section differs between the pages
    # its section C (2.687 before the rows of merged units were summed into their successors:
    # the national shares moved)
    assert kunshan["lq"]["NBS42:20"] == pytest.approx(2.689, abs=0.001)
    # the sector's own estimate: 48.24% of Kunshan in C x NBS42:20's 9.995% of C's output
    assert kunshan["est"]["NBS42:20"] == pytest.approx(0.482408 * 0.099950, abs=1e-5)
    assert "est. 4.82%" in kunshan["focus"][0][1]
    assert cixi["lq"]["NBS42:19"] == pytest.approx(3.40, abs=0.01)  # its section C
    assert cixi["firms"]["NBS42:19"] == 1  # one of its listed firms makes electrical machinery
    # 5.00 before the successors' summed rows (两江新区, 上城区, 拱墅区 ... added their
    # information workers to the nation's)
    assert wuhou["lq"]["GB4754:I"] == pytest.approx(4.96, abs=0.01)


def test_map_draws_every_county_offline(offline_page, tmp_path, artifacts_dir, china):
    view = map_view(china, "resilience", highlight=COUNTIES)
    counties = china.regions[china.regions["level"] == "county"].dropna(subset=["lon", "lat"])
    from clusteratlas.graph.analytics.resilience import resilience_scores

    scored = set(resilience_scores(china).index)
    expected = {c for c in counties["code"] if c in scored}
    assert len(expected) > 2500
    drawn = {n for n, a in view.graph.nodes(data=True) if a.get("kind") == "region"}
    assert drawn == expected
    path = view.write_html(tmp_path / "map.html")
    _open(offline_page, path)
    assert offline_page.evaluate("nodes.get().filter(n => n.kind === 'region').length") == len(
        expected
    )
    ink = offline_page.evaluate(
        """() => { const c = document.querySelector('#mynetwork canvas');
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             let k = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) k++; return k; }"""
    )
    assert ink > 20_000
    got = offline_page.evaluate(LABEL_CHECK)
    assert got["labelOverlaps"] == [] and got["labelCoversNode"] == []
    named = offline_page.evaluate("window.mapLabels.map(o => o.id)")  # the map's own layer
    assert set(COUNTIES) <= set(named)
    offline_page.screenshot(path=str(artifacts_dir / "map-resilience.png"))
    assert offline_page.errors == []


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG from its IHDR chunk (bytes 16-24, big-endian)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _data_url_bytes(url: str) -> bytes:
    import base64

    head, _, body = url.partition(",")
    assert head == "data:image/png;base64"
    return base64.b64decode(body)


def test_fit_and_reset_from_the_keyboard(offline_page, tmp_path, china):
    """Nanshan's region page (111 nodes): zoomed in, searched and filtered, Fit (Space on
    the focused button) brings every node back into view; Reset (Enter) restores the
    first view's zoom and centre, the search and every filter."""
    view = region_view(china, ["440305"])
    path = view.write_html(tmp_path / "nanshan.html")
    _open(offline_page, path, 1280, 720)
    first = offline_page.evaluate("[network.getScale(), network.getViewPosition()]")
    assert offline_page.evaluate(LABEL_CHECK)["inView"] == view.n_nodes
    offline_page.evaluate(
        "network.moveTo({scale: network.getScale() * 4, position: {x: 300, y: 200}})"
    )
    assert offline_page.evaluate(LABEL_CHECK)["inView"] < view.n_nodes  # zoomed in: some out
    offline_page.focus("#fit-view")
    offline_page.keyboard.press("Space")
    offline_page.wait_for_timeout(200)
    got = offline_page.evaluate(LABEL_CHECK)
    assert got["inView"] == view.n_nodes
    assert got["labelOverlaps"] == [] and got["labelCoversNode"] == []
    # search, hide a section, zoom: then Reset by keyboard
    offline_page.fill("#search", "南山区")
    offline_page.press("#search", "Enter")
    offline_page.click('#legend li[data-section="GB4754:C"]')
    offline_page.evaluate("network.moveTo({scale: network.getScale() * 3})")
    assert offline_page.evaluate("nodes.get().filter(n => n.hidden).length") > 0
    offline_page.focus("#reset-view")
    offline_page.keyboard.press("Enter")
    offline_page.wait_for_timeout(200)
    scale, centre = offline_page.evaluate("[network.getScale(), network.getViewPosition()]")
    assert scale == pytest.approx(first[0], rel=1e-6)
    assert centre["x"] == pytest.approx(first[1]["x"], abs=1e-3)
    assert centre["y"] == pytest.approx(first[1]["y"], abs=1e-3)
    assert offline_page.evaluate("nodes.get().filter(n => n.hidden).length") == 0
    assert offline_page.evaluate("network.getSelectedNodes()") == []
    assert offline_page.input_value("#search") == ""
    assert "off" not in (
        offline_page.get_attribute('#legend li[data-section="GB4754:C"]', "class") or ""
    )
    assert offline_page.evaluate("nodes.get('440305').color.background").startswith("#")
    got = offline_page.evaluate(LABEL_CHECK)
    assert got["inView"] == view.n_nodes and got["labelOverlaps"] == []
    assert offline_page.errors == []


def test_png_export_holds_title_legend_and_source(offline_page, tmp_path, artifacts_dir, china):
    """Jiangyin's supply chain: the PNG the button downloads is larger than the bare canvas
    on both sides (the legend beside it, the title above, the source line below) and its
    pixels differ; the composed image is kept in the artifacts to look at."""
    view = supply_chain_view(china, regions=["320281"])
    path = view.write_html(tmp_path / "jiangyin.html")
    _open(offline_page, path, 1280, 720)
    with offline_page.expect_download() as info:
        offline_page.click("#export-png")
    assert info.value.suggested_filename.endswith(".png")
    composed = info.value.path().read_bytes()
    bare = _data_url_bytes(offline_page.evaluate("clusteratlas.bareDataUrl()"))
    canvas = offline_page.evaluate(
        "(() => { const c = document.querySelector('#mynetwork canvas');"
        " return [c.width, c.height]; })()"
    )
    (bw, bh), (cw, ch) = _png_size(bare), _png_size(composed)
    assert (bw, bh) == tuple(canvas)
    assert cw >= bw + 280 and ch >= bh + 60  # legend column; title above, source below
    assert composed != bare
    # the title's first pixels are ink: the image starts with text, not with the canvas
    ink = offline_page.evaluate(
        """(url) => new Promise(done => { const img = new Image(); img.onload = () => {
             const c = document.createElement('canvas'); c.width = img.width; c.height = 40;
             const x = c.getContext('2d'); x.drawImage(img, 0, 0);
             const d = x.getImageData(0, 0, img.width, 40).data; let k = 0;
             for (let i = 0; i < d.length; i += 4) if (d[i] < 128) k++; done(k); };
           img.src = url; })""",
        offline_page.evaluate("clusteratlas.pngDataUrl()"),
    )
    assert ink > 200
    (artifacts_dir / "export-supply-chain-320281.png").write_bytes(composed)
    assert offline_page.errors == []
