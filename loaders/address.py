"""Chinese address -> county-level region, from the division list only; never a guess.

The resolver reads an address left to right, as it is written
(province, prefecture, county, township), using the names and codes of the
division list:

1. **province**: full name (``广东省``) or short name (``广东``); else the caller's
   hint (an exchange list's ``省份`` column);
2. **prefecture**: full name (``深圳市``); a county-level name written right after
   the province (``江苏省昆山市``, Hubei's directly administered ``仙桃市``) is accepted
   when it is unique in the province; a short prefecture name (``杭州``) only when a
   county name or a development-zone word follows (``杭州萧山经济技术开发区``);
3. **county**: the longest full county name of that prefecture (or municipality),
   or a name the unit had before (from the year-by-year list) when the unit still
   exists under another code or was wholly absorbed into one current unit
   (``闸北区`` -> ``静安区``); a short name only when followed by a
   development-zone word (``昆山开发区``);
4. **other evidence**, when no county is named where the address would name it: a
   full county name later in the address (``经济技术开发区（龙泉驿区）``), a township
   (街道/镇/乡) name anywhere in it, also written with the suffix it had before it
   became a sub-district (``泽当镇`` for ``泽当街道``), the **development-zone table**
   (:func:`read_development_zones`; a curated row per zone, with its basis and source:
   a zone that is one administration with a district, became a district, or whose
   townships the official list puts in one county places the address; a zone that
   spans several counties says so), and a county's short name inside the name of the
   zone the address starts with (``杭州湾上虞经济技术开发区`` -> 上虞区). Each name must
   belong to exactly one county-level unit of the prefecture; if the pieces of evidence
   point to different counties, nothing is placed.

Before reading, only the first of several addresses is kept, and free-trade-zone
words and a repeated province name are set aside (:func:`_normalise_address`).

A prefecture-level city without counties (东莞, 中山) is its own county-level unit
when the regions table has its county-level twin (a county child with the city's
name, see :func:`~clusteratlas.loaders.adapters.divisions.county_equivalents`):
every address in the city is placed in the twin.

Anything else stops at the last level it supports, with a reason: a prefecture
without counties and without a twin, a development zone named instead of a county
(or one the table says spans several), a name shared by several counties, a district
since split, or nothing after the prefecture. Road names are never read as districts
(``朝阳门`` is not ``朝阳区``): short names count only before or inside a
development-zone name. :class:`Placement` ``basis`` says which evidence placed it.

Examples
--------
>>> import pandas as pd
>>> regions = pd.DataFrame({"code": ["100000", "440000", "440300", "440305", "441900"],
...     "name": ["中国", "广东省", "深圳市", "南山区", "东莞市"],
...     "level": ["country", "province", "prefecture", "county", "prefecture"],
...     "parent_code": [None, "100000", "440000", "440300", "440000"]})
>>> r = AddressResolver(regions)
>>> r.resolve("广东省深圳市南山区粤海街道科技园")
Placement(code='440305', level='county', reason='', basis='')
>>> r.resolve("广东省东莞市清溪镇银泉工业区").reason
'prefecture-level city without county-level divisions'
>>> r.resolve("深圳市福田区深南大道", province_hint="广东").reason
'no known county-level name after the prefecture'
>>> towns = pd.DataFrame({"code": ["440305005"], "name": ["蛇口街道"], "parent_code": ["440305"]})
>>> AddressResolver(regions, towns).resolve("广东省深圳市前海蛇口街道港湾大道").basis
'township 蛇口街道'
>>> twin = pd.DataFrame({"code": ["441900C"], "name": ["东莞市"], "level": ["county"],
...     "parent_code": ["441900"]})
>>> AddressResolver(pd.concat([regions, twin])).resolve("广东省东莞市清溪镇银泉工业区").code
'441900C'
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from clusteratlas.errors import DataValidationError, Problem
from clusteratlas.loaders.division_history import DivisionHistory

__all__ = [
    "AddressResolver",
    "Placement",
    "historical_names",
    "name_stem",
    "read_development_zones",
    "zone_table_problems",
]

MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})
_ZONE = re.compile(
    "^(经济技术开发区|经济开发区|高新技术产业开发区|高新技术开发区|高新区|开发区|"
    "工业园区|工业园|工业区|出口加工区|综合保税区|保税区|科技园|软件园)"
)
_ZONE_WORD = re.compile(
    "(经济技术开发区|经济开发区|高新技术产业开发区|高新技术开发区|高新技术产业园区|高新区|"
    "开发区|工业园区|工业园|工业区|产业园区|产业园|科技园|科学园|环科园|软件园|出口加工区|"
    "综合保税区|保税区|新区|投资区|示范区|实验区|试验区|投资创业中心|产业基地|产业区|医药园|园区)"
)
_SECOND_ADDRESS = re.compile("(；|;|、(?=中国|[^、]{2,8}?(省|市|自治区)))")
_FTZ = re.compile("^（?([^（）]{2,3})）?(自由贸易试验区|自贸试验区)")
_PROVINCE_SUFFIX = re.compile("(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_TOWN_SUFFIX = re.compile("(街道|镇|乡)$")
_GENERIC_SHORT = frozenset({"城区", "郊区", "矿区", "市中区", "新区", "市辖区"})


Found = tuple[str | None, str, str]
"""(county code or None, reason when None, basis when not named directly)."""


def _normalise_address(address: object) -> str:
    """The part of a registered address the resolver reads: no spaces, full-width
    brackets, only the first of several addresses, no leading 中国 or free-trade-zone
    brackets around the province of a free-trade zone (``中国（上海）自由贸易试验区张江路``
    -> ``上海自由贸易试验区张江路``).

    >>> _normalise_address("广东省中山市翠亨新区兴湾路22号、广东省中山市西区沙朗金昌路15号")
    '广东省中山市翠亨新区兴湾路22号'
    >>> _normalise_address("中国(四川)自由贸易试验区成都市双流区黄甲街道")
    '四川自由贸易试验区成都市双流区黄甲街道'
    """
    text = re.sub(r"\s+", "", str(address or "")).replace("(", "（").replace(")", "）")
    text = re.sub("（一照多址[^）]*）", "", text)
    second = _SECOND_ADDRESS.search(text)
    if second is not None and second.start() > 0:
        text = text[: second.start()]
    text = re.sub("^(中华人民共和国|中国)", "", text)
    return _FTZ.sub(r"\1\2", text, count=1)


@dataclass(frozen=True)
class Placement:
    """Where an address was placed, and why not more precisely.

    Attributes
    ----------
    code : str or None
        The most precise region code found (None: not even a province).
    level : str or None
        Its level (``county``, ``prefecture``, ``province``).
    reason : str
        Why it stops above a county; empty when placed in a county.
    basis : str
        What placed it in the county when the county is not named where the address
        names it (``township 南山街道``, ``development zone 苏州高新区: same
        administration``, ``county-equivalent city``...); empty otherwise.
    """

    code: str | None
    level: str | None
    reason: str
    basis: str = ""


def _short(name: str) -> str | None:
    if name in _GENERIC_SHORT or "自治" in name or len(name) < 3:
        return None
    stripped = re.sub("(市|县|区|旗|地区|盟)$", "", name)
    return stripped if len(stripped) >= 2 and stripped != name else None


def name_stem(name: str) -> str:
    """A division name without its type suffix, for comparing old and new names.

    Parameters
    ----------
    name : str
        A county-level name (``长泰县``).

    Returns
    -------
    str
        The name without 自治县, 自治旗, 林区, 特区, 市, 县, 区 or 旗 at its end.

    Examples
    --------
    >>> name_stem("长泰县"), name_stem("长泰区"), name_stem("神农架林区")
    ('长泰', '长泰', '神农架')
    """
    return re.sub("(自治县|自治旗|林区|特区|市|县|区|旗)$", "", name)


class AddressResolver:
    """Resolve addresses against a regions table (canonical columns), with optional
    townships (``code, name, parent_code``) and historical names.

    ``historical`` maps a name to the current codes its units became, per
    province: a DataFrame ``province_code, city_code, name, current_code`` where ``current_code``
    is None for a unit split among several (see :func:`historical_names`). ``zones`` is a
    development-zone table (:func:`read_development_zones`): a zone it places in one county
    places the address there, a zone it says spans several counties gives that reason.

    Parameters
    ----------
    regions : DataFrame
        The division list: ``code, name, level, parent_code`` (levels ``province``,
        ``prefecture``, ``county``).
    townships : DataFrame, optional
        ``code, name, parent_code`` (the parent a county): township names as evidence.
    historical : DataFrame, optional
        ``province_code, city_code, name, current_code`` (:func:`historical_names`).
    zones : DataFrame, optional
        The development-zone table (:func:`read_development_zones`).

    See Also
    --------
    resolve : place one address.
    """

    def __init__(
        self,
        regions: pd.DataFrame,
        townships: pd.DataFrame | None = None,
        historical: pd.DataFrame | None = None,
        zones: pd.DataFrame | None = None,
    ):
        self.name = dict(zip(regions["code"], regions["name"], strict=True))
        self.level = dict(zip(regions["code"], regions["level"], strict=True))
        parent = dict(zip(regions["code"], regions["parent_code"], strict=True))
        self.provinces: dict[str, str] = {}
        self.prefs: dict[str, dict[str, str]] = defaultdict(dict)  # province -> name -> code
        self.pref_short: dict[str, dict[str, str]] = defaultdict(dict)
        self.children: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.in_province: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.short: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.short_in_province: dict[str, dict[str, list[str]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for code, level in self.level.items():
            nm = self.name[code]
            if level == "province":
                self.provinces[nm] = code
                self.provinces[_PROVINCE_SUFFIX.sub("", nm)] = code
            elif level == "prefecture":
                prov = str(parent[code])
                self.prefs[prov][nm] = code
                short = _short(nm)
                if short:
                    self.pref_short[prov][short] = code
        for code, level in self.level.items():
            if level != "county":
                continue
            nm, up = self.name[code], str(parent[code])
            prov = up if self.level.get(up) == "province" else str(parent[up])
            self.children[up][nm].append(code)
            self.in_province[prov][nm].append(code)
            short = _short(nm)
            # 长沙县 / 长沙市: a short name shared with a prefecture names neither
            if short and short not in self.pref_short.get(prov, {}):
                self.short[up][short].append(code)
                self.short_in_province[prov][short].append(code)
        self.county_parent: dict[str, str] = {}
        for up, names in self.children.items():
            for codes in names.values():
                self.county_parent.update(dict.fromkeys(codes, up))
        # a prefecture whose only county-level unit bears its own name is that unit
        self.equivalent: dict[str, str] = {}
        for up, names in self.children.items():
            codes = [c for cs in names.values() for c in cs]
            if (
                len(codes) == 1
                and self.name.get(up) in names
                and self.level.get(up) == "prefecture"
            ):
                self.equivalent[up] = codes[0]
        # province -> old name -> {(current code or None when split, old prefecture code)}
        self.history: dict[str, dict[str, set[tuple[str | None, str]]]] = defaultdict(
            lambda: defaultdict(set)
        )
        if historical is not None:
            h: Any
            for h in historical.itertuples(index=False):
                succ = h.current_code if isinstance(h.current_code, str) else None
                self.history[str(h.province_code)][str(h.name)].add((succ, str(h.city_code)))
        self._cache: dict[str, dict[str, set[str | None]]] = {}
        # prefecture (or municipality) -> zone name as written -> (county or None, why)
        self.zones: dict[str, dict[str, tuple[str | None, str]]] = defaultdict(dict)
        if zones is not None:
            z: Any
            for z in zones.itertuples(index=False):
                county = z.county_code if isinstance(z.county_code, str) and z.county_code else None
                why = f"development zone {z.zone}" + (f" ({z.basis})" if county else f" {z.basis}")
                for alias in str(z.aliases).split("|"):
                    self.zones[str(z.prefecture_code)][alias] = (county, why)
        self.towns: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        if townships is not None:
            for t in townships.itertuples(index=False):
                county = str(t.parent_code)
                up = str(parent.get(county))
                self.towns[up][str(t.name)].add(county)

    # --- helpers ------------------------------------------------------------
    @staticmethod
    def _longest(text: str, names: object) -> str | None:
        best = None
        for nm in names:  # type: ignore[attr-defined]
            if text.startswith(nm) and (best is None or len(nm) > len(best)):
                best = nm
        return best

    def _county_at(self, text: str, up: str, prov: str) -> Found:
        """A county named at the start of ``text`` under ``up`` -> (code, '', basis) or
        (None, reason, '')."""
        names = self._names_under(up, prov)
        nm = self._longest(text, names)
        if nm is not None:
            codes = names[nm]
            if None in codes:
                return self._by_township(
                    text[len(nm) :], up, "old district with no single current successor"
                )
            if len(codes) == 1:
                code = next(iter(codes))
                old = self.name.get(str(code)) != nm
                return code, "", f"former name {nm}" if old else ""
            return None, f"county name {nm} is ambiguous", ""
        for short, short_codes in self.short.get(up, {}).items():
            zone = text.startswith(short) and _ZONE.match(text[len(short) :])
            # 昆山开发区: placed, unless a later zone name there names another place
            if zone and len(short_codes) == 1:
                named = self._zone_named_after(text, up)
                if named is not None and named[0] == short_codes[0]:
                    return short_codes[0], "", ""
        if _ZONE.match(text) or re.match(r"^[^区]{0,8}(开发区|高新区|园区|新区|保税)", text):
            return self._by_evidence(text, up, "development zone named instead of a county")
        return self._by_evidence(text, up, "no known county-level name after the {level}")

    def _names_under(self, up: str, prov: str) -> dict[str, set[str | None]]:
        """Current county names under ``up``, plus old names whose area is under ``up``."""
        if up not in self._cache:
            names: dict[str, set[str | None]] = {
                nm: set(codes) for nm, codes in self.children.get(up, {}).items()
            }
            for nm, entries in self.history.get(prov, {}).items():
                if nm in names:
                    continue
                codes = {c for c, area in entries if self._in_area(c, area, up)}
                if codes:
                    names[nm] = codes if None not in codes else {None}
            self._cache[up] = names
        return self._cache[up]

    def _by_township(self, text: str, up: str, reason: str) -> Found:
        towns = self.towns.get(up, {})
        nm = self._longest(text, towns)
        if nm is not None and len(towns[nm]) == 1:
            return next(iter(towns[nm])), "", f"township {nm}"
        return None, reason, ""

    def _by_evidence(self, text: str, up: str, reason: str) -> Found:
        """No county where the address would name one: the rest of the address may still
        place it, each piece of evidence unique under ``up`` (:meth:`evidence`). One county
        supported: placed; several: refused, naming them; none: ``reason`` (or the
        development-zone table's reason for a zone it knows spans several counties)."""
        found, zone_reason = self.evidence(text, up)
        if len(found) == 1:
            ((code, basis),) = found.items()
            return code, "", basis
        if len(found) > 1:
            named = ", ".join(f"{self.name[c]} ({b})" for c, b in sorted(found.items()))
            return None, f"the address supports several counties: {named}", ""
        return None, zone_reason or reason, ""

    def evidence(self, text: str, up: str) -> tuple[dict[str, str], str]:
        """Counties under ``up`` that ``text`` supports, each with the evidence, and the
        development-zone table's reason when it names a zone it cannot place.

        In order: a full county name anywhere in the text; a township (街道, 镇, 乡 ...) name
        anywhere; the development-zone table (the zone named at the start of the text);
        a county's short name inside the name of the development zone the text starts
        with (``杭州湾上虞经济技术开发区`` -> 上虞区). Every name must belong to exactly
        one county-level unit under ``up``; names of two characters and generic names
        (城区, 新区) never count.

        Parameters
        ----------
        text : str
            The address after its prefecture (or municipality) name.
        up : str
            The code of that prefecture or municipality.

        Returns
        -------
        (dict of str to str, str)
            County code -> the evidence for it (in words), and the development-zone
            table's reason when it names a zone it cannot place (else empty).

        Examples
        --------
        >>> regions = pd.DataFrame({"code": ["44", "4403", "440305", "440306"],
        ...     "name": ["广东省", "深圳市", "南山区", "宝安区"],
        ...     "level": ["province", "prefecture", "county", "county"],
        ...     "parent_code": [None, "44", "4403", "4403"]})
        >>> AddressResolver(regions).evidence("高新园（南山区）科技路", "4403")
        ({'440305': 'county name 南山区 later in the address'}, '')
        """
        found: dict[str, str] = {}
        for nm, codes in self.children.get(up, {}).items():
            if len(codes) == 1 and len(nm) >= 3 and nm not in _GENERIC_SHORT and nm in text:
                found.setdefault(codes[0], f"county name {nm} later in the address")
        towns = self.towns.get(up, {})
        for nm, counties in towns.items():
            if len(counties) == 1 and len(nm) >= 3 and nm in text:
                found.setdefault(next(iter(counties)), f"township {nm}")
        if not found:
            # a town since made a sub-district (撤镇设街道) is still written 镇 in old addresses
            for nm, counties in towns.items():
                stem = _TOWN_SUFFIX.sub("", nm)
                if len(counties) != 1 or len(stem) < 2 or stem == nm:
                    continue
                for other in ("镇", "乡", "街道"):
                    written = stem + other
                    if written != nm and written not in towns and written in text:
                        found.setdefault(next(iter(counties)), f"township {nm} (written {written})")
        zone = self._zone_at(text, up)
        if zone is not None:  # the curated table first: it knows zones whose name misleads
            code, basis = zone
            if code is None:
                return found, basis
            found.setdefault(code, basis)
            return found, ""
        named = self._zone_named_after(text, up)
        if named is not None:
            found.setdefault(*named)
        return found, ""

    def _zone_named_after(self, text: str, up: str) -> tuple[str, str] | None:
        """The county a development zone at the start of ``text`` is named after, when every
        zone name there (up to the first street word or number) names only that county
        (``霍尔果斯经济开发区伊宁园区`` names two places: none)."""
        head = re.split(r"[0-9０-９路街号道巷村]", text, maxsplit=1)[0][:24]
        ends = [m.end() for m in _ZONE_WORD.finditer(head)]
        if not ends:
            return None
        segments = [head[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
        named: set[str] = set()
        hits: list[str] = []
        for segment in segments:
            for short, codes in self.short.get(up, {}).items():
                if short in segment:
                    named.update(codes if len(codes) == 1 else [f"ambiguous:{short}"])
                    hits.append(short)
        if len(named) != 1 or next(iter(named)).startswith("ambiguous:"):
            return None
        zone_name = "".join(segments)
        return next(iter(named)), f"development zone {zone_name} named after {hits[0]}"

    def _zone_at(self, text: str, up: str) -> tuple[str | None, str] | None:
        """The development-zone table's row for a zone named at the start of ``text`` (as
        written, or after the prefecture's own name or free-trade-zone words)."""
        zones = self.zones.get(up, {})
        if not zones:
            return None
        own = [self.name.get(up, ""), _short(self.name.get(up, "")) or ""]
        candidates = [text]
        for prefix in own:
            if prefix and text.startswith(prefix):
                candidates.append(text[len(prefix) :])
        candidates += [re.sub("^(自由贸易试验区|自贸试验区)市?", "", c) for c in candidates]
        for candidate in candidates:
            alias = self._longest(candidate.lstrip("（"), zones)
            if alias is not None:
                return zones[alias]
        return None

    def _in_area(self, current: str | None, old_prefecture: str, up: str) -> bool:
        """A historical unit belongs under ``up`` if its successor does, or (split units)
        if its old prefecture had ``up``'s code prefix."""
        if current is not None:
            return self.county_parent.get(current) == up
        return old_prefecture[:4] == up[:4] or (
            up in MUNICIPALITIES and old_prefecture[:2] == up[:2]
        )

    # --- public -------------------------------------------------------------
    def resolve(
        self, address: str, province_hint: str | None = None, city_hint: str | None = None
    ) -> Placement:
        """Place ``address``; hints (province and prefecture names) fill in what it omits.

        Parameters
        ----------
        address : str
            A registered address as written (``广东省深圳市南山区粤海街道...``).
        province_hint : str, optional
            The province's name (full or short), used when the address has none.
        city_hint : str, optional
            The prefecture's full name, used when the address names none or names an
            ambiguous county.

        Returns
        -------
        Placement
            The county code, or the prefecture or province it does resolve to and the
            reason it stops there (``code`` None when not even a province is
            recognised).

        Examples
        --------
        >>> regions = pd.DataFrame({"code": ["44", "4403", "440305"],
        ...     "name": ["广东省", "深圳市", "南山区"],
        ...     "level": ["province", "prefecture", "county"],
        ...     "parent_code": [None, "44", "4403"]})
        >>> r = AddressResolver(regions)
        >>> r.resolve("深圳市南山区科技园", province_hint="广东").code
        '440305'
        >>> r.resolve("北京市海淀区").reason
        'no province recognised'
        """
        text = _normalise_address(address)
        prov_name = self._longest(text, self.provinces)
        if prov_name is not None:
            prov = self.provinces[prov_name]
            text = text[len(prov_name) :]
        elif province_hint and province_hint.strip() in self.provinces:
            prov = self.provinces[province_hint.strip()]
        else:
            return Placement(None, None, "no province recognised")
        # 上海市中国（上海）自由贸易试验区..., 新疆维吾尔自治区新疆乌鲁木齐市...: said twice
        text = re.sub("^中国?（[^）]{2,8}）", "", text)
        if prov in MUNICIPALITIES:
            # the development-zone table knows what a municipality's free-trade zone covers
            text = re.sub("^(市辖区|县|市)", "", text)
            return self._finish(*self._county_at(text, prov, prov), prov, "province")
        # 河南省自贸试验区郑州片区...: the free-trade zone words say nothing about the county;
        # a 片区 (area) is named after its city
        text = re.sub("^(自由贸易试验区|自贸试验区)", "", text)
        text = re.sub("^([^（）片]{2,4})片区", r"\1", text)
        if self._longest(text, self.prefs.get(prov, {})) is None:
            again = self._longest(text, self.provinces)
            if again is not None and self.provinces[again] == prov:
                text = text[len(again) :]
        pref_name = self._longest(text, self.prefs.get(prov, {}))
        if pref_name is not None:
            pref = self.prefs[prov][pref_name]
            return self._in_prefecture(text[len(pref_name) :], pref, prov)
        nm = self._longest(text, self.in_province.get(prov, {}))
        if nm is not None:
            codes = self.in_province[prov][nm]
            hinted = [c for c in codes if city_hint and self._parent_name(c) == city_hint]
            if len(codes) == 1 or len(hinted) == 1:
                return Placement((hinted or codes)[0], "county", "", "")
            return Placement(prov, "province", f"county name {nm} is ambiguous")
        for county_short, codes in self.short_in_province.get(prov, {}).items():
            # 湖北省潜江经济开发区, 江苏省昆山开发区: unique short name + development-zone word
            zone = text.startswith(county_short) and _ZONE.match(text[len(county_short) :])
            if zone and len(codes) == 1:
                return Placement(codes[0], "county", "", "")
        short = self._longest(text, self.pref_short.get(prov, {}))
        if short is not None:
            pref = self.pref_short[prov][short]
            rest = text[len(short) :]
            code, _, _ = self._county_at(rest, pref, prov)
            if code is not None or _ZONE.match(rest):
                return self._in_prefecture(rest, pref, prov)
        if city_hint and city_hint in self.prefs.get(prov, {}):
            return self._in_prefecture(text, self.prefs[prov][city_hint], prov)
        return Placement(prov, "province", "no known prefecture or county name after the province")

    def _in_prefecture(self, text: str, pref: str, prov: str) -> Placement:
        if pref in self.equivalent:
            return Placement(self.equivalent[pref], "county", "", "county-equivalent city")
        if not self.children.get(pref):
            return Placement(
                pref, "prefecture", "prefecture-level city without county-level divisions"
            )
        return self._finish(*self._county_at(text, pref, prov), pref, "prefecture")

    def _finish(self, code: str | None, reason: str, basis: str, up: str, level: str) -> Placement:
        if code is not None:
            return Placement(code, "county", "", basis)
        return Placement(up, level, reason.replace("{level}", level))

    def _parent_name(self, county: str) -> str | None:
        up = self.county_parent.get(county)
        return self.name.get(up) if up else None


def historical_names(
    by_year: pd.DataFrame, history: DivisionHistory, current_names: dict[str, str]
) -> pd.DataFrame:
    """Names county-level units had (per province) -> the current unit they are part of now.

    ``by_year`` is ``adapters.divisions.read_divisions_by_year`` output;
    ``current_names`` maps current county codes to names; ``history``
    a :class:`~clusteratlas.loaders.division_history.DivisionHistory`. A unit whose
    code is current keeps it; otherwise its successor is traced (whole units only);
    units that were split or cannot be traced map to None ("split", never a guess)
    when a change record says so, and are left out when there is no record at all.

    Parameters
    ----------
    by_year : DataFrame
        The year-by-year county list (``year, province_code, city_code, county_code,
        county_name``...).
    history : DivisionHistory
        The change events, to trace codes that are no longer current.
    current_names : dict of str to str
        Current county code -> name.

    Returns
    -------
    DataFrame
        ``province_code, city_code, name, current_code`` (None for a split unit), one
        row per name and unit, for :class:`AddressResolver`'s ``historical``.

    Examples
    --------
    >>> from clusteratlas.loaders.division_history import DivisionHistory
    >>> by_year = pd.DataFrame({"year": [2010, 2020], "province_code": ["310000"] * 2,
    ...     "city_code": ["310100"] * 2, "county_code": ["310108", "310106"],
    ...     "county_name": ["闸北区", "静安区"]})
    >>> events = pd.DataFrame({"year": [2015], "type": ["撤销"], "old_code": ["310108"],
    ...     "old_name": ["闸北区"], "new_code": ["310106"], "new_name": ["静安区"],
    ...     "note": [None]})
    >>> history = DivisionHistory(events, current_counties={"310106"})
    >>> historical_names(by_year, history, {"310106": "静安区"}).values.tolist()
    [['310000', '310100', '闸北区', '310106'], ['310000', '310100', '静安区', '310106']]
    """
    rows = []
    last = by_year.sort_values("year").drop_duplicates(["county_code", "county_name"], keep="last")
    r: Any
    succ: str | None
    for r in last.itertuples(index=False):
        code = str(r.county_code)
        if code in current_names:
            # the code may since have been given to another unit: keep it only if the
            # short name is the same (县 -> 区 with the same code, say)
            if name_stem(current_names.get(code, "")) != name_stem(str(r.county_name)):
                continue
            succ = code
        else:
            succ, how = history.successor(code, int(r.year))
            if succ is None and how == "no change record":
                continue
        rows.append((str(r.province_code), str(r.city_code), str(r.county_name), succ))
    cols = ["province_code", "city_code", "name", "current_code"]
    return pd.DataFrame(rows, columns=cols).drop_duplicates()


DEVELOPMENT_ZONES_CHINA = (
    Path(__file__).resolve().parent / "reference" / "development_zones_china.csv"
)
"""The curated development-zone table (one row per zone, with its basis and source)."""

ZONE_COLUMNS = (
    "prefecture_code",
    "prefecture",
    "zone",
    "aliases",
    "county_code",
    "county",
    "basis",
    "townships",
    "source",
)


def read_development_zones(path: str | Path = DEVELOPMENT_ZONES_CHINA) -> pd.DataFrame:
    """Read a development-zone table: one row per zone, columns :data:`ZONE_COLUMNS`.

    ``aliases``: the ways the zone is written after its prefecture's name in addresses,
    ``|``-separated; ``county_code``: the county-level unit that contains or administers
    the zone, empty when it spans several (``basis`` then says which); ``basis``: why
    (same administration as the district, became the district, its townships all lie
    in the county, spans several counties); ``townships``: for the basis "townships",
    the township names (``|``-separated) a build checks against the official list;
    ``source``: where the fact comes from.

    Parameters
    ----------
    path : str or Path, default DEVELOPMENT_ZONES_CHINA
        The CSV (``#`` lines are comments); default the curated China table.

    Returns
    -------
    DataFrame
        The columns :data:`ZONE_COLUMNS`, as text (empty cells as "").

    Raises
    ------
    DataValidationError
        A column of :data:`ZONE_COLUMNS` is missing.

    Examples
    --------
    >>> zones = read_development_zones()
    >>> row = zones[zones["zone"] == "长沙经济技术开发区"].iloc[0]
    >>> row["county_code"], row["county"]
    ('430121', '长沙县')
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    missing = [c for c in ZONE_COLUMNS if c not in frame.columns]
    if missing:
        raise DataValidationError(
            [Problem(str(path), None, c, None, "missing column") for c in missing]
        )
    return frame[list(ZONE_COLUMNS)]


def zone_table_problems(
    zones: pd.DataFrame, regions: pd.DataFrame, townships: pd.DataFrame, file: str = "zones"
) -> list[Problem]:
    """Check a development-zone table against the division list; every problem found.

    Rules: the prefecture and the county exist with the names given, the county lies
    under the prefecture; a placing row lists townships only of its county (basis
    ``townships`` must list some); a ``spans`` row has no county, and the townships it
    lists lie in at least two counties, each named in its basis. Township names are
    looked up under the prefecture (``townships``: ``code, name, parent_code``).

    Parameters
    ----------
    zones : DataFrame
        A development-zone table (:func:`read_development_zones`).
    regions : DataFrame
        The division list (``code, name, level, parent_code``).
    townships : DataFrame
        ``code, name, parent_code``.
    file : str, default "zones"
        The file name the problems give.

    Returns
    -------
    list of Problem
        One per broken rule, with the table's 1-based row; empty when the table holds.

    Examples
    --------
    >>> regions = pd.DataFrame({"code": ["1", "10", "101", "102"], "name": ["P", "C", "A区", "B区"],
    ...     "level": ["province", "prefecture", "county", "county"],
    ...     "parent_code": [None, "1", "10", "10"]})
    >>> towns = pd.DataFrame({"code": ["101001", "102001"], "name": ["甲街道", "乙街道"],
    ...     "parent_code": ["101", "102"]})
    >>> zones = pd.DataFrame([["10", "C", "Z", "Z", "101", "A区", "townships",
    ...     "甲街道|乙街道", "s"]], columns=ZONE_COLUMNS)
    >>> [p.rule for p in zone_table_problems(zones, regions, towns)]
    ['township 乙街道 is under B区, not A区']
    """
    name = dict(zip(regions["code"], regions["name"], strict=True))
    parent = dict(zip(regions["code"], regions["parent_code"], strict=True))
    level = dict(zip(regions["code"], regions["level"], strict=True))
    counties_of: dict[tuple[str, str], set[str]] = defaultdict(set)  # (up, town name) -> counties
    for unit in townships.itertuples(index=False):
        county = str(unit.parent_code)
        up = parent.get(county)
        for area in {up, parent.get(str(up))} - {None}:
            counties_of[(str(area), str(unit.name))].add(county)
    problems: list[Problem] = []
    z: Any
    for row, z in enumerate(zones.itertuples(index=False), start=1):

        def bad(column: str, value: object, rule: str, row: int = row) -> None:
            problems.append(Problem(file, row, column, value, rule))

        pref, county = str(z.prefecture_code), str(z.county_code or "")
        if name.get(pref) != z.prefecture:
            bad("prefecture_code", pref, f"not the code of {z.prefecture}")
        towns = [t for t in str(z.townships or "").split("|") if t]
        where = {t: counties_of.get((pref, t), set()) for t in towns}
        for t, found in where.items():
            if not found:
                bad("townships", t, f"no township {t} under {z.prefecture}")
        spans = str(z.basis).startswith(("spans", "not placed"))
        if spans:
            if county:
                bad("county_code", county, "a zone that is not placed has no county")
            listed = set().union(*where.values()) if where else set()
            if towns and len(listed) < 2 and str(z.basis).startswith("spans"):
                bad("townships", z.townships, "the townships lie in fewer than two counties")
            for c in listed:
                if name[c] not in str(z.basis):
                    bad("basis", z.basis, f"does not name {name[c]}, where {z.townships} lie")
            continue
        if level.get(county) != "county" or name.get(county) != z.county:
            bad("county_code", county, f"not the code of the county-level unit {z.county}")
            continue
        if pref not in (parent.get(county), parent.get(str(parent.get(county)))):
            bad("county_code", county, f"{z.county} is not under {z.prefecture}")
        if z.basis == "townships" and not towns:
            bad("townships", "", "basis townships needs the township names")
        for t, found in where.items():
            if found and found != {county}:
                others = ", ".join(sorted(name[c] for c in found))
                bad("townships", t, f"township {t} is under {others}, not {z.county}")
    return problems
