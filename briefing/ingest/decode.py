"""Bytes to text: size limits, binary detection, encodings (BOM, UTF-8, detected legacy codecs)."""
from __future__ import annotations

import codecs

from ..errors import BriefingError


class InputError(BriefingError):
    """A file or record that cannot be read; `reason` is one of models.REJECTION_REASONS."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes) -> str:
    """Decodes text; raises InputError('empty' | 'binary' | 'undecodable')."""
    if not data or data.isspace():  # (no copy of a big file, unlike strip())
        raise InputError("empty", "the file has no content" if not data else "the file holds only white space")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as e:
                raise InputError("undecodable", f"{codec} with a byte-order mark, but {e.reason} at byte {e.start}")
    guess = _wide_unicode_without_bom(data)
    if guess:
        return guess
    if b"\x00" in data[:8192]:
        raise InputError("binary", "it contains NUL bytes: not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = f"not UTF-8 ({e.reason} at byte {e.start})"
    western = _western(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError("undecodable", f"{utf8_error} and no other text encoding fits")
    if _looks_binary(data):
        raise InputError("binary", "mostly control bytes: not a text file")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as e:
        raise InputError("undecodable", f"{utf8_error}; detected {best.encoding} but: {e}")


def _wide_unicode_without_bom(data: bytes) -> str | None:
    """UTF-32 or UTF-16 text without a BOM: NUL bytes fall in fixed positions of each code unit
    (most of them for Latin script, still many for Greek, Cyrillic or CJK)."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    for width, codec_le, codec_be in ((4, "utf-32-le", "utf-32-be"), (2, "utf-16-le", "utf-16-be")):
        columns = [sample[i::width] for i in range(width)]
        share = [c.count(0) / max(1, len(c)) for c in columns]
        if width == 4:
            le = share[2] > 0.9 and share[3] > 0.9 and share[0] < 0.1
            be = share[0] > 0.9 and share[1] > 0.9 and share[3] < 0.1
        else:
            le = share[1] > 0.4 and share[0] < 0.05
            be = share[0] > 0.4 and share[1] < 0.05
        for ok, codec in ((le, codec_le), (be, codec_be)):
            if ok:
                try:
                    return data.decode(codec)
                except UnicodeDecodeError:
                    return None
    return None


_WESTERN = set("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ‘’“”–—…€«»°£§©®·½¼¾ªº¿¡")


def _western(data: bytes) -> str | None:
    """cp1252 (a superset of Latin-1's printable range) when every non-ASCII character it gives is a
    Western European letter or common typographic sign: the usual case of a non-UTF-8 news text."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    extra = [ch for ch in text if ord(ch) > 127]
    return text if extra and all(ch in _WESTERN for ch in extra) else None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > 0.05 * len(sample)
