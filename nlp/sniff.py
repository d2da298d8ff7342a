"""What a response body really is, whatever its `Content-Type` says (issue 14, C20).

Servers label PDFs, images and archives `text/html`; trafilatura would parse the bytes as
markup. `binary_kind` looks at the first KiB: known magic numbers first, then NUL bytes, which
no HTML in an 8-bit or UTF-8 encoding contains (UTF-16/32 pages, with a byte-order mark or a
declared charset, are not judged by NULs).
"""

from __future__ import annotations

import re

SNIFF_BYTES = 1024
# (magic prefix, name), as in the WHATWG MIME sniffing table; checked after leading whitespace.
# Only signatures no HTML page starts with.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"\x7fELF", "ELF executable"),
)
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_WIDE_CHARSET = re.compile(r"charset\s*=\s*[\"']?(utf-?16|utf-?32|ucs-?2)", re.I)


def binary_kind(body: bytes, content_type: str = "") -> str | None:
    """A short name of the binary format `body` is in ("PDF", "PNG image", "binary data with NUL
    bytes" ...), or None if it may be text."""
    head = body[:SNIFF_BYTES]
    start = head.lstrip(b" \t\r\n\x0c")
    for magic, name in _MAGIC:
        if start.startswith(magic):
            return name
    if start[4:12] in (b"ftypisom", b"ftypmp42") or start[8:12] == b"WEBP":
        return "media file"
    wide = head.startswith(_WIDE_BOMS) or _WIDE_CHARSET.search(content_type) is not None
    if b"\x00" in head and not wide:
        return "binary data with NUL bytes"
    return None
