"""Neo4j Browser, served by ``scripts/neo4j-local start --browser``, in real headless Chromium.

``scripts/test`` starts the test server with ``--browser`` and exports
``NEO4J_BROWSER_URL``; the Browser must load from 127.0.0.1 only, refuse a wrong
password (authentication is on), log in and run ``RETURN 1``, and after login open the
project's guide and node style (docs/browser/, from neo4j-local's guide server) and run a
slide's query by a click. Requests that would leave the machine (web fonts, crash reports)
are blocked: the Browser works without them.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

BROWSER_URL = os.environ.get("NEO4J_BROWSER_URL", "")


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[Any]:
    if not BROWSER_URL:
        why = "NEO4J_BROWSER_URL is not set (scripts/test sets it; scripts/neo4j-local --browser)"
        if os.environ.get("CLUSTERATLAS_REQUIRE_SERVICES") == "1":
            pytest.fail(f"required service missing: {why}", pytrace=False)
        pytest.skip(why)
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    left: list[str] = []

    def local_only(route: Any) -> None:
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", None):  # None: data: and blob: URLs
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    page.blocked = left  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


def _login(page: Any, password: str) -> None:
    bolt = urlparse(os.environ["NEO4J_URI"])
    page.goto(BROWSER_URL, wait_until="networkidle")
    page.wait_for_selector("[data-testid=password]", timeout=60_000)
    page.select_option("[data-testid=bolt-scheme-select]", "bolt://")
    page.fill("[data-testid=boltaddress]", f"{bolt.hostname}:{bolt.port}")
    page.fill("[data-testid=username]", os.environ.get("NEO4J_USER", "neo4j"))
    page.fill("[data-testid=password]", password)
    page.click("[data-testid=connect]")


def test_http_listens_on_loopback_only_with_auth_on(browser_page, neo4j_driver):
    settings = {
        r["name"]: r["value"]
        for r in neo4j_driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
            names=[
                "server.http.enabled",
                "server.http.listen_address",
                "dbms.security.auth_enabled",
            ],
        ).records
    }
    assert settings["server.http.enabled"] == "true"
    assert settings["server.http.listen_address"] == f"127.0.0.1:{urlparse(BROWSER_URL).port}"
    assert settings["dbms.security.auth_enabled"] == "true"
    addresses = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)}
    for address in addresses - {"127.0.0.1", "::1"}:  # any other interface must not answer
        with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as s:
            s.settimeout(2)
            assert s.connect_ex((address, urlparse(BROWSER_URL).port)) != 0


def test_wrong_password_is_refused(browser_page):
    _login(browser_page, "not-the-password-42")
    browser_page.wait_for_selector("text=authentication failure", timeout=60_000)
    assert browser_page.locator("text=You are connected").count() == 0


def test_log_in_and_run_return_1(browser_page, artifacts_dir):
    _login(browser_page, os.environ["NEO4J_PASSWORD"])
    browser_page.wait_for_selector("text=You are connected", timeout=60_000)
    browser_page.locator("[data-testid=activeEditor]").first.click()
    browser_page.keyboard.type("RETURN 1 AS answer")
    browser_page.keyboard.press("Enter")
    frame = browser_page.locator("[data-testid=frame]", has_text="RETURN 1 AS answer").first
    frame.locator("text=Started streaming 1 records").wait_for(timeout=60_000)
    table = frame.locator("table, [role=table]").first
    assert "answer" in table.inner_text()
    assert "1" in table.inner_text().split()
    browser_page.screenshot(path=str(artifacts_dir / "neo4j-browser-return-1.png"))


def _guide_urls(driver: Any) -> tuple[str, str, str]:
    """The Browser settings ``scripts/neo4j-local start --browser`` writes: the allowlist,
    and the style and guide URLs its post-connect command loads and opens."""
    settings = {
        r["name"]: r["value"]
        for r in driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name STARTS WITH 'browser.' RETURN name, value"
        ).records
    }
    commands = [c.strip() for c in settings["browser.post_connect_cmd"].split(";")]
    style = next(c.split(" ", 1)[1] for c in commands if c.startswith("style "))
    guide = next(c.split(" ", 1)[1] for c in commands if c.startswith("guide "))
    return settings["browser.remote_content_hostname_whitelist"], style, guide


def _run_block(page: Any, block: Any) -> None:
    """Click the play icon the Browser puts before a guide's runnable block."""
    block.scroll_into_view_if_needed()
    block.locator("i.fa-play-circle-o").first.click()


def test_guide_opens_after_login_and_its_query_runs(browser_page, china_db, artifacts_dir):
    """Issue 24 #9: the project's guide and node style, served on 127.0.0.1 and opened
    after login (browser.post_connect_cmd); a slide's parameters and query run by a click
    and answer from the bundled data."""
    allowlist, style_url, guide_url = _guide_urls(china_db)
    assert allowlist == "127.0.0.1"
    for url in (style_url, guide_url):
        assert urlparse(url).hostname == "127.0.0.1"
    _login(browser_page, os.environ["NEO4J_PASSWORD"])
    browser_page.wait_for_selector("text=You are connected", timeout=60_000)
    guide = browser_page.locator("[data-testid=guidesDrawer]").first
    # the first slide's title, in the guide drawer, opened by the post-connect command
    guide.locator("h3", has_text="China's county economies as a graph").wait_for(timeout=60_000)
    # the style was fetched from the guide server and applied
    style_frame = browser_page.locator("[data-testid=frame]", has_text=f":style {style_url}")
    style_frame.locator("text=node.Region").first.wait_for(timeout=30_000)
    assert not browser_page.locator("text=Hostname is not allowed").count()
    # the schema slide: the model drawn in the project's style
    guide.locator("text=Next").click()
    guide.locator("text=Next").click()
    slide = guide.locator("h3", has_text="The graph model")
    slide.wait_for(timeout=10_000)
    _run_block(browser_page, guide.locator("pre.runnable.query").first)
    schema = browser_page.locator("[data-testid=frame]", has_text="CALL db.schema.visualization()")
    schema.locator("svg .node").first.wait_for(timeout=60_000)
    browser_page.wait_for_timeout(3_000)  # let the force layout settle for the screenshot
    browser_page.screenshot(path=str(artifacts_dir / "neo4j-browser-guide-schema.png"))
    # the location-quotient slide: set Kunshan's parameters, then run the library query
    guide.locator("text=Next").click()
    guide.locator("text=Next").click()
    guide.locator("h3", has_text="What does each county specialise in?").wait_for(timeout=10_000)
    _run_block(browser_page, guide.locator("pre.runnable.params").first)
    params = browser_page.locator("[data-testid=frame]", has_text=":param region => '320583'")
    params.first.wait_for(timeout=30_000)
    browser_page.wait_for_timeout(2_000)  # the multi-statement frame runs them in order
    _run_block(browser_page, guide.locator("pre.runnable.query").first)
    frame = browser_page.locator("[data-testid=frame]", has_text="MATCH (target:Region").first
    frame.locator("text=Started streaming").wait_for(timeout=60_000)
    table = frame.locator("table, [role=table]").first
    text = table.inner_text()
    assert "industry_code" in text and "lq" in text
    assert "GB4754:C" in text and "制造业" in text  # Kunshan's manufacturing ranks first
    browser_page.screenshot(path=str(artifacts_dir / "neo4j-browser-guide-lq.png"))
