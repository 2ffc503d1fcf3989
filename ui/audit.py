"""The dashboard's side of the access log (:mod:`analytics.store.accesslog`): who is looking
(the session's viewer), which dataset and which scope, stamped on every entry; a download that
logs itself when it is clicked; the log's section for HR administrators.

A failed write of the log is said on the page (never a traceback) and does not undo what was
done: the data change or the download has happened by then."""

from __future__ import annotations

import time
from collections.abc import Callable

import polars as pl
import streamlit as st

from analytics.auth.roles import LOCAL_ADMIN, ROLES, Viewer
from analytics.store import access, accesslog
from analytics.store.accesslog import Entry
from analytics.text.render import format_when, iso_when
from analytics.threadsafe import each
from ui.auth import current_viewer
from ui.i18n import get_lang, t
from ui.stinternals import keep_deferred_downloads

__all__ = [
    "REFUSED_WHAT",
    "asking",
    "download",
    "log",
    "person_view",
    "reach_of",
    "read_log",
    "refuse",
    "refused",
    "section",
    "worded",
]

#: session-state key: the (dataset, employee id) pages this session has logged
_VIEWED = "audit_person_views"
#: session-state key: the refusals this session has logged
_REFUSED = "audit_refused"
#: what a session can be refused (:func:`refused`), worded by ``accesslog.refused.<what>``
REFUSED_WHAT = ("person", "session", "department", "team", "rater", "people", "page", "selection")


def reach_of(viewer: Viewer) -> str:
    """What the viewer's role reaches, as data values: departments, a manager's own id, or
    nothing (everyone)."""
    if viewer.departments:
        return ", ".join(viewer.departments)
    return viewer.employee_id or ""


def _default_db() -> str:
    from ui import datasets

    return datasets.default_db()


def _dataset() -> str:
    from ui import datasets

    try:
        return datasets.current().key
    except Exception:  # noqa: BLE001 - no dataset chosen yet (the sign-in screen)
        return ""


def _scope_words() -> str:
    from ui import state

    try:
        return state.current_scope().label(get_lang())
    except Exception:  # noqa: BLE001 - a page without filters (the Data page)
        return ""


def _entry(event: str, file: str = "", detail: str = "", dataset: str | None = None) -> Entry:
    viewer = current_viewer()
    return Entry(
        event=event,
        user=viewer.user,
        role=viewer.role,
        reach=reach_of(viewer),
        dataset=_dataset() if dataset is None else dataset,
        scope=_scope_words() if event in ("export", "person_view") else "",
        file=file,
        detail=detail,
    )


def _write(default_db: str, entry: Entry) -> str | None:
    """Append; the words of the failure, or None."""
    try:
        accesslog.append(default_db, entry)
    except Exception as exc:  # noqa: BLE001 - said on the page, the action stands
        first = str(exc).splitlines()[0] if str(exc) else ""
        return t(
            "accesslog.failed",
            file=str(accesslog.log_path(default_db)),
            detail=f"{type(exc).__name__}: {first}"[:200],
        )
    return None


def log(event: str, file: str = "", detail: str = "", dataset: str | None = None) -> None:
    """Log ``event`` by this session's viewer (during a script run)."""
    problem = _write(_default_db(), _entry(event, file, detail, dataset))
    if problem:
        st.warning(problem)


def person_view(employee_id: str) -> None:
    """Log that this session opened ``employee_id``'s page: once per person, dataset and
    session (a page rerun on every widget change is not another view)."""
    seen = st.session_state.setdefault(_VIEWED, set())
    key = (_dataset(), employee_id)
    if key not in seen:
        seen.add(key)
        log("person_view", detail=employee_id)


def refused(what: str, target: str | None) -> None:
    """Log that this session was refused ``what`` (one of :data:`REFUSED_WHAT`; ``selection``:
    a scope too small for the analyst; ``page``: a page the role is not offered)
    named ``target`` (None: nothing asked, nothing logged): once per dataset and session, as
    a person page view."""
    if not target:  # nothing asked (a page opened without ?employee=)
        return
    seen = st.session_state.setdefault(_REFUSED, set())
    key = (_dataset(), what, target)
    if key not in seen:
        seen.add(key)
        log("refused", detail=f"{what}: {target}")


def refuse(
    what: str, target: str | None, text: str, say: Callable[..., object] | None = None
) -> None:
    """A refusal of scope or role on a page: ``text`` said (``say``: ``st.warning`` unless
    given) with whom to ask (:func:`analytics.auth.roles.ask_whom`: the configured contact,
    else an HR administrator), and logged as :func:`refused` ``what`` ``target``. Every page's
    refusal goes through here, so none is said without its log row or its contact."""
    (say or st.warning)(asking(text), icon=":material/lock:")
    refused(what, target)


def asking(text: str) -> str:
    """A refusal's ``text`` ending with whom to ask, in the reader's language."""
    from analytics.auth.roles import ask_whom
    from ui.signin import contact

    return ask_whom(text, get_lang(), contact())


def download(data: Callable[[], bytes | str], file_name: str) -> Callable[[], bytes | str]:
    """``data`` for ``st.download_button`` that logs the download when it is clicked.

    Streamlit calls a callable ``data`` only when the button is clicked, on a thread of its own
    (outside the script run): who, which dataset and which scope are taken now, while the page
    is drawn. The function is kept while the button may still be on the screen
    (:func:`ui.stinternals.keep_deferred_downloads`), not only until another run ends."""
    keep_deferred_downloads()
    default_db = _default_db()
    entry = _entry("export", file=file_name)

    def fetch() -> bytes | str:
        out = data()
        _write(default_db, entry)  # on the server's thread: a failure cannot be shown there
        return out

    return fetch


def worded(
    log_frame: pl.DataFrame,
    lang: str,
    people: pl.DataFrame | None = None,
    dataset: str | None = None,
) -> pl.DataFrame:
    """The log as a reader sees it: actions, roles and origins in words, headers in ``lang``;
    a person viewed in ``dataset`` by name and id when ``people`` (``employee_id, name`` of that
    dataset) knows them (the id alone said nothing to a reader, review of issue 19)."""

    def words(family: str, codes: tuple[str, ...]) -> dict[str, str]:
        return {c: t(f"{family}.{c}", lang) for c in codes}

    from analytics.store import datasets as store_datasets

    statuses = words("status", ("loaded", "duplicate", "rejected"))
    log_frame = log_frame.with_columns(_raw_user=pl.col("user"))
    os_accounts = {
        u: t("accesslog.os_account", lang, user=u)
        for u in log_frame.filter(pl.col("via") == "cli")["user"].unique().to_list()
    }
    try:  # a dataset by its name (a deleted one keeps its key)
        names = {d.key: d.label(lang) for d in store_datasets.live(_default_db())}
    except Exception:  # noqa: BLE001 - an unreadable registry: the keys as they are
        names = {}
    # a refusal's detail is "<what>: <target>" (:func:`refused`): the what in words, a person
    # refused by name and id as below
    what, target = (
        pl.col("detail").str.split_exact(": ", 1).struct.field(f"field_{i}") for i in (0, 1)
    )
    refusal = (pl.col("event") == "refused") & what.is_in(REFUSED_WHAT)
    if people is not None and dataset is not None and people.height:
        # the ids of this dataset's roster beside their names: the person viewed or refused,
        # and the viewer (a manager's reach is their own id; a user signed in by employee id)
        here = pl.col("dataset") == dataset
        viewed = here & (pl.col("event") == "person_view")
        person = here & refusal & (what == "person")
        ids = pl.concat(
            [
                log_frame.filter(viewed).select(pl.col("detail").alias("id")),
                log_frame.filter(person).select(target.alias("id")),
                log_frame.filter(here).select(pl.col("reach").alias("id")),
                log_frame.filter(here).select(pl.col("user").alias("id")),
            ]
        ).unique()
        known = people.select("employee_id", "name").join(
            ids, left_on="employee_id", right_on="id", how="semi"
        )
        named = {e: t("person.named", lang, name=n, id=e) for e, n in known.iter_rows() if n}
        log_frame = log_frame.with_columns(
            pl.when(viewed)
            .then(pl.col("detail").replace(named))
            .when(person)
            .then(pl.concat_str(what, pl.lit(": "), target.replace(named)))
            .otherwise(pl.col("detail"))
            .alias("detail"),
            *(
                pl.when(here).then(pl.col(c).replace(named)).otherwise(pl.col(c)).alias(c)
                for c in ("reach", "user")
            ),
        )
    log_frame = log_frame.with_columns(
        pl.when(refusal)
        .then(
            pl.concat_str(
                what.replace(words("accesslog.refused", REFUSED_WHAT)),
                pl.lit(t("accesslog.refused_sep", lang)),
                pl.col("detail").str.split_exact(": ", 1).struct.field("field_1"),  # named above
            )
        )
        .otherwise(pl.col("detail"))
        .alias("detail")
    )
    shown = log_frame.with_columns(
        # the command line logs the operating-system account that ran it ("root"): said as
        # such, not left as a bare English word among the people
        pl.when(pl.col("user") == LOCAL_ADMIN.user)
        .then(pl.lit(t("signin.local_user", lang)))
        .when((pl.col("via") == "cli") & (pl.col("user") == pl.col("_raw_user")))
        .then(pl.col("user").replace(os_accounts))
        .otherwise(pl.col("user"))
        .alias("user"),
        pl.col("dataset").replace(names),
        # in the zone the screen says times in, with its offset, as the meeting's audit (the
        # log keeps UTC without a zone: it showed that, left30 item 4)
        each(log_frame["at"], iso_when, pl.String),  # on this thread (threadsafe.each)
        # an import's detail is its outcome (a code); every other detail is a data value
        pl.when(pl.col("event") == "import")
        .then(pl.col("detail").replace(statuses))
        .otherwise(pl.col("detail"))
        .alias("detail"),
        pl.col("event").replace(words("accesslog.event", accesslog.EVENTS)),
        pl.col("role").replace(words("auth.role", ROLES)),
        pl.col("via").replace(words("accesslog.via", accesslog.VIA)),
    )
    shown = shown.drop("_raw_user")
    return shown.rename({c: t(f"accesslog.col.{c}", lang) for c in shown.columns})


#: the access log as last read, per log file: (the file's and its log's identity, the entries)
_READ: dict[str, tuple[tuple, pl.DataFrame]] = {}
#: a log file written less than this many seconds ago is not kept: a second append within the
#: file system's clock tick could leave its identity (size in blocks, time) as it was
SETTLED_SECONDS = 2.0


def read_log(default_db: str) -> pl.DataFrame:
    """:func:`accesslog.read`, kept while the log's file is unchanged. Why: the Data page
    draws the log on every run, and each read opened the log's database (a DuckDB instance:
    about 45 ms CPU of the page's run) to find the same entries; an append changes the file
    (:func:`~analytics.store.access.identity`), and is then read."""
    path = accesslog.log_path(default_db)
    ident = (access.identity(path), access.identity(f"{path}.wal"))
    kept = _READ.get(str(path))
    if kept is not None and kept[0] == ident:
        return kept[1]
    entries = accesslog.read(default_db)  # an append meanwhile: newer than ``ident`` says
    if ident[0] is not None and time.time() - ident[0][2] / 1e9 > SETTLED_SECONDS:
        _READ[str(path)] = (ident, entries)
    return entries


def section(lang: str) -> None:
    """The access log, newest first, with its CSV: for HR administrators only (nothing is drawn
    for anyone else)."""
    if not current_viewer().is_admin:
        return
    from analytics.export.cells import neutralise

    st.subheader(t("accesslog.title", lang))
    st.caption(t("accesslog.caption", lang))
    default_db = _default_db()
    entries = read_log(default_db)
    if not entries.height:
        st.caption(t("accesslog.none", lang))
        return
    from ui import cache, tables  # tables note their downloads here

    shown = worded(entries, lang, cache.names(cache.version()), _dataset())
    # on screen each time as the pages say times ("2026年12月7日 23:57（UTC）"); the CSV keeps
    # ISO 8601 with the offset, which a program reads (session 45)
    at = t("accesslog.col.at", lang)
    screen = shown.head(5000).with_columns(
        each(shown[at].head(5000), lambda v: format_when(v, lang), pl.String)
    )
    config, hidden = tables.fit(screen, {})
    st.dataframe(screen, hide_index=True, column_config=config, key="access_entries")
    tables.own_csv_only("access_entries")  # the log's own CSV below: every entry, neutralised
    tables.more_columns(hidden)
    st.download_button(
        t("accesslog.download", lang),
        download(
            lambda: neutralise(shown).write_csv(include_bom=True).encode("utf-8"),
            "perflens_access_log.csv",
        ),
        file_name="perflens_access_log.csv",
        mime="text/csv",
        key="accesslog_csv",
    )
