"""Plain text and Markdown: the encoding is detected, never asked for."""

from __future__ import annotations

import codecs

from tracker.pipeline.readers import LoadError

_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 (with BOM, or detectable), or Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    sample = data[:4096]
    if len(sample) >= 4:
        even_nul = sample[0::2].count(0) / len(sample[0::2])
        odd_nul = sample[1::2].count(0) / len(sample[1::2])
        if odd_nul > 0.3 and even_nul < 0.05:
            return _strict(data, "utf-16-le")
        if even_nul > 0.3 and odd_nul < 0.05:
            return _strict(data, "utf-16-be")
    if b"\x00" in data:
        raise LoadError("is binary data, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    _reject_binary(text)
    return _unix_lines(text)


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise LoadError(f"is not valid {encoding} text ({exc.reason} at byte {exc.start})") from None
    text = text.lstrip("\ufeff")
    _reject_binary(text)
    return _unix_lines(text)


def _unix_lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _reject_binary(text: str) -> None:
    sample = text[:20000]
    # control characters are single bytes in UTF-8: deleting them from the encoded sample counts them
    encoded = sample.encode("utf-8", "surrogatepass")
    controls = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES)) + sample.count("\ufffd")
    if sample and controls / len(sample) > 0.02:
        raise LoadError("is binary data, not text")
