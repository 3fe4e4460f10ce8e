"""Page bytes to text the way a crawler reads them: byte-order mark, declared charset, UTF-8.

Pure functions (bytes in, text out). The evaluation decodes corpus pages with
:func:`decode_html`; ``newscrawl extract`` still decodes saved pages with w3lib's
``html_to_unicode``, as Scrapy does for fetched responses.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-.]+)""")


def _lookup_codec(name: str) -> str | None:
    name = name.strip().lower()
    # Browsers (and Scrapy via w3lib) read these labels as windows-1252 / their superset.
    aliases = {
        "iso-8859-1": "cp1252",
        "latin1": "cp1252",
        "latin-1": "cp1252",
        "us-ascii": "cp1252",
        "ascii": "cp1252",
        "gb2312": "gb18030",
        "gbk": "gb18030",
        "x-sjis": "shift_jis",
        "unicode": "utf-8",
        "utf8": "utf-8",
    }
    name = aliases.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_encoding(raw: bytes) -> str | None:
    """The charset a page declares in its first kilobytes (``<meta charset>``, XML prolog)."""
    head = raw[:8192]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    return _lookup_codec(match.group(1).decode("ascii", "ignore"))


def decode_html(raw: bytes) -> tuple[str, str]:
    """Decode page bytes as a crawler would, returning ``(text, encoding)``.

    A byte-order mark wins, then the page's declared charset, then UTF-8, then cp1252;
    latin-1 as the last resort never fails. A declared UTF-16/32 without a BOM is ignored
    (pages claiming it are ASCII-compatible in practice), and a declared single-byte charset
    that is contradicted by valid multi-byte UTF-8 gives way to UTF-8, the common misdeclaration.
    """
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(name if name != "utf-8" else "utf-8-sig"), name
            except UnicodeDecodeError:
                break
    declared = declared_encoding(raw)
    if declared and not declared.startswith("utf-16") and not declared.startswith("utf-32"):
        if declared != "utf-8" and _looks_like_utf8(raw):
            return raw.decode("utf-8"), "utf-8"
        try:
            return raw.decode(declared), declared
        except UnicodeDecodeError:
            pass
    for name in ("utf-8", "cp1252"):
        try:
            return raw.decode(name), name
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"


def _looks_like_utf8(raw: bytes) -> bool:
    """Valid UTF-8 with at least some multi-byte sequences (plain ASCII says nothing)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(ord(ch) > 127 for ch in text)
