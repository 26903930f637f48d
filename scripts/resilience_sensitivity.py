"""What the resilience composite depends on: docs/resilience-sensitivity.md, regenerated.

Run ``scripts/resilience-sensitivity`` (or ``python scripts/resilience_sensitivity.py``)
after any change to the model or the bundled data; ``tests/unit/test_resilience_sensitivity.py``
fails while the document differs from what this script writes.

On the bundled China data (the analysis scope inferred from it: 2020 census,
counties x GB/T 4754 sections) it computes the composite under other weights (each
default component alone, equal weights, every registered component with equal
weight) and other groupings (percentiles within each province instead of the whole
country; counties below the minimum sample left out), and reports

1. the article's eight counties' ranks under each variant, with the Spearman rank
   correlation of each variant's score with the default over all counties;
2. the Spearman correlations between all variants;
3. the width of the 90% bootstrap intervals by sample size (the basis of
   ``DEFAULT_MIN_SAMPLE``).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "resilience-sensitivity.md"
COMMAND = "scripts/resilience-sensitivity"

SIZE_BINS = (0, 1000, 2000, 3000, 5000, 10000, 20000, 50000, np.inf)


@dataclass(frozen=True)
class Variant:
    """One way to build the composite: a name, what changes, and its scores."""

    key: str
    description: str
    score: pd.Series  # composite by region code (NaN: not scored in this variant)
    rank: pd.Series  # rank shown for the seed counties (within the variant's peer group)
    peers: pd.Series | None = None  # size of each county's peer group, when not all counties


def _rank(score: pd.Series) -> pd.Series:
    return score.rank(ascending=False, method="min")


def variants(dataset: object) -> tuple[list[Variant], pd.DataFrame]:
    """Every variant of the composite, and the default scores (with intervals)."""
    from clusteratlas.graph.analytics.composite import COMPONENTS, DEFAULT_WEIGHTS, composite_score
    from clusteratlas.graph.analytics.resilience import DEFAULT_MIN_SAMPLE, resilience_scores
    from clusteratlas.graph.definitions.regions import region_ancestors

    base = resilience_scores(dataset)
    out = [Variant("default", _weights_text(DEFAULT_WEIGHTS), base["resilience"], base["rank"])]

    def weighted(key: str, description: str, weights: Mapping[str, float]) -> None:
        score = composite_score(base, weights)
        out.append(Variant(key, description, score, _rank(score)))

    names = list(DEFAULT_WEIGHTS)
    weighted(
        "equal", "equal weights: " + ", ".join(f"{n} 1/3" for n in names), dict.fromkeys(names, 1.0)
    )
    for name in names:
        direction = COMPONENTS[name].direction
        weighted(f"{name} alone", f"{name} only ({direction} is more resilient)", {name: 1.0})
    weighted(
        "all components",
        f"all {len(COMPONENTS)} registered components, equal weights",
        dict.fromkeys(COMPONENTS, 1.0),
    )

    from clusteratlas.graph.analytics.growth import growth_rates
    from clusteratlas.graph.definitions.regions import national_series

    series = national_series(dataset, "employment", "GB4754")
    jumps = growth_rates(series).loc[2003, ["GB4754:O", "GB4754:I"]]
    first, last = int(series.index.min()), int(series.index.max())
    all_years = resilience_scores(dataset, growth_years=(first, last), bootstrap=0)
    out.append(
        Variant(
            f"growth {first}-{last}",
            f"default weights, Sigma from every year of the national series ({first}-{last}), "
            "across the 2003 classification break (GB/T 4754-2002: resident services "
            f"{jumps['GB4754:O']:+.0%} and information technology {jumps['GB4754:I']:+.0%} in "
            "2003 alone), instead of the default 2003-" + str(last),
            all_years["resilience"].reindex(base.index),
            all_years["rank"].reindex(base.index),
        )
    )
    from clusteratlas.graph.analytics.growth import portfolio_variance
    from clusteratlas.graph.definitions.scope import AnalysisScope

    scope = AnalysisScope.infer(dataset)
    for level, size in (
        ("sections", "proportional"),
        ("io-sectors", "equal"),
        ("sections", "equal"),
    ):
        if (level, size) == (scope.shock_level, scope.shock_size):
            continue
        other = resilience_scores(
            dataset,
            scope=scope.replace(shock_level=level, shock_size=size),
            bootstrap=0,
            specifications=False,
        )
        where = "42 NBS input-output sectors" if level == "io-sectors" else "GB/T 4754 sections"
        how = (
            "10% of the sector's own final demand"
            if size == "proportional"
            else "each the same amount, 10% of total final demand / K"
        )
        old = " (the previous default)" if (level, size) == ("sections", "proportional") else ""
        out.append(
            Variant(
                f"shocks {level} {size}",
                f"default weights, single-sector demand shocks on the {where}, {how}{old}",
                other["resilience"].reindex(base.index),
                other["rank"].reindex(base.index),
            )
        )
    window = scope.growth_years or (first, last)
    rates = growth_rates(series.loc[window[0] : window[1]].dropna(axis=1, how="any"))
    for year in scope.growth_breaks or ():
        if year not in rates.index:
            continue
        cov = rates.drop(index=year).cov(ddof=1)
        E = scope.matrix(dataset).reindex(base.index)
        pv = portfolio_variance(E, cov, missing="renormalise")
        score = composite_score(base.assign(portfolio_variance=pv), DEFAULT_WEIGHTS)
        jump = growth_rates(series).loc[year]
        top = jump.sort_values(ascending=False).head(3)
        named = ", ".join(f"{c.split(':')[-1]} {v:+.0%}" for c, v in top.items())
        out.append(
            Variant(
                f"growth {window[0]}-{window[1]} without {year}",
                f"default weights, Sigma from {window[0]}-{window[1]} without the growth rate "
                f"into {year}, a declared classification break of the national series "
                f"(dataset.json growth_breaks; the largest jumps that year: {named})",
                score,
                _rank(score),
            )
        )
    province = region_ancestors(dataset, "province").reindex(base.index)
    parts, ranks, sizes = [], [], []
    for _, group in base.groupby(province, sort=True):
        score = composite_score(group, DEFAULT_WEIGHTS)
        parts.append(score)
        ranks.append(_rank(score))
        sizes.append(pd.Series(len(group), index=group.index))
    out.append(
        Variant(
            "within province",
            "default weights, percentiles among the counties of the same province",
            pd.concat(parts),
            pd.concat(ranks),
            pd.concat(sizes),
        )
    )
    kept = resilience_scores(dataset, small_samples="exclude", bootstrap=0)
    out.append(
        Variant(
            "min sample",
            f"default weights, counties with fewer than {DEFAULT_MIN_SAMPLE:,} sampled "
            "workers left out",
            kept["resilience"].reindex(base.index),
            kept["rank"].reindex(base.index),
        )
    )
    return out, base


def _weights_text(weights: Mapping[str, float]) -> str:
    return "default weights: " + ", ".join(f"{k} {v:g}" for k, v in weights.items())


def _table(header: list[str], rows: list[list[str]], align: str) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(lines)


_COMPUTED: dict[int, tuple[object, list[Variant], pd.DataFrame]] = {}


def _computed(dataset: object | None) -> tuple[object, list[Variant], pd.DataFrame]:
    """The dataset (default: the bundled China data), its variants and default scores,
    computed once per dataset for both the document and the README block."""
    from clusteratlas.loaders.bundled import load_bundled

    if dataset is None:
        dataset = load_bundled("china")
    if id(dataset) not in _COMPUTED:
        _COMPUTED.clear()
        _COMPUTED[id(dataset)] = (dataset, *variants(dataset))
    return _COMPUTED[id(dataset)]


def render(dataset: object | None = None) -> str:
    """The Markdown document (deterministic: same data and code, same text)."""
    from clusteratlas.loaders.dataset_json import featured_regions

    dataset, found, base = _computed(dataset)
    default = found[0].score
    n = len(base)
    seeds = [c for c in featured_regions(dataset) if c in base.index]  # type: ignore[arg-type]
    names = base["name"]

    def spearman(a: pd.Series, b: pd.Series) -> float:
        both = pd.concat([a, b], axis=1).dropna()
        return float(both.iloc[:, 0].corr(both.iloc[:, 1], method="spearman"))

    rows = []
    for v in found:
        cells = [f"{v.key}", f"{spearman(v.score, default):.3f}"]
        for code in seeds:
            rank = v.rank.get(code)
            if rank is None or pd.isna(rank):
                cells.append("-")
            elif v.peers is not None:
                cells.append(f"{int(rank)}/{int(v.peers[code])}")
            else:
                cells.append(f"{int(rank):,}")
        rows.append(cells)
    seed_table = _table(
        ["variant", "Spearman with default", *[f"{names[c]} {c}" for c in seeds]],
        rows,
        ["---", "---:"] + ["---:"] * len(seeds),
    )
    described = "\n".join(f"- **{v.key}**: {v.description}." for v in found)

    keys = [v.key for v in found]
    frame = pd.concat({v.key: v.score for v in found}, axis=1)
    corr = frame.corr(method="spearman")
    corr_table = _table(
        ["", *keys],
        [[k, *(f"{corr.loc[k, j]:.2f}" for j in keys)] for k in keys],
        ["---"] + ["---:"] * len(keys),
    )

    moves = []
    for code in seeds:
        national = {
            v.key: int(v.rank[code])
            for v in found
            if v.peers is None and not pd.isna(v.rank.get(code))
        }
        best, worst = min(national, key=national.get), max(national, key=national.get)
        moves.append(
            f"- {names[code]}: from {national[best]:,} ({best}) to {national[worst]:,} "
            f"({worst}); default {int(base.loc[code, 'rank']):,}"
        )
    from clusteratlas.graph.analytics.composite import COMPONENTS

    registry = _table(
        ["component", "more resilient when", "what it measures", "computed as", "reference"],
        [
            [
                f"`{c.name}`",
                c.direction,
                c.description,
                f"`{c.computed}`",
                c.reference,
            ]
            for c in COMPONENTS.values()
        ],
        ["---"] * 5,
    )

    width = base.assign(
        rank_width=base["rank_high"].astype("float64") - base["rank_low"].astype("float64"),
        score_width=base["resilience_high"] - base["resilience_low"],
        entropy_width=base["entropy_high"] - base["entropy_low"],
    )
    bins = pd.cut(width["sample_size"].astype("float64"), list(SIZE_BINS), right=False)
    size_rows = []
    for interval, g in width.groupby(bins, observed=True):
        low, high = interval.left, interval.right
        label = f"{int(low):,} - {int(high):,}" if np.isfinite(high) else f"{int(low):,} and more"
        size_rows.append(
            [
                label,
                f"{len(g):,}",
                f"{g['rank_width'].median():.0f}",
                f"{100 * g['rank_width'].median() / n:.1f}%",
                f"{g['rank_width'].quantile(0.9):,.0f}",
                f"{g['score_width'].median():.2f}",
                f"{g['entropy_width'].median():.3f}",
            ]
        )
    size_table = _table(
        [
            "sampled workers",
            "counties",
            "median rank interval width",
            "as share of the ranking",
            "90th percentile rank width",
            "median composite width (points)",
            "median entropy width (nats)",
        ],
        size_rows,
        ["---", "---:", "---:", "---:", "---:", "---:", "---:"],
    )
    u = base.attrs["uncertainty"]
    small = int(base["small_sample"].sum())
    spec_section = _spec_section(dataset, base, seeds)
    return f"""# What the resilience composite depends on

Generated by `{COMMAND}` from the bundled China data ({n:,} counties, 2020
census, GB/T 4754 sections); do not edit by hand (`tests/unit/test_resilience_sensitivity.py`
checks that this file is what the script writes). The model is in the README
("The resilience model") and in `clusteratlas.graph.analytics.resilience`.

## The components

Every column the composite may weight, from the registry
`clusteratlas.graph.analytics.composite.COMPONENTS` (the composite ranks each in
its direction; a weight on any other name is an error):

{registry}

## The article's counties under other weights and groupings

Ranks (1 = most resilient) of each county under each variant; "within province"
ranks a county among the counties of its province (rank/counties). The Spearman
column is the rank correlation of the variant's score with the default score over
all counties scored by both.

{described}

{seed_table}

Best and worst rank of each county over the national variants (all but "within
province"):

{chr(10).join(moves)}

{spec_section}

## How the variants agree (Spearman, all counties)

{corr_table}

## Sampling uncertainty by sample size

Widths of the {u["confidence"]:.0%} intervals from {u["replicates"]} multinomial
bootstrap replicates (seed {u["seed"]}) of each county's census sample counts,
default weights. Ranks are among all {n:,} counties. The bootstrap treats a
county's sampled workers as a simple random sample; the census samples households,
so true intervals are wider. `DEFAULT_MIN_SAMPLE` (the `small_sample` flag,
{small} counties here) is where the median rank interval passes a tenth of the
ranking.

{size_table}
"""


def _old_default(dataset: object) -> pd.DataFrame:
    """The scores under the previous default: shocks on the sections, proportional
    (``resilience_scores`` caches them per dataset)."""
    from clusteratlas.graph.analytics.resilience import resilience_scores
    from clusteratlas.graph.definitions.scope import AnalysisScope

    scope = AnalysisScope.infer(dataset)  # type: ignore[arg-type]
    return resilience_scores(
        dataset,  # type: ignore[arg-type]
        scope=scope.replace(shock_level="sections", shock_size="proportional"),
    )


def _explained_by_sections(dataset: object, scores: pd.DataFrame) -> float:
    """R^2 of the composite regressed on the county's section shares (OLS, intercept)."""
    from clusteratlas.graph.definitions.scope import AnalysisScope

    E = AnalysisScope.infer(dataset).matrix(dataset).reindex(scores.index)  # type: ignore[arg-type]
    X = E.div(E.sum(axis=1), axis=0).to_numpy()
    X = np.column_stack([np.ones(len(X)), X[:, :-1]])  # shares sum to 1: drop one
    y = scores["resilience"].to_numpy(dtype=float)
    fitted = X @ np.linalg.lstsq(X, y, rcond=None)[0]
    return float(1 - ((y - fitted) ** 2).sum() / ((y - y.mean()) ** 2).sum())


def _spec_section(dataset: object, base: pd.DataFrame, seeds: list[str]) -> str:
    """The specification range against the sampling interval, and the previous default."""
    old = _old_default(dataset)
    spec = base.attrs["specifications"]
    u = base.attrs["uncertainty"]
    rows = []
    for code in seeds:
        r, o = base.loc[code], old.loc[code]
        rows.append(
            [
                f"{r['name']} {code}",
                f"{int(r['rank']):,}",
                f"{int(r['rank_low']):,}-{int(r['rank_high']):,}",
                f"{int(r['rank_spec_low']):,}-{int(r['rank_spec_high']):,}",
                f"{r['resilience_spec_low']:.1f}-{r['resilience_spec_high']:.1f}",
                f"{r['worst_sector']} {r['worst_sector_name']}",
                f"{int(o['rank']):,}",
                f"{int(o['rank_low']):,}-{int(o['rank_high']):,}",
                f"{o['worst_sector']} {o['worst_sector_name']}",
            ]
        )
    table = _table(
        [
            "county",
            "rank",
            f"{u['confidence']:.0%} sampling interval",
            "specification range",
            "score range",
            "worst_sector",
            "previous default: rank",
            "its sampling interval",
            "its worst_sector",
        ],
        rows,
        ["---", "---:", "---:", "---:", "---:", "---", "---:", "---:", "---"],
    )
    sampling = (base["rank_high"] - base["rank_low"]).astype("float64")
    specified = (base["rank_spec_high"] - base["rank_spec_low"]).astype("float64")
    r2_new, r2_old = _explained_by_sections(dataset, base), _explained_by_sections(dataset, old)
    from clusteratlas.graph.definitions.scope import AnalysisScope

    scope = AnalysisScope.infer(dataset)  # type: ignore[arg-type]
    shock = f"--shock-level {scope.shock_level} --shock-size {scope.shock_size}"
    return f"""## Specification range beside the sampling interval

The bootstrap intervals cover sampling noise only. `rank_spec_low`-`rank_spec_high`
(columns of `resilience_scores` and `clusteratlas analyze`) is each county's best and
worst rank over {spec["distinct"]} distinct specifications (of {spec["count"]} combinations;
those that score alike count once), every combination of the shock level and
size ({", ".join(spec["shock"])}), the growth window ({", ".join(spec["growth"])}), the
weights ({", ".join(spec["weights"])}) and the counties compared ({", ".join(spec["regions"])}).
The default is {shock}; the previous default shocked the GB/T 4754 sections
(manufacturing, 18 input-output sectors, in one shock). The specification range is the
same under either default (both are among the specifications); the rank and its sampling
interval differ. Over all counties the median width of the 90% sampling interval is
{sampling.median():,.0f} ranks and that of the specification range {specified.median():,.0f}.
The county's section shares (OLS with an intercept) explain {r2_new:.0%} of the variance of
the default composite and {r2_old:.0%} of the previous default's.

{table}"""


README = ROOT / "README.md"
README_BLOCK = "resilience-figures"


def _ordinal(n: int) -> str:
    tail = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{tail}"


def readme_block(dataset: object | None = None) -> str:
    """The README's paragraph on what the ranking depends on and who tops it, from the
    same variants and default ranking as the document (so no figure outlives a change)."""
    from clusteratlas.graph.definitions.matrix import region_industry_matrix

    dataset, found, base = _computed(dataset)
    by_key = {v.key: v for v in found}

    def spearman(a: pd.Series, b: pd.Series) -> float:
        both = pd.concat([a, b], axis=1).dropna()
        return float(both.iloc[:, 0].corr(both.iloc[:, 1], method="spearman"))

    default = by_key["default"].score
    worst, entropy = by_key["worst_loss alone"], by_key["entropy alone"]
    sections, equal = by_key["shocks sections proportional"], by_key["shocks io-sectors equal"]
    kunshan = "320583"
    old = _old_default(dataset)
    spec = base.attrs["specifications"]
    sampling = (base["rank_high"] - base["rank_low"]).astype("float64")
    specified = (base["rank_spec_high"] - base["rank_spec_low"]).astype("float64")
    from clusteratlas.graph.definitions.io_table import input_output_table
    from clusteratlas.graph.definitions.scope import AnalysisScope

    scope = AnalysisScope.infer(dataset)  # type: ignore[arg-type]
    n_sectors = len(
        input_output_table(dataset, scope.io_year, scope.io_scheme).sectors  # type: ignore[arg-type]
    )
    variance = by_key["portfolio_variance alone"]
    growth = next(v for v in found if v.key.startswith("growth "))
    first_last = growth.key.removeprefix("growth ")
    from clusteratlas.graph.definitions.scope import resolve_scope

    window = resolve_scope(dataset).growth_years  # type: ignore[arg-type]
    used = f"{window[0]}-{window[1]}" if window else first_last
    nanshan, wuhou = "440305", "510107"
    top = base.sort_values(["rank", "rank_low"]).head(3)
    E = region_industry_matrix(dataset, 2020).reindex(base.index)  # type: ignore[arg-type]
    shares = E.div(E.sum(axis=1), axis=0)
    nation = E.sum() / E.to_numpy().sum()
    regions = dataset.regions.set_index("code")  # type: ignore[attr-defined]

    def where(code: str) -> str:
        parent = regions.at[code, "parent_code"]
        return f"{regions.at[code, 'name']} ({regions.at[parent, 'name']})"

    def pct(x: float) -> str:
        return f"{100 * x:.0f}%"

    top_share = shares.loc[top.index]
    farming = top_share["GB4754:A"].mean()
    factories = top_share["GB4754:C"].mean()
    public = (top_share["GB4754:S"] / nation["GB4754:S"]).mean()
    building = top_share["GB4754:E"].mean()
    spec_ranges = ", ".join(
        f"{int(base.at[c, 'rank_spec_low']):,}-{int(base.at[c, 'rank_spec_high']):,}"
        for c in top.index
    )
    intervals = ", ".join(
        f"{int(r.rank_low)}-{int(r.rank_high)}" for r in top.itertuples(index=False)
    )
    widest = int((top["rank_high"] - top["rank_low"]).max())
    noise = (
        "narrow: this is what the composite rewards, not sampling noise"
        if widest < 0.01 * len(base)
        else "wide enough that sampling alone could reorder them"
    )
    import textwrap

    text = (
        f"**What it depends on** (`docs/resilience-sensitivity.md`, regenerated by\n"
        f"`{COMMAND}`, which also writes this paragraph): the default composite is mostly\n"
        f"the worst-case loss (Spearman {spearman(worst.score, default):.2f} with worst loss "
        f"alone, {spearman(entropy.score, default):.2f} with\n"
        f"entropy alone), and entropy and portfolio variance rank counties in opposite orders\n"
        f"({spearman(entropy.score, variance.score):.2f}): Nanshan ranks "
        f"{_ordinal(int(entropy.rank[nanshan]))} on entropy alone and "
        f"{_ordinal(int(variance.rank[nanshan]))} on portfolio\n"
        f"variance alone. The national series crosses the 2003 change of classification\n"
        f"(GB/T 4754-2002), where growth rates would inflate the variance of service sectors,\n"
        f"so the bundled data use {used} (with every year, {first_last}, Nanshan would rank\n"
        f"{_ordinal(int(growth.rank[nanshan]))} instead of "
        f"{_ordinal(int(base.at[nanshan, 'rank']))} "
        f"and Wuhou {_ordinal(int(growth.rank[wuhou]))} instead of "
        f"{_ordinal(int(base.at[wuhou, 'rank']))}; Spearman\n"
        f"{spearman(growth.score, default):.2f} with the default over all counties). "
        f"The top of the ranking is held by\n"
        f"{', '.join(where(c) for c in top.index)}: on average {pct(farming)} of their "
        f"workers in agriculture\n"
        f"(nation {pct(nation['GB4754:A'])}), {pct(factories)} in manufacturing (nation "
        f"{pct(nation['GB4754:C'])}) and {public:.1f} times the national\n"
        f"share in public administration, and {pct(building)} in construction (nation "
        f"{pct(nation['GB4754:E'])}); their 90% rank intervals ({intervals}) are {noise}; "
        f"their specification ranges ({spec_ranges}) are wide.\n"
        f'Read a high score as "a mix of stable sectors that no single demand shock hits\n'
        f'hard", not as "a strong economy". '
        f"Demand shocks fall on the {n_sectors} input-output sectors (`--shock-level io-sectors`):"
        f" shocking the sections, as before, hits all of manufacturing at once; Kunshan would "
        f"rank {_ordinal(int(sections.rank[kunshan]))} instead of "
        f"{_ordinal(int(base.at[kunshan, 'rank']))} and Nanshan "
        f"{_ordinal(int(sections.rank[nanshan]))}, and section shares alone would explain "
        f"{_explained_by_sections(dataset, old):.0%} of the composite's variance (now "
        f"{_explained_by_sections(dataset, base):.0%}). Equal-size shocks rank counties "
        f"almost as entropy does (Spearman {spearman(equal.score, entropy.score):.2f}). "
        f"Under the default shocks the worst loss is mostly exposure to construction demand, "
        f"the largest final demand: it ranks counties much as their share of workers in "
        f"construction does (Spearman "
        f"{spearman(base['worst_loss'], shares['GB4754:E']):.2f}), so the composite now "
        f"rewards a small construction share as it rewarded a small manufacturing share. "
        f"Over the {spec['distinct']} distinct specifications behind "
        f"`rank_spec_low`-`rank_spec_high` "
        f"(shock level and size, growth windows with and without the 2003 and 2013 breaks, "
        f"weights, small samples) the median county's rank spans "
        f"{specified.median():,.0f} places, against {sampling.median():,.0f} for its 90% "
        f"sampling interval: read a rank with its specification range."
    )
    return textwrap.fill(" ".join(text.split()), width=88, break_on_hyphens=False)


def main(argv: list[str] | None = None) -> int:
    """Write (or, with ``--check``, compare) the document and the README's paragraph."""
    from generated_doc import replace_block, write_or_check

    status = write_or_check(DOC, render, COMMAND, argv)
    return status or replace_block(README, README_BLOCK, readme_block, COMMAND, argv)


if __name__ == "__main__":
    sys.exit(main())
