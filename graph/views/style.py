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

from typing import Any

__all__ = [
    "DEFAULT_MAX_EDGES",
    "DEFAULT_MAX_NODES",
    "DESIGN_SCALE",
    "FONT_STACK",
    "LABEL_PX",
    "MAX_SIZE",
    "MAX_WIDTH",
    "MIN_SIZE",
    "MIN_WIDTH",
    "SHAPE_SYMBOLS",
    "colour_states",
    "dash_pattern",
    "label_width",
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
"""Height of node labels on screen, in CSS pixels, at every zoom."""


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


def wrap_label(text: str, width: int = 9) -> str:
    """Break a long name into lines of about ``width`` characters, at 、，和 or a space
    when there is one near the middle; a name with no Chinese character gets lines as wide
    on screen (``width / 0.62`` letters) and is never cut inside a word.

    Parameters
    ----------
    text : str
        A node label (any value is turned into a string).
    width : int, default 9
        Target characters per line; text up to ``width + 2`` characters stays on one line.

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
    Culture, sports,
    and entertainment
    """
    text = str(text)
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
    return head + "\n" + (wrap_label(tail, width) if len(tail) > width + 4 else tail)


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
