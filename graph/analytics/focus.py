"""A region's own sector: where the supply chain seen from a region starts, and why.

The region data say which section a county is specialised in; the input-output table
has finer sectors. :func:`region_focus` picks the county's own sector from the most
specific evidence the data hold (its listed firms' sectors, then a cluster a source
names for it, then its most specialised section) and says which evidence decided.
The supply-chain page draws the chain around it; the demo's index and the notebooks
quote its reason.

Examples
--------
>>> from clusteratlas.graph.definitions.examples import example_dataset
>>> focus = region_focus(example_dataset(), "12")
>>> focus.code, focus.level, focus.basis
('GB4754:C', 'section', 'section')
"""

from __future__ import annotations

from dataclasses import dataclass

from clusteratlas.errors import UsageError
from clusteratlas.graph.analytics.declared import declared_cluster_sectors
from clusteratlas.graph.analytics.firms import company_coverage, region_io_sectors
from clusteratlas.graph.definitions.cache import dataset_cached
from clusteratlas.graph.definitions.hierarchy import descendants, region_parents
from clusteratlas.graph.definitions.io_table import input_output_table
from clusteratlas.graph.definitions.matrix import region_shares
from clusteratlas.graph.definitions.quotients import aggregate_location_quotient
from clusteratlas.graph.definitions.scope import AnalysisScope, resolve_scope
from clusteratlas.loaders.dataset import Dataset

__all__ = ["MIN_FIRMS", "RegionFocus", "region_focus"]

MIN_FIRMS = 3
"""The fewest listed firms in one I-O sector for it to be called a region's own sector
(:func:`region_focus`): with one or two, a single listing decides the page."""

MIN_SECTION_SHARE = 0.05
"""A section the region is specialised in must hold at least this share of it to be its
focus (a 4-worker section with a huge LQ is not a county's own industry)."""


@dataclass(frozen=True)
class RegionFocus:
    """The focus of a region's supply chain and why.

    Attributes
    ----------
    code : str
        The sector (an I-O sector) or section (a code of the region data's scheme).
    level : str
        ``"sector"``: drawn on the I-O table's sectors; ``"section"``: on the I-O table
        summed to the region data's industries.
    reason : str
        The sentence a page shows.
    firms : tuple of (str, int)
        The region's listed firms by I-O sector, most first (empty when none is placed).
    basis : str
        What decided: ``firms``, ``declared`` or ``section``.
    firm_total : int
        The region's listed firms placed in an I-O sector (the sum over ``firms``).
    """

    code: str
    level: str
    reason: str
    firms: tuple[tuple[str, int], ...] = ()
    basis: str = "section"

    @property
    def firm_total(self) -> int:
        """The region's listed firms placed in an I-O sector."""
        return sum(n for _, n in self.firms)


@dataset_cached
def region_focus(
    dataset: Dataset,
    region: str,
    *,
    scope: AnalysisScope | None = None,
    min_firms: int = MIN_FIRMS,
) -> RegionFocus:
    """The region's own sector, from the most specific evidence the data hold.

    1. ``firms``: the I-O sector most of its listed companies are in
       (:func:`~clusteratlas.graph.analytics.firms.region_io_sectors`) when it holds at
       least ``min_firms`` of them and more than any other sector;
    2. ``declared``: else the sector of the first cluster a source names for the region
       (:func:`~clusteratlas.graph.analytics.declared.declared_cluster_sectors`: the
       bundled data's article names Changsha County's construction machinery, Cixi's
       small household appliances...);
    3. ``section``: else its most specialised section (highest location quotient among
       sections with at least 5% of the region, the region's rows summed by
       :func:`~clusteratlas.graph.definitions.quotients.aggregate_location_quotient`;
       else its largest), drawn at section level because the region data cannot tell the
       sectors within a section apart.

    Parameters
    ----------
    dataset : Dataset
    region : str
        A region code (its rows, or the rows of the regions below it, in the scope's E).
    scope : AnalysisScope, optional
        The analysis scope (default inferred from the data).
    min_firms : int
        See step 1.

    Returns
    -------
    RegionFocus
        The reason says which step decided, and why the steps before it did not.

    Raises
    ------
    UsageError
        The region has no rows in E.

    Examples
    --------
    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> china = load_bundled("china")
    >>> region_focus(china, "320583").code  # Kunshan: 4 of its 12 firms make electronics
    'NBS42:20'
    >>> cixi = region_focus(china, "330282")  # 2 of 7 firms: too few; the article names one
    >>> cixi.code, cixi.level, cixi.basis, cixi.firms[0]
    ('NBS42:19', 'sector', 'declared', ('NBS42:20', 2))
    >>> wuhou = region_focus(china, "510107")  # 1 firm a sector, no cluster named
    >>> wuhou.code, wuhou.level, wuhou.basis
    ('GB4754:I', 'section', 'section')
    """
    scope = resolve_scope(dataset, scope)
    E = scope.matrix(dataset)
    leaves = sorted(descendants(region_parents(dataset), [region], among=E.index))
    if not leaves:
        raise UsageError(f"region {region} has no {scope.measure} data to choose a focus from")
    row = E.loc[leaves].sum(axis=0)
    shares = region_shares(row.to_frame().T).iloc[0].fillna(0.0)
    lq_row = aggregate_location_quotient(E, leaves)
    ind, reg = dataset.industries, dataset.regions
    names = dict(zip(ind["code"].tolist(), ind["name"].tolist(), strict=True))
    rname = (
        str(reg.loc[reg["code"] == region, "name"].iloc[0])
        if (reg["code"] == region).any()
        else region
    )
    sectors: set[str] = set()
    io_scheme = scope.io_scheme
    if io_scheme is not None and scope.io_year is not None:
        sectors = {str(s) for s in input_output_table(dataset, scope.io_year, io_scheme).sectors}
    table = region_io_sectors(dataset, region, io_scheme) if io_scheme else None
    ranked: tuple[tuple[str, int], ...] = ()
    if table is not None and len(table):
        ranked = tuple(
            sorted(
                (
                    (str(s), int(n))
                    for s, n in zip(table["sector"].tolist(), table["firms"].tolist(), strict=True)
                ),
                key=lambda kv: (-kv[1], kv[0]),
            )
        )
    total = sum(n for _, n in ranked)
    phrase = company_coverage(dataset)
    listing = "; ".join(f"{names.get(c, c)} {n} ({_percent(n / total)})" for c, n in ranked[:5])
    if len(ranked) > 5:
        listing += f"; {len(ranked) - 5} more sector{'s' if len(ranked) > 6 else ''}"
    if ranked:
        best, n = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if n >= min_firms and n > second:
            return RegionFocus(
                best,
                "sector",
                f"Focus: {names.get(best, best)} ({best}), the input-output sector of {n} of the "
                f"{total} listed firms of {rname} that have one (by their company "
                f"classification; {phrase}). By sector: {listing}.",
                ranked,
                basis="firms",
            )
    firms_line = ""
    if ranked:
        firms_line = (
            f"{rname}'s listed firms are too few to name its sector: {total} have an "
            f"input-output sector ({phrase}), at most {ranked[0][1]} in one ({listing}); a "
            f"sector needs at least {min_firms} and more than any other. "
        )
    if io_scheme:
        named = declared_cluster_sectors(dataset, region, io_scheme)
        named = named[named["sector"].isin(sectors)]
        if not named.empty:
            first = named.iloc[0]
            source = str(first["source"]).split(";")[0].strip() or "a source"
            return RegionFocus(
                str(first["sector"]),
                "sector",
                f"Focus: {first['sector_name']} ({first['sector']}), the input-output sector "
                f"of {first['label']}, the cluster that {source} names for {rname} (a declared "
                f"cluster; its industries: {first['industries']}). " + firms_line.rstrip(),
                ranked,
                basis="declared",
            )
    big = [str(c) for c in shares.index[shares >= MIN_SECTION_SHARE]]
    section = max(big, key=lambda c: (float(lq_row[c]), c)) if big else str(shares.idxmax())
    sname = names.get(section, section)
    word = scope.industry_level or "industry"
    return RegionFocus(
        section,
        "section",
        firms_line + f"{rname}'s {scope.measure} data are by {scope.scheme} {word}, which cannot "
        f"tell the input-output sectors within {sname} apart, so the chain is drawn between "
        f"{word}s (the I-O table summed to them) around its most specialised one, {sname} (LQ "
        f"{float(lq_row[section]):.2f}, {_percent(float(shares[section]))} of {scope.measure}). "
        "Give --focus SECTOR for one sector.",
        ranked,
        basis="section",
    )


def _percent(share: float) -> str:
    """41.2%, 0.05%: one decimal from 10% up, two below (the pages' rule)."""
    return f"{share:.1%}" if abs(share) >= 0.1 else f"{share:.2%}"
