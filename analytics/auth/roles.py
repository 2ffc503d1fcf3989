"""Roles: who may see what, read from a roles file (TOML) and the provider's group claim.

A :class:`Viewer` is the signed-in user with their role and where it reaches:

- ``hr_admin``: everything, including import and delete;
- ``hrbp``: the named department subtrees (``departments``);
- ``dept_head``: their own subtree (``departments``, usually one);
- ``manager``: their own team (``employee_id``: the people whose manager they are in the
  employees table, or whom they rated as manager); other rater roles only as aggregates;
- ``analyst``: every scope, pseudonymised (no names, no comments, keyed-hash ids);
- ``none``: nothing (an unknown signed-in user): a message says whom to ask.

Below ``hr_admin`` peer and subordinate ratings are shown only as aggregates of at least ``k``
raters (:attr:`Viewer.k`, the roles file's ``k``, default 3).

The roles file (default ``$PERFLENS_ROLES``, else ``data/roles.toml``; an example ships as
``docs/roles.example.toml`` and is never loaded by itself)::

    k = 3                                  # peer anonymity threshold

    [users."li.na@example.com"]
    role = "dept_head"
    departments = ["研发中心"]

    [users."wang.wei@example.com"]
    role = "manager"
    employee_id = "E00042"

    [groups]                               # the provider's group claim -> a role
    "perflens-hr" = "hr_admin"
    "perflens-hrbp-sales" = { role = "hrbp", departments = ["销售中心"] }

A user's own entry wins over their groups; of several matching groups, the first one listed in
the file decides. User names match without regard to case. Without a roles file nobody signed
in has a role; without a sign-in provider the dashboard has one user, :data:`LOCAL_ADMIN`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from analytics.text import LANGS, render

__all__ = [
    "DEFAULT_K",
    "DEFAULT_ROLES_PATH",
    "DEPARTMENT_ROLES",
    "LOCAL_ADMIN",
    "ROLES",
    "Assignment",
    "AuthProblem",
    "Roles",
    "RolesProblem",
    "Viewer",
    "ask_whom",
    "dump_roles",
    "load_roles",
    "parse_roles",
    "resolve",
    "roles_path",
    "save_roles",
    "user_from_words",
    "user_words",
    "with_user",
    "without_user",
]

#: every role, most to least reach (``none``: an unknown user)
ROLES = ("hr_admin", "hrbp", "dept_head", "manager", "analyst", "none")
#: roles limited to department subtrees
DEPARTMENT_ROLES = ("hrbp", "dept_head")
DEFAULT_K = 3
DEFAULT_ROLES_PATH = "data/roles.toml"


class AuthProblem(Exception):
    """A refusal of the auth layer: an ``auth.`` catalogue code and its parameters."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code, params)

    def message(self, lang: str) -> str:
        """The problem in words, in ``lang``."""
        from analytics.text.render import render

        return render(f"auth.{self.code}", lang, **self.params)


class RolesProblem(AuthProblem):
    """The roles file cannot be used."""


@dataclass(frozen=True)
class Viewer:
    """Who is looking, and what their role lets them see (hashable: caches key on it)."""

    user: str
    role: str
    departments: tuple[str, ...] = ()
    employee_id: str | None = None
    k: int = DEFAULT_K

    @property
    def is_admin(self) -> bool:
        """Everything, rater ids and comments included; may import and delete."""
        return self.role == "hr_admin"

    @property
    def denied(self) -> bool:
        """No role: sees nothing."""
        return self.role not in ROLES or self.role == "none"

    @property
    def pseudonymised(self) -> bool:
        """Keyed-hash ids, no names, no comments (the analyst)."""
        return self.role == "analyst"

    @property
    def sees_names(self) -> bool:
        return not self.denied and not self.pseudonymised

    @property
    def sees_everyone(self) -> bool:
        """Every person of the company in scope (hr_admin, analyst)."""
        return self.role in ("hr_admin", "analyst")

    @property
    def sees_rater_ids(self) -> bool:
        """Individual peer and subordinate raters and their comments (below: aggregates of at
        least :attr:`k` raters)."""
        return self.is_admin

    @property
    def may_write(self) -> bool:
        """Import, delete, rename: the administrator only."""
        return self.is_admin


#: the one user when no sign-in provider is configured (``make run``): sees everything
LOCAL_ADMIN = Viewer(user="local-admin", role="hr_admin")


def user_words(user: str | None, lang: str) -> str | None:
    """A user as people read them: the local administrator by the name the sidebar gives it
    ("本机管理员" / "local administrator"), never its key ``local-admin`` (rev19d); anyone
    else as signed in."""
    return render("signin.local_user", lang) if user == LOCAL_ADMIN.user else user


def signer_words(signed_by: str | None, facilitator: str | None, lang: str) -> str | None:
    """Who signed a session off, as the record and the page say it. Without sign-in every
    click is the local administrator's, so where the session names its host, that host is
    said beside it as the host, not as the signer, whom nothing identified (rev26a item 9:
    "由 本机管理员 签字确认" while the host was 李静)."""
    who = user_words(signed_by, lang)
    if signed_by != LOCAL_ADMIN.user or not facilitator or facilitator == LOCAL_ADMIN.user:
        return who
    return render("signin.local_signer", lang, who=who, host=facilitator)


def user_from_words(text: str) -> str:
    """:func:`user_words` back: the local administrator's name in any language is its key (a
    facilitator field prefilled with it), any other text as typed."""
    named = {user_words(LOCAL_ADMIN.user, lang) for lang in LANGS}
    return LOCAL_ADMIN.user if text.strip() in named else text.strip()


@dataclass(frozen=True)
class Assignment:
    """A role as the roles file gives it to a user or a group."""

    role: str
    departments: tuple[str, ...] = ()
    employee_id: str | None = None


@dataclass(frozen=True)
class Roles:
    """A roles file: per user (lower-case) and per group (in file order), and ``k``."""

    users: dict[str, Assignment] = field(default_factory=dict)
    groups: tuple[tuple[str, Assignment], ...] = ()
    k: int = DEFAULT_K


def roles_path() -> Path:
    """``$PERFLENS_ROLES``, else ``data/roles.toml``."""
    return Path(os.environ.get("PERFLENS_ROLES") or DEFAULT_ROLES_PATH)


def configured_contact(folder: Path | None = None) -> str | None:
    """Whom a user without a role is told to ask: the ``[perflens] contact`` of Streamlit's
    ``.streamlit/secrets.toml`` (the project's, else the home folder's), as the dashboard says
    it; None when unset or unreadable. The command line reads it too, so both say the same."""
    for base in (folder or Path.cwd(), Path.home()):
        try:
            data = tomllib.loads((base / ".streamlit" / "secrets.toml").read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        section = data.get("perflens")
        contact = section.get("contact") if isinstance(section, dict) else None
        if isinstance(contact, str) and contact.strip():
            return contact.strip()
    return None


def ask_whom(text: str, lang: str, contact: str | None) -> str:
    """A refusal of scope or role, ``text``, ending with whom to ask: ``contact`` (the
    secrets' ``[perflens] contact``, as the no-role screen names it), else an HR
    administrator. The one place the dashboard's and the command line's refusals get it."""
    who = contact or render("auth.ask_default", lang)
    return render("auth.ask", lang, text=text, contact=who)


def _assignment(value: object, path: Path, who: str) -> Assignment:
    if isinstance(value, str):
        value = {"role": value}
    if not isinstance(value, dict):
        raise RolesProblem("roles_entry_bad", file=str(path), who=who)
    role = value.get("role")
    if role not in ROLES:
        raise RolesProblem(
            "roles_role_unknown", file=str(path), who=who, role=role, roles=list(ROLES)
        )
    depts = value.get("departments", ())
    if isinstance(depts, str):
        depts = (depts,)
    if not isinstance(depts, list | tuple) or not all(isinstance(d, str) and d for d in depts):
        raise RolesProblem("roles_entry_bad", file=str(path), who=who)
    depts = tuple(d.strip().rstrip("/") for d in depts)
    if role in DEPARTMENT_ROLES and not depts:
        raise RolesProblem("roles_needs_departments", file=str(path), who=who, role=role)
    emp = value.get("employee_id")
    if emp is not None and not isinstance(emp, str | int):
        raise RolesProblem("roles_entry_bad", file=str(path), who=who)
    emp = None if emp is None else str(emp).strip()
    if role == "manager" and not emp:
        raise RolesProblem("roles_needs_employee", file=str(path), who=who)
    return Assignment(role=role, departments=depts, employee_id=emp)


def parse_roles(data: dict, path: Path) -> Roles:
    """A roles file's parsed TOML -> :class:`Roles` (``path`` names the file in messages)."""
    k = data.get("k", DEFAULT_K)
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise RolesProblem("roles_k_bad", file=str(path), k=k)
    users_in = data.get("users", {})
    groups_in = data.get("groups", {})
    if not isinstance(users_in, dict) or not isinstance(groups_in, dict):
        raise RolesProblem("roles_entry_bad", file=str(path), who="users / groups")
    users: dict[str, Assignment] = {}
    for name, value in users_in.items():
        key = name.strip().lower()
        if key in users:
            raise RolesProblem("roles_user_twice", file=str(path), who=name)
        users[key] = _assignment(value, path, name)
    groups = tuple((g, _assignment(v, path, g)) for g, v in groups_in.items())
    return Roles(users=users, groups=groups, k=k)


def load_roles(path: str | Path | None = None) -> Roles:
    """The roles file at ``path`` (default :func:`roles_path`); no file: no roles (every
    signed-in user is unknown). A file that cannot be read raises :class:`RolesProblem`."""
    path = Path(path) if path is not None else roles_path()
    if not path.exists():
        return Roles()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise RolesProblem("roles_unreadable", file=str(path), detail=str(exc)) from exc
    return parse_roles(data, path)


def resolve(user: str, groups: Sequence[str], roles: Roles) -> Viewer:
    """The viewer signed in as ``user`` with the provider's ``groups``: their own entry, else
    the first group of the roles file they belong to, else role ``none``."""
    found = roles.users.get(user.strip().lower())
    if found is None:
        member = set(groups)
        found = next((a for g, a in roles.groups if g in member), None)
    if found is None:
        return Viewer(user=user, role="none", k=roles.k)
    return Viewer(
        user=user,
        role=found.role,
        departments=found.departments,
        employee_id=found.employee_id,
        k=roles.k,
    )


def with_user(roles: Roles, user: str, assignment: Assignment) -> Roles:
    """``roles`` with ``user``'s entry set (replaced when there was one)."""
    return replace(roles, users={**roles.users, user.strip().lower(): assignment})


def without_user(roles: Roles, user: str) -> Roles:
    """``roles`` without ``user``'s entry (KeyError when there is none)."""
    key = user.strip().lower()
    if key not in roles.users:
        raise KeyError(user)
    return replace(roles, users={u: a for u, a in roles.users.items() if u != key})


def _toml_str(s: str) -> str:
    out = s.replace("\\", "\\\\").replace('"', '\\"')
    out = "".join(c if c >= " " else f"\\u{ord(c):04x}" for c in out)
    return f'"{out}"'


def _toml_assignment(a: Assignment) -> list[str]:
    lines = [f"role = {_toml_str(a.role)}"]
    if a.departments:
        lines.append("departments = [" + ", ".join(_toml_str(d) for d in a.departments) + "]")
    if a.employee_id:
        lines.append(f"employee_id = {_toml_str(a.employee_id)}")
    return lines


def dump_roles(roles: Roles) -> str:
    """``roles`` as a roles file (TOML) that :func:`parse_roles` reads back equal."""
    lines = [f"k = {roles.k}", ""]
    for user in sorted(roles.users):
        lines.append(f"[users.{_toml_str(user)}]")
        lines += _toml_assignment(roles.users[user])
        lines.append("")
    for group, a in roles.groups:
        lines.append(f"[groups.{_toml_str(group)}]")
        lines += _toml_assignment(a)
        lines.append("")
    return "\n".join(lines)


def save_roles(roles: Roles, path: str | Path | None = None) -> Path:
    """Write ``roles`` to ``path`` (default :func:`roles_path`) atomically, readable by the
    service account only (mode 0600)."""
    path = Path(path) if path is not None else roles_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(dump_roles(roles))
    os.replace(tmp, path)
    return path
