"""Tracing old county codes to today's: change events and the year-by-year division list.

Two uses, with different standards:

- **recoding statistics** (:meth:`DivisionHistory.recode_one_to_one`): an old code
  maps to a current code only through changes that keep the unit whole (same name,
  new code; renamed; county -> city or district), so that a count for the old unit
  is a count for the new one. Merges and splits are refused with a reason.
- **placing an address** (:meth:`DivisionHistory.successor`): a unit that was
  wholly absorbed into another (撤销 ... 并入) places an address in its successor;
  a unit split among several does not.

Change events are sanity-checked: a successor must lie in the same prefecture
(first four digits) or, for recodes, the same province; auto-derived successors
that jump elsewhere (a known noise in the source) are refused.

Examples
--------
>>> import pandas as pd
>>> ev = pd.DataFrame({"year": [2015, 2016], "type": ["撤销", "撤县设区"],
...     "old_code": ["310108", "120225"], "old_name": ["闸北区", "蓟县"],
...     "new_code": ["310106", "120119"], "new_name": ["静安区", "蓟州区"], "note": [None, None]})
>>> h = DivisionHistory(ev, current_counties={"310106", "120119"})
>>> h.recode_one_to_one("120225", 2010)
('120119', '撤县设区')
>>> h.recode_one_to_one("310108", 2010)
(None, 'merged into another unit (撤销)')
>>> h.successor("310108", 2010)
('310106', '撤销')
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "ABSORBING",
    "ONE_TO_ONE",
    "DivisionHistory",
    "read_division_changes",
    "with_supplement",
]

ONE_TO_ONE = frozenset({"同名改码", "更名", "撤县设区", "撤县设市", "撤市设区"})
"""Change types that keep a county-level unit whole (new code and/or name only)."""

ABSORBING = frozenset({"撤销", "撤区设区", "区划调整"})
"""Change types that dissolve a unit into a successor (whole, unless the note says otherwise)."""

_SPLIT_NOTE = re.compile("析分|除外|部分|划归|分别")


def _is_split(note: str, old_name: str) -> bool:
    """Whether a change note says the old unit's area went to more than one successor.

    Only an exception or split that names the unit itself counts: for
    ``撤销江北区 ...（原渝北区北部 5 镇划归北碚区除外）`` 江北区 is whole, 渝北区 is not.

    >>> note = "撤销江北区、渝北区，设两江新区（原渝北区北部 5 镇划归北碚区除外）"
    >>> _is_split(note, "江北区"), _is_split(note, "渝北区"), _is_split("余杭区析分", "余杭区")
    (False, True, True)
    """
    if not note or not _SPLIT_NOTE.search(note):
        return False
    stem = re.sub("(市|县|区|旗)$", "", old_name) or old_name
    clauses = re.findall(r"（[^）]*）", note) + re.split(
        "[，。；,;]", re.sub(r"（[^）]*）", "", note)
    )
    return any(stem in c and _SPLIT_NOTE.search(c) for c in clauses)


def _same_prefecture(code: str, other: str) -> bool:
    """Whether two county-level codes lie in one prefecture-level area: the same first four
    digits, or, in a province-level city, its districts (``xx01``) and counties (``xx02``),
    which have no prefecture between them and the province (重庆 大足县 500225 -> 大足区
    500111).

    >>> _same_prefecture("500225", "500111"), _same_prefecture("130103", "130502")
    (True, False)
    """
    if code[:4] == other[:4]:
        return True
    return code[:2] == other[:2] and {code[2:4], other[2:4]} <= {"01", "02"}


def _is_exception_only(note: str, old_name: str) -> bool:
    """Whether every split clause naming the unit is an exception (``除外``): the unit went
    to one successor except a named part (``撤销渝北区，其行政区域划入两江新区（原渝北区北部
    5 镇划归北碚区除外）``), as opposed to a unit divided among several (``析分``).

    >>> note = "撤销渝北区，其行政区域划入两江新区（原渝北区北部 5 镇划归北碚区除外）"
    >>> _is_exception_only(note, "渝北区"), _is_exception_only("余杭区析分", "余杭区")
    (True, False)
    """
    stem = re.sub("(市|县|区|旗)$", "", old_name) or old_name
    clauses = re.findall(r"（[^）]*）", note) + re.split(
        "[，。；,;]", re.sub(r"（[^）]*）", "", note)
    )
    hits = [c for c in clauses if stem in c and _SPLIT_NOTE.search(c)]
    return bool(hits) and all("除外" in c for c in hits)


def with_supplement(changes: pd.DataFrame, supplement: pd.DataFrame) -> pd.DataFrame:
    """Change events with a curated supplement: a supplement row replaces the source's events
    of the same ``(year, old_code)`` and adds the events the source lacks.

    Parameters
    ----------
    changes : DataFrame
        Output of :func:`read_division_changes`.
    supplement : DataFrame
        The same columns (extra columns such as ``basis`` are dropped), e.g.
        ``loaders/reference/division_changes_china.csv``.

    Returns
    -------
    DataFrame
        The events, the source's first, then the supplement's.

    Examples
    --------
    >>> cols = ["year", "type", "old_code", "old_name", "new_code", "new_name", "note"]
    >>> src = pd.DataFrame([[2021, "撤区设区", "350402", "梅列区", "350404", "三元区", None]],
    ...                    columns=cols)
    >>> sup = pd.DataFrame([[2021, "撤销", "350403", "三元区", "350404", "三元区", "merged"]],
    ...                    columns=cols)
    >>> with_supplement(src, sup)["old_code"].tolist()
    ['350402', '350403']
    """
    cols = ["year", "type", "old_code", "old_name", "new_code", "new_name", "note"]
    sup = supplement[cols].astype({"year": int})
    replaced = set(zip(sup["year"], sup["old_code"], strict=True))
    keep = [
        (int(y), c) not in replaced
        for y, c in zip(changes["year"], changes["old_code"], strict=True)
    ]
    return pd.concat([changes[keep][cols], sup], ignore_index=True)


def read_division_changes(path: str | Path) -> pd.DataFrame:
    """Read the change-event JSON into ``year, type, old_code, old_name, new_code, new_name, note``.

    Only county-level events (``level`` 3) are kept; 12-digit codes are cut to 6.

    Parameters
    ----------
    path : str or Path
        The JSON: ``{"events": [{"year", "type", "level", "old": {"code", "name"},
        "new": {...}, "note"}, ...]}``.

    Returns
    -------
    DataFrame
        One row per county-level event, in file order.

    Examples
    --------
    >>> import json, tempfile
    >>> event = {"year": 2016, "type": "撤县设区", "level": 3, "note": None,
    ...          "old": {"code": "120225000000", "name": "蓟县"},
    ...          "new": {"code": "120119000000", "name": "蓟州区"}}
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = Path(d) / "changes.json"
    ...     _ = path.write_text(json.dumps({"events": [event]}), encoding="utf-8")
    ...     read_division_changes(path).values.tolist()
    [[2016, '撤县设区', '120225', '蓟县', '120119', '蓟州区', None]]
    """
    with open(path, encoding="utf-8") as fh:
        events = json.load(fh)["events"]
    rows = []
    for e in events:
        if e.get("level") != 3:
            continue
        old, new = e.get("old") or {}, e.get("new") or {}
        rows.append(
            (
                int(e["year"]),
                e["type"],
                (old.get("code") or "")[:6] or None,
                old.get("name"),
                (new.get("code") or "")[:6] or None,
                new.get("name"),
                e.get("note"),
            )
        )
    cols = ["year", "type", "old_code", "old_name", "new_code", "new_name", "note"]
    return pd.DataFrame(rows, columns=cols)


class DivisionHistory:
    """Old county code -> current county code, from change events (and optionally unit ids).

    Parameters
    ----------
    changes : DataFrame
        Output of :func:`read_division_changes`.
    current_counties : iterable of str
        The current county-level codes (the target set).
    by_year : DataFrame, optional
        Output of :func:`~clusteratlas.loaders.adapters.divisions.read_divisions_by_year`
        (its ``divisions_by_year`` table): its ``county_id`` is used as a fallback for
        recodes the events do not record, only when the unit's short name is unchanged.
    current_short_names : dict of str to str, optional
        Current code -> short name (for that fallback's name check).
    """

    def __init__(
        self,
        changes: pd.DataFrame,
        current_counties: Iterable[str],
        by_year: pd.DataFrame | None = None,
        current_short_names: dict[str, str] | None = None,
    ):
        self.current = frozenset(current_counties)
        self._events: dict[str, list[tuple[int, str, str | None, str]]] = defaultdict(list)
        self._names: dict[str, str] = {}
        r: Any
        for r in changes.sort_values("year", kind="stable").itertuples(index=False):
            if isinstance(r.old_code, str) and r.old_code:
                note = r.note if isinstance(r.note, str) else ""
                new = r.new_code if isinstance(r.new_code, str) and r.new_code else None
                self._events[r.old_code].append((int(r.year), str(r.type), new, note))
                if isinstance(r.old_name, str):
                    self._names[r.old_code] = r.old_name
        self._ids: dict[tuple[int, str], tuple[str, str]] = {}
        if by_year is not None:
            y: Any
            for y in by_year.itertuples(index=False):
                self._ids[(int(y.year), str(y.county_code))] = (
                    str(y.county_id),
                    str(y.county_short),
                )
        self._short = current_short_names or {}

    def _chain(
        self, code: str, since: int, allowed: frozenset[str], exceptions_ok: bool = False
    ) -> tuple[str | None, str]:
        year, steps = since, list[str]()
        for _ in range(8):
            if code in self.current and not steps:
                return code, "current"
            if code in self.current:
                return code, "+".join(steps)
            later = [e for e in self._events.get(code, []) if e[0] >= year]
            if not later:
                return None, "no change record" if not steps else "chain ends outside current list"
            ev_year, ev_type, new_code, note = later[0]
            if ev_type not in allowed:
                return None, f"merged into another unit ({ev_type})"
            if new_code is None:
                return None, f"dissolved without a successor ({ev_type})"
            name = self._names.get(code, "")
            if _is_split(note, name):
                if not (exceptions_ok and _is_exception_only(note, name)):
                    return None, f"split among several units ({ev_type})"
                ev_type = f"{ev_type}, except part: {note}"
            same_area = (
                _same_prefecture(code, new_code)
                if ev_type in ABSORBING
                else new_code[:2] == code[:2]
            )
            if not same_area:
                return None, f"successor {new_code} outside the area of {code} (source noise)"
            steps.append(ev_type)
            code, year = new_code, ev_year
        return None, "change chain too long"

    def recode_one_to_one(self, code: str, since: int) -> tuple[str | None, str]:
        """Current code of a unit whose code was valid in ``since``, if it stayed whole.

        The fallback through ``county_id`` applies when no event is recorded and the
        short name is the same.

        Parameters
        ----------
        code : str
            A county-level code.
        since : int
            A year in which ``code`` was valid (events from that year on count).

        Returns
        -------
        (str or None, str)
            ``(current_code, how)`` (``how``: the change types, ``current``, or ``unit
            id, same name``) or ``(None, reason)`` (merged, split, no change record...).

        Examples
        --------
        See the module example.

        >>> h = DivisionHistory(pd.DataFrame(columns=["year", "type", "old_code", "old_name",
        ...     "new_code", "new_name", "note"]), current_counties={"440305"})
        >>> h.recode_one_to_one("440305", 2010), h.recode_one_to_one("440399", 2010)
        (('440305', 'current'), (None, 'no change record'))
        """
        found, how = self._chain(code, since, ONE_TO_ONE)
        if found is None and how == "no change record":
            unit = self._ids.get((since, code))
            if unit and unit[0] in self.current and self._short.get(unit[0]) == unit[1]:
                return unit[0], "unit id, same name"
        return found, how

    def successor(self, code: str, since: int) -> tuple[str | None, str]:
        """Current code of the area of a unit valid in ``since`` (1:1 changes, whole absorption).

        Parameters
        ----------
        code : str
            A county-level code.
        since : int
            A year in which ``code`` was valid.

        Returns
        -------
        (str or None, str)
            As :meth:`recode_one_to_one`, with whole absorptions (:data:`ABSORBING`)
            followed too; a split unit gives None.

        Examples
        --------
        >>> ev = pd.DataFrame({"year": [2015], "type": ["撤销"], "old_code": ["310108"],
        ...     "old_name": ["闸北区"], "new_code": ["310106"], "new_name": ["静安区"],
        ...     "note": [None]})
        >>> DivisionHistory(ev, current_counties={"310106"}).successor("310108", 2010)
        ('310106', '撤销')
        """
        found, how = self._chain(code, since, ONE_TO_ONE | ABSORBING)
        if found is None and how == "no change record":
            unit = self._ids.get((since, code))
            if unit and unit[0] in self.current and self._short.get(unit[0]) == unit[1]:
                return unit[0], "unit id, same name"
        return found, how

    def merged_into(self, code: str, since: int) -> tuple[str | None, str]:
        """Current unit whose area contains a unit valid in ``since`` that was merged into it.

        As :meth:`successor` (1:1 changes and whole absorptions, no ``county_id``
        fallback), and a unit absorbed except a named part (a note ``...除外``) is
        followed too, its ``how`` saying ``except part: <note>``: statistics summed
        into such a successor include that part (approximate). A unit divided among
        several (``析分``, ``分别``) gives None.

        Parameters
        ----------
        code : str
            A county-level code.
        since : int
            A year in which ``code`` was valid.

        Returns
        -------
        (str or None, str)
            ``(current_code, how)`` or ``(None, reason)``.

        Examples
        --------
        >>> note = "撤销渝北区，其行政区域划入两江新区（原渝北区北部 5 镇划归北碚区除外）"
        >>> ev = pd.DataFrame({"year": [2025], "type": ["撤销"], "old_code": ["500112"],
        ...     "old_name": ["渝北区"], "new_code": ["500157"], "new_name": ["两江新区"],
        ...     "note": [note]})
        >>> h = DivisionHistory(ev, current_counties={"500157"})
        >>> h.merged_into("500112", 2020)[0], h.successor("500112", 2020)[0]
        ('500157', None)
        """
        return self._chain(code, since, ONE_TO_ONE | ABSORBING, exceptions_ok=True)

    def merged_from(self, code: str, since: int, until: int) -> list[tuple[int, str, str, str]]:
        """Change events after ``since`` up to ``until`` that moved another unit into ``code``
        (absorptions and exception-splits, their targets followed to the current code).

        Parameters
        ----------
        code : str
            A current county-level code.
        since, until : int
            The years between which (``since < year <= until``) the events count.

        Returns
        -------
        list of (int, str, str, str)
            ``(year, type, old_code, old_name)`` per predecessor, by year.

        Examples
        --------
        >>> ev = pd.DataFrame({"year": [2011], "type": ["撤销"], "old_code": ["500111"],
        ...     "old_name": ["双桥区"], "new_code": ["500111"], "new_name": ["大足区"],
        ...     "note": [None]})
        >>> DivisionHistory(ev, current_counties={"500111"}).merged_from("500111", 2010, 2020)
        [(2011, '撤销', '500111', '双桥区')]
        """
        found = []
        for old, events in self._events.items():
            for ev_year, ev_type, new_code, _note in events:
                if not since < ev_year <= until or ev_type not in ABSORBING or new_code is None:
                    continue
                target, _ = self.merged_into(new_code, ev_year) if new_code != code else (code, "")
                if target == code:
                    found.append((ev_year, ev_type, old, self._names.get(old, "")))
        return sorted(found)

    def notes_of(self, code: str) -> list[str]:
        """The notes of the change events of ``code`` (empty ones left out), by year.

        Parameters
        ----------
        code : str
            A county-level code (old or current).

        Returns
        -------
        list of str

        Examples
        --------
        >>> ev = pd.DataFrame({"year": [2011], "type": ["撤销"], "old_code": ["500225"],
        ...     "old_name": ["大足县"], "new_code": ["500111"], "new_name": ["大足区"],
        ...     "note": ["并入大足区"]})
        >>> DivisionHistory(ev, current_counties={"500111"}).notes_of("500225")
        ['并入大足区']
        """
        return [note for _, _, _, note in self._events.get(code, []) if note]

    def boundary_changes(self, since: int, until: int) -> list[tuple[str, int, str]]:
        """Changes of current units' areas in ``since < year <= until``, one per event.

        A current unit changed when a unit was merged into it (whole or except a part:
        :meth:`merged_into`), or when a change note says the unit was divided (``析分``,
        ``分别``, ...: then the current units among the old and the new code are named).
        Renames and recodes of a whole unit are not changes of area. Transfers of
        townships between counties that the table records without codes are not seen.

        Parameters
        ----------
        since, until : int
            The period (exclusive, inclusive).

        Returns
        -------
        list of (str, int, str)
            ``(current code, year, what happened)``, sorted.

        Examples
        --------
        >>> ev = pd.DataFrame({"year": [2011, 2021], "type": ["撤销", "撤县设区"],
        ...     "old_code": ["500225", "330110"], "old_name": ["大足县", "余杭区"],
        ...     "new_code": ["500111", "330110"], "new_name": ["大足区", "临平区"],
        ...     "note": [None, "杭州设临平区、钱塘区，余杭区析分"]})
        >>> h = DivisionHistory(ev, current_counties={"500111", "330110"})
        >>> for change in h.boundary_changes(2010, 2025):
        ...     print(change)
        ('330110', 2021, '330110 余杭区 divided (撤县设区): 杭州设临平区、钱塘区，余杭区析分')
        ('500111', 2011, '500225 大足县 merged in (撤销)')
        """
        out: set[tuple[str, int, str]] = set()
        for old, events in self._events.items():
            name = self._names.get(old, "")
            for ev_year, ev_type, new_code, note in events:
                if not since < ev_year <= until:
                    continue
                if note and _is_split(note, name) and not _is_exception_only(note, name):
                    for code in sorted({old, new_code or ""} & self.current):
                        out.add((code, ev_year, f"{old} {name} divided ({ev_type}): {note}"))
                    continue
                if ev_type not in ABSORBING or new_code is None:
                    continue
                target, how = self.merged_into(old, ev_year)
                if target is not None:
                    part = ", except a part that went elsewhere" if "except part" in how else ""
                    out.add((target, ev_year, f"{old} {name} merged in ({ev_type}{part})"))
        return sorted(out)
