"""Neo4j Browser, served by ``scripts/neo4j-local start --browser``, in real headless Chromium.

``scripts/test`` starts the test server with ``--browser`` and exports
``NEO4J_BROWSER_URL``; the Browser must load from 127.0.0.1 only, refuse a wrong
password (authentication is on), log in and run ``RETURN 1``. Requests that would
leave the machine (web fonts, crash reports) are blocked: the Browser works without them.
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
