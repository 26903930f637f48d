"""The build script: checksums first, then byte-identical output on every run.

Needs the raw files (``../shared/data/raw`` beside the repository, or
``$CLUSTERATLAS_RAW_DIR``): the tests that take the ``raw_dir`` fixture
(tests/conftest.py) are skipped without them, and fail under ``CI=true`` (CI has them).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bundled_data.build_china import (
    BUNDLED_DIR,
    RawDataError,
    build,
    verify_checksums,
)

ROOT = Path(__file__).resolve().parents[2]


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.name != "README.md"}


@pytest.mark.slow
def test_build_twice_gives_identical_files_equal_to_the_shipped_ones(
    raw_dir: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build-bundled-data"), "--raw-dir", str(raw_dir),
         "--out", str(first)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    build(raw_dir, second)
    one, two = _files(first), _files(second)
    assert sorted(one) == sorted(
        [f"{t}.csv" for t in (
            "regions", "industries", "companies", "company_industries", "region_industries",
            "supply_links", "industry_links", "industry_final_uses", "region_indicators",
            "clusters", "cluster_industries", "industry_crosswalk", "company_placements")]
        + ["manifest.json", "dataset.json"]
    )  # fmt: skip
    assert one == two
    shipped = _files(BUNDLED_DIR)
    stale = [name for name in one if shipped.get(name) != one[name]]
    assert not stale, f"package data is stale, rerun scripts/build-bundled-data: {stale}"
    # the inferred-links dataset is built beside it, byte-identical too
    links_one, links_two = (
        _files(tmp_path / "one-inferred-links"),
        _files(tmp_path / "two-inferred-links"),
    )
    assert sorted(links_one) == sorted(
        [
            "regions.csv",
            "industries.csv",
            "companies.csv",
            "supply_links.csv",
            "manifest.json",
            "dataset.json",
        ]
    )
    assert links_one == links_two
    shipped_links = _files(BUNDLED_DIR.parent / "china-inferred-links")
    stale = [name for name in links_one if shipped_links.get(name) != links_one[name]]
    assert not stale, f"inferred-links data is stale, rerun scripts/build-bundled-data: {stale}"


def test_build_refuses_when_a_checksum_does_not_match(raw_dir: Path, tmp_path: Path) -> None:
    fake = tmp_path / "raw"
    fake.mkdir()
    for item in raw_dir.iterdir():
        if item.name != "SHA256SUMS":
            (fake / item.name).symlink_to(item)
    sums = (raw_dir / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    digest, name = sums[0].split(maxsplit=1)
    sums[0] = f"{'0' * len(digest)}  {name}"
    (fake / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")
    with pytest.raises(RawDataError, match=name.strip()):
        build(fake, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_build_refuses_when_a_listed_file_is_missing(raw_dir: Path, tmp_path: Path) -> None:
    fake = tmp_path / "raw"
    fake.mkdir()
    shutil.copy(raw_dir / "SHA256SUMS", fake / "SHA256SUMS")
    with pytest.raises(RawDataError, match="missing"):
        verify_checksums(fake)


def test_verify_checksums_accepts_the_raw_files(raw_dir: Path) -> None:
    sums = verify_checksums(raw_dir)
    assert "szse_a_share_list_2025.xlsx" in sums and len(sums) == 15
    assert "sw2021_company_industry.jsonl" in sums
