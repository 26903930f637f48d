"""``docs/graph-model.md``, generated from the schema (:mod:`.schema`), so it cannot drift.

Every label, relationship type, key, property (with its type, meaning and unit),
constraint and index comes from :data:`~.schema.NODES`, :data:`~.schema.RELATIONSHIPS`,
:func:`~.schema.constraint_statements`, :func:`~.schema.index_statements` and the
documentation below (:data:`PROPERTY_DOCS`, :data:`EXAMPLES`);
``tests/unit/test_graph_model_doc.py`` checks that every property is documented and
that the committed file equals :func:`graph_model_markdown` (regenerate it with ``python -m
clusteratlas.graph.neo4j_store.model_doc > docs/graph-model.md``), and
``tests/integration/test_research_graph.py`` (``test_graph_model_examples_run``) runs every
example on the bundled data.

Examples
--------
>>> text = graph_model_markdown()
>>> text.splitlines()[0]
'# The graph model'
>>> "[:HAS_INDUSTRY]->" in text and "```mermaid" in text
True
"""

from __future__ import annotations

from collections.abc import Mapping

from clusteratlas.graph.definitions.score_columns import (
    CLUSTER_SCORE_COLUMNS,
    REGION_SCORE_COLUMNS,
)
from clusteratlas.graph.neo4j_store.schema import (
    DATASETS_PROPERTY,
    FULLTEXT_INDEXES,
    NODES,
    RELATIONSHIPS,
    constraint_statements,
    index_statements,
)

__all__ = ["EXAMPLES", "PROPERTY_DOCS", "graph_model_markdown"]

_REGION = "region code (text; 440305 is 南山区)"

_PINYIN = (
    "inferred, computed at load from `name` (pypinyin; not in the dataset): toneless pinyin "
    "without the administrative suffix, capitalised (昆山市: Kunshan)"
)
_ALIASES = (
    "inferred, computed at load from `name` (not in the dataset): the search keys `lookup` "
    "and name parameters match, i.e. the pinyin of the name and of its short form in lower "
    "case without spaces or tones, and the short form (昆山市: kunshanshi, kunshan, 昆山)"
)

PROPERTY_DOCS: Mapping[str, Mapping[str, str]] = {
    "Region": {
        "code": _REGION,
        "name": "name as published (namesakes exist: two 南山区, four 鼓楼区; use `lookup`)",
        "level": "country, province, prefecture or county (or a level the dataset declares)",
        "lon": "longitude, degrees (WGS84/GCJ-02 as published)",
        "lat": "latitude, degrees",
        "name_pinyin": _PINYIN,
        "aliases": _ALIASES,
    },
    "Industry": {
        "code": "SCHEME:CODE (GB4754:C, CSRC:C, NBS42:18)",
        "name": "name as published",
        "name_en": "official English name where the publisher gives one (the dataset's "
        "`name_en`; bundled: NBS's names of the GB4754 sections and NBS42 sectors, e.g. "
        "Manufacturing; null for CSRC, Shenwan and GB4754:K)",
        "name_pinyin": _PINYIN,
        "aliases": _ALIASES,
        "scheme": "classification: GB4754 (GB/T 4754-2017 sections), CSRC (sections), NBS42 "
        "(the 42 input-output sectors), SW2021 (Shenwan 2021 industries), or a dataset's own",
        "level": "section (GB4754, CSRC), sector (NBS42), level1 / level2 / level3 (SW2021), "
        "or a dataset's own levels",
    },
    "Company": {
        "id": "EXCHANGE:TICKER (SZSE:000001)",
        "name": "short name as listed",
        "exchange": "exchange code (SZSE)",
        "ticker": "listing code, text (000001)",
        "listed_on": "listing date",
        "employees": "employees (persons), when the dataset has them (the bundled data: none)",
        "revenue": "revenue, in the dataset's currency, when it has it (the bundled data: none)",
        "market_cap": "market capitalisation, in the dataset's currency, when it has it (the "
        "bundled data: none)",
    },
    "FinalDemand": {
        "code": "final-use category code (final_consumption, gross_fixed_capital_formation, "
        "inventory_change, exports)",
        "name": "the category as the input-output table heads it (出口 exports (EX))",
    },
    "Indicator": {"name": "indicator name (gdp, listed_companies, ...)"},
    "Cluster": {
        "id": "REGION|INDUSTRY|YEAR for specialisation clusters, community:N|YEAR for supply "
        "communities, declared:REGION:N for declared ones",
        "year": "the year of the analysis",
        "computed_at": "when the analysis wrote it",
        "parameters": "the analysis parameters, JSON",
        "kind": "declared (given by the data), specialisation or supply_community (detected)",
        "label": "a declared cluster's name (慈溪 small household appliances)",
        "source": "where a declared cluster is named (the citation)",
        "note": "a declared cluster's note",
        **{
            name: f"detected clusters (written back): {column.meaning} ({column.unit})"
            for name, column in CLUSTER_SCORE_COLUMNS.items()
        },
    },
    "Source": {
        "id": "source id (census-2020); source_id properties name it",
        "title": "what the source is",
        "publisher": "who publishes it, and through whom it came",
        "vintage": "the date or period of the data (the SZSE list: 2025-10-22)",
        "licence": "licence or terms of use",
        "url": "where it is",
        "note": "caveats (sample counts, recodings, ...)",
        "breaks": "years where the source's series breaks, with why (the bundled national "
        "employment series: 2013, economic census)",
    },
    "Measure": {
        "id": "MEASURE@SOURCE (employment@census-2020)",
        "name": "the measure (employment, gross_output, final_use, flow)",
        "unit": "its unit (persons, for the census sample counts; 10,000 persons; 10,000 CNY)",
        "definition": "what is counted, and how to use it",
        "source_id": "its Source",
    },
    "Dataset": {
        "id": "the dataset id: the `datasets` tag of everything its load wrote (china)",
        "name": "dataset.json name",
        "description": "dataset.json description",
        "analysis": "dataset.json analysis: default analysis choices as JSON text "
        '(`{"growth_years": [2003, 2018]}`), restored by read_dataset',
        "industry_groups": "dataset.json industry_groups: the grouping of industries for "
        'related variety as JSON text (`{"name": "three sectors ...", "groups": '
        '{"GB4754:A": "primary", ...}}`), restored by read_dataset',
        "industry_markets": "dataset.json industry_markets: each industry's market kind "
        '(traded, resource, mixed, local) as JSON text (`{"source": "...", "markets": '
        '{"GB4754:C": "traded", ...}}`), which cluster detection reads; restored by '
        "read_dataset",
        "featured_regions": "dataset.json featured_regions: the region codes the data are "
        "about, in order (the demo's and views' defaults), restored by read_dataset",
    },
    "Analysis": {
        "id": "LEVEL|SCHEME|MEASURE|YEAR|SPEC (county|GB4754|employment|2020|SPEC); SPEC: "
        "the first 8 hex digits of the SHA-256 of the other choices (parameters without the "
        "engine and the network it produced)",
        "year": "year of the region x industry matrix analysed",
        "measure": "what the matrix counts (employment)",
        "unit": "its unit (persons: census long-form sample counts)",
        "level": "region level of the regions scored (county)",
        "scheme": "industry scheme of the matrix (GB4754)",
        "industry_level": "industry level of the matrix (section)",
        "io_scheme": "scheme of the national input-output table used (NBS42)",
        "io_year": "year of that table",
        "specification": "SPEC of the id",
        "parameters": "every choice of the analysis (weights, thresholds, growth years, "
        "bootstrap, the cluster network), JSON",
        "data_source": "what was analysed: neo4j (the server's own data), or the bundled "
        "dataset or directory named with --write-back-from-copy",
        "computed_at": "when the analysis was written back",
    },
    "PART_OF:Region": {},
    "OVERLAPS": {
        "share": "share of the start region's measure that lies in the end region, 0-1 "
        "(absent: not known); the bundled China data hold no overlaps (its divisions nest)",
        "source": "who says the regions overlap (e.g. a commuting survey), as given",
    },
    "SUBDIVISION_OF": {},
    "LOCATED_IN": {
        "level": "the level of the region the company is placed in: county when its registered "
        "address names one, else prefecture or province (the placement level)",
        "basis": "what placed it (the county, township or development zone named), when not plain",
        "reason": "why it is not placed in a county, when it is not",
        "source_id": "Source of the company list",
    },
    "IN_INDUSTRY": {
        "share": "share of the company in the industry, 0-1",
        "primary": "its primary industry",
        "source_id": "Source of the classification",
    },
    "HAS_INDUSTRY": {
        "year": "year of the value",
        "measure": "employment, gross_output, final_use, ...",
        "value": "the value, in unit",
        "share": "s_ri: share of the region's total (same year, measure, scheme), 0-1; derived "
        "at load",
        "lq": "location quotient s_ri / S_i over the regions of the same level (ratio); derived",
        "sample": "true when value is a sample count (compare shares, not levels)",
        "measure_label": "what value counts, in words (dataset.json measure_labels): the "
        "bundled county rows are employed residents by place of residence, census long-form "
        "sample; absent when the data do not say",
        "basis": "how the row was obtained (region_industries.basis): reported (as the "
        "source publishes it), or summed from predecessors: 500105 江北区 + 500112 渝北区 "
        "(units since merged, on today's boundaries); absent when the data give none",
        "unit": "unit of value (dataset.json units, else the Measure's): persons (census "
        "sample counts, sample = true), 10,000 persons, 10,000 CNY",
        "source_id": "Source of value (a Measure MEASURE@SOURCE defines it)",
    },
    "SUPPLIES": {
        "year": "year of the link",
        "value": "value of the supply, in the dataset's currency (1 when unknown in analytics)",
        "share": "observed share of the customer's inputs, 0-1 (absent on inferred links: no "
        "input share is inferred)",
        "score": "inferred links only: the inference score over the summed scores of the "
        "customer's inferred links, 0-1; a ranking, NOT a share of inputs",
        "tied": "inferred links only: 0, or how many equally scored candidates the link was "
        "chosen among (one of several equally plausible links)",
        "source": "citation of the link, as given",
        "inferred": "true when not observed (e.g. derived from I-O coefficients)",
        "source_id": "Source of the link",
    },
    "INPUT_TO": {
        "year": "year of the input-output table",
        "flow": "z_ij: intermediate flow from i to j, in unit",
        "coefficient": "a_ij = z_ij / x_j: input per unit of j's output (CNY per CNY)",
        "output_share": "b_ij = z_ij / x_i: share of i's gross output sold to j, 0-1 (the "
        "Ghosh allocation coefficient); derived at load from the national gross output",
        "unit": "unit of flow (10,000 CNY)",
        "source_id": "Source of the table",
    },
    "SOLD_TO": {
        "year": "year of the input-output table",
        "value": "f_ik: the industry's output bought by the final-use category, in unit "
        "(negative for an inventory drawn down)",
        "share": "f_ik / x_i: share of the industry's gross output (negative where value is); "
        "derived at load",
        "unit": "unit of value (10,000 CNY)",
        "source_id": "Source of the table",
    },
    "MEASURED": {
        "indicator": "indicator name (the Indicator node's)",
        "year": "year of the figure",
        "value": "the stated figure, in unit",
        "unit": "CNY, count, share, ...",
        "source": "citation, as given",
        "qualifier": "lower_bound (more than), upper_bound, approximate or exact",
        "source_id": "Source of the figure",
    },
    "MAPS_TO": {
        "weight": "share of the start industry that maps to the end industry, 0-1 (absent: 1)",
        "basis": "why the mapping holds (the judgement table's reason, e.g. the products' "
        "GB/T 4754 class)",
        "source_id": "Source of the crosswalk",
    },
    "STAFFS": {
        "weight": "share of the start industry's (occupation's) units that work in the end "
        "sector, 0-1; the weights of one start industry sum to 1",
        "source": "who says so (e.g. a national occupation-by-industry table), as given",
    },
    "HAS_SCORES": {
        name: f"{column.meaning} ({column.unit})" for name, column in REGION_SCORE_COLUMNS.items()
    },
    "FOUND_BY": {},
    "IN_REGION": {},
    "OF_INDUSTRY": {},
    "MEMBER_OF": {},
    "SOURCED_FROM:Region": {},
    "SOURCED_FROM:Industry": {},
    "SOURCED_FROM:Company": {},
    "SOURCED_FROM:Cluster": {},
    "FROM_SOURCE": {},
    "LINKED_TO": {
        "kind": "io (input-output coefficients between the clusters' industries) or supply "
        "(members' supply links)",
        "weight": "io: (a_ij + a_ji) * exp(-distance / 100 km), regions at most 300 km apart "
        "(without coordinates: a_ij + a_ji, halved across regions of one prefecture); supply: "
        "summed input shares (0-1 each); the network's edge weight is the sum over kinds",
        "inferred": "true for io links (the national table applied to regions) and for supply "
        "links derived from inferred firm links",
        "computed_at": "when the analysis wrote it",
    },
}
"""Meaning and unit of every property of every label and relationship type."""

WRITTEN_BACK_ONLY = frozenset({"FOUND_BY"})
"""Relationship types only ``analyze --write-back`` writes (they carry no ``datasets``)."""

EXAMPLES: Mapping[str, str] = {
    "Region": "MATCH (r:Region {name: '南山区'})-[:PART_OF]->(p) RETURN r.code, p.name",
    "Industry": "MATCH (i:Industry {scheme: 'NBS42'}) RETURN i.code, i.name "
    "ORDER BY i.code LIMIT 5",
    "Company": "MATCH (c:Company {ticker: '000001'}) RETURN c.id, c.name, c.listed_on",
    "FinalDemand": "MATCH (f:FinalDemand) RETURN f.code, f.name ORDER BY f.code",
    "Indicator": "MATCH (r:Region)-[m:MEASURED]->(:Indicator {name: 'gdp'}) "
    "RETURN r.name, m.value, m.qualifier",
    "Cluster": "MATCH (c:Cluster)-[:IN_REGION]->(:Region {code: '350582'}) "
    "RETURN c.id, c.kind, c.label, c.lq, c.pagerank ORDER BY c.kind, c.pagerank DESC LIMIT 5",
    "Source": "MATCH (s:Source) RETURN s.id, s.publisher, s.vintage, s.licence",
    "Measure": "MATCH (m:Measure)-[:FROM_SOURCE]->(s) RETURN m.id, m.unit, s.title",
    "Dataset": "MATCH (d:Dataset) RETURN d.id, d.name, d.analysis, d.featured_regions",
    "Analysis": "MATCH (a:Analysis) RETURN a.id, a.year, a.measure, a.data_source, "
    "a.computed_at ORDER BY a.year DESC, a.computed_at DESC",
    "HAS_SCORES": "MATCH (r:Region)-[s:HAS_SCORES]->(a:Analysis {year: 2020}) "
    "RETURN a.id, r.name, s.resilience, s.rank, s.rank_low, s.rank_high "
    "ORDER BY s.rank LIMIT 5",
    "FOUND_BY": "MATCH (c:Cluster)-[:FOUND_BY]->(a:Analysis) RETURN a.id, c.kind, count(c)",
    "PART_OF:Region": "MATCH (c:Region {level: 'county'})-[:PART_OF*]->(p:Region "
    "{level: 'province'}) WHERE c.code = '350582' RETURN p.name",
    "OVERLAPS": "MATCH (m:Region)-[o:OVERLAPS]->(s:Region) RETURN m.name, s.name, o.share, "
    "o.source",
    "SUBDIVISION_OF": "MATCH (s:Industry)-[:SUBDIVISION_OF*]->(g:Industry {code: 'SW2021:330000'}) "
    "RETURN s.code, s.name",
    "LOCATED_IN": "MATCH (c:Company)-[l:LOCATED_IN]->(r) WHERE l.level <> 'county' "
    "RETURN l.level, l.reason, count(*) ORDER BY count(*) DESC",
    "IN_INDUSTRY": "MATCH (c:Company)-[:IN_INDUSTRY {primary: true}]->(i:Industry) "
    "RETURN i.name, count(c) ORDER BY count(c) DESC LIMIT 5",
    "HAS_INDUSTRY": "MATCH (:Region {code: '440305'})-[h:HAS_INDUSTRY {year: 2020, measure: "
    "'employment'}]->(i) RETURN i.name, h.value, h.unit, h.share, h.lq ORDER BY h.lq DESC",
    "SUPPLIES": "MATCH (a:Company)-[s:SUPPLIES]->(b:Company) RETURN a.id, b.id, s.share, "
    "s.score, s.tied, s.inferred LIMIT 5",
    "INPUT_TO": "MATCH (a:Industry)-[x:INPUT_TO {year: 2020}]->(:Industry {code: 'NBS42:18'}) "
    "RETURN a.name, x.coefficient, x.flow, x.unit ORDER BY x.coefficient DESC LIMIT 5",
    "SOLD_TO": "MATCH (:Industry {code: 'NBS42:17'})-[s:SOLD_TO {year: 2020}]->(f:FinalDemand) "
    "RETURN f.name, s.value, s.unit, s.share ORDER BY s.share DESC",
    "MAPS_TO": "MATCH (s:Industry {code: 'SW2021:330300'})-[m:MAPS_TO]->(t:Industry) "
    "RETURN s.name, t.code, t.name, m.weight, m.basis",
    "STAFFS": "MATCH (o:Industry)-[s:STAFFS]->(j:Industry) RETURN o.code, j.code, s.weight "
    "ORDER BY o.code, s.weight DESC",
    "MEASURED": "MATCH (r:Region)-[m:MEASURED {indicator: 'listed_companies'}]->() "
    "RETURN r.name, m.value, m.qualifier, m.unit",
    "IN_REGION": "MATCH (c:Cluster)-[:IN_REGION]->(r:Region) RETURN r.name, count(c) "
    "ORDER BY count(c) DESC LIMIT 5",
    "OF_INDUSTRY": "MATCH (c:Cluster)-[:OF_INDUSTRY]->(i:Industry) RETURN i.name, count(c) "
    "ORDER BY count(c) DESC LIMIT 5",
    "MEMBER_OF": "MATCH (co:Company)-[:MEMBER_OF]->(c:Cluster) RETURN c.id, count(co) "
    "ORDER BY count(co) DESC LIMIT 5",
    "SOURCED_FROM:Region": "MATCH (:Region {code: '440305'})-[:SOURCED_FROM]->(s) "
    "RETURN s.title, s.vintage",
    "SOURCED_FROM:Industry": "MATCH (:Industry {code: 'NBS42:18'})-[:SOURCED_FROM]->(s) "
    "RETURN s.title",
    "SOURCED_FROM:Company": "MATCH (:Company {id: 'SZSE:000001'})-[:SOURCED_FROM]->(s) "
    "RETURN s.title, s.vintage, s.licence",
    "SOURCED_FROM:Cluster": "MATCH (c:Cluster {kind: 'declared'})-[:SOURCED_FROM]->(s) "
    "RETURN c.label, s.title, s.vintage",
    "FROM_SOURCE": "MATCH (m:Measure {name: 'employment'})-[:FROM_SOURCE]->(s) "
    "RETURN m.id, m.unit, s.vintage",
    "LINKED_TO": "MATCH (a:Cluster)-[l:LINKED_TO]-(b:Cluster) WHERE a.id STARTS WITH '350582' "
    "RETURN a.id, b.id, l.kind, l.weight ORDER BY l.weight DESC LIMIT 5",
}
"""A Cypher example for each label and relationship type (run by the integration tests)."""


def _type(kind: str) -> str:
    return {"str_list": "list of text", "str": "text"}.get(kind, kind)


def _diagram() -> list[str]:
    lines = ["```mermaid", "graph LR"]
    seen = set()
    for rel in RELATIONSHIPS.values():
        edge = (rel.start, rel.type, rel.end)
        if edge in seen:
            continue
        seen.add(edge)
        lines.append(f"  {rel.start} -- {rel.type} --> {rel.end}")
    lines.append("```")
    return lines


def graph_model_markdown() -> str:
    """The text of ``docs/graph-model.md`` (see the module doc).

    Returns
    -------
    str
        Markdown: every label and relationship type of the schema with its key,
        properties (type and meaning, :data:`PROPERTY_DOCS`), constraints, indexes and
        an example query (:data:`EXAMPLES`).

    Examples
    --------
    >>> graph_model_markdown().splitlines()[0]
    '# The graph model'
    """
    out = [
        "# The graph model",
        "",
        "Generated from `graph/neo4j_store/schema.py` and `graph/neo4j_store/model_doc.py` by",
        "`python -m clusteratlas.graph.neo4j_store.model_doc > docs/graph-model.md`; a test",
        "fails when this file and the schema differ. Loads write the data nodes and",
        "relationships (`clusteratlas load`); `clusteratlas analyze --write-back` writes one",
        "`Analysis` node per scope (year, measure, level, scheme) and specification, the",
        "region scores as `HAS_SCORES` links to it, and the clusters it found (`FOUND_BY`)",
        "with their links. Every element a load writes carries",
        f"`{DATASETS_PROPERTY}` (list of text): the ids of the datasets whose loads wrote it.",
        "",
        "Provenance: `Source` nodes say where data come from (title, publisher, vintage,",
        "licence); regions, industries and companies link to theirs (`SOURCED_FROM`), and",
        "relationships name theirs in `source_id`. A `Measure` (MEASURE@SOURCE) gives the unit",
        "and definition of a measure; `HAS_INDUSTRY`, `INPUT_TO` and `SOLD_TO` carry the `unit`",
        "too, so that county census sample counts (persons) and the national series (10,000",
        "persons) are never mixed unknowingly. `clusteratlas query sources` lists them.",
        "",
        *_diagram(),
        "",
        "## Node labels",
        "",
    ]
    for name, spec in NODES.items():
        out += [f"### `{spec.label}`", "", spec.description[:1].upper() + spec.description[1:]]
        out += [
            "",
            f"Key: `{', '.join(spec.key)}` (unique). Indexed: "
            + (", ".join(f"`{p}`" for p in spec.indexed) or "the key only")
            + ".",
            "",
        ]
        out += ["| property | type | meaning (unit) |", "|---|---|---|"]
        docs = PROPERTY_DOCS[name]
        for prop, kind in spec.properties.items():
            out.append(f"| `{prop}` | {_type(kind)} | {docs[prop]} |")
        out += ["", "```cypher", EXAMPLES[name], "```", ""]
    out += ["## Relationship types", ""]
    for name, rel in RELATIONSHIPS.items():
        head = f"### `(:{rel.start})-[:{rel.type}]->(:{rel.end})`"
        out += [head, ""]
        if rel.description:
            out += [rel.description[:1].upper() + rel.description[1:], ""]
        if rel.key:
            out += [f"Parallel relationships are told apart by `{', '.join(rel.key)}`.", ""]
        docs = PROPERTY_DOCS[name]
        if rel.properties:
            out += ["| property | type | meaning (unit) |", "|---|---|---|"]
            for prop, kind in rel.properties.items():
                out.append(f"| `{prop}` | {_type(kind)} | {docs[prop]} |")
            out.append("")
        else:
            out += [
                "No properties."
                if rel.type in WRITTEN_BACK_ONLY
                else f"No properties besides `{DATASETS_PROPERTY}` where a load wrote it.",
                "",
            ]
        out += ["```cypher", EXAMPLES[name], "```", ""]
    out += [
        "## Constraints and indexes",
        "",
        "Created by `clusteratlas load` (`ensure_schema`), `IF NOT EXISTS`:",
        "",
        "```cypher",
        *constraint_statements(),
        *index_statements(),
        "```",
        "",
    ]
    for ft in FULLTEXT_INDEXES.values():
        out += [
            f"`{ft.name}` ({ft.analyzer} analyzer): {ft.description}. "
            "`clusteratlas lookup TEXT` and the `lookup` query use it:",
            "",
            "```cypher",
            f"CALL db.index.fulltext.queryNodes('{ft.name}', '\"鼓楼区\"') YIELD node, score",
            "RETURN labels(node)[0], node.name, coalesce(node.code, node.id), score",
            "```",
            "",
            "Pinyin and English names are indexed too (`Kunshan`, `kunshan`, `Manufacturing`; "
            "the analyzer ignores case, not tones or spaces: `clusteratlas lookup` removes "
            "those, and converts traditional characters to simplified, before it searches):",
            "",
            "```cypher",
            f"CALL db.index.fulltext.queryNodes('{ft.name}', 'kunshan') YIELD node, score",
            "RETURN labels(node)[0], node.name, node.code, node.name_pinyin, score",
            "```",
            "",
        ]
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover - the generator command
    print(graph_model_markdown(), end="")
