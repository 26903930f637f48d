"""One rule maps an industry to another scheme: the dataset's crosswalk, else its hierarchy.

What a country's or a publisher's classification means in another scheme arrives as
data: ``parent_code`` (each industry's one parent, across schemes where that is the
documented mapping: CSRC sections under GB/T 4754 sections) and the
``industry_crosswalk`` table (a concordance or judgement table, with weights where a
class splits: the bundled data's Shenwan 2021 -> NBS42 table). Every analysis that
needs an industry in another scheme (listed firms by input-output sector, the sectors
of declared clusters) goes through :func:`industries_to_scheme`; none knows a scheme by
name.

The rule, for a code c and a target scheme T, walking c's lineage (c, its parent, its
parent's parent, ...) and stopping at the first code that says something about T:

1. a code of T is its own answer (c itself when c is in T);
2. a code with crosswalk rows to codes of T answers with its row of largest
   ``weight`` (an empty weight counts 1; ties: the smallest ``to_code``): c's own rows
   first, else its nearest ancestor's, so a table needs rows only where a code's
   target differs from its parent's;
3. otherwise the walk goes on up ``parent_code``; a code whose lineage ends without
   either maps to nothing (NaN).

So the nearest ancestor with crosswalk rows decides before an ancestor reached further
up by the hierarchy, and an ancestor that is itself in T ends the walk.

Examples
--------
A class split between two sectors, a subclass inheriting its class's rows, a
subclass with its own row, and a code reaching T through ``parent_code`` only:

>>> import pandas as pd
>>> from clusteratlas.loaders.dataset import Dataset
>>> ds = Dataset.from_frames(
...     regions=pd.DataFrame({"code": ["1"], "name": ["Land"], "level": ["country"]}),
...     industries=pd.DataFrame({
...         "code": ["IO:1", "IO:2", "SEC:A", "F:1", "F:11", "F:12", "G:1"],
...         "name": list("abcdefg"), "scheme": ["IO", "IO", "SEC", "F", "F", "F", "G"],
...         "level": ["sector"] * 2 + ["section", "class", "sub", "sub", "item"],
...         "parent_code": [None, None, None, None, "F:1", "F:1", "IO:2"]}),
...     industry_crosswalk=pd.DataFrame({
...         "from_code": ["F:1", "F:1", "F:12"], "to_code": ["IO:1", "IO:2", "IO:2"],
...         "weight": [0.7, 0.3, None]}))
>>> industries_to_scheme(ds, ["F:1", "F:11", "F:12", "G:1", "IO:1", "SEC:A", "nope"], "IO")
F:1      IO:1
F:11     IO:1
F:12     IO:2
G:1      IO:2
IO:1     IO:1
SEC:A     NaN
nope      NaN
Name: IO, dtype: object
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from clusteratlas.graph.definitions.cache import dataset_cached
from clusteratlas.graph.definitions.hierarchy import climb, parents_of
from clusteratlas.loaders.dataset import Dataset

__all__ = ["industries_to_scheme"]


def _crosswalk_targets(dataset: Dataset, target_scheme: str) -> pd.Series:
    """Each ``industry_crosswalk.from_code`` with rows to codes of ``target_scheme`` ->
    its row of largest ``weight`` (empty = 1; ties: the smallest ``to_code``).

    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> _crosswalk_targets(example_dataset(), "NBS42").to_dict()
    {}
    """
    crosswalk = dataset.industry_crosswalk
    scheme_of = dataset.industries.set_index("code")["scheme"]
    rows = crosswalk[crosswalk["to_code"].map(scheme_of).eq(target_scheme).fillna(False)]
    rows = rows.assign(weight=rows["weight"].fillna(1.0))
    rows = rows.sort_values(
        ["from_code", "weight", "to_code"], ascending=[True, False, True], kind="stable"
    ).drop_duplicates("from_code")
    return pd.Series(
        rows["to_code"].astype(str).to_numpy(),
        index=pd.Index(rows["from_code"].astype(str), dtype="object"),
        dtype="object",
        name=target_scheme,
    )


@dataset_cached
def _scheme_map(dataset: Dataset, target_scheme: str) -> pd.Series:
    """Every industry code -> its code in ``target_scheme`` (NaN: none), by the rule."""
    industries = dataset.industries
    parent = parents_of(industries)
    codes = industries["code"].astype(str).tolist()
    own = pd.Series(
        industries["scheme"].eq(target_scheme).to_numpy(),
        index=pd.Index(codes, dtype="object"),
    )
    targets = _crosswalk_targets(dataset, target_scheme)
    stop = own | pd.Series(own.index.isin(targets.index), index=own.index)
    found = climb(parent, stop, start=codes)
    answer = found.where(found.map(own).fillna(False).astype(bool), found.map(targets))
    return pd.Series(answer.to_numpy(), index=own.index, dtype="object", name=target_scheme)


def industries_to_scheme(dataset: Dataset, codes: Iterable[str], target_scheme: str) -> pd.Series:
    """Industry code -> its code in ``target_scheme`` by the module's rule (NaN: none).

    Parameters
    ----------
    dataset : Dataset
        Its ``industries`` (schemes, ``parent_code``) and ``industry_crosswalk``.
    codes : iterable of str
        Industry codes, in any order and with repeats; codes not in ``industries`` map
        to nothing.
    target_scheme : str
        The scheme to map into (e.g. the scope's ``io_scheme``).

    Returns
    -------
    Series
        Indexed by ``codes`` (in their order), named ``target_scheme``, object dtype.

    Examples
    --------
    >>> from clusteratlas.graph.definitions.examples import example_dataset
    >>> industries_to_scheme(example_dataset(), ["NBS42:06", "GB4754:A", "X"], "GB4754")
    NBS42:06    GB4754:C
    GB4754:A    GB4754:A
    X                NaN
    Name: GB4754, dtype: object
    """
    index = pd.Index([str(c) for c in codes], dtype="object")
    mapping = _scheme_map(dataset, target_scheme)
    return pd.Series(
        mapping.reindex(index).to_numpy(), index=index, dtype="object", name=target_scheme
    )
