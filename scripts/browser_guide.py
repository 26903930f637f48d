"""The Neo4j Browser guide: docs/browser/clusteratlas-guide.html, regenerated.

Run ``scripts/browser-guide`` after changing a query of the library (``queries/*.cypher``)
or a slide here; ``tests/unit/test_browser_guide.py`` fails while the file differs from
what this script writes, so no slide can show a query the library no longer has.

The guide walks a researcher through the article's questions on the bundled China data
(Nanshan 440305, Kunshan 320583, Jiangyin 320281, Yiwu 330782, Jinjiang 350582, Cixi
330282, Changsha County 430121). Each question is one ``<slide>`` (the format Neo4j
Browser 5 plays with ``:guide URL`` in its sidebar and ``:play URL`` in a frame) with two
runnable blocks (``pre.runnable``: the Browser puts a play icon before each): the
parameters, as ``:param name => value`` lines (the Browser evaluates the right-hand side
on the server, so integers stay integers: ``LIMIT $limit`` refuses a float), all of the
query's parameters with the library's defaults for those the slide does not set; then
the library query's Cypher exactly as the runner sends it (``QuerySpec.body``). A
parameter the library infers from the graph (``default inferred``: year, scheme...) is
set to what the runner infers on the bundled data (:data:`BUNDLED_SCOPE`): the Browser
has no runner to infer it. A
sentence says what the answer means and its caveat. The only Cypher that is not a
library query is :data:`SCHEMA`.
"""

from __future__ import annotations

import html
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "browser" / "clusteratlas-guide.html"
STYLE = ROOT / "docs" / "browser" / "clusteratlas.grass"
COMMAND = "scripts/browser-guide"
TITLE = "clusteratlas guide"
FIRST = "China's county economies as a graph"
SCHEMA = "CALL db.schema.visualization()"
"""The one runnable Cypher of the guide that is not a library query (the schema slide)."""
BUNDLED_SCOPE = {
    "year": 2020,
    "measure": "employment",
    "scheme": "GB4754",
    "industry_level": "section",
    "level": "county",
    "region": "100000",
    "io_year": 2020,
    "firm_scheme": "SW2021",
    "firm_level": "level1",
}
"""The values the runner infers on the bundled data for ``default inferred`` parameters, by
the choice they take (``ParamSpec.infers``; checked against the runner by
``tests/integration/test_browser_guide_queries.py``)."""

COUNTIES = {
    "440305": ("南山区", "Nanshan District, Shenzhen", "440000"),
    "320583": ("昆山市", "Kunshan", "320000"),
    "320281": ("江阴市", "Jiangyin", "320000"),
    "330782": ("义乌市", "Yiwu", "330000"),
    "350582": ("晋江市", "Jinjiang", "350000"),
    "330282": ("慈溪市", "Cixi", "330000"),
    "430121": ("长沙县", "Changsha County", "430000"),
}
"""The article's counties: code -> (name as published, English name, province code)."""

PROVINCES = {
    "320000": "Jiangsu (Kunshan, Jiangyin)",
    "330000": "Zhejiang (Yiwu, Cixi)",
    "350000": "Fujian (Jinjiang)",
    "430000": "Hunan (Changsha County)",
    "440000": "Guangdong (Nanshan)",
}

CENSUS_CAVEAT = (
    "County employment is the census long-form sample (persons sampled, not all workers): "
    "small counts are noisy, and the LQ of an industry with few sampled workers means little."
)
SZSE_CAVEAT = (
    "Companies are the Shenzhen Stock Exchange's listed companies only (no Shanghai or "
    "Beijing listings, no unlisted firms): company counts and members show where SZSE "
    "companies are, not a county's whole industry."
)


@dataclass(frozen=True)
class Slide:
    """One question: a library query, the values the slide sets, and what the answer means."""

    title: str
    question: str
    query: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    alternatives: tuple[tuple[str, Any, str], ...] = ()
    meaning: str = ""
    caveat: str = ""
    cypher: str | None = None  # a non-library statement (only SCHEMA)


SLIDES = (
    Slide(
        title="Where the data come from",
        question="Every node and relationship names its source: census tables, the "
        "input-output tables, the exchange's list of companies, the divisions list.",
        query="sources",
        meaning="One row per source, with its vintage and licence, what it supports "
        "(labels and relationship types with counts) and its measures with their units.",
        caveat="Read the units before comparing numbers: county employment is a census "
        "sample count of persons, the national series is in 10,000 persons.",
    ),
    Slide(
        title="The graph model",
        question="Regions, industries, companies, clusters and their sources, and how they "
        "are linked (docs/graph-model.md explains every property).",
        cypher=SCHEMA,
        meaning="A picture of the labels and relationship types in the database, in the "
        "project's node style (Region, Industry, Company, Cluster, Source, ...).",
        caveat="The picture shows every label and type the database knows of, with or "
        "without data (the schema's constraints name Analysis before any analysis is "
        "written): Analysis nodes, detected clusters and their links exist only after "
        "`clusteratlas analyze --from neo4j --write-back` (declared clusters come with the "
        "data).",
    ),
    Slide(
        title="How diverse is each local economy?",
        question="Rank the counties of a province by the diversity of their employment "
        "across industry sections, least diverse first: Kunshan and Jiangyin are among "
        "the ten most concentrated of Jiangsu's 95 counties.",
        query="diversification-in-province",
        params={"province": "320000", "least_first": True},
        alternatives=tuple(("province", code, name) for code, name in PROVINCES.items()),
        meaning="entropy (nats) is higher and hhi lower for a more diverse economy; "
        "effective_industries = 1 / HHI is the number of equally large sections with the "
        "same concentration (Kunshan: about 3.8 of 19 sections).",
        caveat=CENSUS_CAVEAT,
    ),
    Slide(
        title="What does each county specialise in?",
        question="A county's industries ranked by location quotient LQ = s_ri / S_i: its "
        "share of the county's employment over the share in all counties.",
        query="region-industries-by-lq",
        params={"region": "320583"},
        alternatives=tuple(
            ("region", code, f"{name} {english}") for code, (name, english, _) in COUNTIES.items()
        ),
        meaning="LQ above 1: the county employs relatively more in that industry than "
        "counties overall (Kunshan's manufacturing: about 2.7).",
        caveat=CENSUS_CAVEAT + " Such industries are flagged small_sample and ranked last.",
    ),
    Slide(
        title="Which clusters are central?",
        question="The clusters located in a county: declared ones (named by a source, "
        "such as Cixi's small household appliances) and detected ones, ranked by their "
        "centrality in the cluster network.",
        query="clusters-in-region",
        params={"region": "330282"},
        alternatives=tuple(
            ("region", code, f"{name} {english}") for code, (name, english, _) in COUNTIES.items()
        ),
        meaning="A high PageRank or betweenness marks a cluster many others are linked to "
        "or lie between; state says whether the data detect a declared cluster (not "
        "testable when it names an industry finer than the census sections, as Cixi's "
        "small household appliances do: Cixi's detected manufacturing cluster, LQ about 3.4, "
        "is the closest the data come).",
        caveat="Detected clusters exist only after `clusteratlas analyze --from neo4j "
        "--write-back`; before that only declared clusters are listed. " + SZSE_CAVEAT,
    ),
    Slide(
        title="How exposed is a county to its suppliers' sectors?",
        question="The sectors a sector buys from, directly and through one more link of the "
        "2020 national input-output table: electrical machinery (NBS42:19), the sector of "
        "Cixi's household appliances.",
        query="industry-upstream",
        params={"industry": "NBS42:19"},
        meaning="coefficient is the input per unit of output along the strongest chain "
        "(CNY per CNY): a county specialised in the sector depends on these suppliers.",
        caveat="The input-output table is national: it says what the sector buys in China "
        "as a whole, not what the county's firms buy or where from.",
    ),
    Slide(
        title="Who depends on the sector?",
        question="The sectors that buy from electrical machinery (NBS42:19), directly and "
        "through one more link: where a shock to the county's sector travels.",
        query="industry-downstream",
        params={"industry": "NBS42:19"},
        meaning="share is the part of the sector's output the buyer takes (z_ij / x_i for an "
        "industry, f_ik / x_i for a final-demand category: households and government, "
        "investment, inventories, exports); the direct rows and the two closing rows "
        "(below_min_share, unallocated) sum to 1, and the chains after them multiply the "
        "shares along the way: where a downturn in the sector's market travels.",
        caveat="National input-output table: the county's own trade is not in the data.",
    ),
    Slide(
        title="Single points of failure",
        question="Companies with exactly one supplier in the supply network, a dependency "
        "that one failure would cut.",
        query="single-supplier-dependencies",
        meaning="Each row is a customer company and its only supplier: share is the observed "
        "share of its inputs on that link, score the rank of an inferred link (not a share "
        "of inputs), tied how many equally scored candidates it was chosen among.",
        caveat="The bundled China data hold no observed company supply links (the listed "
        "companies' suppliers are not published in a table), so this answers no rows until "
        "a dataset with SUPPLIES links is loaded: `clusteratlas load --bundled "
        "china-inferred-links` adds links inferred from the national input-output table, "
        "by a plausibility check described in its README. " + SZSE_CAVEAT,
    ),
)


def slide_params(spec: Any, params: dict[str, Any]) -> dict[str, Any]:
    """Every parameter of a library query as a slide sets it: ``params``, the library's
    defaults, and :data:`BUNDLED_SCOPE` for a ``default inferred`` one.

    Parameters
    ----------
    spec : QuerySpec
        The library query.
    params : dict of str to object
        The values the slide sets.

    Returns
    -------
    dict of str to object
        Every declared parameter, in header order, typed (:meth:`QuerySpec.bind`).

    Examples
    --------
    >>> from clusteratlas.queries.library import find_query
    >>> slide_params(find_query("region-industries-by-lq"), {"region": "320583"})["year"]
    2020
    """
    return {
        name: BUNDLED_SCOPE[spec.param(name).infers]
        if spec.param(name).inferred and name not in params
        else value
        for name, value in spec.bind(params).items()
    }


def cypher_literal(value: Any) -> str:
    """A Python value as a Cypher literal (strings single-quoted, JSON escapes).

    Parameters
    ----------
    value : str, int, float, bool, None or list of them
        A parameter value, as :meth:`QuerySpec.bind` returns it.

    Returns
    -------
    str
        The literal the Browser's ``:param name => literal`` sends to the server.

    Examples
    --------
    >>> cypher_literal("320583"), cypher_literal(2020), cypher_literal(None)
    ("'320583'", '2020', 'null')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + json.dumps(value, ensure_ascii=False)[1:-1].replace("'", "\\'") + "'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    raise TypeError(f"no Cypher literal for {value!r}")


def param_lines(bound: dict[str, Any]) -> str:
    """``:param name => value;`` lines, one per parameter (run together, multi-statement).

    Parameters
    ----------
    bound : dict of str to value
        Every parameter of a query, by name (:meth:`QuerySpec.bind`).

    Returns
    -------
    str
        One line per parameter, in order.

    Examples
    --------
    >>> print(param_lines({"region": "320583", "limit": 25}))
    :param region => '320583';
    :param limit => 25;
    """
    return "\n".join(f":param {name} => {cypher_literal(v)};" for name, v in bound.items())


def _code(text: str) -> str:
    return html.escape(text, quote=False)


def _md(text: str) -> str:
    """Escape, then `code` spans."""
    parts = html.escape(text, quote=False).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def _slide(slide: Slide, number: int, library: dict[str, Any]) -> str:
    out = [f'<slide class="row-fluid" id="slide-{number}">', f"<h3>{_md(slide.title)}</h3>"]
    out.append(f'<p class="lead">{_md(slide.question)}</p>')
    if slide.query is not None:
        spec = library[slide.query]
        bound = slide_params(spec, slide.params)
        out.append(
            f"<p>Query <code>{spec.name}</code> of the library "
            f"(<code>clusteratlas query {spec.name} --help</code>). "
            "1. Set its parameters:</p>"
        )
        if bound:
            out.append(f'<pre class="runnable params">{_code(param_lines(bound))}</pre>')
        else:
            out.append("<p>(it takes none)</p>")
        if slide.alternatives:
            name = slide.alternatives[0][0]
            items = "".join(
                f'<li><pre class="runnable param">{_code(f":param {name} => {cypher_literal(v)}")}'
                f"</pre> {_md(label)}</li>"
                for _, v, label in slide.alternatives
            )
            out.append(
                f'<p>or another <code>{name}</code>:</p><ul class="undecorated">{items}</ul>'
            )
        out.append("<p>2. Run it:</p>")
        out.append(
            f'<pre class="runnable query" data-query="{spec.name}">{_code(spec.body())}</pre>'
        )
    else:
        assert slide.cypher is not None
        out.append(f'<pre class="runnable query">{_code(slide.cypher)}</pre>')
    out.append(f"<p><b>What it means.</b> {_md(slide.meaning)}</p>")
    out.append(f"<p><b>Caveat.</b> {_md(slide.caveat)}</p>")
    out.append("</slide>")
    return "\n".join(out)


def _first_slide() -> str:
    rows = "".join(
        f"<tr><td><code>{code}</code></td><td>{name}</td><td>{_md(english)}</td></tr>"
        for code, (name, english, _) in COUNTIES.items()
    )
    topics = "".join(f"<li>{_md(s.title)}</li>" for s in SLIDES)
    return "\n".join(
        [
            '<slide class="row-fluid" id="slide-0">',
            f"<h3>{_md(FIRST)}</h3>",
            '<p class="lead">The article asks why some of China\'s county economies thrive: how '
            "diverse they are, which industrial clusters they hold and how central those are, "
            "and how exposed they are to a sector or a supplier. The bundled data answer "
            "these for every county; the article's seven cases:</p>",
            f"<table><tr><th>code</th><th>name</th><th>in English</th></tr>{rows}</table>",
            f"<p>The slides, one question each:</p><ol>{topics}</ol>",
            "<p>Each slide runs a query of the project's library (<code>queries/*.cypher</code>, "
            "the same as <code>clusteratlas query NAME</code>): click the play icon of its "
            "parameter block, then of its query (click the text itself to copy it into the "
            "editor first). Load the data with <code>clusteratlas load --bundled china</code>. "
            "Node colours and captions come from the project's style "
            "(<code>docs/browser/clusteratlas.grass</code>, loaded at login by "
            "<code>scripts/neo4j-local start --browser</code>; elsewhere "
            "<code>:style URL</code> loads it). This command shows the style in use:</p>",
            '<pre class="runnable">:style</pre>',
            "</slide>",
        ]
    )


def render() -> str:
    """The guide's HTML, from :data:`SLIDES` and the query library.

    Returns
    -------
    str
        The whole of docs/browser/clusteratlas-guide.html: one ``<slide>`` per question.

    Examples
    --------
    >>> render().count("<slide ") == len(SLIDES) + 1
    True
    """
    from clusteratlas.queries.library import load_library

    library = load_library()
    slides = [_first_slide()] + [_slide(s, i, library) for i, s in enumerate(SLIDES, 1)]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f"<!-- Generated by {COMMAND} (scripts/browser_guide.py) from queries/*.cypher: "
            "do not edit; run it again. Play it in Neo4j Browser with :guide URL or :play URL. -->",
            '<html lang="en">',
            f'<head><meta charset="utf-8"><title>{_md(TITLE)}</title></head>',
            "<body>",
            '<article class="guide">',
            '<carousel class="deck container-fluid">',
            *slides,
            "</carousel>",
            "</article>",
            "</body>",
            "</html>",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) docs/browser/clusteratlas-guide.html.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments (default ``sys.argv[1:]``): ``--check`` only compares.

    Returns
    -------
    int
        The exit status: 0, or 1 when ``--check`` finds the file stale.

    Examples
    --------
    >>> main(["--check"])
    0
    """
    from generated_doc import write_or_check

    return write_or_check(DOC, render, COMMAND, argv)


if __name__ == "__main__":
    sys.exit(main())
