"""Shared fixtures: a real Neo4j (``neo4j`` marker) and real headless Chromium (``browser``).

Services are *required* when ``CLUSTERATLAS_REQUIRE_SERVICES=1`` (set by
``scripts/test`` and so by CI): a missing Neo4j or Chromium then fails the run.
Otherwise tests that need them are skipped with the reason, so that a quick
``pytest tests/unit`` works anywhere.

Tests marked ``raw_data`` (any that takes the ``raw_dir`` fixture) rebuild or read the
raw source files of the bundled data, which a fresh clone does not have: without them
they are skipped with one line saying what is missing, except under ``CI=true``
(``.ci/run``), where that is a failure.

Integration tests wipe the database they run against. ``scripts/test`` starts a
disposable server and sets ``CLUSTERATLAS_DISPOSABLE_DB=1``; against any other
server (``NEO4J_URI`` set by you) the wipe refuses unless that variable is set
or the database is already empty. Tests that only read the bundled China data take
``china_db``: one load serves them all (see ``_group_shared_load``).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

# ``python -m pytest`` from the repository root puts the root first on sys.path, where
# clusteratlas/ is only the top package: its subpackages live beside it in graph/,
# loaders/ and queries/ (pyproject's package-dir), which a regular (non-editable)
# install maps and the bare folder does not. Import the installed package instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
if "clusteratlas" in sys.modules and not hasattr(sys.modules["clusteratlas"], "graph"):
    try:
        import clusteratlas.graph  # noqa: F401  (an editable install maps it)
    except ImportError:
        for name in [m for m in sys.modules if m.split(".")[0] == "clusteratlas"]:
            del sys.modules[name]

REQUIRED = os.environ.get("CLUSTERATLAS_REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CLUSTERATLAS_CHROMIUM", "/usr/bin/chromium")
CI = os.environ.get("CI") == "true"


def _missing_service(item: pytest.Item) -> str | None:
    if item.get_closest_marker("neo4j") and not os.environ.get("NEO4J_URI"):
        return "NEO4J_URI is not set (run scripts/test, or scripts/neo4j-local start)"
    if item.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.path)
        if f"{os.sep}integration{os.sep}" in path and not item.get_closest_marker("neo4j"):
            item.add_marker(pytest.mark.neo4j)
        if f"{os.sep}browser{os.sep}" in path and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        if "raw_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.raw_data)
    _group_shared_load(items)


def import_or_skip(name: str) -> Any:
    """``pytest.importorskip(name)``, except that a missing module is a failure when the
    services are required (CI, ``scripts/test``): the dev extra installs it there, so its
    absence is a broken environment, never a silent skip."""
    if REQUIRED:
        try:
            return __import__(name)
        except ImportError as e:
            pytest.fail(
                f"required module {name!r} cannot be imported ({e}); install the dev extra",
                pytrace=False,
            )
    return pytest.importorskip(name)


def _raw_dir() -> Path:
    from bundled_data.build_china import default_raw_dir  # scripts/ (pyproject's pythonpath)

    return default_raw_dir()


def _missing_raw_data(item: pytest.Item) -> None:
    """Skip a ``raw_data`` test, in one line, when the raw files are absent: a fresh clone
    has no ``../shared/data/raw``. Under ``CI=true`` (``.ci/run``) that is a failure: CI
    has the files, and the rebuild must be checked there."""
    if not item.get_closest_marker("raw_data"):
        return
    raw = _raw_dir()
    if (raw / "SHA256SUMS").is_file():
        return
    why = (
        f"raw data not found at {raw}: the bundled-data rebuild tests need the raw public "
        "files that loaders/bundled/china/README.md lists under Sources (with their "
        "SHA256SUMS); put them there or set CLUSTERATLAS_RAW_DIR=DIR"
    )
    if CI:
        pytest.fail(f"{why} (CI=true: they must run)", pytrace=False)
    pytest.skip(why)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if _SHARED.held and not set(SHARED_LOAD_FIXTURES) & set(getattr(item, "fixturenames", ())):
        _SHARED.discard()  # this test may write or expect an empty database
    _missing_raw_data(item)
    why = _missing_service(item)
    if why is None:
        return
    if REQUIRED:
        pytest.fail(f"required service missing: {why}", pytrace=False)
    pytest.skip(why)


# --- raw data and the bundled China dataset ------------------------------------


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The raw source files of the bundled data (``$CLUSTERATLAS_RAW_DIR``, else
    ``../shared/data/raw``). A test that takes it is marked ``raw_data``: skipped when
    the files are absent, a failure under ``CI=true``."""
    return _raw_dir()


@pytest.fixture(scope="session")
def china() -> Any:
    """The bundled China :class:`Dataset`, one object for the whole session.

    It is ``load_bundled("china")`` itself (that function memoises), so the tests, the
    CLI run in-process and the doctests share one Dataset, and with it the analytics'
    per-Dataset caches (``graph/definitions/cache.py``). A Dataset is immutable; a test
    that wants other data derives a new one (``china.replace(...)``)."""
    from clusteratlas.loaders.bundled import load_bundled

    return load_bundled("china")


# --- Neo4j -------------------------------------------------------------------


@pytest.fixture(scope="session")
def neo4j_settings() -> Any:
    from clusteratlas.graph.neo4j_store.settings import Neo4jSettings

    return Neo4jSettings.resolve()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: Any) -> Iterator[Any]:
    """A verified driver to the test server (fails, never skips, if it cannot connect)."""
    from clusteratlas.graph.neo4j_store.connection import connect

    driver = connect(neo4j_settings, timeout=15)
    try:
        yield driver
    finally:
        driver.close()


def wipe_database(driver: Any, database: str) -> None:
    """Delete every node, relationship, constraint and index of ``database``."""
    with driver.session(database=database) as s:
        # relationships first, then nodes, each in bounded batches: a DETACH DELETE of 10,000
        # nodes took every HAS_INDUSTRY and HAS_SCORES link of the industries and regions
        # with it, past the server's transaction memory cap (scripts/neo4j-local)
        s.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        s.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()
        for rec in list(s.run("SHOW CONSTRAINTS YIELD name")):
            s.run(f"DROP CONSTRAINT `{rec['name']}` IF EXISTS").consume()
        for rec in list(s.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")):
            s.run(f"DROP INDEX `{rec['name']}` IF EXISTS").consume()


def _wipe_test_database(driver: Any, settings: Any) -> None:
    """Wipe the test database; refuse a non-empty one unless CLUSTERATLAS_DISPOSABLE_DB=1."""
    db = settings.database
    if os.environ.get("CLUSTERATLAS_DISPOSABLE_DB") != "1":
        n = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=db).records[0]["n"]
        if n:
            pytest.fail(
                f"refusing to wipe {settings.describe()}: it has {n} nodes and "
                "CLUSTERATLAS_DISPOSABLE_DB is not 1",
                pytrace=False,
            )
    wipe_database(driver, db)


@pytest.fixture
def empty_db(neo4j_driver: Any, neo4j_settings: Any) -> Iterator[Any]:
    """The driver, with the database wiped before (and after) the test."""
    _wipe_test_database(neo4j_driver, neo4j_settings)
    yield neo4j_driver
    wipe_database(neo4j_driver, neo4j_settings.database)


# --- the bundled China data in Neo4j, one load for the tests that only read it ---------

SHARED_LOAD_FIXTURES = ("china_db", "china_db_to_write")


class _SharedLoad:
    """What the test database holds of the shared load of the bundled China data.

    ``held``: the database holds data these fixtures loaded (wiped before any test that
    does not take them, and at the end of the session). ``counts``: the node and
    relationship counts right after the load, while only tests that read have used it
    since; ``None`` once a test may have written. ``user``: the last test that used it.
    """

    def __init__(self) -> None:
        self.driver: Any = None
        self.database = ""
        self.held = False
        self.counts: tuple[int, int] | None = None
        self.user = ""

    def current_counts(self) -> tuple[int, int]:
        def one(query: str) -> int:
            return int(self.driver.execute_query(query, database_=self.database).records[0][0])

        # both answered from the count store: constant time however large the graph
        return one("MATCH (n) RETURN count(n)"), one("MATCH ()-[r]->() RETURN count(r)")

    def discard(self) -> None:
        if self.held:
            wipe_database(self.driver, self.database)
        self.held, self.counts, self.user = False, None, ""

    def ensure(self, settings: Any, dataset: Any, user: str) -> Any:
        """Load ``dataset`` unless the database still holds the untouched shared load."""
        from clusteratlas.graph.neo4j_store.load import load_dataset

        if self.counts is not None:
            now, previous = self.current_counts(), self.user
            if now == self.counts:
                self.user = user
                return self.driver
            self.discard()
            pytest.fail(
                f"the shared China load changed (nodes, relationships {self.counts} -> {now}) "
                f"after {previous}: a test that takes china_db must only read; one that writes "
                "takes china_db_to_write",
                pytrace=False,
            )
        self.discard()
        _wipe_test_database(self.driver, settings)
        self.held = True
        load_dataset(self.driver, dataset, database=self.database)
        self.counts, self.user = self.current_counts(), user
        return self.driver


_SHARED = _SharedLoad()


@pytest.fixture(scope="session")
def _shared_load(neo4j_driver: Any, neo4j_settings: Any) -> Iterator[_SharedLoad]:
    _SHARED.driver, _SHARED.database = neo4j_driver, neo4j_settings.database
    try:
        yield _SHARED
    finally:
        _SHARED.discard()  # leave the database empty, as every test that wipes does


@pytest.fixture
def china_db(
    _shared_load: _SharedLoad, neo4j_settings: Any, china: Any, request: pytest.FixtureRequest
) -> Any:
    """The driver, with the bundled China data loaded into the test database by
    ``load_dataset``; for tests that only read it.

    One load serves every such test in a row: it is reused while its node and
    relationship counts are those of the load and no other test ran in between (a test
    that writes something and removes it again, as ``cypher --write`` tests do, is
    fine). The modules that take it run one after another (``_group_shared_load``)."""
    return _shared_load.ensure(neo4j_settings, china, request.node.nodeid)


@pytest.fixture
def china_db_to_write(
    _shared_load: _SharedLoad, neo4j_settings: Any, china: Any, request: pytest.FixtureRequest
) -> Any:
    """The driver, with the bundled China data loaded, for a test that then writes: it
    takes over the readers' load when that is still untouched (one load less), and no
    test reads it after this one (the next test wipes or loads anew)."""
    driver = _shared_load.ensure(neo4j_settings, china, request.node.nodeid)
    _shared_load.counts = None  # this test may change it: no reader may take it over
    return driver


def _group_shared_load(items: list[pytest.Item]) -> None:
    """Run the modules whose tests take ``china_db`` or ``china_db_to_write`` one after
    another, where the first of them would run, those with a test that writes last, so
    that one load of the China data serves all readers and the first writer. Each
    module keeps its own order and stays together (module fixtures are set up once).
    Only an optimisation: ``china_db`` loads anew whenever another test ran between."""
    last: dict[Path, int] = {}  # module -> 0: only tests that read; 1: a test that writes
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "china_db_to_write" in names:
            last[item.path] = 1
        elif "china_db" in names:
            last.setdefault(item.path, 0)
    if len(last) < 2:
        return
    first = next(i for i, item in enumerate(items) if item.path in last)
    group = sorted((item for item in items if item.path in last), key=lambda i: last[i.path])
    rest = [item for item in items if item.path not in last]
    items[:] = rest[:first] + group + rest[first:]


# --- Chromium ----------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A real headless Chromium (Debian's package) driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def offline_page(chromium: Any) -> Iterator[Any]:
    """A page in a fresh context with networking off; collects console errors in ``.errors``."""
    context = chromium.new_context(offline=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests keep artifacts (screenshots): tests/browser/artifacts, git-ignored."""
    d = ROOT / "tests" / "browser" / "artifacts"
    d.mkdir(parents=True, exist_ok=True)
    return d
