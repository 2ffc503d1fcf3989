"""The Data page's uploaded files, kept per browser session.

Each session gets a temporary folder of its own (removed when the session ends), so two
people uploading ``绩效.csv`` at once never read each other's bytes; the files and the user's
choices for each (encoding, header row, column mapping, scales) live in the session state, so
a rerun (a changed encoding, a new header row) reads the same bytes again instead of losing
the upload.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from pathlib import Path

import streamlit as st

__all__ = [
    "Choices",
    "choices",
    "clear_uploader",
    "files",
    "remove",
    "take",
    "upload_id",
    "uploader_key",
]

_FILES = "data_uploads"  # name -> path of the session's copy
_FOLDER = "data_upload_folder"
_SEEN = "data_upload_seen"  # the uploader's file ids already taken
_IDS = "data_upload_ids"  # name -> the uploader's file id of the copy kept under that name
_CHOICES = "data_upload_choices"  # name -> Choices
_ROUND = "data_upload_round"  # the uploader's key changes after an import: it is emptied


class _Folder:
    """A session's temporary folder, removed with the session (when its state is dropped)."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="perflens-upload-"))
        weakref.finalize(self, shutil.rmtree, self.path, True)


class Choices:
    """What the user chose for one uploaded file: per column (a field code, a dimension or
    not loaded), per dimension a scale for every cycle, or one per cycle (a file holding
    several cycles of it), per rater-role value the detection does not know a role. Only
    what the user changed is kept: the rest follows the detection."""

    def __init__(self) -> None:
        self.columns: dict[str, str] = {}
        self.scales: dict[str, str] = {}
        self.cycle_scales: dict[tuple[str, str], str] = {}  # (dimension, cycle id) -> scale
        self.roles: dict[str, str] = {}  # a rater-role value of the file -> a role, "": left out

    def declared_roles(self) -> dict[str, str]:
        """The role values as a mapping's ``roles`` names them (those left out: none)."""
        return {value: role for value, role in self.roles.items() if role}

    def declared(self) -> dict[str, str | dict[str, str]]:
        """The scales as a mapping declares them: dimension -> scale, or -> {cycle: scale}."""
        out: dict[str, str | dict[str, str]] = {d: s for d, s in self.scales.items() if s}
        for (dim, cycle), scale in self.cycle_scales.items():
            per = out.setdefault(dim, {})
            if scale and isinstance(per, dict):
                per[cycle] = scale
        return {d: s for d, s in out.items() if s}

    def choose_scale(self, dim: str, scale: str, cycle: str | None = None) -> None:
        """Keep a scale chosen for a dimension (every cycle) or for one cycle of it: the one
        replaces the other, so a dimension is declared one way."""
        if cycle is None:
            self.scales[dim] = scale
            self.cycle_scales = {k: v for k, v in self.cycle_scales.items() if k[0] != dim}
        else:
            self.cycle_scales[(dim, cycle)] = scale
            self.scales.pop(dim, None)


def _folder() -> Path:
    holder = st.session_state.get(_FOLDER)
    if not isinstance(holder, _Folder) or not holder.path.is_dir():
        holder = _Folder()
        st.session_state[_FOLDER] = holder
    return holder.path


def take(uploaded) -> None:
    """Keep the files the uploader holds that were not taken yet (a copy in the session's
    folder; a file of the same name replaces the earlier one, with fresh choices)."""
    kept = st.session_state.setdefault(_FILES, {})
    seen = st.session_state.setdefault(_SEEN, set())
    for up in uploaded or []:
        if up.file_id in seen:
            continue
        seen.add(up.file_id)
        name = Path(up.name).name  # never a path from the browser
        path = _folder() / name  # the folder is the server account's only (mkdtemp: 0700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(up.getvalue())
        os.chmod(path, 0o600)  # a file of the same name kept from before
        kept[name] = str(path)
        st.session_state.setdefault(_IDS, {})[name] = up.file_id
        st.session_state.setdefault(_CHOICES, {})[name] = Choices()


def files() -> dict[str, Path]:
    """The session's uploaded files that still exist: name -> path."""
    kept = st.session_state.get(_FILES, {})
    return {name: Path(p) for name, p in kept.items() if Path(p).is_file()}


def upload_id(name: str) -> str | None:
    """The uploader's id of the file kept under ``name`` (a new one for each upload, also of a
    file replaced under the same name); None for a file not taken through :func:`take`."""
    return st.session_state.get(_IDS, {}).get(name)


def choices(name: str) -> Choices:
    return st.session_state.setdefault(_CHOICES, {}).setdefault(name, Choices())


def remove(name: str) -> None:
    """Forget an uploaded file and delete the session's copy."""
    path = st.session_state.get(_FILES, {}).pop(name, None)
    st.session_state.get(_CHOICES, {}).pop(name, None)
    st.session_state.get(_IDS, {}).pop(name, None)
    if path:
        Path(path).unlink(missing_ok=True)


def uploader_key() -> str:
    """The file uploader's widget key: a new one after each import (:func:`clear_uploader`)."""
    return f"data_upload_{st.session_state.get(_ROUND, 0)}"


def clear_uploader() -> None:
    """Empty the file uploader after a successful import (rev19d: the imported file stayed in
    it): a widget under a new key starts empty; the files not imported yet are kept here."""
    st.session_state.pop(uploader_key(), None)
    st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
