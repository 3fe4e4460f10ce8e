"""Page bytes to text, one way for the crawl, ``newscrawl extract`` and ``newscrawl eval``.

The order of evidence: a byte-order mark; the HTTP ``Content-Type`` charset; bytes that are
valid multi-byte UTF-8 (they win over any declared single-byte charset, the most common
misdeclaration: a page saved as UTF-8 under a template still saying ``windows-1252`` or
``gb2312``); the charset the page declares itself (``<meta charset>``, ``http-equiv``, an XML
prolog); then detection from the bytes (charset-normalizer), for a legacy page that declares
nothing (a ``windows-1256`` Arabic page with no charset anywhere). Pure functions, no I/O.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-.]+)""")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers (and Scrapy through w3lib) read these labels as their supersets.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "x-sjis": "shift_jis",
    "unicode": "utf-8",
    "utf8": "utf-8",
}
# How much of a large page the detector reads: enough to tell the charset, cheap to run.
_DETECT_BYTES = 64 * 1024
_DETECT_MIN_HIGH_BYTES = 32
# Single-byte Latin-script code pages: a detector's pick among them is a guess.
_LATIN_CODECS = ("cp1250", "cp1252", "cp1254", "cp1257", "latin", "iso8859", "mac-", "cp437", "cp85")


def lookup_codec(name: str | None) -> str | None:
    """Python's codec name for a charset label (as a browser reads it), None if unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def header_charset(content_type: str | bytes | None) -> str | None:
    """The codec named by a ``Content-Type`` header (``text/html; charset=windows-1256``)."""
    if not content_type:
        return None
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    match = _HEADER_CHARSET.search(content_type)
    return lookup_codec(match.group(1)) if match else None


def declared_encoding(raw: bytes) -> str | None:
    """The charset a page declares in its first kilobytes (``<meta charset>``, XML prolog)."""
    head = raw[:8192]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    return lookup_codec(match.group(1).decode("ascii", "ignore"))


def _looks_like_utf8(raw: bytes) -> bool:
    """Valid UTF-8 with at least one multi-byte sequence (plain ASCII says nothing)."""
    if raw.isascii():
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _try(raw: bytes, codec: str | None) -> str | None:
    if not codec or codec.startswith(("utf-16", "utf-32")):
        return None  # a UTF-16/32 label without a BOM: ASCII-compatible bytes in practice
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def detect_encoding(raw: bytes) -> str | None:
    """The charset charset-normalizer reads off the bytes, None when it cannot tell."""
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(raw[:_DETECT_BYTES]).best()
    except Exception:  # a third-party detector: no answer is an answer
        return None
    return lookup_codec(best.encoding) if best is not None else None


def decode_html(raw: bytes, content_type: str | bytes | None = None) -> tuple[str, str]:
    """Decode page bytes, returning ``(text, codec)``; never fails (see the module docstring).

    ``content_type`` is the HTTP ``Content-Type`` header when the page came over HTTP.
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode("utf-8-sig" if name == "utf-8" else name), name
            except UnicodeDecodeError:
                break
    utf8 = _looks_like_utf8(raw)
    from_header = header_charset(content_type)
    # valid multi-byte UTF-8 beats any other label, the header's too
    if from_header and (from_header == "utf-8" or not utf8):
        text = _try(raw, from_header)
        if text is not None:
            return text, from_header
    if utf8:
        return raw.decode("utf-8"), "utf-8"
    declared = declared_encoding(raw)
    text = _try(raw, declared)
    if text is not None and declared is not None:
        return text, declared
    if raw.isascii():
        return raw.decode("ascii"), "utf-8"
    # A few accented letters in a Western page tell a detector too little (it guesses Urdu or
    # Central European code pages): detection is asked only when there is text to go on, and a
    # Latin-script answer means the browsers' default, windows-1252.
    if sum(1 for byte in raw[:_DETECT_BYTES] if byte >= 0x80) >= _DETECT_MIN_HIGH_BYTES:
        detected = detect_encoding(raw)
        if detected is not None and not detected.startswith(_LATIN_CODECS):
            text = _try(raw, detected)
            if text is not None:
                return text, detected
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"
