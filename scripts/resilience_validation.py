"""What the 2010 resilience composite predicts: docs/resilience-validation.md, regenerated.

Run ``scripts/resilience-validation`` (or ``python scripts/resilience_validation.py``)
after any change to the model or the bundled data;
``tests/unit/test_resilience_validation.py`` fails while the document differs from what
this script writes.

On the bundled China data it scores every county with 2010 census data
(``resilience_scores(dataset, 2010, bootstrap=0)``: the composite and its weighted
components), keeps the counties whose area did not change between the censuses and
that have 2020 data (``dataset_shift_share`` flags the others), and relates the 2010
score and each component to what the data show of 2010-2020:

1. the change in the county's share of the employed residents of the compared counties
   (per 100,000: s_2020 - s_2010, times 100,000), its relative change (%), and the
   county's growth in sampled employed residents (%), which ranks the counties as the
   relative change does (share = level / a total common to all counties);
2. the change in the county's manufacturing share (percentage points);
3. the shift-share regional (competitive) component, % of the 2010 level.

Each relation is a Spearman rank correlation with a 95% percentile bootstrap interval
(counties resampled with replacement, seeded), and the outcomes' medians by quintile of
the 2010 composite. Whatever the numbers show is written; nothing is chosen.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "resilience-validation.md"
COMMAND = "scripts/resilience-validation"

YEAR0, YEAR1 = 2010, 2020
BOOTSTRAP = 1000
CONFIDENCE = 0.95
SEED = 0
MANUFACTURING = "GB4754:C"
AGRICULTURE = "GB4754:A"

OUTCOMES = {
    "share_points": "change in share of employed residents, per 100,000",
    "share_change": "change in share of employed residents, % (relative)",
    "growth": "growth in employed residents, %",
    "manufacturing_change": "change in manufacturing share, pp",
    "regional": "shift-share regional component, % of 2010",
}
"""The 2010-2020 outcomes, by column name: what each measures, with its unit."""


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation: Pearson's r of the average ranks (ties share a rank).

    >>> round(spearman(np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 3.0, 2.0, 4.0])), 6)
    0.8
    """
    from scipy.stats import rankdata

    rx, ry = rankdata(x), rankdata(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    return float((rx * ry).sum() / np.sqrt((rx * rx).sum() * (ry * ry).sum()))


def spearman_interval(
    x: np.ndarray, y: np.ndarray, replicates: int, confidence: float, seed: int
) -> tuple[float, float, float]:
    """Spearman's rho of (x, y) and its percentile bootstrap interval: pairs resampled
    with replacement ``replicates`` times (seeded); returns (rho, low, high).

    >>> x = np.arange(50.0)
    >>> rho, low, high = spearman_interval(x, x, 200, 0.95, 0)
    >>> rho, low, high
    (1.0, 1.0, 1.0)
    """
    from scipy.stats import rankdata

    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(x), size=(replicates, len(x)))
    rx, ry = rankdata(x[idx], axis=1), rankdata(y[idx], axis=1)
    rx -= rx.mean(axis=1, keepdims=True)
    ry -= ry.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        rhos = (rx * ry).sum(axis=1) / np.sqrt((rx * rx).sum(axis=1) * (ry * ry).sum(axis=1))
    tail = (1.0 - confidence) / 2.0
    low, high = np.nanquantile(rhos, [tail, 1.0 - tail])
    return spearman(x, y), float(low), float(high)


def partial_spearman(x: np.ndarray, y: np.ndarray, z: np.ndarray) -> float:
    """Spearman's rho of x and y net of z: the correlation of the residuals of x's and
    y's ranks regressed (OLS with an intercept) on z's ranks.

    >>> z = np.arange(10.0)
    >>> x, y = z + np.array([0, 1] * 5), z - np.array([0, 1] * 5)  # both follow z
    >>> round(spearman(x, y), 2), round(partial_spearman(x, y, z), 2)
    (0.95, -0.95)
    """
    from scipy.stats import rankdata

    rx, ry, rz = (rankdata(a) for a in (x, y, z))
    design = np.column_stack([np.ones_like(rz), rz])

    def residual(r: np.ndarray) -> np.ndarray:
        coef, *_ = np.linalg.lstsq(design, r, rcond=None)
        return np.asarray(r - design @ coef)

    return float(np.corrcoef(residual(rx), residual(ry))[0, 1])


@dataclass(frozen=True)
class Validation:
    """The counties compared, their 2010 scores (oriented: higher = more resilient as the
    composite reads it) and their 2010-2020 outcomes, and who was left out and why."""

    frame: pd.DataFrame  # index region code: score columns, outcome columns
    scores: dict[str, str]  # column -> description
    counts: dict[str, int]
    excluded: dict[str, list[str]]  # reason -> region codes
    attrs: dict[str, object]


def validation_data(dataset: object) -> Validation:
    """Score 2010, compute the outcomes, keep the counties with stable boundaries."""
    from clusteratlas.graph.analytics.composite import COMPONENTS
    from clusteratlas.graph.analytics.growth import dataset_shift_share
    from clusteratlas.graph.analytics.resilience import resilience_scores
    from clusteratlas.graph.definitions.matrix import region_industry_matrix

    base = resilience_scores(dataset, YEAR0, bootstrap=0)
    weights = dict(base.attrs["components"])
    E0 = region_industry_matrix(dataset, YEAR0, level="county")
    E1 = region_industry_matrix(dataset, YEAR1, level="county")
    ss = dataset_shift_share(dataset, YEAR0, YEAR1, level="county")
    meta = dataset.metadata  # type: ignore[attr-defined]
    coverage = meta.get("coverage", {})

    scored = base.index
    missing = [c for c in scored if c not in E1.index]
    changed = [c for c in scored if c in E1.index and bool(ss.at[c, "boundary_changed"])]
    keep = [c for c in scored if c in E1.index and c not in set(changed)]
    t0, t1 = E0.loc[keep].sum(axis=1), E1.loc[keep].sum(axis=1)
    s0, s1 = t0 / t0.sum(), t1 / t1.sum()
    m0 = E0.loc[keep, MANUFACTURING] / t0
    m1 = E1.loc[keep, MANUFACTURING] / t1
    frame = pd.DataFrame(
        {
            "share_points": 1e5 * (s1 - s0),
            "share_change": 100.0 * (s1 / s0 - 1.0),
            "growth": 100.0 * (t1 / t0 - 1.0),
            "manufacturing_change": 100.0 * (m1 - m0),
            "regional": 100.0 * ss.loc[keep, "regional"] / t0,
        },
        index=keep,
    )
    agriculture = E0.loc[keep, AGRICULTURE] / t0  # the confounder read net of below
    scores = {"resilience": "composite (0-100)"}
    frame["resilience"] = base.loc[keep, "resilience"]
    for name in weights:
        direction = COMPONENTS[name].direction
        sign = 1.0 if direction == "higher" else -1.0
        frame[name] = sign * base.loc[keep, name]
        scores[name] = f"{name} (weight {weights[name]:g}; {direction} is more resilient)"
    counts = {
        "counties": int(coverage.get("regions", 0)),
        "with_2010": len(scored),
        "missing_2020": len(missing),
        "boundary_changed": len(changed),
        "compared": len(keep),
        "small_sample": int(base.loc[keep, "small_sample"].sum()),
        "outside_2010": int(coverage.get("outside_regions", {}).get(str(YEAR0), 0)),
        "outside_2020": int(coverage.get("outside_regions", {}).get(str(YEAR1), 0)),
    }
    excluded = {"no 2020 data": missing, "area changed 2010-2020": changed}
    attrs = {**base.attrs, "agriculture_2010": agriculture}
    return Validation(frame, scores, counts, excluded, attrs)


def _fmt(value: float, digits: int = 2) -> str:
    return "-" + f"{abs(value):.{digits}f}" if value < 0 else f"{value:.{digits}f}"


def _reading(rho: float, low: float, high: float) -> str:
    if low <= 0.0 <= high:
        return "no association detectable (the interval includes 0)"
    strength = "weak" if abs(rho) < 0.3 else "moderate" if abs(rho) < 0.5 else "strong"
    sign = "positive" if rho > 0 else "negative"
    return f"{strength} {sign} (|rho| {'<' if abs(rho) < 0.3 else '>='} 0.3)"


def correlations(v: Validation) -> pd.DataFrame:
    """Spearman rho and its bootstrap interval, per score and outcome."""
    rows = []
    for score in v.scores:
        for outcome in OUTCOMES:
            x = v.frame[score].to_numpy(float)
            y = v.frame[outcome].to_numpy(float)
            rho, low, high = spearman_interval(x, y, BOOTSTRAP, CONFIDENCE, SEED)
            rows.append({"score": score, "outcome": outcome, "rho": rho, "low": low, "high": high})
    return pd.DataFrame(rows)


def quintiles(v: Validation) -> pd.DataFrame:
    """Median outcomes by quintile of the 2010 composite (Q1 lowest score)."""
    q = pd.qcut(
        v.frame["resilience"].rank(method="first"), 5, labels=[f"Q{i}" for i in range(1, 6)]
    )
    grouped = v.frame.groupby(q, observed=True)
    out = grouped[list(OUTCOMES)].median()
    out.insert(
        0, "score range", grouped["resilience"].agg(lambda s: f"{s.min():.1f}-{s.max():.1f}")
    )
    out.insert(0, "counties", grouped.size())
    out["share rose, %"] = grouped["share_change"].agg(lambda s: 100.0 * (s > 0).mean())
    return out


def render(dataset: object | None = None) -> str:
    """The whole document."""
    from clusteratlas.loaders.bundled import load_bundled

    ds = dataset if dataset is not None else load_bundled("china")
    v = validation_data(ds)
    corr = correlations(v)
    quint = quintiles(v)
    c = v.counts
    pct = round(100 * CONFIDENCE)
    lines = [
        "# What the 2010 resilience score predicts",
        "",
        f"Generated by `{COMMAND}` (`scripts/resilience_validation.py`) from the bundled China",
        "data; `tests/unit/test_resilience_validation.py` fails while this file differs from",
        "what the script writes. See [resilience-sensitivity.md](resilience-sensitivity.md) for",
        "what the score depends on.",
        "",
        "The composite is scored on the 2010 census",
        f"(`resilience_scores(dataset, {YEAR0}, bootstrap=0)`: default weights",
        ", ".join(f"{k} {w:g}" for k, w in dict(v.attrs["components"]).items())  # type: ignore[call-overload]
        + ") and compared",
        f"with what the {YEAR1} census shows. The data count **employed residents by place of",
        "residence** (census long-form sample), not jobs; the outcomes are what they can show:",
        "",
    ]
    lines += [f"- **{key}**: {text}" for key, text in OUTCOMES.items()]
    lines += [
        "",
        "The share is the county's share of the employed residents of the compared counties",
        "(so the relative change in share and the growth rank the counties identically, and",
        "their correlations are equal; the change in points also weighs the county's size);",
        "the regional component is the county's 2010-2020 change",
        "less what national growth and its industry mix account for (`shift_share`, Dunn 1960).",
        "",
        "## Which counties",
        "",
        f"- {c['counties']:,} county-level units in the data; {c['with_2010']:,} scored in {YEAR0}"
        f" (the others have no {YEAR0} data);",
        f"- {c['missing_2020']} of them have no {YEAR1} data (left out);",
        f"- {c['boundary_changed']} changed area between {YEAR0} and {YEAR1} (a unit merged in or"
        " divided, `dataset.json` `boundary_changes`; left out even where both years' rows were"
        " summed to today's area, since the summing is not always exact);",
        f"- **{c['compared']:,} counties compared** ({c['small_sample']} of them with fewer than"
        " 2,000 sampled residents, kept);",
        f"- not in the data at all: {c['outside_2020']} development zones and management areas"
        f" that the {YEAR1} census reports outside any county ({c['outside_2010']} such rows in"
        f" {YEAR0}).",
        "",
        f"## Rank correlations ({pct}% bootstrap intervals, {BOOTSTRAP:,} replicates, seed {SEED})",
        "",
        "Scores are oriented so that higher means more resilient as the composite reads them",
        "(portfolio variance and worst loss enter with their sign reversed).",
        "",
        "| 2010 score | " + " | ".join(OUTCOMES) + " |",
        "|---|" + "---|" * len(OUTCOMES),
    ]
    for score, text in v.scores.items():
        cells = []
        for outcome in OUTCOMES:
            r = corr[(corr["score"] == score) & (corr["outcome"] == outcome)].iloc[0]
            cells.append(f"{_fmt(r['rho'])} ({_fmt(r['low'])} to {_fmt(r['high'])})")
        lines.append(f"| {text} | " + " | ".join(cells) + " |")
    lines += ["", "Reading, for the composite:", ""]
    for outcome, text in OUTCOMES.items():
        r = corr[(corr["score"] == "resilience") & (corr["outcome"] == outcome)].iloc[0]
        lines.append(f"- {text}: rho {_fmt(r['rho'])}: {_reading(r['rho'], r['low'], r['high'])}.")
    agri = np.asarray(v.attrs["agriculture_2010"], dtype="float64")
    lines += [
        "",
        "## Net of the 2010 share in agriculture",
        "",
        "Counties with much farming in 2010 lost employed residents to the cities over the",
        "decade, and the composite rewards some of what farming counties have (a small share in",
        "construction and manufacturing). Partial Spearman rho, net of the county's 2010 share",
        "of employed residents in agriculture (GB/T 4754 A; the residuals of both ranks",
        "regressed on its rank):",
        "",
        "| 2010 score | " + " | ".join(OUTCOMES) + " |",
        "|---|" + "---|" * len(OUTCOMES),
    ]
    partial: dict[tuple[str, str], float] = {}
    for score, text in v.scores.items():
        cells = []
        for outcome in OUTCOMES:
            x = v.frame[score].to_numpy(dtype="float64")
            y = v.frame[outcome].to_numpy(dtype="float64")
            partial[score, outcome] = partial_spearman(x, y, agri)
            cells.append(_fmt(partial[score, outcome]))
        lines.append(f"| {text} | " + " | ".join(cells) + " |")
    own = {o: spearman(agri, v.frame[o].to_numpy(dtype="float64")) for o in OUTCOMES}
    employment = [o for o in OUTCOMES if o != "manufacturing_change"]
    largest = max(abs(partial["resilience", o]) for o in employment)
    lines += [
        "",
        "The agriculture share itself: "
        + "; ".join(f"{OUTCOMES[o]} rho {_fmt(r)}" for o, r in own.items())
        + ". Net of it, the composite's partial rho with the employment outcomes is at most "
        + f"{_fmt(largest)} in absolute value"
        + (
            ": what the composite predicts of a county's employment change is, in these"
            " data, mostly what its farming share predicts."
            if largest < 0.15
            else "."
        ),
    ]
    lines += [
        "",
        "## Outcomes by quintile of the 2010 composite (medians)",
        "",
        "| quintile | counties | score range | " + " | ".join(OUTCOMES) + " | share rose, % |",
        "|---|---:|---|" + "---:|" * (len(OUTCOMES) + 1),
    ]
    for q, row in quint.iterrows():
        cells = [_fmt(row[o]) for o in OUTCOMES]
        lines.append(
            f"| {q} | {int(row['counties']):,} | {row['score range']} | "
            + " | ".join(cells)
            + f" | {row['share rose, %']:.1f} |"
        )
    lines += [
        "",
        "## What this does and does not say",
        "",
        "- Ten years without one common shock: the outcomes measure how counties' resident",
        "  employment moved, not how they weathered a downturn. A score of resilience to",
        "  sectoral shocks need not predict trend growth; the table says whether it does here.",
        "- The 2010 score is not strictly ex ante: its portfolio variance uses the national",
        "  series' growth covariances over 2003-2018 (`dataset.json` `analysis.growth_years`;",
        "  the series is a research reconstruction with a break at the 2013 economic census,",
        "  Wang, Jia & Wang 2021), and its worst loss the 2020 input-output table.",
        "- Both censuses count sampled residents; the share and growth outcomes compare",
        "  counties within each census, so a different sampling rate between the censuses",
        "  moves every county alike and changes no rank.",
        "- Counties whose area changed are left out, and the 134 development-zone rows of 2020",
        "  are in no county: growth that moved into a zone reported on its own is not seen.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write docs/resilience-validation.md (``--check``: exit 1 while it is stale)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generated_doc import write_or_check

    return write_or_check(DOC, render, COMMAND, argv)


if __name__ == "__main__":
    sys.exit(main())
