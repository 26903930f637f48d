"""The Neo4j graph schema, declared once: labels, relationship types, keys, typed properties.

Every label, relationship type and property name that the store writes comes
from here (never from user strings); constraints and indexes are generated from
it, and :func:`ensure_schema` makes a fresh database ready in one call.

::

    (:Region {code, name, level, lon, lat, name_pinyin, aliases})-[:PART_OF]->(:Region)
    (:Region)-[:OVERLAPS {share, source}]->(:Region)   (the region_overlaps table)
    (:Industry {code, name, name_en, scheme, level, name_pinyin, aliases})
        -[:SUBDIVISION_OF]->(:Industry)
    (:Company {id, name, exchange, ticker, ...})-[:LOCATED_IN]->(:Region)
    (:Company)-[:IN_INDUSTRY {share, primary}]->(:Industry)
    (:Region)-[:HAS_INDUSTRY {year, measure, value, share, lq, sample, unit}]->(:Industry)
    (:Company)-[:SUPPLIES {year, value, share, score, tied, source, inferred}]->(:Company)
    (:Industry)-[:INPUT_TO {year, flow, coefficient, output_share}]->(:Industry)
    (:Industry)-[:SOLD_TO {year, value, share, unit}]->(:FinalDemand {code, name})
    (:Industry)-[:MAPS_TO {weight, basis}]->(:Industry)   (the industry_crosswalk table)
    (:Industry)-[:STAFFS {weight, source}]->(:Industry)   (the industry_bridge table)
    (:Region)-[:MEASURED {indicator, year, value, unit, source}]->(:Indicator {name})
    (:Cluster {id, year, kind, label, source, ...scores})-[:IN_REGION]->(:Region),
        -[:OF_INDUSTRY]->(:Industry)   (kind declared: loaded from the clusters table)
    (:Company)-[:MEMBER_OF]->(:Cluster)
    (:Cluster)-[:LINKED_TO {kind, weight, inferred}]->(:Cluster)
    (:Region)-[:HAS_SCORES {resilience, entropy, ...}]->(:Analysis {id, year, measure, ...})
    (:Cluster)-[:FOUND_BY]->(:Analysis)   (written back by ``analyze --write-back``)

Every node and relationship written by a load also carries ``datasets``, the
list of dataset ids whose loads wrote it (see ``graph/neo4j_store/load.py``).

Examples
--------
>>> NODES["Region"].key
('code',)
>>> RELATIONSHIPS["HAS_INDUSTRY"].key
('year', 'measure')
>>> constraint_statements()[0]
'CREATE CONSTRAINT region_code IF NOT EXISTS FOR (n:Region) REQUIRE n.code IS UNIQUE'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from clusteratlas.graph.definitions.score_columns import (
    CLUSTER_SCORE_COLUMNS,
    REGION_SCORE_COLUMNS,
)
from clusteratlas.graph.neo4j_store.driver_errors import driver_errors

if TYPE_CHECKING:
    import neo4j

__all__ = [
    "DATASETS_PROPERTY",
    "FULLTEXT_INDEXES",
    "NODES",
    "RELATIONSHIPS",
    "FulltextSpec",
    "NodeSpec",
    "RelSpec",
    "constraint_statements",
    "create_schema_rule",
    "drop_stale_fulltext_indexes",
    "ensure_schema",
    "index_statements",
    "migrate_industry_hierarchy",
]

ALREADY_EXISTS = frozenset(
    {
        "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
        "Neo.ClientError.Schema.ConstraintAlreadyExists",
        "Neo.ClientError.Schema.IndexAlreadyExists",
    }
)
"""Server codes meaning "the rule is there already" (another client created it meanwhile)."""

PropertyType = Literal["str", "float", "int", "bool", "date", "datetime", "str_list"]

#: Property on every node and relationship a load writes: ids of the datasets that wrote it.
DATASETS_PROPERTY = "datasets"


@dataclass(frozen=True)
class NodeSpec:
    """A node label: its unique key property, typed properties, and indexed properties.

    Attributes
    ----------
    label : str
        The node label (``Region``).
    key : tuple of str
        The properties that identify a node (unique constraint; MERGE matches on them).
    properties : mapping of str to str
        Property -> type (``str``, ``float``, ``int``, ``bool``, ``date``, ``datetime``,
        ``str_list``), the key included.
    indexed : tuple of str
        Properties with a range index (what queries filter on).
    description : str
        What a node is, for ``docs/graph-model.md``.
    constraint_name : str
        Name of the uniqueness constraint on the key (``region_code``).
    """

    label: str
    key: tuple[str, ...]
    properties: Mapping[str, PropertyType]
    indexed: tuple[str, ...] = ()
    description: str = ""

    @property
    def constraint_name(self) -> str:
        """Name of the uniqueness constraint on the key (``region_code``)."""
        return f"{self.label.lower()}_{'_'.join(self.key)}"


@dataclass(frozen=True)
class RelSpec:
    """A relationship type between two labels; ``key`` distinguishes parallel relationships.

    Attributes
    ----------
    type : str
        The relationship type (``HAS_INDUSTRY``).
    start, end : str
        The labels of its start and end nodes.
    key : tuple of str
        Properties that tell parallel relationships apart (``year``, ``measure``); empty
        when two nodes have at most one.
    properties : mapping of str to str
        Property -> type, the key included.
    description : str
        What a relationship is, for ``docs/graph-model.md``.
    """

    type: str
    start: str
    end: str
    key: tuple[str, ...]
    properties: Mapping[str, PropertyType]
    description: str = ""


def _props(**types: PropertyType) -> Mapping[str, PropertyType]:
    return MappingProxyType(dict(types))


NODES: Mapping[str, NodeSpec] = MappingProxyType(
    {
        "Region": NodeSpec(
            "Region",
            ("code",),
            _props(
                code="str",
                name="str",
                level="str",
                lon="float",
                lat="float",
                name_pinyin="str",
                aliases="str_list",
            ),
            indexed=("level", "name"),
            description="an administrative region (country, province, prefecture, county)",
        ),
        "Industry": NodeSpec(
            "Industry",
            ("code",),
            _props(
                code="str",
                name="str",
                name_en="str",
                scheme="str",
                level="str",
                name_pinyin="str",
                aliases="str_list",
            ),
            indexed=("scheme", "name"),
            description="an industry in one classification scheme (codes namespaced SCHEME:CODE)",
        ),
        "Company": NodeSpec(
            "Company",
            ("id",),
            _props(
                id="str",
                name="str",
                exchange="str",
                ticker="str",
                listed_on="date",
                employees="float",
                revenue="float",
                market_cap="float",
            ),
            indexed=("ticker", "name"),
            description="a company (listed or not)",
        ),
        "Indicator": NodeSpec(
            "Indicator",
            ("name",),
            _props(name="str"),
            description="a scalar indicator measured for regions (gdp, population, ...)",
        ),
        "Cluster": NodeSpec(
            "Cluster",
            ("id",),
            _props(
                id="str",
                year="int",
                computed_at="datetime",
                parameters="str",
                kind="str",
                label="str",
                source="str",
                note="str",
                **{c: col.type for c, col in CLUSTER_SCORE_COLUMNS.items()},
            ),
            indexed=("year", "kind"),
            description="an industrial cluster: found by the analytics (written back, kind "
            "specialisation or supply_community), or given as data (the clusters table, kind "
            "declared, with label and source; loaded)",
        ),
        "FinalDemand": NodeSpec(
            "FinalDemand",
            ("code",),
            _props(code="str", name="str"),
            description="a final-use category of the input-output table (final consumption, "
            "gross fixed capital formation, inventory change, exports, ...): the "
            "industry_final_uses table's categories",
        ),
        "Source": NodeSpec(
            "Source",
            ("id",),
            _props(
                id="str",
                title="str",
                publisher="str",
                vintage="str",
                licence="str",
                url="str",
                note="str",
                breaks="str",
            ),
            description="where data come from (dataset.json provenance): what supports a row "
            "links to it or names it in source_id",
        ),
        "Measure": NodeSpec(
            "Measure",
            ("id",),
            _props(id="str", name="str", unit="str", definition="str", source_id="str"),
            description="a measure of one source (employment@census-2020): its unit and "
            "definition; HAS_INDUSTRY and INPUT_TO carry the unit and source_id too",
        ),
        "Dataset": NodeSpec(
            "Dataset",
            ("id",),
            _props(
                id="str",
                name="str",
                description="str",
                analysis="str",
                industry_groups="str",
                industry_markets="str",
                featured_regions="str_list",
            ),
            description="one loaded dataset (its id is the datasets tag of what it wrote): "
            "dataset.json's name and description, its default analysis choices (analysis, "
            "JSON text, e.g. growth_years), its grouping of industries (industry_groups), its "
            "industries' market kinds (industry_markets) and "
            "the regions it features (featured_regions), which read_dataset restores; its "
            "sources are Source nodes",
        ),
        "Analysis": NodeSpec(
            "Analysis",
            ("id",),
            _props(
                id="str",
                year="int",
                measure="str",
                unit="str",
                level="str",
                scheme="str",
                industry_level="str",
                io_scheme="str",
                io_year="int",
                specification="str",
                parameters="str",
                data_source="str",
                computed_at="datetime",
            ),
            indexed=("year",),
            description="one analysis written back (`analyze --write-back`): its scope (year, "
            "measure, level, scheme) and specification; the region scores it computed are "
            "HAS_SCORES links to it, the clusters it found FOUND_BY links",
        ),
    }
)

# Keyed by type, or TYPE:LABEL where a type connects several labels (SOURCED_FROM). The two
# hierarchies have two types: regions PART_OF regions, industries SUBDIVISION_OF industries
# (one type for both drew Industry-PART_OF-Region edges in the Browser's schema view).
RELATIONSHIPS: Mapping[str, RelSpec] = MappingProxyType(
    {
        "PART_OF:Region": RelSpec("PART_OF", "Region", "Region", (), _props()),
        "OVERLAPS": RelSpec(
            "OVERLAPS",
            "Region",
            "Region",
            (),
            _props(share="float", source="str"),
            description="a region that lies partly in another region besides its one PART_OF "
            "parent (the region_overlaps table: a metro area spanning states), with the share "
            "of its measure inside that region where known; roll-ups along PART_OF never "
            "follow it (each region is counted once, in its parent), the query "
            "region-overlaps apportions a measure along it",
        ),
        "SUBDIVISION_OF": RelSpec(
            "SUBDIVISION_OF",
            "Industry",
            "Industry",
            (),
            _props(),
            description="an industry and the broader industry it is a subdivision of (the "
            "industries table's parent_code): within a scheme (a Shenwan level-3 industry of "
            "its level-2 one) or across schemes where the data say so (an NBS42 sector or a "
            "CSRC section in the GB/T 4754 section it belongs to)",
        ),
        "LOCATED_IN": RelSpec(
            "LOCATED_IN",
            "Company",
            "Region",
            (),
            _props(level="str", basis="str", reason="str", source_id="str"),
            description="where a company is registered, at the finest level its address "
            "supports (level, with the basis or the reason it is not a county)",
        ),
        "IN_INDUSTRY": RelSpec(
            "IN_INDUSTRY",
            "Company",
            "Industry",
            (),
            _props(share="float", primary="bool", source_id="str"),
        ),
        "HAS_INDUSTRY": RelSpec(
            "HAS_INDUSTRY",
            "Region",
            "Industry",
            ("year", "measure"),
            _props(
                year="int",
                measure="str",
                value="float",
                share="float",
                lq="float",
                sample="bool",
                unit="str",
                measure_label="str",
                basis="str",
                source_id="str",
            ),
            description="share and lq are derived at load time (see rows.region_industry_shares); "
            "sample is true for sample counts (dataset.json samples; see rows.sample_flags); "
            "unit is the value's unit (dataset.json units; see rows.unit_flags); "
            "measure_label says what is counted (dataset.json measure_labels); basis says "
            "how a row was obtained when not as reported (region_industries.basis)",
        ),
        "SUPPLIES": RelSpec(
            "SUPPLIES",
            "Company",
            "Company",
            ("year",),
            _props(
                year="int",
                value="float",
                share="float",
                score="float",
                tied="int",
                source="str",
                inferred="bool",
                source_id="str",
            ),
        ),
        "INPUT_TO": RelSpec(
            "INPUT_TO",
            "Industry",
            "Industry",
            ("year",),
            _props(
                year="int",
                flow="float",
                coefficient="float",
                output_share="float",
                unit="str",
                source_id="str",
            ),
            description="coefficient a_ij = z_ij / x_j (share of the buyer's inputs) is "
            "data; output_share b_ij = z_ij / x_i (share of the seller's output) is derived "
            "at load (see definitions.io_table.link_output_shares)",
        ),
        "SOLD_TO": RelSpec(
            "SOLD_TO",
            "Industry",
            "FinalDemand",
            ("year",),
            _props(year="int", value="float", share="float", unit="str", source_id="str"),
            description="final use of the industry's output by a category (the "
            "industry_final_uses table); share f_ik / x_i is derived at load (see "
            "definitions.io_table.final_use_shares)",
        ),
        "MAPS_TO": RelSpec(
            "MAPS_TO",
            "Industry",
            "Industry",
            (),
            _props(weight="float", basis="str", source_id="str"),
            description="a mapping between industries of two schemes besides SUBDIVISION_OF (the "
            "industry_crosswalk table: a concordance or judgement table), with its weight "
            "and basis",
        ),
        "STAFFS": RelSpec(
            "STAFFS",
            "Industry",
            "Industry",
            (),
            _props(weight="float", source="str"),
            description="a bridge from a classification without a crosswalk to the "
            "input-output sectors (the industry_bridge table, a staffing matrix): the share "
            "of the start industry's (occupation's) units that work in the end sector",
        ),
        "MEASURED": RelSpec(
            "MEASURED",
            "Region",
            "Indicator",
            ("indicator", "year"),
            _props(
                indicator="str",
                year="int",
                value="float",
                unit="str",
                source="str",
                qualifier="str",
                source_id="str",
            ),
        ),
        "HAS_SCORES": RelSpec(
            "HAS_SCORES",
            "Region",
            "Analysis",
            (),
            MappingProxyType({c: col.type for c, col in REGION_SCORE_COLUMNS.items()}),
            description="a region's scores in one analysis (one link per region and "
            "analysis, so scores of different years or specifications never mix)",
        ),
        "FOUND_BY": RelSpec(
            "FOUND_BY",
            "Cluster",
            "Analysis",
            (),
            _props(),
            description="a detected cluster and the analysis that found it",
        ),
        "IN_REGION": RelSpec("IN_REGION", "Cluster", "Region", (), _props()),
        "OF_INDUSTRY": RelSpec("OF_INDUSTRY", "Cluster", "Industry", (), _props()),
        "MEMBER_OF": RelSpec("MEMBER_OF", "Company", "Cluster", (), _props()),
        "SOURCED_FROM:Region": RelSpec("SOURCED_FROM", "Region", "Source", (), _props()),
        "SOURCED_FROM:Industry": RelSpec("SOURCED_FROM", "Industry", "Source", (), _props()),
        "SOURCED_FROM:Company": RelSpec("SOURCED_FROM", "Company", "Source", (), _props()),
        "SOURCED_FROM:Cluster": RelSpec("SOURCED_FROM", "Cluster", "Source", (), _props()),
        "FROM_SOURCE": RelSpec("FROM_SOURCE", "Measure", "Source", (), _props()),
        "LINKED_TO": RelSpec(
            "LINKED_TO",
            "Cluster",
            "Cluster",
            ("kind",),
            _props(kind="str", weight="float", inferred="bool", computed_at="datetime"),
            description="a link of the cluster network (written back; undirected, stored "
            "from the smaller id): kind io (I-O coefficients, inferred) or supply",
        ),
    }
)

#: Relationship property indexes (type -> properties). Deliberately empty: with an
#: index on, say, HAS_INDUSTRY(year, measure), Neo4j 5 plans ``MERGE (a)-[r:HAS_INDUSTRY
#: {year: .., measure: ..}]->(b)`` as an index seek over every relationship of that year
#: and measure, filtered by endpoints, instead of expanding from the two endpoints: each
#: row then costs O(relationships) and a load becomes quadratic (measured: 1,600 rows/s
#: for the bundled data, against tens of thousands without). Queries reach relationships
#: from indexed nodes (Region.code, Region.level, Industry.scheme) instead.
REL_INDEXES: Mapping[str, tuple[str, ...]] = MappingProxyType({})


@dataclass(frozen=True)
class FulltextSpec:
    """A fulltext (Lucene) index over ``properties`` of nodes of any of ``labels``.

    Attributes
    ----------
    name : str
        The index name (``name_fulltext``).
    labels : tuple of str
        The node labels indexed.
    properties : tuple of str
        The text properties indexed.
    analyzer : str
        The Lucene analyzer (``cjk``: overlapping character pairs).
    description : str
        What the index is for.
    """

    name: str
    labels: tuple[str, ...]
    properties: tuple[str, ...]
    analyzer: str
    description: str = ""


#: Fulltext indexes: the ``lookup`` query finds names through ``name_fulltext``. The ``cjk``
#: analyzer indexes Chinese as overlapping character pairs (南山区 -> 南山, 山区) and folds
#: full-width letters (万科Ａ is found by 万科A); a one-character text matches no pair,
#: so ``lookup`` also takes names that contain the text. ``name_pinyin`` (``Kunshan``) and
#: ``aliases`` (``kunshanshi``, ``kunshan``, ``昆山``; a list of text) are computed at load from
#: the name (:func:`clusteratlas.graph.neo4j_store.rows.with_name_aliases`).
FULLTEXT_INDEXES: Mapping[str, FulltextSpec] = MappingProxyType(
    {
        "name_fulltext": FulltextSpec(
            "name_fulltext",
            ("Region", "Industry", "Company"),
            ("name", "name_en", "name_pinyin", "aliases"),
            "cjk",
            "names of regions, industries and companies, industries' English names, and the "
            "pinyin and aliases computed at load (the lookup query)",
        )
    }
)


def constraint_statements() -> list[str]:
    """``CREATE CONSTRAINT ... IF NOT EXISTS`` for the key of every node label.

    Names and labels come from :data:`NODES` only.

    Returns
    -------
    list of str
        One statement per label, in :data:`NODES` order.

    Examples
    --------
    >>> [s.split()[2] for s in constraint_statements()][:5]
    ['region_code', 'industry_code', 'company_id', 'indicator_name', 'cluster_id']
    """
    out = []
    for spec in NODES.values():
        props = ", ".join(f"n.{p}" for p in spec.key)
        target = props if len(spec.key) == 1 else f"({props})"
        out.append(
            f"CREATE CONSTRAINT {spec.constraint_name} IF NOT EXISTS "
            f"FOR (n:{spec.label}) REQUIRE {target} IS UNIQUE"
        )
    return out


def index_statements() -> list[str]:
    """``CREATE INDEX ... IF NOT EXISTS`` for indexed node properties (and :data:`REL_INDEXES`).

    Returns
    -------
    list of str
        Range indexes (labels in :data:`NODES` order), then relationship and fulltext
        indexes (:data:`FULLTEXT_INDEXES`).

    Examples
    --------
    >>> index_statements()[0]
    'CREATE INDEX region_level IF NOT EXISTS FOR (n:Region) ON (n.level)'
    >>> [s for s in index_statements() if "]-()" in s]  # none on relationships: see REL_INDEXES
    []
    >>> index_statements()[-1].startswith('CREATE FULLTEXT INDEX name_fulltext IF NOT EXISTS')
    True
    """
    out = []
    for spec in NODES.values():
        for prop in spec.indexed:
            out.append(
                f"CREATE INDEX {spec.label.lower()}_{prop} IF NOT EXISTS "
                f"FOR (n:{spec.label}) ON (n.{prop})"
            )
    for rel_type, props in REL_INDEXES.items():
        name = f"{rel_type.lower()}_{'_'.join(props)}"
        on = ", ".join(f"r.{p}" for p in props)
        out.append(f"CREATE INDEX {name} IF NOT EXISTS FOR ()-[r:{rel_type}]-() ON ({on})")
    for ft in FULLTEXT_INDEXES.values():
        labels = "|".join(NODES[label].label for label in ft.labels)
        on = ", ".join(f"n.{p}" for p in ft.properties)
        out.append(
            f"CREATE FULLTEXT INDEX {ft.name} IF NOT EXISTS FOR (n:{labels}) ON EACH [{on}] "
            f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{ft.analyzer}'}}}}"
        )
    return out


@driver_errors("creating the schema")
def create_schema_rule(driver: neo4j.Driver, statement: str, database: str = "neo4j") -> bool:
    """Run one ``CREATE CONSTRAINT|INDEX ... IF NOT EXISTS``; True if it ran, False if the
    rule appeared meanwhile.

    ``IF NOT EXISTS`` is not atomic across clients on Neo4j 5.26: when another client
    is creating the same index, the statement waits for that transaction and then
    fails with ``EquivalentSchemaRuleAlreadyExists`` (two loads started together hit
    this). Such an error means the rule exists, which is what was asked: it is not
    an error here (:data:`ALREADY_EXISTS`).

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    statement : str
        One statement of :func:`constraint_statements` or :func:`index_statements`.
    database : str, default "neo4j"
        The database.

    Returns
    -------
    bool
        True if the statement ran, False if the rule appeared meanwhile.

    Raises
    ------
    LoadError
        Neo4j refused the statement for another reason.
    Neo4jUnavailableError
        The server cannot be reached (exit code 3).

    Examples
    --------
    >>> create_schema_rule(driver, index_statements()[0])  # doctest: +SKIP
    True
    """
    from neo4j.exceptions import Neo4jError

    try:
        driver.execute_query(statement, database_=database)
    except Neo4jError as e:
        if e.code in ALREADY_EXISTS:
            return False
        raise
    return True


@driver_errors("creating the schema")
def ensure_schema(driver: neo4j.Driver, database: str = "neo4j") -> list[str]:
    """Create every constraint and index of the schema that does not exist yet; wait for them.

    Idempotent (``IF NOT EXISTS``, see :func:`create_schema_rule`): calling it on a
    ready database changes nothing, and several clients may call it at once. Returns
    the statements it ran. Schema commands cannot share a transaction with data
    writes, so each runs in its own auto-commit query; then it waits until every
    index is online.

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    database : str, default "neo4j"
        The database.

    Returns
    -------
    list of str
        The statements run: constraints, then indexes.

    Raises
    ------
    LoadError
        Neo4j refused a statement, or an index did not come online in 300 s.
    Neo4jUnavailableError
        The server cannot be reached (exit code 3).

    Examples
    --------
    >>> from clusteratlas.graph.neo4j_store.connection import connect  # doctest: +SKIP
    >>> ensure_schema(connect(settings), "neo4j")[:1]  # doctest: +SKIP
    ['CREATE CONSTRAINT region_code IF NOT EXISTS FOR (n:Region) REQUIRE n.code IS UNIQUE']
    """
    statements = constraint_statements() + index_statements()
    drop_stale_fulltext_indexes(driver, database)
    migrate_industry_hierarchy(driver, database)
    for statement in statements:
        create_schema_rule(driver, statement, database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    return statements


@driver_errors("moving the industry hierarchy to SUBDIVISION_OF")
def migrate_industry_hierarchy(driver: neo4j.Driver, database: str = "neo4j") -> int:
    """Turn ``(:Industry)-[:PART_OF]->(:Industry)`` links written by older versions into
    ``SUBDIVISION_OF`` (properties, ``datasets`` included, kept); return how many.

    Older versions used one ``PART_OF`` type for both hierarchies; a database they
    loaded would otherwise keep the old links beside the new ones after a reload.

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    database : str, default "neo4j"
        The database.

    Returns
    -------
    int
        The links moved (0 on a database this version loaded).

    Examples
    --------
    >>> migrate_industry_hierarchy(driver, "neo4j")  # doctest: +SKIP
    0
    """
    records = driver.execute_query(
        "MATCH (a:Industry)-[old:PART_OF]->(b:Industry) "
        "MERGE (a)-[new:SUBDIVISION_OF]->(b) SET new = properties(old) DELETE old "
        "RETURN count(*) AS moved",
        database_=database,
    ).records
    return int(records[0]["moved"]) if records else 0


@driver_errors("updating the fulltext indexes")
def drop_stale_fulltext_indexes(driver: neo4j.Driver, database: str = "neo4j") -> list[str]:
    """Drop each fulltext index of :data:`FULLTEXT_INDEXES` whose labels or properties differ
    from the schema's, so that :func:`ensure_schema` creates it anew.

    ``CREATE ... IF NOT EXISTS`` keeps an index of the same name as it is: a database
    loaded by an older version keeps ``name_fulltext`` over ``name`` only, and pinyin and
    English names would not be searched. Reloading the data writes the new properties.

    Parameters
    ----------
    driver : neo4j.Driver
        From :func:`~clusteratlas.graph.neo4j_store.connection.connect`.
    database : str, default "neo4j"
        The database.

    Returns
    -------
    list of str
        The names of the indexes dropped (usually none).

    Examples
    --------
    >>> drop_stale_fulltext_indexes(driver, "neo4j")  # doctest: +SKIP
    ['name_fulltext']
    """
    records = driver.execute_query(
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties", database_=database
    ).records
    dropped = []
    for record in records:
        spec = FULLTEXT_INDEXES.get(record["name"])
        if spec is None:
            continue
        if sorted(record["labelsOrTypes"]) == sorted(spec.labels) and list(
            record["properties"]
        ) == list(spec.properties):
            continue
        driver.execute_query(f"DROP INDEX `{spec.name}` IF EXISTS", database_=database)
        dropped.append(spec.name)
    return dropped
