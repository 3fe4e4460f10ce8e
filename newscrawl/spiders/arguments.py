"""Checks of the spider's ``-a`` values that need no site: each returns the value to use or
raises ``SpiderArgumentError`` with a message naming the argument and what it accepts."""

from __future__ import annotations

import re
from datetime import date

BASE_URL = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+(?::\d+)?(?:/[^?#]*)?$")
MAX_URL_LIST = 1_000_000


class SpiderArgumentError(ValueError):
    """A ``-a`` argument the spider cannot use; the message names it and what is accepted."""


def check_base_url(value: str | None) -> str | None:
    if not value:
        return None
    if not BASE_URL.match(value):
        raise SpiderArgumentError(
            f"base_url must look like http://HOST[:PORT][/PATH], got {value!r}"
        )
    return value.rstrip("/")


def check_max_pages(value: str | int | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SpiderArgumentError(f"max_pages must be a positive integer, got {value!r}") from None
    if number < 1:
        raise SpiderArgumentError(f"max_pages must be a positive integer, got {value!r}")
    return number


def check_since(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SpiderArgumentError(f"since must be a date as YYYY-MM-DD, got {value!r}") from None


def check_urls(value: str | None) -> list[str] | None:
    if not value:
        return None
    try:
        with open(value, encoding="utf-8-sig") as handle:
            lines = [line.strip() for line in handle]
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise SpiderArgumentError(
            f"urls: cannot read {value!r} ({reason}); give a text file of URLs"
        ) from None
    listed = [line for line in lines if line and not line.startswith("#")]
    if not listed:
        raise SpiderArgumentError(f"urls: {value!r} lists no URLs (one URL a line)")
    if len(listed) > MAX_URL_LIST:
        raise SpiderArgumentError(f"urls: {value!r} lists more than {MAX_URL_LIST} URLs; split it")
    return listed
