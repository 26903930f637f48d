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
