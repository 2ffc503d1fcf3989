"""Named datasets: two companies with the same department names imported into two datasets
are never pooled (counts, means and the report of each are its own), a dataset is deleted
with its import log and quarantine kept, an unknown name is refused in both languages, and
a database written before datasets existed opens as the default dataset."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import duckdb
import pytest

from analytics.cli import main
from analytics.store import calstore, datasets
from analytics.text import render
from tests.conftest import skip_model_fit

HEADER = "工号,姓名,部门,考核周期,评价人工号,评价关系,考核维度,得分\n"
DEPTS = ("研发中心", "市场部")


def company_csv(path: Path, n: int, low: int, high: int, seed: int) -> Path:
    """``n`` people in 研发中心 and 市场部 over two cycles, scores drawn from low..high (1-5),
    three raters each; one bad score (quarantined)."""
    rng = random.Random(seed)
    lines = [HEADER]
    for cycle in ("2025H1", "2025H2"):
        for i in range(n):
            emp = f"E{i:04d}"
            dept = DEPTS[i % 2]
            for r, role in ((f"M{i % 5:03d}", "上级"), (f"P{(i + 1) % n:04d}", "同事")):
                for dim in ("业绩", "能力"):
                    score = rng.randint(low, high)
                    lines.append(f"{emp},员工{i},{dept},{cycle},{r},{role},{dim},{score}\n")
    lines.append(f"E0000,员工0,{DEPTS[0]},2025H2,M009,上级,态度,九\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def partial_team_csv(path: Path, n: int, seed: int) -> Path:
    """:func:`company_csv` (1-5) with a team column: two of every three people in a team (T1,
    T2), the third with none (the unit "未分配" / "Unassigned" beside the teams)."""
    lines = company_csv(path, n, 1, 5, seed).read_text(encoding="utf-8").splitlines()
    out = [lines[0] + ",团队"]
    for line in lines[1:]:
        i = int(line.split(",", 1)[0][1:])
        out.append(line + ("," if i % 3 == 0 else f",T{i % 3}"))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def two_built(tmp_path_factory) -> Path:
    """The folder of :func:`two`, imported once for the module's tests (each gets a copy)."""
    folder = tmp_path_factory.mktemp("two")
    dbp = str(folder / "perflens.duckdb")
    acme = company_csv(folder / "acme.csv", 40, 4, 5, 1)
    beta = company_csv(folder / "beta.csv", 30, 1, 2, 2)
    with pytest.MonkeyPatch.context() as mp:
        skip_model_fit(mp)
        assert main(["--lang", "en", "import", str(acme), "--db", dbp, "--dataset", "ACME"]) == 0
        assert (
            main(["--lang", "en", "import", str(beta), "--db", dbp, "--dataset", "Beta 公司"]) == 0
        )
    return folder


@pytest.fixture
def two(two_built, tmp_path, monkeypatch):
    """The default database plus two datasets, ACME (high scores, 40 people) and Beta (low
    scores, 30 people): the same department names in both. A copy in ``tmp_path`` (the
    registry names the files relative to the default database's folder) of the module's one
    import (:func:`two_built`): each of the five tests imported both companies again."""
    skip_model_fit(monkeypatch)
    shutil.copytree(two_built, tmp_path, dirs_exist_ok=True)
    return str(tmp_path / "perflens.duckdb")


def people_and_mean(path: Path) -> dict[str, tuple[int, float]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            "SELECT e.department, count(DISTINCT r.employee_id), avg(r.score) "
            "FROM review_rows r JOIN employees e USING (employee_id) GROUP BY 1"
        ).fetchall()
    finally:
        con.close()
    return {d: (n, m) for d, n, m in rows}


def test_two_datasets_with_the_same_departments_are_not_pooled(two, capsys):
    by_name = {d.label("en"): d for d in datasets.live(two)}
    assert set(by_name) == {"Default dataset", "ACME", "Beta 公司"}
    acme, beta = by_name["ACME"], by_name["Beta 公司"]
    assert acme.file != beta.file and acme.file.exists() and beta.file.exists()
    a, b = people_and_mean(acme.file), people_and_mean(beta.file)
    assert {d: n for d, (n, _) in a.items()} == {"研发中心": 20, "市场部": 20}
    assert {d: n for d, (n, _) in b.items()} == {"研发中心": 15, "市场部": 15}
    assert all(m > 0.7 for _, m in a.values()) and all(m < 0.3 for _, m in b.values())
    # the default database was not touched by either import
    assert not Path(two).exists()


def test_report_on_each_dataset_is_its_own(two, tmp_path, capsys):
    counts = {}
    for name in ("ACME", "beta 公司"):  # the name in any case
        out = tmp_path / f"{name}.json"
        capsys.readouterr()
        code = main(["--lang", "en", "report", "--db", two, "--dataset", name, "--out", str(out)])
        assert code == 0
        err = capsys.readouterr().err
        assert "Dataset: " in err
        report = json.loads(out.read_text(encoding="utf-8"))
        text = json.dumps(report, ensure_ascii=False)
        assert "研发中心" in text
        counts[name] = text
    assert counts["ACME"] != counts["beta 公司"]


def test_import_says_dataset_created_and_used(tmp_path, monkeypatch, capsys):
    skip_model_fit(monkeypatch)
    dbp = str(tmp_path / "perflens.duckdb")
    csv = company_csv(tmp_path / "a.csv", 10, 3, 5, 3)
    for lang in ("zh", "en"):
        capsys.readouterr()
        name = f"公司{lang}"
        assert main(["--lang", lang, "import", str(csv), "--db", dbp, "--dataset", name]) == 0
        err = capsys.readouterr().err
        ds = datasets.find(name, dbp)
        assert render("dataset.created", lang, name=name, key=ds.key) in err
        assert render("dataset.used", lang, name=name, key=ds.key) in err
    # again into an existing one: no new dataset
    assert main(["--lang", "en", "import", str(csv), "--db", dbp, "--dataset", "公司en"]) == 0
    assert "Created" not in capsys.readouterr().err
    assert len(datasets.live(dbp)) == 3
    # without --dataset: the default database, as before datasets existed
    assert main(["--lang", "en", "import", str(csv), "--db", dbp]) == 0
    err = capsys.readouterr().err
    assert render("dataset.used", "en", name="Default dataset", key="default") in err
    assert Path(dbp).exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unknown_dataset_refused_with_message(two, tmp_path, capsys, lang):
    out = tmp_path / "r.json"
    capsys.readouterr()
    code = main(["--lang", lang, "report", "--db", two, "--dataset", "Gamma", "--out", str(out)])
    assert code == 2 and not out.exists()
    err = capsys.readouterr().err
    assert "Traceback" not in err
    known = render("dataset.unknown", lang, name="Gamma", known="").split("{")[0]
    assert known.rstrip("。. ") in err
    assert "acme (ACME)" in err and "Gamma" in err
    label = render("dataset.default_name", lang)
    assert f"default ({label})" in err
    assert main(["--lang", lang, "datasets", "delete", "Gamma", "--db", two, "--yes"]) == 2
    assert "Gamma" in capsys.readouterr().err


def test_delete_needs_yes_keeps_log_and_leaves_the_other(two, tmp_path, capsys):
    beta = datasets.find("Beta 公司", two)
    capsys.readouterr()
    assert main(["--lang", "en", "datasets", "delete", "Beta 公司", "--db", two]) == 2
    err = capsys.readouterr().err
    assert "--yes" in err and "1 import" in err
    assert beta.file.exists()  # not confirmed: nothing deleted
    with calstore.opened(beta.file):  # its calibration sessions' file
        pass
    assert main(["--lang", "zh", "datasets", "delete", "Beta 公司", "--db", two, "--yes"]) == 0
    assert "已删除数据集" in capsys.readouterr().out
    assert not beta.file.exists()
    assert [d.label("en") for d in datasets.live(two)] == ["Default dataset", "ACME"]
    (rec,) = datasets.deleted(two)
    log, quarantine = datasets.kept_imports(rec), datasets.kept_quarantine(rec)
    assert log["file"].to_list() == ["beta.csv"] and log["status"].to_list() == ["loaded"]
    assert quarantine.height == 1 and quarantine["raw_value"].to_list() == ["九"]
    assert (rec.archive / calstore.ARCHIVED).exists()  # the sessions kept with the log
    assert not calstore.store_path(beta.file).exists()
    # the other dataset is untouched; the deleted one is refused from now on
    assert people_and_mean(datasets.find("ACME", two).file)["市场部"][0] == 20
    out = tmp_path / "r.json"
    assert main(["report", "--db", two, "--dataset", "Beta 公司", "--out", str(out)]) == 2
    # listed as deleted, with the folder its log is kept in
    capsys.readouterr()
    assert main(["--lang", "en", "datasets", "list", "--db", two]) == 0
    printed = capsys.readouterr().out
    assert "acme · ACME" in printed and "Deleted datasets" in printed
    assert str(rec.archive) in printed
    # the name is free again: a new dataset of that name starts empty
    assert datasets.create("Beta 公司", two).file == beta.file
    assert not beta.file.exists()


def test_existing_single_database_opens_as_the_default(tmp_path, monkeypatch, capsys):
    """A database written before datasets: no registry, one dataset, reports as before."""
    skip_model_fit(monkeypatch)
    dbp = str(tmp_path / "old.duckdb")
    csv = company_csv(tmp_path / "a.csv", 10, 3, 5, 4)
    assert main(["import", str(csv), "--db", dbp, "--quiet"]) == 0
    assert not datasets.registry_path(dbp).exists()  # nothing written for one dataset
    (only,) = datasets.live(dbp)
    assert only.is_default and only.file == Path(dbp).absolute()
    out = tmp_path / "r.json"
    assert main(["report", "--db", dbp, "--out", str(out)]) == 0
    assert main(["report", "--db", dbp, "--dataset", "default", "--out", str(out)]) == 0


def test_demo_flag_names_the_default_the_demo_company(tmp_path, monkeypatch):
    skip_model_fit(monkeypatch)
    dbp = str(tmp_path / "perflens.duckdb")
    csv = company_csv(tmp_path / "a.csv", 10, 3, 5, 5)
    assert main(["import", str(csv), "--db", dbp, "--quiet", "--as-demo"]) == 0
    (only,) = datasets.live(dbp)
    assert only.label("zh") == "演示公司" and only.label("en") == "Demo company"
    assert datasets.find("Demo company", dbp) == only


def test_dataset_names_refused(tmp_path):
    dbp = str(tmp_path / "perflens.duckdb")
    datasets.create("ACME", dbp)
    for name, code in (("  ", "name_empty"), ("acme", "name_taken"), ("x" * 81, "name_long")):
        with pytest.raises(datasets.DatasetProblem) as exc:
            datasets.create(name, dbp)
        assert exc.value.code == code
        assert exc.value.message("zh") != exc.value.message("en")


def test_refused_first_import_does_not_keep_the_new_dataset(tmp_path, capsys):
    dbp = str(tmp_path / "perflens.duckdb")
    bad = Path(__file__).parent / "data/bad/d_enc_cp1252_title_id_refused/Leistung_Q3_2026.csv"
    for lang in ("zh", "en"):
        capsys.readouterr()
        assert main(["--lang", lang, "import", str(bad), "--db", dbp, "--dataset", "Süd"]) == 1
        assert render("dataset.discarded", lang, name="Süd") in capsys.readouterr().err
        assert [d.key for d in datasets.live(dbp)] == ["default"]
        # nothing of it left, its zero-byte lock file neither (session 44: e.duckdb.lock)
        assert not list((tmp_path / "datasets").glob("*.duckdb*"))
