"""Deleting one import of a dataset: its rows go, the other import's stay, the log line (status
deleted) and the quarantine stay, the stored findings are computed again for what is left, a
failure leaves the dataset as it was; the CLI lists imports and asks for ``--yes``; a dataset
is renamed with its key (and so its links) kept. In both languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analytics import schema as S
from analytics.cli import main
from analytics.findings import materialise, stored
from analytics.findings.scope import overview_counts
from analytics.findings.writes import delete_import
from analytics.store import access, datasets, removal
from analytics.text import render
from tests.conftest import skip_model_fit
from tests.readonly import rows
from tests.test_datasets import company_csv


def _cycles_csv(path, cycles: tuple[str, ...], seed: int, n: int = 12):
    """company_csv's company over ``cycles`` (its two cycles renamed)."""
    company_csv(path, n, 2, 5, seed)
    text = path.read_text(encoding="utf-8")
    text = text.replace(",2025H1,", f",{cycles[0]},").replace(",2025H2,", f",{cycles[1]},")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def two_imports_built(tmp_path_factory) -> Path:
    """A dataset ACME with two imports: 2025 (cycles 2025H1/H2, one quarantined cell) and
    2026 (2026H1/H2). Imported once for the module, with no model fit: no test reads what
    the imports store (each import's fit of this company cost two CPU seconds); the delete
    refreshes what is left (:func:`test_delete_import_keeps_the_other_and_refreshes_findings`).
    """
    folder = tmp_path_factory.mktemp("two_imports")
    dbp = str(folder / "db" / "perflens.duckdb")
    first = _cycles_csv(folder / "acme_2025.csv", ("2025H1", "2025H2"), 1)
    second = _cycles_csv(folder / "acme_2026.csv", ("2026H1", "2026H2"), 2)
    with pytest.MonkeyPatch.context() as mp:
        skip_model_fit(mp)
        for f in (first, second):
            argv = ["--lang", "en", "import", str(f), "--db", dbp, "--dataset", "ACME"]
            assert main(argv) == 0
    return folder / "db"


@pytest.fixture
def two_imports(two_imports_built, tmp_path) -> str:
    """Each test's own copy of :func:`two_imports_built` (the default database, the registry,
    the dataset's file and the access log: datasets are found relative to the folder)."""
    shutil.copytree(two_imports_built, tmp_path / "db")
    return str(tmp_path / "db" / "perflens.duckdb")


def _ids(path) -> dict[str, str]:
    return dict(rows(path, "SELECT file, import_id FROM imports"))


def _scalar(path, sql: str):
    return rows(path, sql)[0][0]


def test_delete_import_keeps_the_other_and_refreshes_findings(two_imports):
    ds = datasets.find("ACME", two_imports)
    ids = _ids(ds.file)
    before = _scalar(ds.file, "SELECT count(*) FROM review_rows")
    kept = _scalar(
        ds.file,
        f"SELECT count(*) FROM reviews WHERE import_id = '{ids['acme_2026.csv']}'",
    )
    version = _scalar(ds.file, "SELECT value FROM meta WHERE key = 'data_version'")
    con, _ = access.connect_reader(ds.file)
    try:
        assert stored.stale(con)  # imported without a fit: the delete's refresh stores them
    finally:
        con.close()
    removed = delete_import(ds.file, ids["acme_2025.csv"])
    assert removed.ratings == before - kept and removed.ratings > 0
    assert removed.cycles == ("2025H1", "2025H2")
    # the 2025 rows are gone, the 2026 rows all there
    assert _scalar(ds.file, "SELECT count(*) FROM review_rows") == kept
    assert _scalar(ds.file, "SELECT count(DISTINCT cycle_id) FROM reviews") == 2
    assert _scalar(ds.file, "SELECT string_agg(cycle_id, ',' ORDER BY ordering) FROM cycles") == (
        "2026H1,2026H2"
    )
    # the log line stays (status deleted) and the quarantine stays
    assert _scalar(ds.file, "SELECT count(*) FROM imports") == 2
    assert (
        _scalar(ds.file, f"SELECT status FROM imports WHERE import_id = '{ids['acme_2025.csv']}'")
        == removal.DELETED
    )
    assert (
        _scalar(
            ds.file, f"SELECT count(*) FROM quarantine WHERE import_id = '{ids['acme_2025.csv']}'"
        )
        == 1
    )
    # the findings are computed again, for the 2026 data alone
    assert _scalar(ds.file, "SELECT value FROM meta WHERE key = 'data_version'") != version
    con, _ = access.connect_reader(ds.file)
    try:
        assert not stored.stale(con)
        per_cycle = overview_counts(con)["per_cycle"]
    finally:
        con.close()
    assert per_cycle["cycle_id"].to_list() == ["2026H1", "2026H2"]
    assert per_cycle["ratings"].sum() == kept
    # a second delete of the same import is refused
    with pytest.raises(removal.ImportMissing):
        delete_import(ds.file, ids["acme_2025.csv"])


def test_a_failed_refresh_leaves_the_dataset_as_it_was(two_imports, monkeypatch):
    ds = datasets.find("ACME", two_imports)
    ids = _ids(ds.file)
    before = access.identity(ds.file)
    rows = _scalar(ds.file, "SELECT count(*) FROM review_rows")

    def broken(con, *a, **k):
        raise RuntimeError("refresh failed")

    monkeypatch.setattr(materialise, "refresh", broken)
    with pytest.raises(RuntimeError):
        delete_import(ds.file, ids["acme_2025.csv"])
    assert access.identity(ds.file) == before  # the file was never replaced
    assert _scalar(ds.file, "SELECT count(*) FROM review_rows") == rows
    assert _scalar(ds.file, "SELECT count(*) FROM imports WHERE status = 'deleted'") == 0
    assert not list(ds.file.parent.glob(f"{ds.file.name}.writing-*"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_lists_and_deletes_an_import_with_yes(two_imports, capsys, lang, monkeypatch):
    """(No model fit after the delete: what it stores is
    :func:`test_delete_import_keeps_the_other_and_refreshes_findings`'s.)"""
    skip_model_fit(monkeypatch)
    ds = datasets.find("ACME", two_imports)
    ids = _ids(ds.file)
    gone = ids["acme_2025.csv"]
    capsys.readouterr()
    args = ["--lang", lang, "imports"]
    where = ["--db", two_imports, "--dataset", "ACME"]
    assert main([*args, "list", *where]) == 0
    out = capsys.readouterr().out
    assert render("imports.list_header", lang, name="ACME") in out
    assert gone in out and "acme_2026.csv" in out and render("status.loaded", lang) in out
    # without --yes: what would go, nothing deleted
    assert main([*args, "delete", gone, *where]) == 2
    err = capsys.readouterr().err
    assert "--yes" in err and "acme_2025.csv" in err and "Traceback" not in err
    assert _scalar(ds.file, "SELECT count(*) FROM imports WHERE status = 'deleted'") == 0
    # an unknown id: refused, naming the imports there are
    assert main([*args, "delete", "nope", *where, "--yes"]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and gone in err
    assert main([*args, "delete", gone, *where, "--yes"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        render(
            "imports.deleted",
            lang,
            import_id=gone,
            file="acme_2025.csv",
            ratings=0,
            other=0,
            cycles="",
        )[:8]
    )
    assert "2025H1" in out
    assert main([*args, "list", *where]) == 0
    assert render("status.deleted", lang) in capsys.readouterr().out
    # deleted already: refused
    assert main([*args, "delete", gone, *where, "--yes"]) == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rename_keeps_the_key(two_imports, capsys, lang):
    before = datasets.find("ACME", two_imports)
    new = f"华东 {lang}"
    capsys.readouterr()
    assert main(["--lang", lang, "datasets", "rename", "ACME", new, "--db", two_imports]) == 0
    out = capsys.readouterr().out
    assert out.strip() == render("dataset.renamed", lang, old="ACME", name=new, dataset_key="acme")
    after = datasets.find(new, two_imports)
    assert after.key == before.key == "acme" and after.file == before.file
    assert datasets.find("acme", two_imports) == after  # the key, as in ?dataset=acme
    assert datasets.find("ACME", two_imports) == after  # the key matches case-insensitively
    # another dataset's name is refused; an empty one too
    datasets.create("Beta", two_imports)
    assert main(["--lang", lang, "datasets", "rename", "acme", "beta", "--db", two_imports]) == 2
    assert render("dataset.name_taken", lang, name="beta") in capsys.readouterr().err
    with pytest.raises(datasets.DatasetProblem):
        datasets.rename("acme", "  ", two_imports)
    assert main(["--lang", lang, "datasets", "rename", "acme", "--db", two_imports]) == 2
    # the default dataset gets a name of its own
    datasets.rename(datasets.DEFAULT_KEY, "总部", two_imports)
    assert datasets.find("总部", two_imports).is_default


def test_remove_import_of_a_table_without_ratings(tmp_path, monkeypatch):
    """An import of outcomes only: its outcomes go, the cycle with ratings stays. (No model
    fit after the imports and the delete: what they store is
    :func:`test_delete_import_keeps_the_other_and_refreshes_findings`'s; three fits of six
    people cost six CPU seconds.)"""
    skip_model_fit(monkeypatch)
    dbp = tmp_path / "x.duckdb"
    csv = _cycles_csv(tmp_path / "r.csv", ("2025H1", "2025H2"), 3, n=6)
    out = tmp_path / "o.csv"
    out.write_text("工号,考核周期,最终得分,绩效等级\nE0000,2025H1,4,A\nE0001,2025H1,3,B\n", "utf-8")
    assert main(["import", str(csv), "--db", str(dbp), "--quiet"]) == 0
    assert main(["import", str(out), "--db", str(dbp), "--quiet"]) == 0
    ids = _ids(dbp)
    assert _scalar(dbp, f"SELECT count(*) FROM {S.OUTCOMES.name}") == 2
    removed = delete_import(dbp, ids["o.csv"])
    assert removed.ratings == 0 and removed.other_rows == 2 and removed.cycles == ()
    assert _scalar(dbp, f"SELECT count(*) FROM {S.OUTCOMES.name}") == 0
    assert _scalar(dbp, "SELECT count(*) FROM cycles") == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_read_commands_refuse_a_mistyped_db(tmp_path, capsys, lang):
    """A --db path holding no database (a typo) is refused by every command that reads one
    (exit 2, one line naming it), never read as an empty database; nothing is created."""
    typo = tmp_path / "no_such_folder" / "perflen.duckdb"
    for argv in (
        ["imports", "list"],
        ["imports", "delete", "abc", "--yes"],
        ["datasets", "list"],
        ["datasets", "delete", "x"],
        ["datasets", "rename", "a", "b"],
        ["calibrate", "list"],
        ["quarantine"],
        ["refresh"],
    ):
        assert main(["--lang", lang, *argv, "--db", str(typo)]) == 2, argv
        out = capsys.readouterr()
        assert out.err.strip() == render("db.missing", lang, file=str(typo)), argv
        assert "Traceback" not in out.out + out.err
    assert not typo.parent.exists()
