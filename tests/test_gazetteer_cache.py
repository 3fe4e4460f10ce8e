"""The dateline gazetteer's disk cache (newscrawl/gazetteer.py): the pure normalizer gets its
tables passed in; the cache is written once, read back the same, and can be switched off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl import gazetteer
from newscrawl.normalize import dateline


@pytest.fixture
def restore_source() -> Iterator[None]:
    yield
    dateline.set_gazetteer_source(dateline.build_gazetteer_tables)


def test_cache_path_follows_the_environment(tmp_path: Path) -> None:
    assert gazetteer.cache_path({gazetteer.CACHE_DIR_ENV: ""}) is None
    path = gazetteer.cache_path({gazetteer.CACHE_DIR_ENV: str(tmp_path)})
    assert path is not None
    assert path.parent == tmp_path
    assert path.name.startswith("gazetteer-")
    assert path.suffix == ".marshal"
    default = gazetteer.cache_path({"XDG_CACHE_HOME": str(tmp_path / "xdg")})
    assert default is not None
    assert default.parent == tmp_path / "xdg" / "newscrawl"


def test_installed_cache_is_written_then_read(tmp_path: Path, restore_source: None) -> None:
    gazetteer.install({gazetteer.CACHE_DIR_ENV: str(tmp_path)})
    assert dateline.place_country("Najaf") == "IQ"
    (written,) = tmp_path.glob("gazetteer-*.marshal")
    assert not list(tmp_path.glob("*.tmp"))
    assert gazetteer.cached_tables(written) == dateline.build_gazetteer_tables()


def test_unreadable_cache_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer-broken.marshal"
    path.write_bytes(b"not marshal data")
    tables = gazetteer.cached_tables(path)
    assert tables[0]["jordan"] == "JO"
    assert gazetteer.cached_tables(path) == tables  # rewritten, now readable


def test_switched_off_leaves_the_in_memory_build(tmp_path: Path, restore_source: None) -> None:
    gazetteer.install({gazetteer.CACHE_DIR_ENV: ""})
    assert dateline.place_country("Amman") == "JO"
    assert not list(tmp_path.iterdir())
