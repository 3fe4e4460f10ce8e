"""Where the archive lives: ``NEWSCRAWL_ARCHIVE_DIR`` (setting or environment), else beside the database."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "NEWSCRAWL_ARCHIVE_DIR"
# A value that turns the archive off: ``-s NEWSCRAWL_ARCHIVE_DIR=off`` (or an empty value).
OFF_VALUES = frozenset({"", "off", "none", "no", "false", "0"})
DEFAULT_DIR = "archive"


def archive_dir(setting: str | None, database_url: str) -> Path | None:
    """The archive folder, or None when the archive is off.

    An explicit value (Scrapy setting, then environment) wins. Otherwise the archive sits next
    to the embedded SQLite database (``sqlite:///data/newscrawl.db`` -> ``data/archive``), and
    for a server database in ``./archive`` of the working directory (deployments set it).
    """
    value = setting if setting is not None else os.environ.get(ENV_VAR)
    if value is not None:
        return None if value.strip().lower() in OFF_VALUES else Path(value).expanduser()
    prefix = "sqlite:///"
    if database_url.startswith(prefix):
        database = database_url[len(prefix) :].split("?", 1)[0]
        if database and database != ":memory:":
            return Path(database).expanduser().parent / DEFAULT_DIR
    return Path(DEFAULT_DIR)
