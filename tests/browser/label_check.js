() => {
  const s = network.getScale();
  const tol = 0.5;
  const boxes = [], labels = [];
  const c = document.querySelector('#mynetwork canvas');
  const W = c.clientWidth, H = c.clientHeight;
  let offscreen = 0, total = 0;
  const outside = [];
  for (const id of nodes.getIds()) {
    const n = network.body.nodes[id];
    if (!n || n.options.hidden) continue;
    total++;
    const hw = (n.shape.width || 2 * n.options.size) / 2, hh = (n.shape.height || 2 * n.options.size) / 2;
    const p = network.canvasToDOM({x: n.x, y: n.y});
    const inView = p.x - hw * s >= -0.5 && p.x + hw * s <= W + 0.5 && p.y - hh * s >= -0.5 && p.y + hh * s <= H + 0.5;
    if (!inView) { offscreen++; outside.push(String(id)); }
    boxes.push({id: String(id), x0: n.x - hw, x1: n.x + hw, y0: n.y - hh, y1: n.y + hh});
    if (p.x < 0 || p.x > W || p.y < 0 || p.y > H) continue;  // not drawn: label box stale
    const text = n.labelModule.elementOptions.label;
    if (text) {
      const z = n.labelModule.size;
      labels.push({id: String(id), text: String(text), x0: z.left, x1: z.left + z.width,
                   y0: z.top, y1: z.top + z.height, px: n.labelModule.fontOptions.size * s});
    }
  }
  const hit = (a, b) => a.x0 + tol < b.x1 && b.x0 + tol < a.x1 && a.y0 + tol < b.y1 && b.y0 + tol < a.y1;
  const labelOverlaps = [], labelCoversNode = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++)
      if (hit(labels[i], labels[j])) labelOverlaps.push([labels[i].text, labels[j].text]);
    for (const b of boxes)
      if (b.id !== labels[i].id && hit(labels[i], b)) labelCoversNode.push([labels[i].text, b.id]);
  }
  const px = labels.map(l => l.px);
  return {scale: s, nodes: total, inView: total - offscreen, offscreen, outside: outside.slice(0, 10),
          labels: labels.length,
          minLabelPx: px.length ? Math.min(...px) : null,
          labelled: labels.map(l => l.id), labelOverlaps, labelCoversNode};
}
