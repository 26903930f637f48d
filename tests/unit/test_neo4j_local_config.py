"""What scripts/neo4j-local and docker-compose.yml configure, checked without a server."""

from __future__ import annotations

import importlib.machinery
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _neo4j_local() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader("neo4j_local", str(ROOT / "scripts/neo4j-local"))
    spec = importlib.util.spec_from_loader("neo4j_local", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def _conf(path: Path) -> dict[str, str]:
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line)


@pytest.mark.parametrize("browser", [False, True])
def test_conf_binds_loopback_only_with_auth_and_plugins(tmp_path, monkeypatch, browser):
    monkeypatch.setenv("NEO4J_LOCAL_PORT", "17687")
    monkeypatch.setenv("NEO4J_LOCAL_HTTP_PORT", "17474")
    conf = _conf(_neo4j_local().write_conf(tmp_path, browser) / "neo4j.conf")
    assert conf["server.default_listen_address"] == "127.0.0.1"
    assert conf["server.bolt.listen_address"] == "127.0.0.1:17687"
    assert conf["dbms.security.auth_enabled"] == "true"
    assert conf["dbms.security.procedures.unrestricted"] == "apoc.*,gds.*"
    assert conf["server.https.enabled"] == "false"
    if browser:
        assert conf["server.http.enabled"] == "true"
        assert conf["server.http.listen_address"] == "127.0.0.1:17474"
        assert conf["client.allow_telemetry"] == "false"
    else:
        assert conf["server.http.enabled"] == "false"
        assert "server.http.listen_address" not in conf


def test_plugins_can_be_left_out(tmp_path, monkeypatch):
    monkeypatch.setenv("NEO4J_LOCAL_PLUGINS", "0")
    conf = _conf(_neo4j_local().write_conf(tmp_path, False) / "neo4j.conf")
    assert "dbms.security.procedures.unrestricted" not in conf
    assert conf["server.directories.plugins"].endswith("no-plugins")


def test_plugin_versions_are_pinned():
    m = _neo4j_local()
    pom = m.PLUGINS_POM
    assert m._pom_property(pom, "apoc.version") == "5.26.0"
    assert m._pom_property(pom, "gds.version") == "2.13.9"
    assert m._pom_property(pom, "browser.version") == "5.24.0"
    assert m.neo4j_version().startswith("5.26.")


def test_docker_compose_has_apoc_and_gds_unrestricted():
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert """NEO4J_PLUGINS: '["apoc", "graph-data-science"]'""" in text
    assert 'NEO4J_dbms_security_procedures_unrestricted: "apoc.*,gds.*"' in text
    assert '"127.0.0.1:7474:7474"' in text and '"127.0.0.1:7687:7687"' in text


@pytest.mark.parametrize(("heap", "cap"), [("1g", "716m"), ("2g", "1433m"), ("512m", "358m")])
def test_transactions_may_not_take_the_whole_heap(tmp_path, monkeypatch, heap, cap):
    """Issue 24 #7: with the cap at the heap, a runaway delete stalled the server."""
    monkeypatch.setenv("NEO4J_LOCAL_HEAP", heap)
    conf = _conf(_neo4j_local().write_conf(tmp_path, False) / "neo4j.conf")
    assert conf["dbms.memory.transaction.total.max"] == cap
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert 'NEO4J_server_memory_heap_max__size: "2G"' in compose
    assert 'NEO4J_dbms_memory_transaction_total_max: "1400m"' in compose


def test_browser_settings_open_the_guide_from_loopback_only(tmp_path, monkeypatch):
    """Issue 24 #9: guides and styles only from 127.0.0.1; after login the project's style
    is loaded and its guide opened, from the guide server's port."""
    monkeypatch.setenv("NEO4J_LOCAL_GUIDE_PORT", "17475")
    conf = _conf(_neo4j_local().write_conf(tmp_path, True) / "neo4j.conf")
    assert conf["browser.remote_content_hostname_whitelist"] == "127.0.0.1"
    assert conf["browser.post_connect_cmd"] == (
        "style http://127.0.0.1:17475/clusteratlas.grass; "
        "guide http://127.0.0.1:17475/clusteratlas-guide.html"
    )
    plain = _conf(_neo4j_local().write_conf(tmp_path, False) / "neo4j.conf")
    assert not any(key.startswith("browser.") for key in plain)


def _get(url: str, origin: str | None = None) -> tuple[int, dict[str, str], bytes]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Origin": origin} if origin else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), b""


def test_the_guide_server_serves_docs_browser_with_cors_for_the_browser_only(tmp_path):
    import socket
    import subprocess
    import sys
    import time

    m = _neo4j_local()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts/neo4j-local"), "_serve-guide", str(port), "17474"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if m.port_taken(port):
                break
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        status, headers, body = _get(f"{base}/{m.GUIDE_FILE}", "http://127.0.0.1:17474")
        assert status == 200
        assert body == (m.GUIDE_DIR / m.GUIDE_FILE).read_bytes()
        assert headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:17474"
        status, headers, _ = _get(f"{base}/{m.STYLE_FILE}", "http://localhost:17474")
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "http://localhost:17474"
        status, headers, _ = _get(f"{base}/{m.STYLE_FILE}", "http://evil.example")
        assert status == 200 and "Access-Control-Allow-Origin" not in headers
        assert _get(f"{base}/")[0] == 404  # no listing
        assert _get(f"{base}/../README.md")[0] == 404  # nothing outside docs/browser
        assert _get(f"{base}/%2e%2e/README.md")[0] == 404
    finally:
        proc.terminate()
        proc.wait(timeout=10)
