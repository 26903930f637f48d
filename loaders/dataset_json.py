"""``dataset.json``: the optional description of a dataset directory, read and checked.

Keys (every one optional; any other key is a problem, with a "did you mean"):

==================  ==========================================================
key                 value
==================  ==========================================================
``region_levels``   list of user region levels besides the built-in ones
                    (``["state", "municipality"]``)
``analysis``        default analysis choices (``level``, ``scheme``,
                    ``industry_level``, ``measure``, ``year``, ``io_scheme``,
                    ``io_year``, ``group_level``, ``variety_level``,
                    ``growth_years``, ``firm_scheme``), used when the command
                    line does not give them
``units``           unit of each measure (``{"exports": "EUR thousand"}``), or
                    of a measure by region level when levels differ
                    (``{"employment": {"county": "persons",
                    "country": "10,000 persons"}}``)
``measure_labels``  what each measure counts, in words, for pages, tables and
                    the graph (``HAS_INDUSTRY.measure_label``), the same shape
                    as ``units`` (``{"employment": {"county": "employed
                    residents by place of residence, census long-form
                    sample"}}``); without it a measure is called by its name
``coverage``        facts about what the data leave out, written by a build
                    (``{"level": "county", "regions": 2849, "with_data":
                    {"2020": 2840}, "without_data": {"2020": [codes]},
                    "outside_regions": {"2020": 134}, "outside_note": text}``:
                    ``outside_regions`` counts source rows, such as development
                    zones, reported outside any region of the level)
``boundary_changes`` changes of regions' areas over a period, for analyses that
                    compare years (shift-share flags them): ``{"since": 2010,
                    "until": 2025, "source": text, "changes": [{"region_code":
                    "500111", "year": 2011, "change": "500225 大足县 merged
                    in (撤销)"}, ...]}``
``samples``         measures whose values are sample counts (a survey or a
                    census long-form sample), by the region levels they are
                    sampled at (``{"employment": ["county"]}``): compare their
                    shares, not their levels (Neo4j marks them
                    ``HAS_INDUSTRY.sample``; queries report share changes, not
                    growth)
``industry_groups`` a grouping of industries for related / unrelated variety
                    when no ``variety_level`` groups them by their parents:
                    ``{"name": "three sectors", "groups": {"GB4754:A":
                    "primary", ...}}`` (industry code -> group; the codes must
                    be industries of the data)
``industry_markets`` where each industry's output goes, for cluster detection:
                    ``{"source": text, "markets": {"GB4754:C": "traded",
                    "GB4754:K": "local", ...}}`` (industry code -> one of
                    ``traded``, ``resource``, ``mixed``, ``local``; Delgado,
                    Porter & Stern 2016): local industries form no cluster by
                    default
``featured_regions`` the regions the data are about, in the order to show them
                    (``["440305", "320583"]``; codes of the regions table): the
                    demo's and the views' default regions
``provenance``      the sources (title, publisher, vintage, licence, url) and
                    which rows each supports, with units and measure
                    definitions (:mod:`clusteratlas.loaders.provenance`;
                    Neo4j: ``Source`` and ``Measure`` nodes)
``name``            a short name of the dataset
``source``          where the data come from (shown on pages and tables)
``description``     free text
``encoding``        the encoding of the dataset's CSV/TSV files
                    (``"cp1252"``, ``"latin-1"``, ``"gbk"``...), decoded
                    strictly instead of detected (detection reads UTF-8, and
                    GBK/GB18030 only when the text reads as Chinese)
==================  ==========================================================

Examples
--------
>>> parse_dataset_json('{"region_levels": ["state"], "units": {"exports": "EUR"}}')[0]
{'region_levels': ['state'], 'units': {'exports': 'EUR'}}
>>> parse_dataset_json('{"samples": {"employment": ["county"]}}')[0]
{'samples': {'employment': ['county']}}
>>> parse_dataset_json('{"units": {"employment": {"county": "persons"}, "gdp": "CNY"}}')[0]
{'units': {'employment': {'county': 'persons'}, 'gdp': 'CNY'}}
>>> for p in parse_dataset_json('{"region_level": ["state"], "analysis": {"scheme": 4}}')[1]:
...     print(p)
dataset.json, column region_level: unknown key (did you mean 'region_levels'?); keys: region_levels, analysis, units, measure_labels, coverage, boundary_changes, samples, industry_groups, industry_markets, featured_regions, provenance, name, source, description, encoding
dataset.json, column analysis.scheme, value 4: expected text
"""  # noqa: E501

from __future__ import annotations

import codecs
import difflib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from clusteratlas.errors import Problem

if TYPE_CHECKING:
    from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "ANALYSIS_KEYS",
    "DATASET_JSON_KEYS",
    "boundary_changes",
    "coverage_note",
    "did_you_mean",
    "featured_regions",
    "is_sample_count",
    "measure_label",
    "parse_dataset_json",
    "reference_problems",
    "region_word",
    "unit_of",
]

FILE = "dataset.json"

ANALYSIS_KEYS: Mapping[str, type] = {
    "level": str,
    "scheme": str,
    "industry_level": str,
    "measure": str,
    "year": int,
    "io_scheme": str,
    "io_year": int,
    "group_level": str,
    "variety_level": str,
    "growth_years": list,
    "firm_scheme": str,
    "shock_level": str,
    "shock_size": str,
    "growth_breaks": tuple,
}
"""Keys of the ``analysis`` object and their types (the analysis scope's choices)."""

DATASET_JSON_KEYS = (
    "region_levels",
    "analysis",
    "units",
    "measure_labels",
    "coverage",
    "boundary_changes",
    "samples",
    "industry_groups",
    "industry_markets",
    "featured_regions",
    "provenance",
    "name",
    "source",
    "description",
    "encoding",
)
"""Top-level keys of ``dataset.json``."""


def did_you_mean(value: str, known: Any) -> str:
    """`` (did you mean 'x'?)`` when ``value`` is close to one of ``known``, else ``''``.

    Parameters
    ----------
    value : str
        What the user wrote.
    known : iterable
        The valid values.

    Returns
    -------
    str
        The hint to append to a message: the closest valid value (difflib ratio >= 0.75,
        else one that differs only in case), or the empty string.

    Examples
    --------
    >>> did_you_mean("contry", ["country", "county"])
    " (did you mean 'country'?)"
    >>> did_you_mean("zzz", ["country"])
    ''
    """
    options = [str(k) for k in known]
    close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.75)
    if not close:
        folded = {o.casefold(): o for o in options}
        hit = folded.get(str(value).casefold())
        close = [hit] if hit else []
    return f" (did you mean {close[0]!r}?)" if close else ""


def unit_of(metadata: Mapping[str, Any], measure: str, level: str | None = None) -> str | None:
    """The unit of ``measure`` at region level ``level`` declared in ``dataset.json``
    ``units`` (``metadata["units"]``): the text given for the measure, or, when it is
    given by level, the one of ``level``; None when the data do not say.

    Parameters
    ----------
    metadata : mapping
        ``Dataset.metadata`` (or the parsed ``dataset.json``).
    measure : str
        The measure (``employment``).
    level : str, optional
        The region level, for units given by level.

    Returns
    -------
    str or None
        The unit text.

    Examples
    --------
    >>> meta = {"units": {"employment": {"county": "persons", "country": "10,000 persons"},
    ...                   "gross_output": "10,000 CNY"}}
    >>> unit_of(meta, "employment", "country"), unit_of(meta, "gross_output", "country")
    ('10,000 persons', '10,000 CNY')
    >>> unit_of(meta, "employment") is None, unit_of(meta, "exports") is None
    (True, True)
    """
    return _by_measure(metadata, "units", measure, level)


def _by_measure(
    metadata: Mapping[str, Any], key: str, measure: str, level: str | None
) -> str | None:
    """``metadata[key][measure]``: a text, or a text by region level; None if absent."""
    found = (metadata.get(key) or {}).get(measure)
    if isinstance(found, Mapping):
        found = found.get(level) if level is not None else None
    return str(found) if isinstance(found, str) and found else None


def measure_label(
    metadata: Mapping[str, Any], measure: str, level: str | None = None
) -> str | None:
    """What ``measure`` at region level ``level`` counts, in words, as ``dataset.json``
    ``measure_labels`` says (same shape as ``units``); None when the data do not say, so
    that a caller falls back on the measure's name and no dataset gets another's words.

    Parameters
    ----------
    metadata : mapping
        ``Dataset.metadata`` (or the parsed ``dataset.json``).
    measure : str
        The measure (``employment``).
    level : str, optional
        The region level, for labels given by level.

    Returns
    -------
    str or None

    Examples
    --------
    >>> meta = {"measure_labels": {"employment": {
    ...     "county": "employed residents by place of residence, census long-form sample"}}}
    >>> measure_label(meta, "employment", "county")
    'employed residents by place of residence, census long-form sample'
    >>> measure_label(meta, "employment", "country") is None, measure_label({}, "jobs") is None
    (True, True)
    """
    return _by_measure(metadata, "measure_labels", measure, level)


def region_word(level: str, *, plural: bool = False) -> str:
    """What a region of ``level`` is called in a sentence: the level's own name (the data's
    vocabulary: county, msa, provincia), underscores as spaces, in the plural when asked.

    Parameters
    ----------
    level : str
        A region level of the data.
    plural : bool
        English plural (county -> counties, msa -> msas, province -> provinces).

    Returns
    -------
    str

    Examples
    --------
    >>> region_word("county", plural=True), region_word("local_authority", plural=True)
    ('counties', 'local authorities')
    >>> region_word("msa", plural=True), region_word("prefecture")
    ('msas', 'prefecture')
    """
    word = str(level).replace("_", " ")
    if not plural:
        return word
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def is_sample_count(metadata: Mapping[str, Any], measure: str, level: str | None) -> bool:
    """Whether ``measure`` at region level ``level`` is declared a sample count
    (``dataset.json`` ``samples``: measure -> region levels).

    Parameters
    ----------
    metadata : mapping
        ``Dataset.metadata`` (or the parsed ``dataset.json``).
    measure : str
        The measure.
    level : str or None
        The region level (None: False).

    Returns
    -------
    bool

    Examples
    --------
    >>> meta = {"samples": {"employment": ["county"]}}
    >>> is_sample_count(meta, "employment", "county")
    True
    >>> is_sample_count(meta, "employment", "country")
    False
    """
    levels = (metadata.get("samples") or {}).get(measure) or ()
    return level is not None and str(level) in {str(v) for v in levels}


def _boundary_changes(value: Any, problems: list[Problem]) -> dict[str, Any] | None:
    """``boundary_changes``: ``{"changes": [{"region_code", "year", "change"}], ...}``."""
    key = "boundary_changes"
    rows = value.get("changes") if isinstance(value, dict) else None
    ok = isinstance(rows, list) and all(
        isinstance(r, dict)
        and isinstance(r.get("region_code"), str)
        and isinstance(r.get("year"), int)
        and isinstance(r.get("change"), str)
        for r in rows
    )
    if not ok:
        rule = 'expected {"changes": [{"region_code": text, "year": integer, "change": text}]}'
        problems.append(Problem(FILE, None, key, None, rule))
        return None
    return dict(value)


def coverage_note(metadata: Mapping[str, Any], level: str, year: int, ranked: int) -> str | None:
    """What a ranking of ``ranked`` regions of ``level`` in ``year`` leaves out, from
    ``dataset.json`` ``coverage``: the regions of the level without data that year, and the
    source rows reported outside any region (with the data's own note on them). None when
    the data declare no coverage for that level and year, so that no dataset gets
    another's wording.

    Parameters
    ----------
    metadata : mapping
        ``Dataset.metadata`` (or the parsed ``dataset.json``).
    level : str
        The region level ranked.
    year : int
        The year of the ranking.
    ranked : int
        How many regions the ranking holds.

    Returns
    -------
    str or None

    Examples
    --------
    >>> meta = {"coverage": {"level": "county", "regions": 5, "with_data": {"2020": 4},
    ...     "without_data": {"2020": ["e"]}, "outside_regions": {"2020": 2},
    ...     "outside_note": "development zones report their residents in no county"}}
    >>> print(coverage_note(meta, "county", 2020, 4))
    4 counties ranked of 5; 1 county without data in 2020 (e); 2 rows of the source reported outside any county are not in the data (development zones report their residents in no county).
    >>> coverage_note(meta, "province", 2020, 4) is None
    True
    """  # noqa: E501
    cov = metadata.get("coverage") or {}
    if not cov or cov.get("level") != level or str(year) not in (cov.get("with_data") or {}):
        return None
    missing = list((cov.get("without_data") or {}).get(str(year), []))
    outside = int((cov.get("outside_regions") or {}).get(str(year), 0))
    one, many = region_word(level), region_word(level, plural=True)
    parts = [f"{ranked:,} {many} ranked of {int(cov.get('regions', ranked)):,}"]
    if missing:
        shown = ", ".join(missing[:12]) + (", ..." if len(missing) > 12 else "")
        word = one if len(missing) == 1 else many
        parts.append(f"{len(missing):,} {word} without data in {year} ({shown})")
    if outside:
        note = cov.get("outside_note")
        parts.append(
            f"{outside:,} rows of the source reported outside any {one} are not in the data"
            + (f" ({note})" if note else "")
        )
    return "; ".join(parts) + "."


def boundary_changes(metadata: Mapping[str, Any], since: int, until: int) -> dict[str, str]:
    """Regions whose area changed in ``since < year <= until``, as ``dataset.json``
    ``boundary_changes`` lists them: region code -> the changes, ``; ``-joined (``2011:
    500225 大足县 merged in (撤销)``). Empty when the data list none.

    Parameters
    ----------
    metadata : mapping
        ``Dataset.metadata`` (or the parsed ``dataset.json``).
    since, until : int
        The years compared (changes after ``since``, up to ``until``).

    Returns
    -------
    dict of str to str

    Raises
    ------
    UsageError
        The period reaches outside the one the list covers (its ``since`` / ``until``).

    Examples
    --------
    >>> meta = {"boundary_changes": {"since": 2010, "until": 2025, "changes": [
    ...     {"region_code": "500111", "year": 2011, "change": "500225 大足县 merged in"},
    ...     {"region_code": "500157", "year": 2025, "change": "500105 江北区 merged in"}]}}
    >>> boundary_changes(meta, 2010, 2020)
    {'500111': '2011: 500225 大足县 merged in'}
    >>> boundary_changes({}, 2010, 2020)
    {}
    """
    from clusteratlas.errors import UsageError

    listed = metadata.get("boundary_changes") or {}
    if not listed:
        return {}
    lo, hi = listed.get("since"), listed.get("until")
    if (isinstance(lo, int) and since < lo) or (isinstance(hi, int) and until > hi):
        raise UsageError(f"boundary changes are listed for {lo}-{hi} only, not for {since}-{until}")
    out: dict[str, list[str]] = {}
    for c in listed.get("changes", []):
        if since < int(c["year"]) <= until:
            out.setdefault(str(c["region_code"]), []).append(f"{c['year']}: {c['change']}")
    return {code: "; ".join(texts) for code, texts in sorted(out.items())}


def _text_list(value: Any, column: str, problems: list[Problem]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        problems.append(Problem(FILE, None, column, value, "expected a list of texts"))
        return []
    return list(value)


def parse_dataset_json(text: str) -> tuple[dict[str, Any], list[Problem]]:
    """Parse and check the text of ``dataset.json``: ``(values, problems)``.

    ``values`` holds the keys that are well-formed; every other key or value is a
    :class:`~clusteratlas.errors.Problem` (file ``dataset.json``, column the key).

    Parameters
    ----------
    text : str
        The file's text (JSON).

    Returns
    -------
    (dict, list of Problem)
        The well-formed keys with their checked values, and every problem found (an
        unreadable file gives one problem and no values).

    See Also
    --------
    reference_problems : the checks that need the tables.

    Examples
    --------
    >>> values, problems = parse_dataset_json('{"name": "x", "unit": {"a": "b"}}')
    >>> values
    {'name': 'x'}
    >>> print(problems[0])
    dataset.json, column unit: unknown key (did you mean 'units'?); keys: ...
    """
    problems: list[Problem] = []
    try:
        raw = json.loads(text)
    except ValueError as err:
        return {}, [Problem(FILE, None, None, None, f"unreadable file: {err}")]
    if not isinstance(raw, dict):
        rule = f"expected a JSON object {{key: value}}, found {type(raw).__name__}"
        return {}, [Problem(FILE, None, None, None, rule)]
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "featured_regions":
            regions = _text_list(value, key, problems)
            twice = sorted({r for r in regions if regions.count(r) > 1})
            if twice:
                rule = f"a region is featured twice: {', '.join(twice)}"
                problems.append(Problem(FILE, None, key, twice[0], rule))
            elif regions:
                out[key] = regions
        elif key not in DATASET_JSON_KEYS:
            rule = f"unknown key{did_you_mean(key, DATASET_JSON_KEYS)}; keys: " + ", ".join(
                DATASET_JSON_KEYS
            )
            problems.append(Problem(FILE, None, str(key), None, rule))
        elif key == "region_levels":
            out[key] = _text_list(value, key, problems)
        elif key == "samples":
            if not isinstance(value, dict):
                rule = "expected an object {measure: [region levels]}"
                problems.append(Problem(FILE, None, key, value, rule))
                continue
            out[key] = {
                str(measure): _text_list(levels, f"{key}.{measure}", problems)
                for measure, levels in value.items()
            }
        elif key == "industry_groups":
            groups = _industry_groups(value, problems)
            if groups is not None:
                out[key] = groups
        elif key == "industry_markets":
            markets = _industry_markets(value, problems)
            if markets is not None:
                out[key] = markets
        elif key == "provenance":
            from clusteratlas.loaders.provenance import parse_provenance

            out[key] = parse_provenance(value, problems)
        elif key == "encoding":
            encoding = _encoding(value, problems)
            if encoding is not None:
                out[key] = encoding
        elif key == "boundary_changes":
            changes = _boundary_changes(value, problems)
            if changes is not None:
                out[key] = changes
        elif key in ("analysis", "units", "measure_labels", "coverage"):
            if not isinstance(value, dict):
                problems.append(Problem(FILE, None, key, value, "expected an object {key: value}"))
                continue
            if key == "coverage":
                out[key] = dict(value)
            elif key == "analysis":
                out[key] = _section(key, value, problems)
            else:
                out[key] = _units(value, problems, key)
        else:
            if not isinstance(value, str):
                problems.append(Problem(FILE, None, key, value, "expected text"))
                continue
            out[key] = value
    return out, problems


def _encoding(value: Any, problems: list[Problem]) -> str | None:
    """``encoding``: the codec of the dataset's text files (Python's name for it).

    >>> problems = []
    >>> _encoding("Windows-1252", problems), _encoding("latin-1", problems)
    ('cp1252', 'iso8859-1')
    >>> _encoding("utf-16", problems), problems[0].rule
    (None, 'UTF-16 and UTF-32 files are not read: save them as UTF-8')
    """
    if not isinstance(value, str):
        problems.append(Problem(FILE, None, "encoding", value, "expected text"))
        return None
    try:
        info = codecs.lookup(value)
    except LookupError:
        rule = "unknown encoding (e.g. utf-8, cp1252, latin-1, gbk)"
        problems.append(Problem(FILE, None, "encoding", value, rule))
        return None
    name = info.name
    if not getattr(info, "_is_text_encoding", True):
        rule = "not a text encoding (e.g. utf-8, cp1252, latin-1, gbk)"
        problems.append(Problem(FILE, None, "encoding", value, rule))
        return None
    if name.startswith(("utf-16", "utf-32")):
        rule = "UTF-16 and UTF-32 files are not read: save them as UTF-8"
        problems.append(Problem(FILE, None, "encoding", value, rule))
        return None
    return name


def featured_regions(dataset: Dataset) -> list[str]:
    """The regions ``dataset.json`` features (``featured_regions``), in its order, that the
    dataset has; ``[]`` when it features none. The bundled China data feature the
    article's eight counties; the demo and the views show them by default.

    Parameters
    ----------
    dataset : Dataset
        Its ``metadata["featured_regions"]`` and regions.

    Returns
    -------
    list of str
        Region codes.

    Examples
    --------
    >>> from clusteratlas.loaders.bundled import load_bundled
    >>> featured_regions(load_bundled("china"))[:3]
    ['440305', '320583', '320281']
    """
    declared = dataset.metadata.get("featured_regions") or ()
    known = set(dataset.regions["code"].astype(str))
    return [str(c) for c in declared if str(c) in known]


def _industry_groups(value: Any, problems: list[Problem]) -> dict[str, Any] | None:
    """``industry_groups``: ``{"name": text, "groups": {industry code: group}}``.

    >>> problems = []
    >>> _industry_groups({"name": "sectors", "groups": {"A": "primary", "B": 2}}, problems)
    {'name': 'sectors', 'groups': {'A': 'primary'}}
    >>> [str(p) for p in problems]
    ['dataset.json, column industry_groups.groups.B, value 2: expected text (the group)']
    """
    return _code_map(
        value,
        problems,
        ("industry_groups", "name", "groups", "group"),
        lambda group: isinstance(group, str) and bool(group),
        "expected text (the group)",
    )


MARKET_KINDS = ("traded", "resource", "mixed", "local")
"""The values of ``industry_markets.markets`` (:data:`clusteratlas.loaders.industry_schemes.
MARKETS` explains each)."""


def _industry_markets(value: Any, problems: list[Problem]) -> dict[str, Any] | None:
    """``industry_markets``: ``{"source": text, "markets": {industry code: kind}}``.

    >>> problems = []
    >>> _industry_markets({"markets": {"A": "traded", "B": "export"}}, problems)
    {'markets': {'A': 'traded'}}
    >>> [str(p) for p in problems]
    ["dataset.json, column industry_markets.markets.B, value 'export': expected one of traded, resource, mixed, local"]
    """  # noqa: E501
    return _code_map(
        value,
        problems,
        ("industry_markets", "source", "markets", "kind"),
        lambda kind: kind in MARKET_KINDS,
        "expected one of " + ", ".join(MARKET_KINDS),
    )


def _code_map(
    value: Any,
    problems: list[Problem],
    names: tuple[str, str, str, str],
    valid: Any,
    rule_for_value: str,
) -> dict[str, Any] | None:
    """A ``dataset.json`` object ``{TEXT: text, MAP: {industry code: VALUE}}`` (``names``:
    the key, the text key, the map key, what a value is), checked: unknown keys, a text
    that is not text, an empty map and each value ``valid`` refuses are problems; the
    well-formed part is returned (None when there is no usable map)."""
    key, text_key, map_key, noun = names
    if not isinstance(value, dict):
        rule = f'expected an object {{"{text_key}": text, "{map_key}": {{industry code: {noun}}}}}'
        problems.append(Problem(FILE, None, key, value, rule))
        return None
    for extra in value:
        if extra not in (text_key, map_key):
            known = [text_key, map_key]
            rule = f"unknown key{did_you_mean(extra, known)}; keys: {text_key}, {map_key}"
            problems.append(Problem(FILE, None, f"{key}.{extra}", None, rule))
    text = value.get(text_key)
    if text is not None and not (isinstance(text, str) and text):
        problems.append(Problem(FILE, None, f"{key}.{text_key}", text, "expected text"))
    mapping = value.get(map_key)
    if not isinstance(mapping, dict) or not mapping:
        rule = f"expected a non-empty object {{industry code: {noun}}}"
        problems.append(Problem(FILE, None, f"{key}.{map_key}", mapping, rule))
        return None
    clean: dict[str, str] = {}
    for code, item in mapping.items():
        if valid(item):
            clean[str(code)] = item
        else:
            column = f"{key}.{map_key}.{code}"
            problems.append(Problem(FILE, None, column, item, rule_for_value))
    out: dict[str, Any] = {text_key: text} if isinstance(text, str) and text else {}
    out[map_key] = clean
    return out


def reference_problems(
    described: Mapping[str, Any], region_codes: Any, industry_codes: Any
) -> list[Problem]:
    """What ``dataset.json`` names that the tables lack: ``featured_regions`` that are not
    regions, ``industry_groups`` and ``industry_markets`` codes that are not industries (dangling references, like
    the tables' own).

    Parameters
    ----------
    described : mapping
        The parsed ``dataset.json`` (:func:`parse_dataset_json`'s values).
    region_codes : iterable
        The codes of the regions table.
    industry_codes : iterable
        The codes of the industries table.

    Returns
    -------
    list of Problem
        One per dangling code; empty when every reference holds.

    Examples
    --------
    >>> for p in reference_problems({"industry_groups": {"groups": {"A": "x", "Z": "y"}},
    ...                              "featured_regions": ["1", "9"]}, ["1"], ["A"]):
    ...     print(p)
    dataset.json, column featured_regions, value '9': dangling reference: no regions.code '9'
    dataset.json, column industry_groups.groups, value 'Z': dangling reference: no industries.code 'Z'
    """  # noqa: E501
    problems: list[Problem] = []
    known_regions = {str(c) for c in region_codes}
    for code in described.get("featured_regions") or ():
        if str(code) not in known_regions:
            rule = f"dangling reference: no regions.code {str(code)!r}"
            problems.append(Problem(FILE, None, "featured_regions", str(code), rule))
    known_industries = {str(c) for c in industry_codes}
    for key, inner in (("industry_groups", "groups"), ("industry_markets", "markets")):
        for code in (described.get(key) or {}).get(inner) or {}:
            if str(code) not in known_industries:
                rule = f"dangling reference: no industries.code {str(code)!r}"
                problems.append(Problem(FILE, None, f"{key}.{inner}", str(code), rule))
    return problems


def _units(
    value: Mapping[str, Any], problems: list[Problem], name: str = "units"
) -> dict[str, Any]:
    """``units`` (or ``measure_labels``): measure -> text, or measure -> {region level: text}."""
    out: dict[str, Any] = {}
    for measure, unit in value.items():
        if isinstance(unit, dict):
            out[str(measure)] = _section(f"{name}.{measure}", unit, problems)
        elif isinstance(unit, str) and unit:
            out[str(measure)] = unit
        elif unit is not None:
            rule = "expected text, or an object {region level: text}"
            problems.append(Problem(FILE, None, f"{name}.{measure}", unit, rule))
    return out


def _section(name: str, value: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, item in value.items():
        column = f"{name}.{key}"
        if name == "analysis" and key not in ANALYSIS_KEYS:
            rule = f"unknown key{did_you_mean(key, ANALYSIS_KEYS)}; keys: " + ", ".join(
                ANALYSIS_KEYS
            )
            problems.append(Problem(FILE, None, column, None, rule))
            continue
        kind = ANALYSIS_KEYS.get(key, str) if name == "analysis" else str
        if item is None:
            continue
        if kind is int and not (isinstance(item, int) and not isinstance(item, bool)):
            problems.append(Problem(FILE, None, column, item, "expected a whole number"))
        elif kind is str and not (isinstance(item, str) and item):
            problems.append(Problem(FILE, None, column, item, "expected text"))
        elif kind is list and not (
            isinstance(item, list)
            and len(item) == 2
            and all(isinstance(y, int) and not isinstance(y, bool) for y in item)
            and item[0] <= item[1]
        ):
            rule = "expected [first year, last year], e.g. [2003, 2018]"
            problems.append(Problem(FILE, None, column, item, rule))
        elif kind is tuple and not (
            isinstance(item, list)
            and all(isinstance(y, int) and not isinstance(y, bool) for y in item)
        ):
            rule = "expected a list of years, e.g. [2003, 2013]"
            problems.append(Problem(FILE, None, column, item, rule))
        else:
            out[key] = item
    return out
