"""Write ``tests/data/synthetic_spain/``: a SYNTHETIC, non-China dataset in the documented format.

Real names and codes (Spanish provinces and autonomous communities with INE codes,
HS 2022 sections and chapters, coordinates of the provincial capitals); every number
is MADE UP (exports by province and chapter, the national series, the input-output
table, the companies and their links), shaped to look plausible (Castellón's
ceramics, Almería's vegetables, Tarragona's chemicals), NOT official statistics.
It exercises what the bundled China data cannot: user region levels
(``comunidad``, ``provincia``), a user scheme (``HS``) with two industry levels, a
measure that is not employment (``exports``, EUR million), codes with leading zeros,
an I-O table in the same scheme as E. Run ``python tests/data/make_synthetic_spain.py``
to rewrite the files (deterministic).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parent / "synthetic_spain"

REGIONS = [
    ("ES", "España", "country", None, -3.70, 40.42),
    ("CT", "Cataluña", "comunidad", "ES", None, None),
    ("VC", "Comunitat Valenciana", "comunidad", "ES", None, None),
    ("AN", "Andalucía", "comunidad", "ES", None, None),
    ("08", "Barcelona", "provincia", "CT", 2.17, 41.39),
    ("17", "Girona", "provincia", "CT", 2.82, 41.98),
    ("25", "Lleida", "provincia", "CT", 0.62, 41.62),
    ("43", "Tarragona", "provincia", "CT", 1.25, 41.12),
    ("03", "Alicante/Alacant", "provincia", "VC", -0.48, 38.35),
    ("12", "Castellón/Castelló", "provincia", "VC", -0.04, 39.99),
    ("46", "Valencia/València", "provincia", "VC", -0.38, 39.47),
    ("04", "Almería", "provincia", "AN", -2.46, 36.84),
    ("29", "Málaga", "provincia", "AN", -4.42, 36.72),
    ("41", "Sevilla", "provincia", "AN", -5.98, 37.39),
]

SECTIONS = {
    "I": "Live animals; animal products",
    "II": "Vegetable products",
    "IV": "Prepared foodstuffs; beverages",
    "VI": "Products of the chemical industries",
    "XI": "Textiles and textile articles",
    "XII": "Footwear, headgear",
    "XIII": "Articles of stone, ceramic and glass",
    "XVI": "Machinery and electrical equipment",
    "XVII": "Vehicles, aircraft and transport equipment",
}
CHAPTERS = {
    "02": ("Meat and edible offal", "I"),
    "03": ("Fish and crustaceans", "I"),
    "07": ("Edible vegetables", "II"),
    "08": ("Edible fruit and nuts", "II"),
    "20": ("Preparations of vegetables and fruit", "IV"),
    "22": ("Beverages, spirits and vinegar", "IV"),
    "29": ("Organic chemicals", "VI"),
    "30": ("Pharmaceutical products", "VI"),
    "61": ("Apparel, knitted or crocheted", "XI"),
    "64": ("Footwear", "XII"),
    "69": ("Ceramic products", "XIII"),
    "84": ("Machinery and mechanical appliances", "XVI"),
    "85": ("Electrical machinery and equipment", "XVI"),
    "87": ("Vehicles other than railway", "XVII"),
    "88": ("Aircraft and spacecraft", "XVII"),
}

# made-up exports 2022, EUR million, by province and chapter
EXPORTS_2022 = {
    "08": {"30": 8000, "87": 7000, "85": 4000, "84": 4500, "29": 3000, "61": 2500, "02": 1200,
           "22": 900, "20": 500, "03": 150, "08": 300, "07": 200, "69": 150, "64": 300, "88": 50},
    "17": {"02": 1800, "22": 200, "84": 600, "85": 300, "29": 400, "30": 200, "61": 100,
           "20": 150, "08": 100, "07": 80},
    "25": {"08": 900, "02": 1100, "20": 200, "84": 300, "22": 120, "07": 100},
    "43": {"29": 6000, "30": 300, "84": 400, "22": 300, "08": 200, "20": 150, "85": 200},
    "03": {"64": 1800, "08": 700, "07": 600, "61": 400, "84": 400, "85": 300, "69": 200,
           "20": 300, "29": 250},
    "12": {"69": 3800, "29": 600, "08": 700, "84": 300, "85": 100, "20": 100},
    "46": {"87": 3500, "08": 2500, "07": 600, "69": 500, "84": 900, "85": 500, "20": 400,
           "29": 700, "61": 300, "64": 200, "22": 200},
    "04": {"07": 3500, "08": 800, "20": 200, "84": 100},
    "29": {"07": 400, "08": 700, "20": 300, "85": 300, "84": 200, "88": 100, "30": 150, "22": 100},
    "41": {"88": 1800, "07": 600, "08": 500, "20": 900, "84": 400, "85": 300, "02": 300, "29": 200,
           "22": 150},
}  # fmt: skip

# made-up input-output coefficients a_ij (input of i per unit of j's output), 2021
COEFFICIENTS = {
    ("02", "20"): 0.08, ("07", "20"): 0.18, ("08", "20"): 0.15, ("08", "22"): 0.10,
    ("29", "30"): 0.22, ("29", "61"): 0.06, ("29", "69"): 0.08, ("29", "29"): 0.15,
    ("84", "87"): 0.12, ("85", "87"): 0.10, ("85", "84"): 0.09, ("84", "88"): 0.14,
    ("85", "88"): 0.11, ("84", "84"): 0.07, ("61", "64"): 0.05, ("03", "20"): 0.03,
    ("69", "84"): 0.01, ("30", "02"): 0.01, ("22", "20"): 0.02,
}  # fmt: skip


def build() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(2022)
    regions = pd.DataFrame(REGIONS, columns=["code", "name", "level", "parent_code", "lon", "lat"])
    industries = pd.DataFrame(
        [(s, name, "HS", "section", None) for s, name in SECTIONS.items()]
        + [(c, name, "HS", "chapter", s) for c, (name, s) in CHAPTERS.items()],
        columns=["code", "name", "scheme", "level", "parent_code"],
    )
    rows = []
    growth = {c: 0.92 + 0.12 * rng.random() for c in CHAPTERS}  # 2021 = 2022 x growth
    for region, values in EXPORTS_2022.items():
        for chapter, value in values.items():
            rows.append((region, chapter, 2022, "exports", float(value)))
            rows.append((region, chapter, 2021, "exports", round(value * growth[chapter], 1)))
    national = {c: sum(v.get(c, 0) for v in EXPORTS_2022.values()) for c in CHAPTERS}
    for chapter, total in national.items():  # national exports 2015-2022 (made-up path)
        trend, level = 0.02 + 0.05 * rng.random(), float(total)
        for year in range(2022, 2014, -1):
            rows.append(("ES", chapter, year, "exports", round(level * 1.1, 1)))
            level /= 1 + trend + 0.06 * rng.standard_normal()
    output = {c: round(3.0 * national[c] + 2000.0 + 500 * rng.random(), 1) for c in CHAPTERS}
    flows = {(i, j): round(a * output[j], 1) for (i, j), a in COEFFICIENTS.items()}
    for chapter in CHAPTERS:
        used = sum(z for (i, _), z in flows.items() if i == chapter)
        rows.append(("ES", chapter, 2021, "gross_output", output[chapter]))
        rows.append(("ES", chapter, 2021, "final_use", round(output[chapter] - used, 1)))
    region_industries = pd.DataFrame(
        rows, columns=["region_code", "industry_code", "year", "measure", "value"]
    )
    industry_links = pd.DataFrame(
        [(i, j, 2021, z, round(z / output[j], 12)) for (i, j), z in sorted(flows.items())],
        columns=["from_code", "to_code", "year", "flow", "coefficient"],
    )
    companies = pd.DataFrame(
        [
            ("SYN:PHARMA", "Synthetic Pharma SA (made up)", None, None, "08", 9000.0, 2500.0),
            ("SYN:PARTS", "Synthetic Parts SL (made up)", None, None, "08", 1200.0, 300.0),
            ("SYN:MOTORS", "Synthetic Motors SA (made up)", None, None, "46", 15000.0, 4000.0),
            ("SYN:CERAMIC", "Synthetic Ceramics SL (made up)", None, None, "12", 2000.0, 400.0),
            ("SYN:AERO", "Synthetic Aero SA (made up)", None, None, "41", 6000.0, 1800.0),
            ("SYN:CHEM", "Synthetic Chemicals SA (made up)", None, None, "43", 3000.0, 900.0),
        ],
        columns=["id", "name", "exchange", "ticker", "region_code", "employees", "revenue"],
    )
    company_industries = pd.DataFrame(
        {
            "company_id": companies["id"],
            "industry_code": ["30", "85", "87", "69", "88", "29"],
            "share": 1.0,
            "primary": True,
        }
    )
    supply_links = pd.DataFrame(
        [
            ("SYN:CHEM", "SYN:PHARMA", 2022, 120.0, 0.2),
            ("SYN:PARTS", "SYN:MOTORS", 2022, 300.0, 0.1),
            ("SYN:PARTS", "SYN:AERO", 2022, 80.0, 0.05),
            ("SYN:CHEM", "SYN:CERAMIC", 2022, 40.0, 0.1),
        ],
        columns=["supplier_id", "customer_id", "year", "value", "share"],
    ).assign(source="made up for tests", inferred=False)
    return {
        "regions": regions,
        "industries": industries,
        "region_industries": region_industries,
        "industry_links": industry_links,
        "companies": companies,
        "company_industries": company_industries,
        "supply_links": supply_links,
    }


DATASET_JSON = {
    "name": "synthetic-spain-exports",
    "source": "SYNTHETIC test data, not official statistics (tests/data/synthetic_spain)",
    "description": "Made-up exports of ten Spanish provinces by HS chapter, 2021-2022, with a "
    "made-up national series and input-output table; real names and codes.",
    "region_levels": ["comunidad", "provincia"],
    "units": {"exports": "EUR million", "gross_output": "EUR million", "final_use": "EUR million"},
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, frame in build().items():
        frame.to_csv(OUT / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
    text = json.dumps(DATASET_JSON, ensure_ascii=False, indent=2) + "\n"
    (OUT / "dataset.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
