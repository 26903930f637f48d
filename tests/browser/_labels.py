"""What the page draws, read back from vis-network in Chromium: node boxes and label boxes.

``LABEL_CHECK`` runs in the page after it is ready. For every drawn node it reads the
node's position and shape size (``network.body.nodes[id]``: ``x``, ``y``,
``shape.width/height``) and, when it shows a label, the label box vis-network computed
when it drew it (``labelModule.size``: left, top, width, height in canvas units) and the
label's size on screen (font size x ``network.getScale()``). It counts the nodes whose
whole shape lies inside the canvas (``inView``, of ``nodes``; ``offscreen`` and the first
ids ``outside``): tests assert that all are at first view. Labels of nodes whose centre
lies outside the canvas are not checked: vis-network does not draw them, so their label
boxes are not recomputed. It returns every pair of label boxes that overlap and every
label box that covers another node's box, with a tolerance of half a canvas unit.
"""

from pathlib import Path

LABEL_CHECK = (Path(__file__).parent / "label_check.js").read_text(encoding="utf-8")
