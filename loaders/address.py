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
4. **township**: when no county is named, a township (街道/镇/乡) name that
   belongs to exactly one county of the prefecture places the address there.

A prefecture-level city without counties (东莞, 中山) is its own county-level unit
when the regions table has its county-level twin (a county child with the city's
name, see :func:`~clusteratlas.loaders.adapters.divisions.county_equivalents`):
every address in the city is placed in the twin.

Anything else stops at the last level it supports, with a reason: a prefecture
without counties and without a twin, a development zone named instead of a county, a
name shared by several counties, a district since split, or nothing after the
prefecture. Road names are never read as districts (``朝阳门`` is not ``朝阳区``):
short names count only before a development-zone word.

Examples
--------
>>> import pandas as pd
>>> regions = pd.DataFrame({"code": ["100000", "440000", "440300", "440305", "441900"],
...     "name": ["中国", "广东省", "深圳市", "南山区", "东莞市"],
...     "level": ["country", "province", "prefecture", "county", "prefecture"],
...     "parent_code": [None, "100000", "440000", "440300", "440000"]})
>>> r = AddressResolver(regions)
>>> r.resolve("广东省深圳市南山区粤海街道科技园")
Placement(code='440305', level='county', reason='')
>>> r.resolve("广东省东莞市清溪镇银泉工业区").reason
'prefecture-level city without county-level divisions'
>>> r.resolve("深圳市福田区深南大道", province_hint="广东")
Placement(code='440300', level='prefecture', reason='no known county-level name after the prefecture')
>>> twin = pd.DataFrame({"code": ["441900C"], "name": ["东莞市"], "level": ["county"],
...     "parent_code": ["441900"]})
>>> AddressResolver(pd.concat([regions, twin])).resolve("广东省东莞市清溪镇银泉工业区")
Placement(code='441900C', level='county', reason='')
"""  # noqa: E501

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd

from clusteratlas.loaders.division_history import DivisionHistory

__all__ = ["AddressResolver", "Placement", "historical_names", "name_stem"]

MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})
_ZONE = re.compile(
    "^(经济技术开发区|经济开发区|高新技术产业开发区|高新技术开发区|高新区|开发区|"
    "工业园区|工业园|工业区|出口加工区|综合保税区|保税区|科技园|软件园)"
)
_PROVINCE_SUFFIX = re.compile("(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_GENERIC_SHORT = frozenset({"城区", "郊区", "矿区", "市中区", "新区", "市辖区"})


@dataclass(frozen=True)
class Placement:
    """Where an address was placed: the most precise ``code``, its ``level`` and, if not a
    county, the ``reason`` (empty when placed in a county)."""

    code: str | None
    level: str | None
    reason: str


def _short(name: str) -> str | None:
    if name in _GENERIC_SHORT or "自治" in name or len(name) < 3:
        return None
    stripped = re.sub("(市|县|区|旗|地区|盟)$", "", name)
    return stripped if len(stripped) >= 2 and stripped != name else None


def name_stem(name: str) -> str:
    """A division name without its type suffix, for comparing old and new names.

    >>> name_stem("长泰县"), name_stem("长泰区"), name_stem("神农架林区")
    ('长泰', '长泰', '神农架')
    """
    return re.sub("(自治县|自治旗|林区|特区|市|县|区|旗)$", "", name)


class AddressResolver:
    """Resolve addresses against a regions table (canonical columns), with optional
    townships (``code, name, parent_code``) and historical names.

    ``historical`` maps a name to the current codes its units became, per
    province: a DataFrame ``province_code, city_code, name, current_code`` where ``current_code``
    is None for a unit split among several (see :func:`historical_names`).
    """

    def __init__(
        self,
        regions: pd.DataFrame,
        townships: pd.DataFrame | None = None,
        historical: pd.DataFrame | None = None,
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

    def _county_at(self, text: str, up: str, prov: str) -> tuple[str | None, str]:
        """A county named at the start of ``text`` under ``up`` -> (code, '') or (None, reason)."""
        names = self._names_under(up, prov)
        nm = self._longest(text, names)
        if nm is not None:
            codes = names[nm]
            if None in codes:
                return self._by_township(
                    text[len(nm) :], up, "old district with no single current successor"
                )
            if len(codes) == 1:
                return next(iter(codes)), ""
            return None, f"county name {nm} is ambiguous"
        for short, short_codes in self.short.get(up, {}).items():
            zone = text.startswith(short) and _ZONE.match(text[len(short) :])
            if zone and len(short_codes) == 1:
                return short_codes[0], ""
        if _ZONE.match(text) or re.match(r"^[^区]{0,8}(开发区|高新区|园区|新区|保税)", text):
            return self._by_township(text, up, "development zone named instead of a county")
        return self._by_township(text, up, "no known county-level name after the {level}")

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

    def _by_township(self, text: str, up: str, reason: str) -> tuple[str | None, str]:
        towns = self.towns.get(up, {})
        nm = self._longest(text, towns)
        if nm is not None and len(towns[nm]) == 1:
            return next(iter(towns[nm])), ""
        return None, reason

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

        Returns a :class:`Placement` with the county code, or the prefecture or
        province it does resolve to and the reason it stops there (``code`` None
        when not even a province is recognised).
        """
        text = re.sub(r"\s+", "", str(address or "")).replace("(", "（").replace(")", "）")
        text = re.sub("^(中华人民共和国|中国)", "", text)
        prov_name = self._longest(text, self.provinces)
        if prov_name is not None:
            prov = self.provinces[prov_name]
            text = text[len(prov_name) :]
        elif province_hint and province_hint.strip() in self.provinces:
            prov = self.provinces[province_hint.strip()]
        else:
            return Placement(None, None, "no province recognised")
        if prov in MUNICIPALITIES:
            text = re.sub("^(市辖区|县)", "", text)
            return self._finish(*self._county_at(text, prov, prov), prov, "province")
        pref_name = self._longest(text, self.prefs.get(prov, {}))
        if pref_name is not None:
            pref = self.prefs[prov][pref_name]
            return self._in_prefecture(text[len(pref_name) :], pref, prov)
        nm = self._longest(text, self.in_province.get(prov, {}))
        if nm is not None:
            codes = self.in_province[prov][nm]
            hinted = [c for c in codes if city_hint and self._parent_name(c) == city_hint]
            if len(codes) == 1 or len(hinted) == 1:
                return Placement((hinted or codes)[0], "county", "")
            return Placement(prov, "province", f"county name {nm} is ambiguous")
        for county_short, codes in self.short_in_province.get(prov, {}).items():
            # 湖北省潜江经济开发区, 江苏省昆山开发区: unique short name + development-zone word
            zone = text.startswith(county_short) and _ZONE.match(text[len(county_short) :])
            if zone and len(codes) == 1:
                return Placement(codes[0], "county", "")
        short = self._longest(text, self.pref_short.get(prov, {}))
        if short is not None:
            pref = self.pref_short[prov][short]
            rest = text[len(short) :]
            code, _ = self._county_at(rest, pref, prov)
            if code is not None or _ZONE.match(rest):
                return self._in_prefecture(rest, pref, prov)
        if city_hint and city_hint in self.prefs.get(prov, {}):
            return self._in_prefecture(text, self.prefs[prov][city_hint], prov)
        return Placement(prov, "province", "no known prefecture or county name after the province")

    def _in_prefecture(self, text: str, pref: str, prov: str) -> Placement:
        if pref in self.equivalent:
            return Placement(self.equivalent[pref], "county", "")
        if not self.children.get(pref):
            return Placement(
                pref, "prefecture", "prefecture-level city without county-level divisions"
            )
        code, reason = self._county_at(text, pref, prov)
        return self._finish(code, reason, pref, "prefecture")

    def _finish(self, code: str | None, reason: str, up: str, level: str) -> Placement:
        if code is not None:
            return Placement(code, "county", "")
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
