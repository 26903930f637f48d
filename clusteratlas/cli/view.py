"""`clusteratlas view KIND [PATH]`: write one offline HTML view (region, supply-chain, clusters,
industry-space, map) from the bundled data, a dataset directory, or Neo4j.

Regions and industries are accepted by code or by name (``--region 昆山市``, ``崑山市``,
``Kunshan``, ``--region 深圳市南山区``, ``--focus 通信设备``, ``--industry Manufacturing``);
an ambiguous name lists the candidates and an unknown one suggests the nearest (exit 2)."""

from __future__ import annotations

from typing import Any

import click

from clusteratlas.cli._common import (
    handle_errors,
    is_quiet,
    lang_option,
    neo4j_options,
    output_file,
    region_codes,
    regions_option,
    settings_from,
)
from clusteratlas.cli._scope import resolve_cli_scope, scope_choices, scope_options
from clusteratlas.cli._source import SourceChoice, data_source_options, dataset_from
from clusteratlas.errors import UsageError

__all__ = ["COMMANDS"]

KINDS = ("region", "supply-chain", "clusters", "industry-space", "map")


@click.command("view")
@click.argument("kind", type=click.Choice(KINDS))
@data_source_options(path_argument=True)
@regions_option("region code or name, e.g. 昆山市, 崑山市 or Kunshan (repeatable)")
@click.option(
    "--focus", help="supply-chain: a company, or an industry code or name (通信设备, NBS42:20)"
)
@scope_options
@click.option(
    "--hops", type=click.IntRange(min=1), default=2, show_default=True, help="supply-chain: hops"
)
@click.option(
    "--score",
    default="resilience",
    show_default=True,
    help="map: resilience, entropy, herfindahl, worst_loss, portfolio_variance, or lq",
)
@click.option("--industry", help="map --score lq: the industry (code or name)")
@click.option(
    "--max-nodes", type=click.IntRange(min=1), default=300, show_default=True, help="top-k limit"
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="FILE.html")
@lang_option
@neo4j_options
@handle_errors
def view_command(
    kind: str,
    source: SourceChoice,
    regions: tuple[str, ...],
    focus: str | None,
    hops: int,
    score: str,
    industry: str | None,
    max_nodes: int,
    output: str,
    lang: str,
    **options: Any,
) -> None:
    """Write an offline HTML view of KIND: region, supply-chain, clusters, industry-space, map.

    \b
    region          a region (--region, repeatable), its industries, clusters, companies
    supply-chain    upstream/downstream of --focus (company or industry) and/or of
                    --region's own sector; national I-O links for the bundled data
    clusters        which clusters are central: --region's clusters and their
                    neighbours, ranked nationally (the most central when no --region)
    industry-space  co-location proximity of industries, --region's clusters ringed
    map             every region at its coordinates coloured by --score, --region
                    highlighted

    Regions and industries may be given by code or name (either language); --lang en
    names them in English on the page. PATH is a dataset directory (the same as
    --from PATH). Prints the file's path on stdout.
    """
    import clusteratlas.graph.views as views
    from clusteratlas.graph.definitions.lang import localise

    if kind == "region" and not regions:
        raise UsageError("the region view needs --region CODE|NAME (repeatable)")
    if kind == "supply-chain" and not (focus or regions):
        raise UsageError("the supply-chain view needs --focus CODE|NAME or --region CODE|NAME")
    if industry and not (kind == "map" and score == "lq"):
        raise UsageError("--industry goes with `view map --score lq`")
    target_file = output_file(output, "--output")  # a bad -o fails now, not after the work
    choices = scope_choices(options)
    dataset = dataset_from(source, settings_from(options))
    scope = resolve_cli_scope(dataset, choices)
    codes = region_codes(dataset, regions)
    if industry:  # by its published or English name, before the names change
        industry = views.resolve_industry(dataset, industry, prefer=[scope.scheme])
    named = localise(dataset, lang)  # names only: codes resolved above stay
    if kind == "region":
        view = views.region_view(named, codes, scope=scope, max_nodes=max_nodes)
    elif kind == "supply-chain":
        target = None
        if focus:
            target = views.resolve_company_or_industry(dataset, focus, prefer=_io_schemes(dataset))
            if target != focus and not is_quiet():
                click.echo(f"focus {focus} = {target}", err=True)
        view = views.supply_chain_view(
            named,
            target,
            regions=codes,
            hops=hops,
            scope=scope,
            max_nodes=max_nodes,
        )
    elif kind == "clusters":
        view = views.cluster_network_view(named, codes, scope=scope, max_nodes=max_nodes)
    elif kind == "map":
        view = views.map_view(
            named,
            score,
            industry=industry,
            highlight=codes,
            scope=scope,  # the analysis' level, scheme and industry level, as the tables
        )
    else:
        view = views.industry_space_view(named, codes, scope=scope, max_nodes=max_nodes)
    written = views.add_search_names(view, named).write_html(target_file)
    if not is_quiet():  # -q: only the data (the page's path) and errors
        click.echo(f"{view.title}: {view.size_text}", err=True)
    click.echo(str(written))


def _io_schemes(dataset: Any) -> list[str]:
    links = dataset.industry_links
    if links.empty:
        return []
    schemes = dataset.industries.set_index("code")["scheme"]
    return sorted({str(schemes.get(c)) for c in links["from_code"].unique() if c in schemes.index})


COMMANDS = [view_command]
