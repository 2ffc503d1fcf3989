"""The roles file (TOML) and how a sign-in resolves to a viewer (analytics.auth.roles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.auth import roles as R
from analytics.text import render

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "roles.example.toml"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "roles.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_example_file_parses_into_every_kind_of_entry():
    roles = R.load_roles(EXAMPLE)
    assert roles.k == 3
    assert roles.users["li.na@example.com"] == R.Assignment("dept_head", ("研发中心",))
    assert roles.users["wang.wei@example.com"] == R.Assignment("manager", (), "E00042")
    assert roles.users["zhao.min@example.com"].departments == ("销售中心/华东区", "销售中心/华南区")
    assert [g for g, _ in roles.groups] == [
        "perflens-hr",
        "perflens-analysts",
        "perflens-hrbp-sales",
    ]
    assert dict(roles.groups)["perflens-hrbp-sales"] == R.Assignment("hrbp", ("销售中心",))


def test_resolution_user_entry_group_claim_and_unknown():
    roles = R.load_roles(EXAMPLE)
    head = R.resolve("Li.Na@Example.com", ["perflens-hr"], roles)  # own entry wins, any case
    assert (head.role, head.departments, head.user) == (
        "dept_head",
        ("研发中心",),
        "Li.Na@Example.com",
    )
    assert not head.is_admin and head.sees_names and not head.sees_rater_ids
    hr = R.resolve("someone@example.com", ["staff", "perflens-hr"], roles)
    assert hr.role == "hr_admin" and hr.is_admin and hr.sees_rater_ids and hr.may_write
    # the first group listed in the file decides
    both = R.resolve("x@example.com", ["perflens-hrbp-sales", "perflens-analysts"], roles)
    assert both.role == "analyst" and both.pseudonymised and not both.sees_names
    bp = R.resolve("y@example.com", ["perflens-hrbp-sales"], roles)
    assert (bp.role, bp.departments) == ("hrbp", ("销售中心",))
    nobody = R.resolve("stranger@example.com", ["staff"], roles)
    assert nobody.role == "none" and nobody.denied and not nobody.sees_names
    mgr = R.resolve("wang.wei@example.com", [], roles)
    assert (mgr.role, mgr.employee_id) == ("manager", "E00042")


def test_k_comes_from_the_file_and_no_file_means_no_roles(tmp_path):
    roles = R.load_roles(write(tmp_path, 'k = 5\n[users."a@b"]\nrole = "analyst"\n'))
    assert R.resolve("a@b", [], roles).k == 5
    assert R.resolve("c@d", [], roles).k == 5
    empty = R.load_roles(tmp_path / "missing.toml")
    assert R.resolve("a@b", ["perflens-hr"], empty).role == "none"


def test_default_path_is_env_then_data(monkeypatch, tmp_path):
    monkeypatch.delenv("PERFLENS_ROLES", raising=False)
    assert R.roles_path() == Path("data/roles.toml")
    monkeypatch.setenv("PERFLENS_ROLES", str(tmp_path / "r.toml"))
    assert R.roles_path() == tmp_path / "r.toml"


def test_local_admin_sees_everything():
    assert R.LOCAL_ADMIN.is_admin and R.LOCAL_ADMIN.sees_everyone and R.LOCAL_ADMIN.sees_names
    assert R.LOCAL_ADMIN.user == "local-admin" and not R.LOCAL_ADMIN.pseudonymised


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ('[users."a@b"]\nrole = "boss"\n', "roles_role_unknown"),
        ('[users."a@b"]\nrole = "dept_head"\n', "roles_needs_departments"),
        ('[users."a@b"]\nrole = "manager"\n', "roles_needs_employee"),
        ('[users."a@b"]\nrole = "hrbp"\ndepartments = [1]\n', "roles_entry_bad"),
        ('[users."A@b"]\nrole = "analyst"\n[users."a@B"]\nrole = "analyst"\n', "roles_user_twice"),
        ("k = 0\n", "roles_k_bad"),
        ("k = [\n", "roles_unreadable"),
        ('[groups]\n"g" = 3\n', "roles_entry_bad"),
    ],
)
def test_bad_roles_files_are_refused_in_words(tmp_path, body, code):
    path = write(tmp_path, body)
    with pytest.raises(R.RolesProblem) as exc:
        R.load_roles(path)
    assert exc.value.code == code
    for lang in ("zh", "en"):
        msg = render(f"auth.{code}", lang, **exc.value.params)
        assert str(path) in msg and "{" not in msg.replace("{ ", "")


def test_dump_reads_back_equal(tmp_path):
    roles = R.load_roles(EXAMPLE)
    roles = R.with_user(roles, 'Quote"d@x', R.Assignment("hrbp", ("研发中心/平台部",)))
    path = R.save_roles(roles, tmp_path / "out" / "roles.toml")
    assert R.load_roles(path) == roles
    assert path.stat().st_mode & 0o777 == 0o600
    smaller = R.without_user(roles, "LI.NA@example.com")
    assert "li.na@example.com" not in R.load_roles(R.save_roles(smaller, path)).users
    with pytest.raises(KeyError):
        R.without_user(smaller, "li.na@example.com")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_users_command_lists_adds_and_removes(tmp_path, capsys, lang):
    from analytics import cli

    path = tmp_path / "roles.toml"
    path.write_text('[groups]\n"perflens-hr" = "hr_admin"\n', encoding="utf-8")
    base = ["--lang", lang, "users"]
    tail = ["--roles", str(path), "--db", str(tmp_path / "none.duckdb")]  # no data: warned
    assert (
        cli.main(
            [
                *base,
                "add",
                "Li.Na@example.com",
                "--role",
                "dept_head",
                "--department",
                "研发中心",
                *tail,
            ]
        )
        == 0
    )
    said = capsys.readouterr()
    assert "研发中心" in said.out
    assert said.err.startswith(render("cli.users_departments_unchecked", lang))
    assert cli.main([*base, "add", "w@example.com", "--role", "manager", *tail]) == 2
    err = capsys.readouterr().err  # refused in words, by the option typed, nothing written
    assert "--employee" in err and "employee_id" not in err
    assert (
        cli.main(
            [*base, "add", "w@example.com", "--role", "manager", "--employee", "E000042", *tail]
        )
        == 0
    )
    roles = R.load_roles(path)
    assert roles.users["li.na@example.com"] == R.Assignment("dept_head", ("研发中心",))
    assert roles.users["w@example.com"] == R.Assignment("manager", (), "E000042")
    assert dict(roles.groups) == {"perflens-hr": R.Assignment("hr_admin")}  # groups kept
    capsys.readouterr()
    assert cli.main([*base, "list", *tail]) == 0
    out = capsys.readouterr().out
    head = render("auth.role.dept_head", lang)
    assert "li.na@example.com" in out and head in out and "perflens-hr" in out
    assert cli.main([*base, "remove", "nobody@example.com", *tail]) == 2
    assert "nobody@example.com" in capsys.readouterr().err
    assert cli.main([*base, "remove", "LI.NA@example.com", *tail]) == 0
    assert "li.na@example.com" not in R.load_roles(path).users
    assert path.stat().st_mode & 0o777 == 0o600


def test_users_add_refuses_a_department_the_dataset_does_not_have(small_demo_db, tmp_path, capsys):
    from analytics import cli

    path = tmp_path / "roles.toml"
    base = ["--lang", "en", "users", "add", "bad@example.com", "--role", "dept_head"]
    tail = ["--roles", str(path), "--db", str(small_demo_db)]
    assert cli.main([*base, "--department", "不存在部门", *tail]) == 2
    err = capsys.readouterr().err
    assert "不存在部门" in err and "研发中心" in err  # the known ones named
    assert not path.exists()  # nothing saved
    assert cli.main([*base, "--department", "研发中心", *tail]) == 0
    assert R.load_roles(path).users["bad@example.com"].departments == ("研发中心",)


def test_the_contact_is_read_from_the_secrets_file(tmp_path):
    folder = tmp_path / ".streamlit"
    folder.mkdir()
    (folder / "secrets.toml").write_text('[perflens]\ncontact = "HR-IT hr-it@x.cn"\n', "utf-8")
    assert R.configured_contact(tmp_path) == "HR-IT hr-it@x.cn"
