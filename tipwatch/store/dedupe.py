"""Content identity: exact duplicates by content hash, near duplicates by MinHash with LSH bands.

Syndicated wire copies and lightly edited reprints are near duplicates: they are kept (each
outlet's page is a fact about that outlet's coverage) but linked in one cluster, so coverage
metrics can count a cluster once instead of as independent reports.

The fingerprint is taken of the story body, not of the page text as stored:
`fingerprint_body` drops what outlets change when they run the same wire story (a headline line
of their own, bylines, "NEW DELHI, Dec 3 (PTI) -" datelines, "(PTI)" / "-- Reuters" credit
lines, "Reporting by ...", very short lines such as "Close" or "Share story"). The body's word
3-shingles are reduced to a MinHash signature of `PERMUTATIONS` 32-bit minima; the share of equal
positions estimates the Jaccard similarity of the two shingle sets. Two articles are near
duplicates when the estimate is at least `NEAR_DUPLICATE_JACCARD`.

Why not SimHash any more: a 64-bit SimHash spends a fixed number of bits whatever the length,
so at news-brief length (about 100 words) a new headline, a dropped sentence and a credit line
move ~16 bits, past any threshold that keeps unrelated articles apart. The MinHash estimate of
Jaccard does not depend on length, and the threshold was set on real syndicated pairs and on the
article-extraction benchmark (bench/near_duplicates.py; docs/choices.md).

Candidates are found in SQL: the signature is cut into `BANDS` bands of `ROWS` values; each band
is stored as one indexed key in `article_lsh_bands`, and an article is a candidate when it shares
at least one key (probability 1-(1-J^ROWS)^BANDS: 0.99 at J=0.35, 0.06 at J=0.1). Rows stored
before the MinHash existed keep their SimHash (`articles.simhash`) and are still matched by it.
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

import numpy as np
from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from tipwatch.store.models import ArticleBandRow, ArticleRow

# --- legacy SimHash (kept for rows stored before the MinHash, and for comparison) -------------
BITS = 64
SIMHASH_BANDS = 8
# The old rule: fingerprints this close are the same story (holds for long articles only).
NEAR_DUPLICATE_DISTANCE = 7

# --- MinHash ------------------------------------------------------------------------------------
SHINGLE = 3
PERMUTATIONS = 128
BANDS = 64
ROWS = PERMUTATIONS // BANDS
# Estimated Jaccard of the bodies' 3-shingle sets at or above which two articles are one story.
# Measured (bench/near_duplicates.py): real syndicated copies of one wire story are at 0.4 or
# more after cleaning; different stories on the same topic and day at 0.2 or less.
NEAR_DUPLICATE_JACCARD = 0.3
# A body shorter than this many words is not fingerprinted for near duplicates (a caption or a
# one-line teaser would match too much); exact duplicates are still found by content hash.
MIN_WORDS = 12

_WORD = re.compile(r"\w+", re.UNICODE)
_MERSENNE = (1 << 61) - 1
_MASK32 = (1 << 32) - 1


def _params() -> list[tuple[int, int]]:
    out = []
    for i in range(PERMUTATIONS):
        d = hashlib.blake2b(f"tipwatch-minhash-{i}".encode(), digest_size=16).digest()
        a = int.from_bytes(d[:8], "big") % (_MERSENNE - 1) + 1
        b = int.from_bytes(d[8:], "big") % _MERSENNE
        out.append((a, b))
    return out


_PARAMS = _params()

_AGENCIES = (
    r"PTI|IANS|ANI|UNI|AP|Associated\s+Press|Reuters|AFP|Agence\s+France[- ]Presse|Bernama|"
    r"Xinhua|NAN|GNA|KNA|APP|CNN|BSS|UNB|RSS|AA|dpa|EFE|Kyodo|Yonhap|TASS|NNN|Lusa|ANA|Sputnik"
)
# "NEW DELHI, Dec 3 (PTI) -", "HELSINKI (AP) —", "BRUSSELS, July 13 (Reuters) -"
_DATELINE_AGENCY = re.compile(
    r"^\s*[A-Z][\w .,'/&-]{0,60}?\(\s*(?:" + _AGENCIES + r")\s*\)\s*(?:[-\u2013\u2014:]+|--)?\s*",
    re.UNICODE,
)
# "HELSINKI — ", "GLASGOW, Scotland -- ", "NEW DELHI, Dec 3: "
_DATELINE_CAPS = re.compile(
    r"^\s*[A-Z][A-Z .'/&-]{2,40}(?:,\s*[A-Z][\w .]{1,30}?)?(?:,\s*\w{3,9}\.?\s+\d{1,2})?"
    r"\s*(?:[\u2013\u2014:]|--?)\s+",
    re.UNICODE,
)
_CREDIT_INLINE = re.compile(r"\(\s*(?:" + _AGENCIES + r")\s*\)|^\s*[-\u2013\u2014]+\s*", re.UNICODE)
_CREDIT_LINE = re.compile(
    r"^\s*(?:[-\u2013\u2014(]*\s*)?(?:(?:by|with|from|via|source|courtesy|photo|image|file)\b"
    r"|(?:reporting|writing|editing|additional\s+reporting)\s+by\b|copyright\b|\u00a9"
    r"|all\s+rights\s+reserved|(?:" + _AGENCIES + r")\s*[)\]]?\s*$)",
    re.IGNORECASE | re.UNICODE,
)
# Lines this short carry no story: navigation ("Close", "Share story"), bylines, datelines.
_MIN_LINE_WORDS = 6
_END_PUNCT = (".", "!", "?", '"', "\u201d", "'", "\u2019", ")", ":")


def _is_headline(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 25 and not line.rstrip().endswith(_END_PUNCT)


def fingerprint_body(text: str) -> str:
    """The story body as near-duplicate detection sees it (headline, credits and bylines gone)."""
    lines = [ln.strip() for ln in text.replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    if len(lines) > 1 and _is_headline(lines[0]):
        lines = lines[1:]
    kept: list[str] = []
    for ln in lines:
        if _CREDIT_LINE.match(ln) and len(ln.split()) <= 12:
            continue
        if len(ln.split()) < _MIN_LINE_WORDS:
            continue
        ln = _DATELINE_AGENCY.sub("", ln, count=1)
        ln = _DATELINE_CAPS.sub("", ln, count=1)
        ln = _CREDIT_INLINE.sub(" ", ln)
        kept.append(ln)
    if not kept:
        # Nothing looked like a body line (a one-paragraph brief): use the words as they are.
        kept = [_CREDIT_INLINE.sub(" ", ln) for ln in lines]
    return "\n".join(kept)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _grams(words: list[str], k: int = SHINGLE) -> list[str]:
    if len(words) < k:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + k]) for i in range(len(words) - k + 1)]


def _gram_hash(gram: str) -> int:
    return int.from_bytes(hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest(), "big")


def _shingle_hashes(words: list[str], k: int = SHINGLE) -> set[int]:
    return {_gram_hash(g) for g in _grams(words, k)}


# (a, b) of every permutation as numpy columns, for `_min_hashes`
_A = np.array([a for a, _ in _PARAMS], dtype=np.uint64)[:, None]
_B = np.array([b for _, b in _PARAMS], dtype=np.uint64)[:, None]
_P = np.uint64(_MERSENNE)
_LOW31 = np.uint64((1 << 31) - 1)
_LOW30 = np.uint64((1 << 30) - 1)


def _mod_p(v: np.ndarray) -> np.ndarray:
    """v mod 2^61-1 for uint64 values (2^61 = 1 mod p, so the high bits fold onto the low)."""
    v = (v & _P) + (v >> np.uint64(61))
    v = (v & _P) + (v >> np.uint64(61))
    return np.where(v >= _P, v - _P, v)


def _min_hashes(hashes: list[int]) -> tuple[int, ...]:
    """min over x of (a*x + b) mod 2^61-1 for every permutation (a, b), low 32 bits: the exact
    integer arithmetic of the definition, in uint64 pieces that cannot overflow (a and x are cut
    into 31-bit halves; 2^62 = 2 and 2^61 = 1 mod p)."""
    x = _mod_p(np.array(hashes, dtype=np.uint64))[None, :]
    a0, a1 = _A & _LOW31, _A >> np.uint64(31)  # a = a1*2^31 + a0, a1 < 2^30
    x0, x1 = x & _LOW31, x >> np.uint64(31)
    high = np.uint64(2) * (a1 * x1)  # a1*x1*2^62 = 2*a1*x1 (< 2^61)
    mid = a1 * x0 + a0 * x1  # < 2^62; mid*2^31 = (mid >> 30) + (mid & 2^30-1) * 2^31
    mid_folded = (mid >> np.uint64(30)) + ((mid & _LOW30) << np.uint64(31))
    total = _mod_p(high) + _mod_p(mid_folded) + _mod_p(a0 * x0) + _B  # each < 2^61: no overflow
    found = _mod_p(total).min(axis=1) & np.uint64(_MASK32)
    return tuple(int(v) for v in found)


def minhash(text: str, *, clean: bool = True) -> tuple[int, ...] | None:
    """MinHash signature of the text's story body, or None when the body is too short."""
    words = _words(fingerprint_body(text) if clean else text)
    if len(words) < MIN_WORDS:
        return None
    # The minimum over the 61-bit permutation, kept as its low 32 bits.
    return _min_hashes(list(_shingle_hashes(words)))


def signature_hex(sig: tuple[int, ...]) -> str:
    return "".join(f"{v:08x}" for v in sig)


def signature_from_hex(value: str) -> tuple[int, ...]:
    return tuple(int(value[i : i + 8], 16) for i in range(0, len(value), 8))


def jaccard_estimate(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def band_keys(sig: tuple[int, ...]) -> list[str]:
    """One key per LSH band: band number and a hash of the band's values (indexed in SQL)."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(
            b"".join(v.to_bytes(4, "big") for v in chunk), digest_size=6
        ).hexdigest()
        keys.append(f"{band:02x}{digest}")
    return keys


def is_near_duplicate(a: tuple[int, ...] | None, b: tuple[int, ...] | None) -> bool:
    return a is not None and b is not None and jaccard_estimate(a, b) >= NEAR_DUPLICATE_JACCARD


# --- legacy SimHash --------------------------------------------------------------------------


def simhash64(text: str, shingle: int = 3) -> int:
    words = _words(text)
    if not words:
        return 0
    hashes = np.array([_gram_hash(g) for g in _grams(words, shingle)], dtype=">u8")
    # bit i of each hash (bit 0 the least significant): +1 where set, -1 where not
    bits = np.unpackbits(hashes.view(np.uint8).reshape(-1, 8)[:, ::-1], axis=1, bitorder="little")
    ones = bits.sum(axis=0, dtype=np.int64)
    positive = 2 * ones > len(hashes)
    return sum(1 << i for i in range(BITS) if positive[i])


def to_hex(value: int) -> str:
    return f"{value:016x}"


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def _simhash_bands(hex16: str) -> list[str]:
    width = 16 // SIMHASH_BANDS
    return [hex16[i * width : (i + 1) * width] for i in range(SIMHASH_BANDS)]


# --- store -----------------------------------------------------------------------------------


def exact_duplicate_of(session: Session, content_hash: str, canonical_url: str) -> str | None:
    """Id of an already stored article with the same text under another URL, if any."""
    return session.scalar(
        select(ArticleRow.id)
        .where(ArticleRow.content_hash == content_hash, ArticleRow.canonical_url != canonical_url)
        .order_by(ArticleRow.created_at, ArticleRow.id)
        .limit(1)
    )


def clear_fingerprint(session: Session, row: ArticleRow) -> None:
    """No fingerprint for the article (its text was not read): no SimHash, MinHash or bands."""
    row.simhash = None
    row.minhash = None
    session.execute(delete(ArticleBandRow).where(ArticleBandRow.article_id == row.id))


class Fingerprint(NamedTuple):
    """An article text's SimHash (16 hex digits) and MinHash signature (None: too few words)."""

    simhash: str
    minhash: tuple[int, ...] | None


def fingerprint_of(text: str) -> Fingerprint:
    """The text's fingerprint: pure CPU, so it can be computed wherever the text is read."""
    return Fingerprint(to_hex(simhash64(text)), minhash(text))


def store_fingerprint(
    session: Session, row: ArticleRow, text: str, fingerprint: Fingerprint | None = None
) -> None:
    """Set the article's SimHash and MinHash (`fingerprint`, computed from `text` when not
    given) and replace its LSH band keys."""
    found = fingerprint if fingerprint is not None else fingerprint_of(text)
    row.simhash = found.simhash
    sig = found.minhash
    row.minhash = signature_hex(sig) if sig is not None else None
    # one DELETE and one multi-row INSERT, not a unit-of-work object per band key (issue 15:
    # the store of an article with text is the main process's largest cost after reading)
    session.execute(delete(ArticleBandRow).where(ArticleBandRow.article_id == row.id))
    if sig is not None:
        session.execute(
            insert(ArticleBandRow),
            [{"article_id": row.id, "band_key": k} for k in band_keys(sig)],
        )


def _has_legacy_rows(session: Session) -> bool:
    """Are there stored articles with a SimHash and no MinHash (fingerprinted before migration
    0009)? Answered from the partial index `ix_articles_legacy_simhash` (migration 0012)."""
    return (
        session.scalar(
            select(ArticleRow.id)
            .where(ArticleRow.minhash.is_(None), ArticleRow.simhash.is_not(None))
            .limit(1)
        )
        is not None
    )


def cluster_for(session: Session, article_id: str, fingerprint: str | None = None) -> str:
    """The cluster id for an article: that of the nearest stored near duplicate, else its own.

    Articles with a MinHash are compared by estimated Jaccard with the articles that share an LSH
    band; stored articles without one (fingerprinted before migration 0009) by SimHash distance.
    `fingerprint` is the article's SimHash hex, read from the row when not given.
    """
    row = session.get(ArticleRow, article_id)
    simhash_hex = fingerprint or (row.simhash if row is not None else None)
    sig = signature_from_hex(row.minhash) if row is not None and row.minhash else None
    # (score, created order) -> cluster; a higher score is nearer.
    best: tuple[float, str] | None = None
    if sig is not None:
        keys = band_keys(sig)
        candidates = (
            select(ArticleBandRow.article_id)
            .where(ArticleBandRow.band_key.in_(keys), ArticleBandRow.article_id != article_id)
            .distinct()
        )
        rows = session.execute(
            select(ArticleRow.id, ArticleRow.minhash, ArticleRow.cluster_id)
            .where(ArticleRow.id.in_(candidates), ArticleRow.minhash.is_not(None))
            .order_by(ArticleRow.created_at, ArticleRow.id)
        ).all()
        for other_id, other_sig, other_cluster in rows:
            if not other_sig:
                continue
            j = jaccard_estimate(sig, signature_from_hex(other_sig))
            if j >= NEAR_DUPLICATE_JACCARD and (best is None or j > best[0]):
                best = (j, other_cluster or other_id)
    if simhash_hex and _has_legacy_rows(session):
        value = int(simhash_hex, 16)
        band_match = [
            ArticleRow.simhash.like(("_" * (i * (16 // SIMHASH_BANDS))) + band + "%")
            for i, band in enumerate(_simhash_bands(simhash_hex))
        ]
        legacy = session.execute(
            select(ArticleRow.id, ArticleRow.simhash, ArticleRow.cluster_id)
            .where(
                ArticleRow.id != article_id,
                ArticleRow.simhash.is_not(None),
                ArticleRow.minhash.is_(None),
                or_(*band_match),
            )
            .order_by(ArticleRow.created_at, ArticleRow.id)
        ).all()
        for other_id, other_hash, other_cluster in legacy:
            if other_hash is None:
                continue
            d = hamming(value, int(other_hash, 16))
            # On the Jaccard scale: distance 0 counts as 1.0, the threshold distance as just
            # above the Jaccard threshold.
            score = 1.0 - d / (2 * (NEAR_DUPLICATE_DISTANCE + 1))
            if d <= NEAR_DUPLICATE_DISTANCE and (best is None or score > best[0]):
                best = (score, other_cluster or other_id)
    return best[1] if best else article_id
