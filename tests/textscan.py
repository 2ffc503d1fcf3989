"""Which of many strings occur in a long text (an export, a page), fast enough for thousands of
names in a 17 MB report.

``{n for n in names if n in text}`` scans the whole text once per name: minutes for the
2,000 demo names in every export. A needle of non-ASCII characters alone (a Chinese name) can
only occur inside one run of such characters, so those needles are looked for in the distinct
runs of the text (a few thousand: names, departments, words): a department head's rendered
sections of the demo (7.7 MB, 1,488 outsider names) took 9.1 CPU s, now 0.13. Any other needle is
looked for in the text cut at characters no name or comment holds (quotes, brackets, tabs, line
breaks: JSON, HTML and the sheets' rows separate their values with them), each distinct piece
kept once (only those with a character outside ASCII when every such needle has one)."""

from __future__ import annotations

import re

_CUT = re.compile(r'["<>{}\[\]\t\n\r]+')
_WIDE = re.compile(r"[^\x00-\x7f]+")


def found(needles: set[str], text: str) -> set[str]:
    """The needles that occur in ``text`` (none may hold a cut character: checked)."""
    assert not any(_CUT.search(n) for n in needles), "a needle holds a cut character"
    wide = {n for n in needles if _WIDE.fullmatch(n)}
    out = set()
    if wide:  # "\x00" (ASCII) between the runs: no match across two of them
        runs = "\x00".join(set(_WIDE.findall(text)))
        out = {n for n in wide if n in runs}
    rest = needles - wide
    if rest:
        pieces = set(_CUT.split(text))
        if all(not n.isascii() for n in rest):  # numbers and ids cannot hold them
            pieces = {p for p in pieces if not p.isascii()}
        joined = "\x00".join(pieces)
        out |= {n for n in rest if n in joined}
    return out
