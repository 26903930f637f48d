"""Real headless Chromium, offline, renders UTF-8 (Chinese) text from a local file."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_offline_page_renders_chinese(offline_page, tmp_path, artifacts_dir):
    html = tmp_path / "page.html"
    html.write_text(
        '<!doctype html><meta charset="utf-8"><title>南山区</title>'
        '<canvas id="c" width="50" height="50"></canvas>'
        "<script>document.getElementById('c').getContext('2d').fillRect(0,0,10,10);</script>",
        encoding="utf-8",
    )
    offline_page.goto(html.as_uri())
    assert offline_page.title() == "南山区"
    filled = offline_page.evaluate(
        "document.getElementById('c').getContext('2d').getImageData(5,5,1,1).data[3]"
    )
    assert filled == 255
    assert offline_page.errors == []
    offline_page.screenshot(path=str(artifacts_dir / "smoke.png"))


def test_network_is_off(offline_page):
    from playwright.sync_api import Error as PlaywrightError

    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        offline_page.goto("http://127.0.0.1:9/", timeout=5000)
