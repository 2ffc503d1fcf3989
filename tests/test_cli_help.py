"""The command line's help follows the language setting (``--lang``, else $PERFLENS_LANG, else
中文), with every word from the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.cli import main


def _help(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 0
    return capsys.readouterr().out


def test_import_help_is_chinese_by_default(capsys, monkeypatch):
    monkeypatch.delenv("PERFLENS_LANG", raising=False)
    out = _help(capsys, ["import", "--help"])
    for text in ("用法：", "选项", "显示本帮助并退出", "表头所在的行号", "要导入的文件"):
        assert text in out, out
    for text in ("usage:", "show this help", "row number of the header", "options:"):
        assert text not in out, out


def test_help_follows_lang_and_environment(capsys, monkeypatch):
    monkeypatch.setenv("PERFLENS_LANG", "en")
    out = _help(capsys, ["import", "-h"])
    assert "usage:" in out and "row number of the header" in out and "用法" not in out
    out = _help(capsys, ["--lang", "zh", "report", "--help"])
    assert "写出校准结论" in out and "部门及其下级部门" in out and "usage:" not in out
    monkeypatch.setenv("PERFLENS_LANG", "zh")
    out = _help(capsys, ["--lang=en", "--help"])
    assert "commands" in out and "generate the demo enterprise" in out and "命令" not in out


def test_every_command_has_help_in_both_languages(capsys):
    for lang in ("zh", "en"):
        for cmd in ("import", "demo", "quarantine", "refresh", "report", "datasets", "appeals"):
            out = _help(capsys, ["--lang", lang, cmd, "--help"])
            assert "clihelp." not in out, out


def test_usage_errors_follow_the_language(capsys, monkeypatch):
    monkeypatch.delenv("PERFLENS_LANG", raising=False)
    for argv, zh in (
        (["import"], "缺少必需的参数：文件"),
        (["import", "x.csv", "--header-row", "abc"], "参数 --header-row：'abc' 不是整数"),
        (["--lang", "xx", "import", "x.csv"], "（可选：'zh'、'en'）"),
    ):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert zh in err and "error:" not in err and "用法：" in err, err
    with pytest.raises(SystemExit):
        main(["--lang", "en", "import", "x.csv", "--bogus"])
    err = capsys.readouterr().err
    assert "error: unrecognized arguments: --bogus" in err and "usage:" in err, err


def test_the_demo_writes_its_exports_beside_the_database(tmp_path, monkeypatch):
    """Without --out the demo's exports go beside the database (``<db>.demo``, ignored by
    git), never into the tracked data/demo; --out still chooses the folder."""
    from analytics.demo import company

    written: list = []

    def stop(demo, out_dir):  # record where the exports would go; skip generating the import
        written.append(out_dir)
        raise KeyboardInterrupt

    monkeypatch.setattr(company, "generate", lambda **kw: None)
    monkeypatch.setattr(company, "write_exports", stop)
    db = tmp_path / "x.duckdb"
    assert main(["--lang", "en", "demo", "--db", str(db), "--quiet"]) == 130
    assert main(["--lang", "en", "demo", "--db", str(db), "--out", str(tmp_path / "o")]) == 130
    assert written == [tmp_path / "x.duckdb.demo", tmp_path / "o"]
    assert company.exports_folder(Path("data/perflens.duckdb")) == Path("data/perflens.duckdb.demo")
