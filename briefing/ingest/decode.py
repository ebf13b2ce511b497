"""Bytes to text: size limits, binary detection, encodings (BOM, UTF-8, detected legacy codecs)."""
from __future__ import annotations

import codecs


class InputError(Exception):
    """A file or record that cannot be read; `reason` is one of models.REJECTION_REASONS."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes) -> str:
    """Decodes text; raises InputError('empty' | 'binary' | 'undecodable')."""
    if not data.strip():
        raise InputError("empty", "the file has no content" if not data else "the file holds only white space")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as e:
                raise InputError("undecodable", f"{codec} with a byte-order mark, but {e.reason} at byte {e.start}")
    guess = _utf16_without_bom(data)
    if guess:
        return guess
    if b"\x00" in data[:8192]:
        raise InputError("binary", "it contains NUL bytes: not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = f"not UTF-8 ({e.reason} at byte {e.start})"
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


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL in every other byte for Latin script."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) > 0.9 * len(zeros) and (even if zeros is odd else odd).count(0) < 0.1 * len(zeros):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > 0.05 * len(sample)
