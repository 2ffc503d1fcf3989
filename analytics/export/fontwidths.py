"""Advance widths of Noto Sans CJK SC, the font of the charts and the printed packet: what
the charts' margins and the packet's column widths are computed from, so both measure text
the same way (one table, not one per module)."""

from __future__ import annotations

__all__ = ["BOLD", "REGULAR", "em"]

#: advance widths of the printable ASCII characters (space to "~"), thousandths of an em,
#: regular; CJK characters, full-width punctuation and other symbols are one em unless the
#: caller says otherwise
REGULAR = (224, 323, 474, 555, 555, 921, 680, 278, 338, 338, 467, 555, 278, 347, 278, 392)
REGULAR += (555,) * 10 + (278, 278, 555, 555, 555, 474, 946, 608, 657, 638, 688, 589, 552)
REGULAR += (689, 728, 293, 535, 646, 543, 812, 723, 742, 633, 742, 635, 596, 599, 721, 575, 878)
REGULAR += (573, 531, 603, 338, 392, 338, 555, 559, 606, 563, 618, 510, 620, 554, 325, 564, 607)
REGULAR += (275, 275, 552, 284, 926, 610, 606, 620, 620, 388, 468, 377, 607, 521, 802, 498, 521)
REGULAR += (475, 338, 270, 338, 555)
#: the same in bold (table headers)
BOLD = (227, 370, 574, 590, 590, 963, 740, 325, 378, 378, 507, 590, 325, 370, 325, 387)
BOLD += (590,) * 10 + (325, 325, 590, 590, 590, 514, 1007, 641, 681, 656, 714, 615, 585)
BOLD += (717, 757, 330, 568, 686, 578, 853, 749, 770, 667, 770, 682, 624, 625, 748, 619, 915)
BOLD += (627, 580, 613, 378, 387, 378, 590, 567, 626, 591, 644, 527, 644, 581, 372, 597, 640)
BOLD += (304, 306, 604, 315, 964, 641, 626, 644, 644, 436, 495, 421, 637, 576, 863, 562, 574)
BOLD += (511, 378, 296, 378, 590)


def em(text: str, bold: bool = False, other: dict[str, int] | None = None) -> float:
    """``text``'s printed width in ems: ASCII from the tables, characters in ``other`` by their
    own width (thousandths of an em), everything else one em."""
    table = BOLD if bold else REGULAR
    extra = other or {}
    return (
        sum(table[ord(ch) - 32] if 32 <= ord(ch) < 127 else extra.get(ch, 1000) for ch in text)
        / 1000
    )
