"""A ``--lang en`` page in real Chromium: it renders with no console error, names Kunshan
and its industries in English, and its search box finds them by either language; an
English supply chain names about as many nodes as the Chinese one (short labels)."""

from __future__ import annotations

import pytest

from clusteratlas.graph.definitions.lang import localise
from clusteratlas.graph.views import add_search_names, region_view, supply_chain_view

from ._labels import LABEL_CHECK

pytestmark = pytest.mark.browser

READY = "typeof network !== 'undefined' && window.viewReady === true"


def test_english_region_page_renders_and_searches_both_languages(offline_page, tmp_path, china):
    en = localise(china, "en")
    path = add_search_names(region_view(en, ["320583"]), en).write_html(tmp_path / "k.html")
    offline_page.set_viewport_size({"width": 1400, "height": 950})
    offline_page.goto(path.resolve().as_uri())
    offline_page.wait_for_function(READY, timeout=60_000)
    assert offline_page.text_content("h1").startswith("Region view: Kunshan City (320583")
    legend = offline_page.text_content("#legend")
    assert "Manufacturing (GB4754:C)" in legend and "制造业" not in legend
    for query, found in [
        ("昆山", "Kunshan City (320583)"),
        ("kunshan", "Kunshan City (320583)"),
        ("制造业", "Manufacturing (GB4754:C)"),
        ("manufacturing", "Manufacturing (GB4754:C)"),
    ]:
        offline_page.evaluate("q => clusteratlas.search(q)", query)
        assert offline_page.text_content("#search-status").startswith(f"Found {found}"), query
    offline_page.screenshot(path=str(tmp_path / "kunshan-en.png"))
    assert offline_page.errors == []


def test_chinese_region_page_finds_pinyin_and_english(offline_page, tmp_path, china):
    path = add_search_names(region_view(china, ["320583"]), china).write_html(tmp_path / "z.html")
    offline_page.goto(path.resolve().as_uri())
    offline_page.wait_for_function(READY, timeout=60_000)
    for query, found in [("Kunshan", "昆山市 (320583)"), ("real estate", "房地产业 (GB4754:K)")]:
        offline_page.evaluate("q => clusteratlas.search(q)", query)
        assert offline_page.text_content("#search-status").startswith(f"Found {found}"), query
    assert offline_page.errors == []


def test_english_supply_chain_labels_as_many_nodes_as_chinese(offline_page, tmp_path, china):
    # English industry names are long; their drawn labels take the short form
    # (graph/views/style.py short_label), so the declutter hides no more of them than of
    # the Chinese ones (before: Kunshan's English page named 8 of 32 nodes, Chinese 32)
    shown = {}
    for lang in ("zh", "en"):
        view = supply_chain_view(localise(china, lang), regions=["320583"])
        path = view.write_html(tmp_path / f"supply-chain-{lang}.html")
        offline_page.set_viewport_size({"width": 1440, "height": 900})
        offline_page.goto(path.resolve().as_uri())
        offline_page.wait_for_function(READY, timeout=60_000)
        offline_page.wait_for_timeout(200)
        got = offline_page.evaluate(LABEL_CHECK)
        assert got["labelOverlaps"] == [] and got["labelCoversNode"] == [], lang
        shown[lang] = got["labels"]
        offline_page.screenshot(path=str(tmp_path / f"supply-chain-{lang}.png"))
    assert shown["zh"] >= 20, shown
    assert shown["en"] >= 0.8 * shown["zh"], shown
    assert offline_page.errors == []
