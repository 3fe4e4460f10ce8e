"""URL canonicalisation and mirror mapping (pure functions)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote, unquote, urlsplit, urlunsplit

# Characters that never need escaping in a path (RFC 3986 unreserved plus sub-delims, ":", "@", "/").
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_PCT = re.compile(r"%[0-9A-Fa-f]{2}")


def _fix_escape(match: re.Match[str]) -> str:
    """Decode an escape of unreserved ASCII; keep every other escape, in upper-case hex."""
    char = chr(int(match.group(0)[1:], 16))
    if char.isascii() and (char.isalnum() or char in "-._~"):
        return char
    return match.group(0).upper()


def normalize_path(path: str) -> str:
    """Percent-encode a path the one consistent way.

    Escapes get upper-case hex, escapes of unreserved ASCII are decoded, raw non-ASCII is
    encoded as UTF-8, and a trailing slash is dropped (except for the root).
    """
    path = _PCT.sub(_fix_escape, path)
    # Encode anything still raw (non-ASCII, spaces), leaving existing escapes alone.
    path = quote(path, safe=_PATH_SAFE + "%")
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return path or "/"


# Query parameters that never change which article is served: campaign, click and share tracking.
TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|gclsrc|dclid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl|ref|ref_src"
    r"|ref_url|ocid|cmpid|icid|traffic_source|__twitter_impression)$",
    re.I,
)
# Characters left as they are in a query key or value (everything but "&", "=" separators, "#").
_QUERY_SAFE = "/:@!$'()*+,;?-._~"


def is_tracking_param(name: str) -> bool:
    """``utm_source``, ``fbclid``, ``gclid``, ``ref``...: a parameter that only tracks the click."""
    return TRACKING_PARAMS.match(unquote(name)) is not None


def _normalize_component(text: str, safe: str = _QUERY_SAFE) -> str:
    """One query key or value, escaped the way :func:`normalize_path` escapes a path."""
    return quote(_PCT.sub(_fix_escape, text), safe=safe + "%")


def query_pairs(query: str) -> list[tuple[str, str | None]]:
    """A query's parameters in page order, escaped one way, tracking parameters left out.

    A value of None is a bare key (``?print``), kept apart from an empty one (``?print=``).
    """
    pairs: list[tuple[str, str | None]] = []
    for part in query.split("&"):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not key or is_tracking_param(key):
            continue
        value_form = _normalize_component(value, _QUERY_SAFE + "=") if sep else None
        pairs.append((_normalize_component(key), value_form))
    return pairs


def canonical_query(query: str, identity_keys: Sequence[str] | None = None) -> str:
    """The query an article is stored under: sorted by key, stable, tracking parameters dropped.

    With ``identity_keys`` only those keys are kept (the first value of each); ``()`` keeps none
    (the path alone names the article). Without them every other parameter is kept, since a
    ``news.asp?id=11460`` site names its articles by the query alone.
    """
    pairs = query_pairs(query)
    if identity_keys is not None:
        wanted = {_normalize_component(k) for k in identity_keys}
        first: dict[str, str | None] = {}
        for key, value in pairs:
            if key in wanted:
                first.setdefault(key, value)
        pairs = list(first.items())
    pairs.sort(key=lambda pair: pair[0])  # stable: repeated keys keep their page order
    return "&".join(key if value is None else f"{key}={value}" for key, value in pairs)


def canonical_article_url(
    url: str, canonical_base: str, identity_keys: Sequence[str] | None = None
) -> str:
    """The key an article is stored under: canonical scheme and host, normalised path, the
    identity query (:func:`canonical_query`), no fragment."""
    parts = urlsplit(url)
    base = urlsplit(canonical_base)
    query = canonical_query(parts.query, identity_keys)
    return urlunsplit((base.scheme, base.netloc, normalize_path(parts.path), query, ""))


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
    "TRACKING_PARAMS",
    "canonical_article_url",
    "canonical_query",
    "host_of",
    "is_tracking_param",
    "normalize_path",
    "query_pairs",
    "strip_mirror_prefix",
    "to_mirror",
]
