"""The scales the database keeps (the scale book), storing a file's choices, and the lines
that say them: each dimension's scale, a dimension on an odd scale, a scale that moved."""

from __future__ import annotations

import duckdb
import polars as pl

from analytics import schema as S
from analytics.ingest.detect import Detection
from analytics.ingest.problems import Notice
from analytics.ingest.scales import ScaleBook, ScaleChoice, grade_labels
from analytics.store import db
from analytics.text.messages import render, render_page
from analytics.text.render import join_list
from analytics.text.render import render as words


def odd_dimension_scales(
    det: Detection, choices: list[ScaleChoice], file: str, lang: str
) -> list[Notice]:
    """A warning per dimension column read on another scale than most of the file's dimension
    columns (an attribute such as 出勤天数 read as a competency looks like that; not for a
    dimension whose scale was declared or is the database's already), and one per
    dimension whose scale differs from its earlier cycles'."""
    out: list[Notice] = []
    by_dim: dict[str, set[str]] = {}
    # a dimension whose scale is declared or the database's already was accepted: said once
    settled = {c.dimension for c in choices if c.kind == "rating" and c.source != "detected"}
    for c in choices:
        if c.kind == "rating" and c.scale:
            by_dim.setdefault(c.dimension, set()).add(c.scale)
    if len(det.dimension_columns) > 2:
        counts: dict[str, int] = {}
        for d in det.dimension_columns:
            for sc in by_dim.get(d, ()):
                counts[sc] = counts.get(sc, 0) + 1
        if len(counts) > 1:
            common = max(counts, key=lambda k: counts[k])
            for d in det.dimension_columns:
                odd = sorted(by_dim.get(d, set()) - {common})
                if odd and d not in settled:
                    out.append(
                        (
                            "dimension_odd_scale",
                            {"file": file, "column": d, "scale": odd[0], "common": common},
                        )
                    )
    moved: dict[tuple, list[str]] = {}  # one line per (cycle, scale, other cycle, its scale)
    for c in choices:
        if c.source == "detected" and c.earlier:
            key = (c.cycle_id, c.scale or "", c.earlier_cycle or "", c.earlier)
            moved.setdefault(key, []).append(c.label or dimension_word(c, lang))
    for (cycle, scale, other, earlier), dims in moved.items():
        params = {"file": file, "dimension": dims, "cycle": cycle, "scale": scale}
        out.append(("scale_differs", params | {"other": other, "earlier": earlier}))
    return out


def dimension_word(c: ScaleChoice, lang: str) -> str:
    """A scale choice's dimension as the user calls it: the final score's column as the file
    names it (总分; rev26a item 9: "最终得分" was listed beside 总分 for a file with no such
    column), the catalogue's word where no column is known, the overall score of a file
    without dimensions (``dim.overall``), else the dimension's own name."""
    if c.kind == "final":
        return c.label or render("final_score_dimension", lang)
    return words(f"dim.{S.OVERALL}", lang) if c.dimension == S.OVERALL else c.dimension


def scale_lines(
    choices: list[ScaleChoice], lang: str = "zh", limit: int = 12, page: bool = False
) -> list[str]:
    """One line per (scale, how it was chosen) naming its dimensions: what the CLI prints for
    an import (``ImportResult.scales``; the Data page shows ``preview.scale_table`` before and
    these lines after it, ``page``: in the page's words, a scale "chosen on this page")."""
    say = render_page if page else render
    groups: dict[tuple[str, str], list[str]] = {}
    for c in choices:
        if not c.scale:
            continue
        name = dimension_word(c, lang)
        names = groups.setdefault((c.source, c.scale), [])
        if name not in names:
            names.append(name)
    lines = []
    for (source, scale), names in sorted(groups.items()):
        shown = join_list(names[:limit], lang)
        if len(names) > limit:
            shown += f" … (+{len(names) - limit})"
        lines.append(
            say(f"scale_line_{source}", lang, scale=scale_word(scale, lang), dimensions=shown)
        )
    return lines


def scale_word(scale: str, lang: str) -> str:
    """A scale as the user reads it: '1-5' as it is, 'grade:CN4' as its grades in order
    ('等级 优秀/良好/合格/待改进')."""
    if scale.startswith("grade:"):
        return render("grade_scale_word", lang, labels=grade_labels(scale))
    return scale


def read_scale_book(con: duckdb.DuckDBPyConnection) -> ScaleBook:
    """The scales the database keeps (``schema.DIMENSION_SCALES``): per (kind, cycle,
    dimension), in the order of the cycles."""
    rows = con.execute(
        f"SELECT s.kind, s.cycle_id, s.dimension, s.scale FROM "
        f"{db.q(S.DIMENSION_SCALES.name)} s LEFT JOIN {db.q(S.CYCLES.name)} c "
        "USING (cycle_id) ORDER BY c.ordering NULLS FIRST, s.cycle_id"
    ).fetchall()
    book = ScaleBook()
    for kind, cycle_id, dimension, scale in rows:
        book.add(kind, cycle_id, dimension, scale)
    return book


def store_scales(
    con: duckdb.DuckDBPyConnection, choices: list[ScaleChoice], import_id: str
) -> None:
    """Keep each group's scale (inside the import's transaction): a declared one replaces
    what was kept, any other is kept only where none is yet."""
    rows = [
        (c.kind, c.cycle_id, c.dimension, c.scale, c.source, import_id) for c in choices if c.scale
    ]
    if not rows:
        return
    t = db.q(S.DIMENSION_SCALES.name)
    frame = pl.DataFrame(rows, schema=S.DIMENSION_SCALES.columns, orient="row").with_columns(
        pl.col("source").replace({"stored": "detected"})
    )
    con.register("_scales", frame.to_arrow())
    try:
        con.execute(
            f"DELETE FROM {t} o USING _scales n WHERE n.source = 'mapping' AND "
            "o.kind = n.kind AND o.cycle_id = n.cycle_id AND o.dimension = n.dimension"
        )
        con.execute(
            f"INSERT INTO {t} SELECT * FROM _scales n WHERE NOT EXISTS (SELECT 1 FROM {t} o "
            "WHERE o.kind = n.kind AND o.cycle_id = n.cycle_id AND o.dimension = n.dimension)"
        )
    finally:
        con.unregister("_scales")
