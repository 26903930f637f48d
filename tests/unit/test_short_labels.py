"""The short English labels of the pages (graph/views/style.py ``short_label``): every
long NBS 42-sector and GB/T 4754 section name of the bundled data has a distinct short
form that fits one or two label lines, the rule for other names works as documented, and
a ``--lang en`` page draws the short form while its name and tooltip keep the full one."""

from __future__ import annotations

import pytest

from clusteratlas.graph.definitions.lang import localise
from clusteratlas.graph.views import supply_chain_view
from clusteratlas.graph.views.style import (
    SHORT_ENGLISH,
    SHORT_LABEL_LETTERS,
    short_label,
    wrap_label,
)


@pytest.fixture(scope="module")
def english_sectors(china):
    ind = localise(china, "en").industries
    ind = ind[ind["scheme"].isin(["NBS42", "GB4754"])]
    return dict(zip(ind["code"].astype(str), ind["name"].astype(str), strict=True))


def test_every_long_sector_name_has_a_curated_short_form(english_sectors):
    long = {c: n for c, n in english_sectors.items() if len(n) > SHORT_LABEL_LETTERS}
    assert len(long) >= 30  # NBS42 has 42 sectors, most named in more than 24 letters
    missing = {c: n for c, n in long.items() if n not in SHORT_ENGLISH}
    assert missing == {}
    for name in long.values():
        short = short_label(name)
        assert short == SHORT_ENGLISH[name] and len(short) <= SHORT_LABEL_LETTERS, name
        assert "…" not in short


def test_short_forms_keep_sectors_apart(english_sectors):
    # two sectors drawn with one label would be confused: the short forms are distinct,
    # per scheme (GB4754 sections and NBS42 sectors share names, e.g. Construction)
    for scheme in ("NBS42", "GB4754"):
        names = [n for c, n in english_sectors.items() if c.startswith(scheme + ":")]
        shorts = [short_label(n) for n in names]
        assert len(set(shorts)) == len(set(names)), scheme


def test_the_rule_for_other_names_worked_by_hand():
    # 1. no longer than 24 characters: unchanged ("Mining and quarrying" is 20)
    assert short_label("Mining and quarrying") == "Mining and quarrying"
    # 2. a trailing parenthesis is dropped, then the curated form is looked up
    assert short_label("Real estate (GB4754 section)") == "Real estate"
    assert short_label("Finance (GB4754 section)") == "Finance (GB4754 section)"  # 24: short
    assert short_label("Transport, storage, and postal services (GB4754 section)") == (
        "Transport & storage"
    )
    # 3. not curated: cut before the first "," / " and " / " (" leaving >= 8 characters.
    # "Manufacture of toys, dolls and games" (36 chars): "," at 19 -> "Manufacture of toys…"
    assert short_label("Manufacture of toys, dolls and games") == "Manufacture of toys…"
    # " and " at 3 leaves 3 characters (< 8): skipped; the next cut, "," at 23, is used
    assert short_label("Ice and snow sports gear, skis and boards") == "Ice and snow sports gear…"
    # no cut place: whole (29 characters)
    assert short_label("Manufacture of semiconductors") == "Manufacture of semiconductors"
    # Chinese names are never shortened, however long
    zh = "通信设备、计算机和其他电子设备制造业"
    assert short_label(zh) == zh and wrap_label(zh) == "通信设备、计算机和\n其他电子设备制造业"


def test_wrap_label_draws_the_short_form_unless_told_not_to():
    full = "Manufacture of communication equipment, computers and other electronic equipment"
    assert wrap_label(full) == "Computers &\nelectronics"
    # unshortened, the name is broken at the comma nearest its middle, its tail again
    assert wrap_label(full, short=False) == (
        "Manufacture of communication equipment,\ncomputers and other\nelectronic equipment"
    )


def test_english_page_draws_short_labels_and_keeps_full_names(china):
    view = supply_chain_view(localise(china, "en"), regions=["320583"])
    a = view.graph.nodes["NBS42:20"]
    full = "Manufacture of communication equipment, computers and other electronic equipment"
    assert a["name"] == full and a["tooltip"].startswith(full + " (NBS42:20)")
    assert a["label"].startswith("Computers &\nelectronics")
    labels = [str(b["label"]).split("\n")[0] for _, b in view.graph.nodes(data=True)]
    assert all(len(line) <= 20 for line in labels), labels  # lines as wide as 9 CJK chars
