"""C20: a PDF (or an image, an archive, any binary body) served as `text/html`. The crawl archives
what the server sent; extraction sniffs the bytes and skips the page as `not_html`, naming what
it is, instead of feeding it to trafilatura as markup. Real HTML, also UTF-16 HTML (which has NUL
bytes), is still extracted."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from tests.crawlers.conftest import make_settings
from tests.crawlers.servers import FaultServer, page
from tipwatch.crawlers.run import crawl
from tipwatch.crawlers.source_defs import Source
from tipwatch.crawlers.warc import read_pages
from tipwatch.nlp.article import page_to_article
from tipwatch.records import Article, FetchedPage, Skipped

TEXT = (
    "The district court heard the human trafficking case on Monday. The prosecution said the "
    "accused recruited workers with false promises of jobs and then confiscated their "
    "passports, according to the charge sheet. "
)
ARTICLE = (
    "<!doctype html><html><head><meta charset='{cs}'><title>Court</title></head><body>"
    f"<article><h1>Trafficking trial</h1><p>{TEXT * 2}</p></article></body></html>"
)


def _pdf() -> bytes:
    # What a small PDF looks like: the text is there in the clear, behind PDF syntax.
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"4 0 obj\n<< /Length 200 >>\nstream\nBT /F1 12 Tf 72 712 Td ("
        + TEXT.encode()
        + b") Tj ET\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("article.html", ARTICLE.format(cs="utf-8"))
    return buf.getvalue()


def _nul_bytes() -> bytes:
    # No known signature, but NUL bytes among the text: no HTML in an 8-bit encoding has them.
    return b"<html><body><p>" + TEXT.encode() + b"\x00\x01\x02\x00" * 64 + b"</p></body></html>"


HTML = "text/html; charset=utf-8"
ROUTES = {
    "/robots.txt": page("User-agent: *\nAllow: /\n", content_type="text/plain"),
    "/report.pdf.html": page(_pdf(), content_type=HTML),
    "/photo.html": page(_png(), content_type="text/html"),
    "/bundle.html": page(_zip(), content_type=HTML),
    "/nul.html": page(_nul_bytes(), content_type=HTML),
    "/untyped-pdf": page(_pdf(), content_type=None),
    "/ok.html": page(ARTICLE.format(cs="utf-8"), content_type=HTML),
    # UTF-16 (little-endian, with a byte-order mark): every other byte of the ASCII is a NUL.
    "/utf16.html": page(
        ("\ufeff" + ARTICLE.format(cs="utf-16")).encode("utf-16-le"),
        content_type="text/html; charset=utf-16",
    ),
}


@pytest.fixture(scope="module")
def fetched(tmp_path_factory: pytest.TempPathFactory) -> dict[str, FetchedPage]:
    tmp = tmp_path_factory.mktemp("binary")
    with FaultServer(ROUTES) as server:
        paths = [p for p in ROUTES if p != "/robots.txt"]
        items = "".join(f"<item><title>t</title><link>{server.url(p)}</link></item>" for p in paths)
        feed = f"<rss version='2.0'><channel><title>f</title>{items}</channel></rss>"
        server.routes["/feed.xml"] = page(feed, content_type="application/rss+xml")
        source = Source(
            id="binary",
            name="binary",
            country="IN",
            languages=["en"],
            homepage=server.url("/"),
            feeds=[server.url("/feed.xml")],
        )
        result = crawl(
            [source], tmp / "out", make_settings(tmp / "var"), allow_loopback=True, timeout=90
        )
        assert result.finish_reason == "finished"
        base = server.url("")
    pages = {p.url.removeprefix(base): p for p in read_pages(result.warc_path)}
    assert set(pages) == set(paths)  # every body was fetched and archived as sent
    return pages


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/report.pdf.html", "PDF"),
        ("/photo.html", "PNG image"),
        ("/bundle.html", "zip archive"),
        ("/nul.html", "binary data with NUL bytes"),
        ("/untyped-pdf", "PDF"),
    ],
)
def test_binary_body_under_html_type_is_not_html(
    fetched: dict[str, FetchedPage], path: str, kind: str
) -> None:
    result = page_to_article(fetched[path], "IN")
    assert isinstance(result, Skipped), result
    assert result.reason == "not_html"
    assert result.detail is not None and result.detail.startswith(kind), result.detail


@pytest.mark.parametrize("path", ["/ok.html", "/utf16.html"])
def test_real_html_is_still_extracted(fetched: dict[str, FetchedPage], path: str) -> None:
    result = page_to_article(fetched[path], "IN")
    assert isinstance(result, Article), result
    assert "confiscated their passports" in result.text
