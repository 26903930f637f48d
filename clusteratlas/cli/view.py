"""`clusteratlas view KIND`: write one offline HTML view (region, supply-chain, clusters,
industry-space) from the bundled data, a dataset directory, or Neo4j."""

from __future__ import annotations

from typing import Any

import click

from clusteratlas.cli._common import dataset_from, handle_errors, neo4j_options, settings_from
from clusteratlas.errors import UsageError

__all__ = ["COMMANDS"]

KINDS = ("region", "supply-chain", "clusters", "industry-space")


@click.command("view")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False))
@click.option("--bundled", type=click.Choice(["china"]), help="the bundled dataset (default)")
@click.option("--from", "source", type=click.Choice(["neo4j"]), help="read the data from Neo4j")
@click.option("--region", "regions", multiple=True, help="region code (repeatable)")
@click.option("--focus", help="supply-chain: a company id or an industry code (NBS42:16)")
@click.option("--year", type=int, help="year to draw (default: the latest in the data)")
@click.option("--hops", type=int, default=2, show_default=True, help="supply-chain: hops")
@click.option("--max-nodes", type=int, default=300, show_default=True, help="top-k limit")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="FILE.html")
@neo4j_options
@handle_errors
def view_command(
    kind: str,
    path: str | None,
    bundled: str | None,
    source: str | None,
    regions: tuple[str, ...],
    focus: str | None,
    year: int | None,
    hops: int,
    max_nodes: int,
    output: str,
    **neo4j: Any,
) -> None:
    """Write an offline HTML view of KIND: region, supply-chain, clusters or industry-space.

    \b
    region          a region (--region, repeatable), its industries, clusters, companies
    supply-chain    upstream/downstream of --focus (company or industry) or of the
                    lead sector of --region; national I-O links for the bundled data
    clusters        cluster network of --region (all regions when none)
    industry-space  co-location proximity of industries, --region highlighted

    Prints the file's path on stdout.
    """
    from clusteratlas.graph import views

    if kind == "region" and not regions:
        raise UsageError("the region view needs --region CODE (repeatable)")
    if kind == "supply-chain" and not (focus or regions):
        raise UsageError("the supply-chain view needs --focus CODE or --region CODE")
    dataset = dataset_from(path, bundled, source, settings_from(neo4j))
    if kind == "region":
        view = views.region_view(dataset, list(regions), year=year, max_nodes=max_nodes)
    elif kind == "supply-chain":
        view = views.supply_chain_view(
            dataset, focus, regions=list(regions), hops=hops, year=year, max_nodes=max_nodes
        )
    elif kind == "clusters":
        view = views.cluster_network_view(dataset, list(regions), year=year, max_nodes=max_nodes)
    else:
        view = views.industry_space_view(dataset, list(regions), year=year, max_nodes=max_nodes)
    written = view.write_html(output)
    click.echo(f"{view.title}: {view.n_nodes} nodes, {view.n_edges} links", err=True)
    click.echo(str(written))


COMMANDS = [view_command]
