"""The packet PDF's text layer (analytics.export.pdftext): a ToUnicode CMap's radicals become
the ideographs Noto Sans CJK draws with the same glyph, in single entries and in ranges, and a
CMap without one is left byte for byte. The printed packet's text: tests/test_packet.py."""

from __future__ import annotations

import re
import unicodedata

from analytics.export.pdftext import EQUIVALENT, unified, unified_cmap

HEAD = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
"""
TAIL = b"""endcmap
CMapName currentdict /CMap defineresource pop
end
end"""


def _map(cmap: bytes) -> dict[int, str]:
    """The code -> text a CMap of bfchar and bfrange entries (one-byte codes, BMP text) says."""
    out = {}
    for kind, body in re.findall(rb"begin(bfchar|bfrange)(.*?)end\1", cmap, re.S):
        values = [int(h, 16) for h in re.findall(rb"<([0-9A-F]+)>", body)]
        step = 2 if kind == b"bfchar" else 3
        for i in range(0, len(values), step):
            if kind == b"bfchar":
                out[values[i]] = chr(values[i + 1])
            else:
                lo, hi, first = values[i : i + 3]
                out.update({lo + k: chr(first + k) for k in range(hi - lo + 1)})
    return out


def test_radicals_in_entries_and_ranges_become_the_ideographs():
    """Chromium's CMap for a Type 3 subset of Noto Sans CJK: 心 written as the Kangxi radical
    U+2F3C, 门 as the simplified radical U+2ED4 (no NFKC form: Unicode's equivalent ideograph),
    and a range that runs over U+2F00-U+2F02 (一丨丶)."""
    cmap = (
        HEAD
        + b"3 beginbfchar\n<2C> <6548>\n<EF> <2F3C>\n<F0> <2ED4>\nendbfchar\n"
        + b"2 beginbfrange\n<10> <12> <2F00>\n<20> <22> <4E00>\nendbfrange\n"
        + TAIL
    )
    fixed = unified_cmap(cmap)
    assert fixed.startswith(HEAD) and fixed.endswith(TAIL)
    assert _map(fixed) == {
        0x2C: "\u6548",
        0xEF: "心",
        0xF0: "门",
        0x10: "一",
        0x11: "丨",
        0x12: "丶",
        0x20: "一",
        0x21: "丁",
        0x22: "丂",
    }
    assert b"<20> <22> <4E00>" in fixed  # a range without a radical stays a range


def test_a_cmap_without_radicals_or_that_it_cannot_read_is_left_as_it_is():
    cmap = HEAD + b"2 beginbfchar\n<2C> <6548>\n<2D> <0041>\nendbfchar\n" + TAIL
    assert unified_cmap(cmap) == cmap
    odd = HEAD + b"2 beginbfchar\n<2C> <2F3>\n<2D> <2F3C>\nendbfchar\n" + TAIL  # odd hex
    assert unified_cmap(odd) == odd


def test_a_long_section_is_written_in_sections_of_at_most_a_hundred():
    entries = b"\n".join(b"<%02X> <%04X>" % (i, 0x2F00 + i) for i in range(150))
    fixed = unified_cmap(HEAD + b"150 beginbfchar\n" + entries + b"\nendbfchar\n" + TAIL)
    assert b"100 beginbfchar" in fixed and b"50 beginbfchar" in fixed
    assert _map(fixed) == {i: unicodedata.normalize("NFKC", chr(0x2F00 + i)) for i in range(150)}


def test_every_radical_with_an_equivalent_becomes_an_ideograph():
    """The Kangxi radicals by NFKC, the supplement and strokes by the table; U+2E80 (RADICAL
    REPEAT) has no equivalent and stays."""
    radicals = [chr(c) for c in range(0x2F00, 0x2FD6)] + list(EQUIVALENT)
    for r in radicals:
        u = unified(r)
        assert len(u) == 1 and ("\u3400" <= u <= "\u9fff" or u >= "\U00020000"), r  # Ext A, B-
    assert unified("\u2e80") == "\u2e80" and unified("Krippendor\ufb00") == "Krippendorff"
