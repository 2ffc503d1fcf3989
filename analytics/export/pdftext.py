"""The printed packet's text layer: what a PDF reader copies, searches and reads aloud.

Chromium writes each font's ToUnicode CMap from the font's own character map, and where
Noto Sans CJK draws a radical and an ideograph with one glyph (心 and the Kangxi radical ⼼,
门 and the simplified radical ⻔) it names the glyph by the lower code point, the radical: the
printed packet looked right but copied as "销售中⼼", and a search for 销售中心 or a name
such as 丁飞 found nothing (about 800 radicals in a department's Chinese packet). The glyphs
are right, so :func:`unified_text_layer` rewrites only the CMaps: every radical or stroke that
has an equivalent ideograph becomes that ideograph (Unicode's Equivalent_Unified_Ideograph:
NFKC for the Kangxi radicals, with which it agrees, and :data:`EQUIVALENT` for the CJK
Radicals Supplement and CJK Strokes, which NFKC leaves alone but for two). The Latin
ligatures get the same (NFKC): the ff glyph was named U+FB00, so "Krippendorff" was not found.
An en dash still reads as a figure dash (U+2012, one glyph again); Unicode makes those two no
equivalents, so it is left as printed.
"""

from __future__ import annotations

import io
import re
import unicodedata

__all__ = ["EQUIVALENT", "unified", "unified_cmap", "unified_text_layer"]

#: the equivalent unified ideograph of each CJK Radicals Supplement (U+2E80-U+2EFF) and CJK
#: Strokes (U+31C0-U+31EF) character that has one, from Unicode 15.0's
#: EquivalentUnifiedIdeograph.txt (U+2E80 and 15 strokes have none and stay as they are)
_EQUIVALENT_TABLE = (
    "2E81:5382 2E82:4E5B 2E83:4E5A 2E84:4E59 2E85:4EBB 2E86:5182 2E87:20628 2E88:5200 "
    "2E89:5202 2E8A:535C 2E8B:353E 2E8C:5C0F 2E8D:5C0F 2E8E:5140 2E8F:5C23 2E90:5C22 "
    "2E91:21BC2 2E92:5DF3 2E93:5E7A 2E94:5F51 2E95:2B739 2E96:5FC4 2E97:5FC3 2E98:624C "
    "2E99:6535 2E9B:65E1 2E9C:65E5 2E9D:6708 2E9E:6B7A 2E9F:6BCD 2EA0:6C11 2EA1:6C35 "
    "2EA2:6C3A 2EA3:706C 2EA4:722B 2EA5:722B 2EA6:4E2C 2EA7:725B 2EA8:72AD 2EA9:738B "
    "2EAA:24D14 2EAB:76EE 2EAC:793A 2EAD:793B 2EAE:25AD7 2EAF:7CF9 2EB0:7E9F 2EB1:7F53 "
    "2EB2:7F52 2EB3:34C1 2EB4:5197 2EB5:2626B 2EB6:7F8A 2EB7:2634C 2EB8:2634B 2EB9:8002 "
    "2EBA:8080 2EBB:807F 2EBC:8089 2EBD:26951 2EBE:8279 2EBF:8279 2EC0:8279 2EC1:864E "
    "2EC2:8864 2EC3:8980 2EC4:897F 2EC5:89C1 2EC6:89D2 2EC7:278B2 2EC8:8BA0 2EC9:8D1D "
    "2ECA:27FB7 2ECB:8F66 2ECC:8FB6 2ECD:8FB6 2ECE:8FB6 2ECF:9091 2ED0:9485 2ED1:9577 "
    "2ED2:9578 2ED3:957F 2ED4:95E8 2ED5:28E0F 2ED6:961D 2ED7:96E8 2ED8:9752 2ED9:97E6 "
    "2EDA:9875 2EDB:98CE 2EDC:98DE 2EDD:98DF 2EDE:2967F 2EDF:98E0 2EE0:9963 2EE1:29810 "
    "2EE2:9A6C 2EE3:9AA8 2EE4:9B3C 2EE5:9C7C 2EE6:9E1F 2EE7:5364 2EE8:9EA6 2EE9:9EC4 "
    "2EEA:9EFE 2EEB:6589 2EEC:9F50 2EED:6B6F 2EEE:9F7F 2EEF:7ADC 2EF0:9F99 2EF1:9F9C "
    "2EF2:4E80 2EF3:9F9F 31C6:200CC 31CF:4E40 31D0:4E00 31D1:4E28 31D2:4E3F 31D3:4E3F "
    "31D4:4E36 31D5:200CD 31D6:4E5B 31D7:200CA 31D8:200CE 31D9:2010C 31DA:4E85 31DB:21FE8 "
    "31DC:200CB 31DD:4E40 31DE:200D1 31DF:4E5A 31E0:4E59 31E1:2010E "
)
EQUIVALENT: dict[str, str] = {
    chr(int(radical, 16)): chr(int(ideograph, 16))
    for radical, ideograph in (pair.split(":") for pair in _EQUIVALENT_TABLE.split())
}
#: the blocks whose NFKC form is the text: the Kangxi radicals and the Latin ligatures
_NFKC = (("\u2f00", "\u2fdf"), ("\ufb00", "\ufb06"))

_HEX = rb"<([0-9A-Fa-f]*)>"
_SECTION = re.compile(rb"\d+\s+begin(bfchar|bfrange)\b(.*?)end\1", re.S)
_CHAR = re.compile(_HEX + rb"\s*" + _HEX)
_RANGE = re.compile(_HEX + rb"\s*" + _HEX + rb"\s*(?:" + _HEX + rb"|\[([^\]]*)\])")
_PER_SECTION = 100  # a CMap section holds at most 100 entries (PDF 1.7, 9.10.3)


def unified(text: str) -> str:
    """``text`` with each radical or stroke that has an equivalent ideograph replaced by it,
    and each Latin ligature by its letters."""
    return "".join(_unified(c) for c in text)


def _unified(c: str) -> str:
    if any(lo <= c <= hi for lo, hi in _NFKC):
        return unicodedata.normalize("NFKC", c)
    return EQUIVALENT.get(c, c)


def _text(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode("ascii")).decode("utf-16-be", "surrogatepass")


def _hex(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass").hex().upper().encode("ascii")


def _code(number: int, digits: int) -> bytes:
    return f"{number:0{digits}X}".encode("ascii")


def _sections(kind: bytes, entries: list[bytes]) -> bytes:
    out = b""
    for i in range(0, len(entries), _PER_SECTION):
        part = entries[i : i + _PER_SECTION]
        out += b"%d begin%s\n%s\nend%s\n" % (len(part), kind, b"\n".join(part), kind)
    return out


def _range_texts(lo: int, hi: int, first: bytes | None, listed: bytes | None) -> list[str]:
    if listed is not None:
        return [_text(h) for h in re.findall(_HEX, listed)]
    units = bytes.fromhex(first.decode("ascii"))  # the last code unit counts up the range
    last = int.from_bytes(units[-2:], "big")
    return [
        (units[:-2] + ((last + i) & 0xFFFF).to_bytes(2, "big")).decode("utf-16-be", "surrogatepass")
        for i in range(hi - lo + 1)
    ]


def _unified_chars(body: bytes) -> bytes | None:
    """A bfchar section's entries with the destinations unified, or None when none changes."""
    pairs = [(src, _text(dst)) for src, dst in _CHAR.findall(body)]
    if all(unified(t) == t for _, t in pairs):
        return None
    return _sections(b"bfchar", [b"<%s> <%s>" % (src, _hex(unified(t))) for src, t in pairs])


def _unified_ranges(body: bytes) -> bytes | None:
    """A bfrange section's ranges, each with a radical in it turned into one bfchar entry a
    code, or None when no range has one."""
    kept, chars = [], []
    for m in _RANGE.finditer(body):
        lo, hi = int(m[1], 16), int(m[2], 16)
        texts = _range_texts(lo, hi, m[3], m[4])
        if all(unified(t) == t for t in texts):
            kept.append(m[0])
        else:
            chars += [
                b"<%s> <%s>" % (_code(lo + i, len(m[1])), _hex(unified(t)))
                for i, t in enumerate(texts)
            ]
    if not chars:
        return None
    return _sections(b"bfrange", kept) + _sections(b"bfchar", chars)


def unified_cmap(cmap: bytes) -> bytes:
    """A ToUnicode CMap with each destination :func:`unified`; a section this does not read
    (anything but ``<hex>`` entries, or hex that is no UTF-16) is left as it is, and so is one
    with nothing to change."""

    def section(m: re.Match) -> bytes:
        kind, body = m[1], m[2]
        pattern = _CHAR if kind == b"bfchar" else _RANGE
        if pattern.sub(b"", body).strip():
            return m[0]
        try:
            fixed = _unified_chars(body) if kind == b"bfchar" else _unified_ranges(body)
        except (ValueError, UnicodeDecodeError):  # odd hex, a lone byte: not text to fix
            return m[0]
        return m[0] if fixed is None else fixed.rstrip()

    return _SECTION.sub(section, cmap)


def _get(dictionary, key: str):
    """``dictionary[key]`` resolved, or None."""
    value = dictionary.get(key)
    return None if value is None else value.get_object()


def _to_unicode_streams(pdf) -> list:
    """Every font's ToUnicode stream in ``pdf`` (a pypdf writer), through the pages' resources,
    their form XObjects' and the Type 3 fonts' own."""
    from pypdf.generic import StreamObject

    streams, seen = {}, set()

    def visit(resources) -> None:
        if resources is None or id(resources) in seen:
            return
        seen.add(id(resources))
        for ref in (_get(resources, "/Font") or {}).values():
            font = ref.get_object()
            stream = _get(font, "/ToUnicode")
            if isinstance(stream, StreamObject):
                streams[id(stream)] = stream
            visit(_get(font, "/Resources"))
        for ref in (_get(resources, "/XObject") or {}).values():
            xobject = ref.get_object()
            if _get(xobject, "/Subtype") == "/Form":
                visit(_get(xobject, "/Resources"))

    for page in pdf.pages:
        visit(_get(page, "/Resources"))
    return list(streams.values())


def unified_text_layer(pdf: bytes) -> bytes:
    """``pdf`` with every ToUnicode CMap :func:`unified`: the same pages and glyphs, a text
    layer of ideographs instead of radicals. Returned as it is when no CMap changes."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    changed = False
    for stream in _to_unicode_streams(writer):
        cmap = stream.get_data()
        fixed = unified_cmap(cmap)
        if fixed != cmap:
            stream.set_data(fixed)
            changed = True
    if not changed:
        return pdf
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
