"""How pages look: node sizes, link widths, fonts, label sizes, shape symbols, colours.

Shared by the layout (which leaves room for labels of :data:`LABEL_PX` at the smallest
initial zoom :data:`DESIGN_SCALE`) and the renderer.

>>> print(wrap_label("信息传输、软件和信息技术服务业"))
信息传输、软件和
信息技术服务业
>>> _darker("#ffffff", 0.5)
'#808080'
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "DEFAULT_MAX_EDGES",
    "DEFAULT_MAX_NODES",
    "DESIGN_SCALE",
    "FONT_STACK",
    "LABEL_PX",
    "MAX_SIZE",
    "MAX_WIDTH",
    "MIN_LABEL_PX",
    "MIN_SIZE",
    "MIN_WIDTH",
    "SHAPE_SYMBOLS",
    "SHORT_ENGLISH",
    "colour_states",
    "dash_pattern",
    "label_width",
    "short_label",
    "wrap_label",
]

DEFAULT_MAX_NODES = 300


DEFAULT_MAX_EDGES = 1500


FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
)


MIN_SIZE, MAX_SIZE = 10.0, 40.0


MIN_WIDTH, MAX_WIDTH = 1.0, 9.0


LABEL_PX = 13.0
"""Height of node labels on screen, in CSS pixels, at zooms from :data:`DESIGN_SCALE` up."""


MIN_LABEL_PX = 11.0
"""The smallest label on screen: below :data:`DESIGN_SCALE` labels shrink with the zoom
(``LABEL_PX * scale / DESIGN_SCALE``) down to this, never further (smaller ones are hidden)."""


DESIGN_SCALE = 0.8
"""The smallest initial zoom of a page: layouts leave room for labels at this scale."""


SHAPE_SYMBOLS = {
    "dot": "●",
    "square": "■",
    "diamond": "◆",
    "triangle": "▲",
    "star": "★",
    "hexagon": "⬢",
    "box": "▭",
}


SHORT_ENGLISH: dict[str, str] = {
    # NBS 42-sector input-output classification (the names the bundled data gives)
    "Agriculture, forestry, animal husbandry and fishery": "Agriculture",
    "Mining and washing of coal": "Coal mining",
    "Exploitation of petroleum and natural gas": "Oil & gas extraction",
    "Mining and processing of metal ores": "Metal ore mining",
    "Mining and processing of nonmetal and other ores": "Nonmetal ore mining",
    "Manufacture of foods and tobacco": "Food & tobacco",
    "Manufacture of textiles": "Textiles",
    "Manufacture of wearing apparel, leather, fur, feather and related products": (
        "Apparel & leather"
    ),
    "Processing of timber and furniture": "Timber & furniture",
    "Manufacture of paper, printing, and articles for culture, education, sports": (
        "Paper & printing"
    ),
    "Processing of petroleum, coking, and nuclear fuel": "Oil refining & coking",
    "Manufacture of chemical products": "Chemicals",
    "Manufacture of non-metallic mineral products": "Non-metallic minerals",
    "Smelting and processing of metals": "Metal smelting",
    "Manufacture of metal products": "Metal products",
    "Manufacture of general purpose machinery": "General machinery",
    "Manufacture of special purpose machinery": "Special machinery",
    "Manufacture of transport equipment": "Transport equipment",
    "Manufacture of electrical machinery and equipment": "Electrical equipment",
    "Manufacture of communication equipment, computers and other electronic equipment": (
        "Computers & electronics"
    ),
    "Manufacture of instruments and meters": "Instruments & meters",
    "Other manufacturing and waste resources": "Other manufacturing",
    "Repair of metal products, machinery and equipment": "Machinery repair",
    "Production and supply of electric power and heat power": "Power & heat supply",
    "Production and supply of gas": "Gas supply",
    "Production and supply of water": "Water supply",
    "Wholesale and retail trades": "Wholesale & retail",
    "Transport, storage, and postal services": "Transport & storage",
    "Accommodation and catering": "Hotels & catering",
    "Information transmission, software and information technology services": (
        "Telecom, software & IT"
    ),
    "Leasing and commercial services": "Business services",
    "Research and experimental development": "Research & development",
    "Management of water conservancy, environment and public facilities": (
        "Environment & facilities"
    ),
    "Resident, repair and other services": "Household services",
    "Health care and social work": "Health & social work",
    "Culture, sports, and entertainment": "Culture & sports",
    "Public administration, social security, and social organizations": "Public administration",
    # GB/T 4754 sections not named above
    "Scientific research, and technical services": "Research & technology",
    "International organizations": "International orgs",
}
"""Short English names for the drawn labels (source: short form by clusteratlas), by the
English name of an NBS 42-sector or GB/T 4754 section as the bundled data gives it; the
full name stays in the tooltip, search box, legend and CSV. Names of 24 letters or fewer
(``Construction``, ``Finance``, ``Real estate``) are short enough as they are."""


SHORT_LABEL_LETTERS = 24
"""An English label longer than this many characters gets a short form (:func:`short_label`)."""


def short_label(text: str) -> str:
    """The short form of an English name for a drawn label; other text unchanged.

    The rule, for a name with no CJK character and longer than
    :data:`SHORT_LABEL_LETTERS` (24) characters: (1) a trailing parenthesis is dropped
    (``Finance (GB4754 section)`` → ``Finance``); (2) a name in :data:`SHORT_ENGLISH`
    (NBS 42 sectors, GB/T 4754 sections) takes its curated short form; (3) any other name
    is cut before its first ``,``, `` and `` or `` (`` that leaves at least 8 characters,
    and ``…`` marks the cut; a name with no such place stays whole (:func:`wrap_label`
    breaks it into lines). Names with a CJK character (Chinese pages) are never shortened.

    Parameters
    ----------
    text : str
        A node's name (any value is turned into a string).

    Returns
    -------
    str
        The label to draw.

    Examples
    --------
    >>> short_label("Manufacture of communication equipment, computers and other "
    ...             "electronic equipment")
    'Computers & electronics'
    >>> short_label("Wholesale and retail trades (GB4754 section)")
    'Wholesale & retail'
    >>> short_label("Manufacture of plastic toys, dolls and games")
    'Manufacture of plastic toys…'
    >>> short_label("Real estate"), short_label("通信设备、计算机和其他电子设备制造业")
    ('Real estate', '通信设备、计算机和其他电子设备制造业')
    """
    text = str(text)
    if len(text) <= SHORT_LABEL_LETTERS or any("\u3400" <= c <= "\u9fff" for c in text):
        return text
    base = re.sub(r"\s*\([^()]*\)$", "", text).strip() or text
    if base in SHORT_ENGLISH:
        return SHORT_ENGLISH[base]
    if len(base) <= SHORT_LABEL_LETTERS:
        return base
    cuts = [m.start() for m in re.finditer(r",| and | \(", base) if m.start() >= 8]
    return base[: cuts[0]].rstrip() + "…" if cuts else base


def wrap_label(text: str, width: int = 9, short: bool = True) -> str:
    """Break a long name into lines of about ``width`` characters, at 、，和 or a space
    when there is one near the middle; a name with no Chinese character is first given its
    short form (:func:`short_label`, unless ``short`` is false), then gets lines as wide on
    screen (``width / 0.62`` letters) and is never cut inside a word.

    Parameters
    ----------
    text : str
        A node label (any value is turned into a string).
    width : int, default 9
        Target characters per line; text up to ``width + 2`` characters stays on one line.
    short : bool, default True
        Draw the short form of a single English name; false for a label composed of
        several names (each shortened by the caller) or a name that is not an industry's.

    Returns
    -------
    str
        ``text`` with newlines inserted (the tail wrapped again while it is long).

    Examples
    --------
    >>> print(wrap_label("信息传输、软件和信息技术服务业"))
    信息传输、软件和
    信息技术服务业
    >>> wrap_label("制造业"), wrap_label("Manufacturing")
    ('制造业', 'Manufacturing')
    >>> print(wrap_label("Culture, sports, and entertainment"))
    Culture & sports
    >>> print(wrap_label("Kunshan City Telecom, software & IT", 12, short=False))
    Kunshan City Telecom,
    software & IT
    """
    text = short_label(str(text)) if short else str(text)
    latin = not any("\u3400" <= c <= "\u9fff" for c in text)
    if latin:  # a Latin letter is about 0.62 of a CJK character wide (label_width)
        width = round(width / 0.62)
    if len(text) <= width + 2:
        return text
    mid = len(text) / 2
    cuts = [i + 1 for i, c in enumerate(text[:-1]) if c in "、，, /" or c == "和"]
    cuts = [i for i in cuts if 3 <= i <= len(text) - 3]
    if latin and not cuts:
        return text  # one word: never cut inside it
    cut = min(cuts, key=lambda i: (abs(i - mid), i)) if cuts else min(width, len(text) // 2)
    head, tail = text[:cut].rstrip(), text[cut:].lstrip()
    return head + "\n" + (wrap_label(tail, width, short=False) if len(tail) > width + 4 else tail)


def label_width(text: str, px: float = LABEL_PX) -> float:
    """Estimated width in pixels of ``text`` at ``px`` (CJK characters 1 em, others 0.62 em).

    An upper estimate for the page's CJK sans-serif font; the page measures the real
    width itself before it draws a label.

    Parameters
    ----------
    text : str
        The label; its widest line counts.
    px : float, default LABEL_PX
        Font size in pixels (13).

    Returns
    -------
    float
        Pixels, rounded to 2 decimals.

    Examples
    --------
    >>> label_width("制造业"), label_width("ab")
    (39.0, 16.12)
    """
    lines = str(text).split("\n") or [""]
    return round(max(sum(px if ord(c) >= 0x2E80 else 0.62 * px for c in ln) for ln in lines), 2)


def _darker(colour: str, factor: float = 0.7) -> str:
    """``colour`` (``#rrggbb``) with each channel multiplied by ``factor``.

    >>> _darker("#ffffff", 0.5)
    '#808080'
    """
    if not (isinstance(colour, str) and colour.startswith("#") and len(colour) == 7):
        return colour
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * factor):02x}" for c in rgb)


def colour_states(background: str, border: str | None = None) -> dict[str, Any]:
    """A vis-network colour object whose hover and selection keep the node's own colour.

    (A bare colour string or a partial object lets vis-network repaint hovered nodes
    in its default blue.)

    Parameters
    ----------
    background : str
        The node's colour (``#rrggbb``).
    border : str, optional
        Its border colour; default ``background`` darkened to 70%.

    Returns
    -------
    dict
        ``background``, ``border``, ``highlight`` and ``hover`` (each a background and
        border), for a vis-network node's ``color``.

    Examples
    --------
    >>> colour_states("#e15759")["hover"]["background"]
    '#e15759'
    """
    edge = border or _darker(background)
    return {
        "background": background,
        "border": edge,
        "highlight": {"background": background, "border": "#102a43"},
        "hover": {"background": background, "border": edge},
    }


def dash_pattern(width: float) -> list[float]:
    """vis-network's ``dashes`` for a dashed link ``width`` wide: [dash, gap] in the
    link's own units, both growing with the width. A gap of vis-network's default [5, 5]
    closes on wide links (the round caps reach width / 2 into it from each side, so a
    9-wide dashed link drew solid); here the gap keeps at least 6 clear:
    dash = max(8, 2 w), gap = max(6, 2 w) + w.

    Parameters
    ----------
    width : float
        The link's width in pixels.

    Returns
    -------
    list of float
        ``[dash, gap]``.

    Examples
    --------
    >>> dash_pattern(1.0), dash_pattern(9.0)
    ([8.0, 7.0], [18.0, 27.0])
    """
    return [max(8.0, 2.0 * width), max(6.0, 2.0 * width) + width]
