"""The structure of an export and who is who: header rows, id normalisation, encodings.

Property-based (``hypothesis``): header mapping and header-row detection, id normalisation and
the id plan, and reading arbitrary CSV bytes never raise anything but a refusal with a named
reason that renders in both languages. Plus the fast path's behaviour with ids that need the
general path's rules. The end-to-end cases are in ``tests/data/bad/s_*``.
"""

from __future__ import annotations

import string
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analytics.ingest import pipeline as ingest
from analytics.ingest.detect import detect_file
from analytics.ingest.headers import (
    GROUP_SEP,
    ROLE_SCORE_FIELDS,
    SYNONYMS,
    choose_header,
    field_of,
    map_headers,
)
from analytics.ingest.ids import id_facts, ids_need_plan, normalise_id, plan_ids
from analytics.ingest.mapping import load_mapping
from analytics.ingest.readers import choose_encoding, read_tables
from analytics.store import db
from analytics.text.messages import ImportRejected, render
from analytics.text.render import entries

FIELDS = set(SYNONYMS) | set(ROLE_SCORE_FIELDS)
# header spellings (one per field) that a header row may hold, and filler a title row holds
HEADERS = [a for f, aliases in SYNONYMS.items() for a in aliases[-2:] if f != "employee_id"]
ID_HEADERS = list(SYNONYMS["employee_id"])
TITLE_WORDS = ["2025年第三季度", "绩效考核结果汇总表", "说明：", "单位：分", "制表人", "", None]
cells = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(HEADERS + ID_HEADERS))


def _named(exc: ImportRejected) -> None:
    """A refusal names a catalogue code that renders in both languages."""
    assert f"import.{exc.code}" in entries(), exc.code
    for lang in ("zh", "en"):
        text = exc.message(lang)
        assert text and "{" not in text, text


# --- header mapping and header rows -------------------------------------------------------
@given(st.lists(st.one_of(st.text(max_size=20), st.sampled_from(HEADERS + ID_HEADERS))))
def test_map_headers_total(columns):
    mapping, unmapped = map_headers(columns)
    assert set(mapping.values()) <= FIELDS
    assert len(set(mapping.values())) == len(mapping)  # one column per field
    assert set(mapping) | set(unmapped) <= set(columns)


@given(st.text(max_size=15), st.sampled_from(["自评", "上级", "同事", "下属", "隔级"]))
def test_role_under_a_score_group(prefix, role):
    col = f"{prefix}考核得分{GROUP_SEP}{role}"
    assert field_of(col) in ROLE_SCORE_FIELDS


@given(
    st.lists(st.lists(cells, max_size=8), max_size=35), st.one_of(st.none(), st.integers(-3, 40))
)
def test_choose_header_never_raises(rows, header_row):
    choice = choose_header(rows, None, header_row)
    assert 0 <= choice.first <= choice.last
    assert len(set(choice.names)) == len(choice.names)
    if choice.found and rows and header_row is None:
        width = max(len(r) for r in rows[choice.first : choice.last + 1])
        assert len(choice.names) == width


@given(
    st.lists(st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=3), max_size=6),
    st.permutations(["工号", "考核周期", "评价人工号", "考核维度", "得分", "姓名"]),
    st.lists(st.lists(st.integers(1, 5), min_size=6, max_size=6), min_size=1, max_size=5),
)
def test_header_found_below_titles(titles, header, data):
    rows = [*titles, list(header), *[[str(v) for v in r] for r in data]]
    choice = choose_header(rows)
    assert choice.found
    assert choice.first == choice.last == len(titles)
    assert choice.names == list(header)


@given(st.lists(st.sampled_from(["自评", "上级", "同事"]), min_size=1, max_size=3, unique=True))
def test_merged_two_row_header(roles):
    top = ["工号", "考核周期", "考核得分"] + [None] * (len(roles) - 1) + ["绩效等级"]
    bottom = [None, None, *roles, None]
    choice = choose_header(
        [["2025年考核汇总"], top, bottom, ["E1", "2025Q3", *["4"] * len(roles), "A"]]
    )
    assert (choice.first, choice.last) == (1, 2)
    mapping, unmapped = map_headers(choice.names)
    assert {
        f"{ {'自评': 'self', '上级': 'manager', '同事': 'peer'}[r] }_score" for r in roles
    } <= set(mapping.values())
    assert not unmapped


def test_data_row_without_id_is_not_a_header():
    """A first data row with an empty id is data, not the lower half of a merged header."""
    rows = [["工号", "姓名", "部门"], [None, "张三", "研发中心"], ["E2", "李四", "研发中心"]]
    choice = choose_header(rows)
    assert (choice.first, choice.last, choice.names) == (0, 0, ["工号", "姓名", "部门"])


# --- ids ----------------------------------------------------------------------------------
INVISIBLE = ["\u200b", "\ufeff", "\u200d", "\u00ad", "\u2060", "\u3000", " "]
ids = st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=10)


def _wide(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(ids, st.lists(st.sampled_from(INVISIBLE), max_size=3), st.booleans())
def test_normalise_id(value, junk, wide):
    messy = "".join(junk) + (_wide(value) if wide else value) + "".join(reversed(junk))
    clean = normalise_id(value.strip("-_") or value)
    assert normalise_id(messy) == normalise_id(value)
    assert normalise_id(normalise_id(messy)) == normalise_id(messy)
    assert clean is None or clean == clean.strip()


@given(
    st.lists(st.one_of(st.none(), st.text(max_size=8), ids), max_size=30),
    st.lists(ids, max_size=30),
)
def test_plan_ids_total(file_ids, known):
    plan = plan_ids(file_ids, known, "f.csv")
    targets = set(known) | {normalise_id(i) for i in file_ids if i is not None}
    for raw, new in plan.mapping.items():
        assert raw in file_ids
        assert new is None or new.upper() in {t.upper() for t in targets if t} or new.isdigit()
    for code, params in plan.notes:
        assert f"import.{code}" in entries()
        for lang in ("zh", "en"):
            text = render(code, lang, **params)
            assert text != code and "f.csv" in text


@given(st.integers(1, 99999), st.integers(1, 4))
def test_leading_zeros_restored(n, pad):
    stored = str(n).zfill(len(str(n)) + pad)
    plan = plan_ids([str(n)], [stored])
    assert plan.mapping == {str(n): stored}
    twice = plan_ids([str(n)], [stored, "0" + stored])
    assert twice.mapping == {} and twice.notes[0][0] == "ids_zeros_ambiguous"


def test_stored_id_is_never_remapped():
    """123 stored as itself stays 123 even when 00123 is stored too."""
    assert plan_ids(["123"], ["123", "00123"]).mapping == {}


# --- encodings and arbitrary files ---------------------------------------------------------
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400))
@example(b"\xfe\xff\x00")  # a UTF-16 byte-order mark before an odd byte count (found by hypothesis)
def test_any_bytes_read_or_refused_with_a_reason(tmp_path, data):
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    try:
        read_tables(path)
    except ImportRejected as exc:
        _named(exc)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030"]),
    st.lists(st.sampled_from(TITLE_WORDS[:-2]), max_size=3),
    st.sampled_from([",", "\t", ";"]),
)
def test_encodings_and_titles(tmp_path, encoding, titles, sep):
    lines = [*titles, sep.join(["工号", "姓名", "考核周期", "评价人工号", "得分"])]
    lines += [sep.join([f"E{i}", f"员工{i}", "2025Q3", "M1", str(i % 5 + 1)]) for i in range(5)]
    path = tmp_path / "t.csv"
    path.write_bytes("\n".join(lines).encode(encoding))
    (table,) = read_tables(path)
    assert table.frame.height == 5
    assert table.frame.get_column("姓名").to_list()[0] == "员工0"
    assert table.row_offset == len(titles) + 2


def test_cp1252_valid_gb18030_is_refused_then_read_when_named():
    data = "id,name,department\nE1,Müller,Vertrieb Süd\n".encode("cp1252")
    with pytest.raises(ImportRejected) as exc:
        choose_encoding(data, "x.csv")
    assert exc.value.code == "encoding_doubtful"
    assert choose_encoding(data, "x.csv", "cp1252").encoding == "cp1252"


# --- the fast path and ids -----------------------------------------------------------------
HEAD = "工号,考核周期,评价人工号,评价关系,考核维度,得分\n"


def _long(ids_: list[str], cycle: str) -> str:
    return HEAD + "".join(
        f"{e},{cycle},{e},自评,业绩,{k % 5 + 1}\n{e},{cycle},M9,上级,业绩,{k % 4 + 1}\n"
        for k, e in enumerate(ids_)
    )


def _spy(monkeypatch) -> dict:
    ran = {"fast": False}
    real = ingest._import_fast

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        ran["fast"] = out is not None
        return out

    monkeypatch.setattr(ingest, "_import_fast", spy)
    return ran


def test_fast_path_keeps_clean_files_and_leaves_ids_to_the_general_path(tmp_path, monkeypatch):
    con = db.connect(tmp_path / "t.duckdb")
    a = tmp_path / "a.csv"
    a.write_text(_long([f"{i:05d}" for i in range(1, 21)], "2025Q2"), encoding="utf-8")
    ran = _spy(monkeypatch)
    ingest.import_file(con, a, lang="en")
    assert ran["fast"]  # a clean file still takes the fast path
    b = tmp_path / "b.csv"
    b.write_text(_long([str(i) for i in range(1, 21)], "2025Q3"), encoding="utf-8")
    res = ingest.import_file(con, b, lang="en")
    assert not ran["fast"]  # numbers for stored text ids: the general path maps them
    assert any(code == "ids_zeros_restored" for code, _ in res.notes)
    n = con.execute("SELECT count(DISTINCT employee_id) FROM reviews").fetchone()[0]
    assert n == 20
    c = tmp_path / "c.csv"
    c.write_text(_long(["\u200b00001", "Ｍ9"], "2025Q4"), encoding="utf-8")
    res = ingest.import_file(con, c, lang="en")
    assert not ran["fast"]
    assert con.execute("SELECT count(DISTINCT employee_id) FROM reviews").fetchone()[0] == 21
    con.close()


def test_restore_on_the_fast_path(tmp_path, monkeypatch):
    """Original, correction, original: the third import restores, on the fast path too."""
    con = db.connect(tmp_path / "t.duckdb")
    ids_ = [f"E{i:03d}" for i in range(1, 11)]
    orig, corr = tmp_path / "orig.csv", tmp_path / "corr.csv"
    orig.write_text(_long(ids_, "2025Q3"), encoding="utf-8")
    corr.write_text(_long(ids_[:2], "2025Q3").replace(",业绩,1", ",业绩,2"), encoding="utf-8")
    first = ingest.import_file(con, orig, lang="en")
    ingest.import_file(con, corr, lang="en")
    ran = _spy(monkeypatch)
    again = ingest.import_file(con, orig, lang="en")
    assert ran["fast"] and again.status == "loaded"
    assert any(code == "restored" for code, _ in again.notes)
    same = ingest.import_file(con, orig, lang="en")
    assert same.status == "duplicate" and same.message_code == "duplicate_import"
    total = con.execute("SELECT sum(CAST(score_raw AS INTEGER)) FROM reviews").fetchone()[0]
    assert total == sum(int(r.split(",")[-1]) for r in _long(ids_, "2025Q3").splitlines()[1:])
    assert first.status == "loaded"
    con.close()


def test_mapping_header_row_and_encoding_keys(tmp_path):
    m = tmp_path / "m.toml"
    m.write_text('header_row = 3\nencoding = "cp1252"\n', encoding="utf-8")
    mapping = load_mapping(m)
    assert (mapping.header_row, mapping.encoding) == (3, "cp1252")
    m.write_text("header_row = 0\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        load_mapping(m)
    _named(exc.value)


def test_detection_says_which_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("绩效汇总\n" + _long(["E1", "E2"], "2025Q3"), encoding="utf-8")
    ((det, _preview),) = detect_file(Path(path))
    assert det.header_rows == (2, 2)
    assert [code for code, _ in det.notes] == ["header_row"]


@pytest.fixture(scope="module")
def idcon(tmp_path_factory):
    con = db.connect(tmp_path_factory.mktemp("ids") / "ids.duckdb")
    yield con
    con.close()


id_like = st.one_of(
    ids,
    st.integers(0, 999).map(str),
    st.integers(0, 999).map(lambda n: str(n).zfill(5)),
    st.sampled_from(["E001", "e001", "E002", "Ｅ001", "E001\u200b", "m9", "M9"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(id_like, min_size=1, max_size=12), st.lists(id_like, max_size=12))
def test_quick_id_check_is_sound(idcon, file_ids, stored):
    """When the quick check (used by the fast path and before reading every stored id) says no
    plan is needed, the full plan indeed changes and lists nothing."""
    idcon.execute("DELETE FROM employees")
    for k in sorted(set(stored)):
        idcon.execute("INSERT INTO employees (employee_id) VALUES ($k)", {"k": k})
    facts = id_facts(idcon)
    need = ids_need_plan(idcon, pl.Series(file_ids, dtype=pl.String), facts, "TRUE")
    plan = plan_ids(file_ids, set(stored))
    if not need:
        assert not plan.mapping and not plan.notes, (file_ids, stored, plan)


def test_id_facts_kept_by_imports(tmp_path, monkeypatch):
    """Imports keep what the id rules need to know of the stored ids, so the next import need
    not read them; a lower-case file after upper-case ids leaves the fast path and is folded."""
    con = db.connect(tmp_path / "t.duckdb")
    a = tmp_path / "a.csv"
    a.write_text(_long([f"E{i:03d}" for i in range(1, 11)], "2025Q2"), encoding="utf-8")
    ingest.import_file(con, a, lang="en")
    facts = con.execute("SELECT value FROM meta WHERE key = 'id_facts'").fetchone()[0]
    assert facts == '{"lower": false, "upper": true, "zero": false}'
    b = tmp_path / "b.csv"
    b.write_text(_long([f"e{i:03d}" for i in range(1, 11)], "2025Q3").replace("M9", "m9"), "utf-8")
    ran = _spy(monkeypatch)
    res = ingest.import_file(con, b, lang="en")
    assert not ran["fast"]
    assert [c for c, _ in res.notes] == ["ids_case_folded_upper"]
    assert con.execute("SELECT count(DISTINCT employee_id) FROM reviews").fetchone()[0] == 10
    con.close()


def test_note_row_is_not_a_group():
    """A note above the header that mentions scores does not make 上级 a manager's score."""
    rows = [
        ["说明：分数为百分制"],
        ["工号", "考核周期", "自评", "上级"],
        ["E1", "2025Q3", "80", "90"],
    ]
    choice = choose_header(rows)
    assert (choice.first, choice.last) == (1, 1)
    assert choice.names == ["工号", "考核周期", "自评", "上级"]


# --- Excel numbers among zero-padded ids, either order (review rev17b B1) -------------------
def test_number_among_padded_ids_is_padded_within_a_file():
    """101 among text ids 00102 … (Excel ate the zeros; nothing stored yet): 00101, said."""
    plan = plan_ids(["101", "00102", "00103", "00104", "104"], [])
    assert plan.mapping == {"101": "00101", "104": "00104"}
    codes = [c for c, _ in plan.notes]
    # matched within the file (nothing stored): not "matches an existing id" (rev23a item 18)
    assert codes == ["ids_zeros_restored_file", "ids_zeros_widened"]
    params = dict(plan.notes)["ids_zeros_widened"]
    assert params["width"] == 5 and params["examples"] == ["101 → 00101"]


def test_number_padded_to_the_stored_width():
    assert plan_ids(["131"], ["00101", "00102"]).mapping == {"131": "00131"}


def test_no_padding_without_one_padded_width():
    """Plain numbers (1001, 1002) or padded ids of two widths are no Excel damage."""
    assert plan_ids(["7", "1001", "1002", "00003"], []).mapping == {}
    assert plan_ids(["7"], ["0001", "00002", "00003"]).mapping == {}
    assert plan_ids([str(i) for i in range(1, 21)], []).mapping == {}


def test_padded_id_joins_the_stored_number_form():
    """130 stored by an earlier import (all its ids were numbers), then 00130: one person."""
    plan = plan_ids(["00130", "00131", "00199"], ["130", "131"])
    assert plan.mapping == {"00130": "130", "00131": "131"}
    (code, params), *_ = plan.notes
    assert code == "ids_zeros_stored_short" and params["n"] == 2
    for lang in ("zh", "en"):
        text = render(code, lang, **params)
        assert "00130 → 130" in text
    assert plan_ids(["00130"], ["130", "00130"]).mapping == {}  # both stored: kept as written


def test_ids_need_plan_sees_both_orders(tmp_path):
    con = db.connect(tmp_path / "t.duckdb")
    con.execute("INSERT INTO employees (employee_id) VALUES ('130'), ('00101')")
    facts = id_facts(con)
    assert ids_need_plan(con, pl.Series(["00130", "00102"]), facts, "TRUE")
    assert ids_need_plan(con, pl.Series(["102"]), facts, "TRUE")  # shorter than 00101
    assert ids_need_plan(con, pl.Series(["101", "00102"]), dict.fromkeys(facts, False), "TRUE")
    assert not ids_need_plan(con, pl.Series(["00140"]), facts, "TRUE")
    con.close()


# --- a group header over the real one (北森: 基本信息 / 考核得分; review rev17b M1) --------------
def test_group_header_over_the_id_row_is_joined():
    rows = [
        ["华辰科技2025年第三季度绩效考核结果汇总表", None, None, None, None, None],
        ["导出时间：2025-10-08 数据来源：北森绩效云", None, None, None, None, None],
        ["基本信息", None, "考核周期", "评价人工号", "考核得分", None],
        ["工号", "姓名", None, None, "业绩", "能力"],
        ["101", "王伟", "2025年第三季度", "M001", "93", "5"],
    ]
    choice = choose_header(rows)
    assert (choice.first, choice.last) == (2, 3)
    assert choice.names == ["工号", "姓名", "考核周期", "评价人工号", "业绩", "能力"]
    assert choose_header(rows, header_row=4).names == choice.names


# --- a zero-padded twin with another name, another width (review rev17c N1, N2) ---------------
def test_zero_twin_with_another_name_stays_apart_and_is_listed():
    """101 陈立新 and 00101 王伟 (in one file or stored): two people, the pair named."""
    plan = plan_ids(["101", "00101", "00102"], [], names={"101": "陈立新", "00101": "王伟"})
    assert plan.mapping == {}
    assert dict(plan.notes)["ids_zeros_names_differ"]["pairs"] == ["101 陈立新 ≠ 00101 王伟"]
    stored = plan_ids(["101"], ["00101"], names={"101": "陈立新"}, stored_names={"00101": "王伟"})
    assert stored.mapping == {} and stored.notes[0][0] == "ids_zeros_names_differ"


def test_zero_twin_joins_when_names_agree_or_one_is_missing():
    """Width and spaces aside the names agree, or one side has none: joined, said."""
    same = plan_ids(["101"], ["00101"], names={"101": "王 伟"}, stored_names={"00101": "王伟"})
    assert same.mapping == {"101": "00101"}
    bare = plan_ids(["101"], ["00101"], stored_names={"00101": "王伟"})
    assert bare.mapping == {"101": "00101"}


def test_other_width_joins_the_stored_id_or_stays_apart():
    """0101 / 000104 against stored 00101 …: joined when the names agree, listed when not."""
    plan = plan_ids(
        ["0101", "000104", "0102"],
        ["00101", "00102", "00104"],
        names={"0101": "王伟", "000104": "刘芳", "0102": "陈立新"},
        stored_names={"00101": "王伟", "00102": "张强", "00104": "刘芳"},
    )
    assert plan.mapping == {"0101": "00101", "000104": "00104"}
    notes = dict(plan.notes)
    assert notes["ids_zeros_rewidened"]["n"] == 2
    assert notes["ids_zeros_names_differ"]["pairs"] == ["0102 陈立新 ≠ 00102 张强"]


def test_declared_same_ids_join_whatever_the_names():
    plan = plan_ids(
        ["101"],
        ["00101"],
        names={"101": "王伟华"},
        stored_names={"00101": "王伟"},
        declared={"101": "00101"},
    )
    assert plan.mapping == {"101": "00101"} and plan.notes[0][0] == "ids_same_declared"
