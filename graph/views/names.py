"""Names for codes in the views: the resolvers of the definitions floor
(:mod:`clusteratlas.graph.definitions.names`), one resolver for every command and query,
and the names in both languages a page's search box finds (:func:`add_search_names`).

>>> from clusteratlas.graph.views._toy import toy_dataset
>>> resolve_region(toy_dataset(), "Dongxian")
'100101'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clusteratlas.graph.definitions.lang import search_names
from clusteratlas.graph.definitions.names import (
    resolve_company_or_industry,
    resolve_industry,
    resolve_region,
    resolve_regions,
)

if TYPE_CHECKING:
    from clusteratlas.graph.views.model import View
    from clusteratlas.loaders.dataset import Dataset

__all__ = [
    "add_search_names",
    "resolve_company_or_industry",
    "resolve_industry",
    "resolve_region",
    "resolve_regions",
]


def add_search_names(view: View, dataset: Dataset) -> View:
    """Give every node of ``view`` drawn from ``dataset`` the names its page's search box
    finds in both languages: its name as published, in English and in pinyin
    (:func:`~clusteratlas.graph.definitions.lang.search_names`), by the node's ``code``
    (a cluster's code ``REGION|INDUSTRY|YEAR``: the names of its region and industry).

    Parameters
    ----------
    view : View
        A view of ``dataset`` (or of ``localise(dataset, lang)``); changed in place.
    dataset : Dataset
        The data it was drawn from.

    Returns
    -------
    View
        ``view``, its nodes with a ``search`` attribute.

    Examples
    --------
    >>> from clusteratlas.graph.views._toy import toy_dataset
    >>> from clusteratlas.graph.views.region import region_view
    >>> from clusteratlas.graph.definitions.lang import localise
    >>> en = localise(toy_dataset(), "en")
    >>> v = add_search_names(region_view(en, ["100101"]), en)
    >>> v.graph.nodes["100101"]["search"]
    '东县 Dong County Dongxian'
    """
    names = search_names(dataset)
    for _, attrs in view.graph.nodes(data=True):
        code = str(attrs.get("code", ""))
        found = names.get(code) or " ".join(names[p] for p in code.split("|") if p in names)
        if found:
            attrs["search"] = found
    return view
