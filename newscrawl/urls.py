"""URL canonicalisation and mirror mapping (pure functions)."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

# Characters that never need escaping in a path (RFC 3986 unreserved plus sub-delims, ":", "@", "/").
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_PCT = re.compile(r"%[0-9A-Fa-f]{2}")


def normalize_path(path: str) -> str:
    """Percent-encode a path the one consistent way.

    Escapes get upper-case hex, escapes of unreserved ASCII are decoded, raw non-ASCII is
    encoded as UTF-8, and a trailing slash is dropped (except for the root).
    """

    # Decode only escapes of unreserved ASCII; keep every other escape as an escape.
    def _fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(0)[1:], 16))
        if char.isascii() and (char.isalnum() or char in "-._~"):
            return char
        return match.group(0).upper()

    path = _PCT.sub(_fix, path)
    # Encode anything still raw (non-ASCII, spaces), leaving existing escapes alone.
    path = quote(path, safe=_PATH_SAFE + "%")
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return path or "/"


def canonical_article_url(url: str, canonical_base: str) -> str:
    """The key an article is stored under: canonical scheme and host, no query, no fragment."""
    parts = urlsplit(url)
    base = urlsplit(canonical_base)
    return urlunsplit((base.scheme, base.netloc, normalize_path(parts.path), "", ""))


def to_mirror(url: str, mirror_base: str | None) -> str:
    """Point a site URL at a mirror with the same paths (``-a base_url``); no-op without one."""
    if not mirror_base:
        return url
    parts = urlsplit(url)
    mirror = urlsplit(mirror_base)
    prefix = mirror.path.rstrip("/")
    return urlunsplit((mirror.scheme, mirror.netloc, prefix + (parts.path or "/"), parts.query, ""))


def strip_mirror_prefix(path: str, mirror_base: str | None) -> str:
    """Remove a mirror's own path prefix (``http://host/archive``) from a path."""
    if not mirror_base:
        return path
    prefix = urlsplit(mirror_base).path.rstrip("/")
    if prefix and path.startswith(prefix):
        return path[len(prefix) :] or "/"
    return path


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


__all__ = [
    "canonical_article_url",
    "host_of",
    "normalize_path",
    "strip_mirror_prefix",
    "to_mirror",
]
