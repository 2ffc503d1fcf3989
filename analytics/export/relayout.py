"""A figure's layout changed the way ``fig.update_layout`` changes it, cheaper where the result
is the same JSON, key for key and in the same order.

Why: ``update_layout`` validates each value and then, on leaving its batch, replays every
path it set through Plotly's relayout machinery (each path split, looked up and set once more,
the change callbacks dispatched): about 1 ms a key; and setting ``template`` built a
``Template`` from ours (validating all of it) and deep-copied it twice: about 5 ms a figure.
The charts' builders did both for every figure, and a page's figures are built on each first
run of a page in a language and on each new data version (session 38: the distributions'
five figures 0.14 CPU s, a third of it this).

:func:`relaid` sets our template (a ``Template`` object, already valid) in place of the one
there without validating it again, and values where the layout already has them (the margins
:func:`analytics.export.figures._fit` widens, a title set again) validated as
``update_layout`` validates them (a detached ``go.Layout`` of them: the same validators, the
same coerced values, the same errors) and merged as it merges (a dict given into the
properties there, anything else replacing them). Anything ``update_layout`` would place anew
goes through it: its batch decides where a new key falls in the JSON (compound properties as
their first value is set, plain ones when the batch ends), and the browser is to be sent the
same bytes as before. tests/test_relayout.py and tests/test_figures.py compare the JSON with
``update_layout``'s; every figure of the chart pages was compared so too (session 38).

The one reach below Plotly's public API is :func:`_set_unvalidated`: a layout's own
``_validate`` switch, which Plotly itself turns off to set the default template on every new
figure (``BaseFigure._initialize_layout_template``). tests/test_relayout.py fails loudly if
the installed Plotly no longer has it or no longer honours it.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

__all__ = ["relaid", "relaid_axes"]

#: the layout's item lists: ``update_layout`` merges a list given for one of these into the
#: items there one by one (:func:`relaid` hands such an update to ``update_layout`` itself)
_ITEM_LISTS = frozenset(("annotations", "images", "selections", "shapes", "sliders", "updatemenus"))


def _has_none(value: object) -> bool:
    """Whether ``value`` holds a None anywhere: ``update_layout`` deletes a property given as
    None, which a merge of validated values (where None is no value) would not."""
    if value is None:
        return True
    if isinstance(value, Mapping):
        return any(_has_none(v) for v in value.values())
    return False


class _Elsewhere(Exception):
    """An update :func:`relaid` leaves to ``update_layout``: a path ("title_text"), a list of
    items, a None (each set or merged otherwise there)."""


def _merged(now: dict, fresh: dict, given: Mapping) -> dict:
    """``fresh`` (the validated ``given``) merged into ``now`` as ``update_layout`` merges
    ``given``: where ``given`` has a dict, into the properties there; anything else replaces
    them. Properties new to ``now`` follow in ``given``'s order, as ``update_layout`` sets them
    (the JSON the browser is sent is the same, byte for byte)."""
    if set(fresh) - set(given):  # a path or an alias: set where it points
        raise _Elsewhere(sorted(set(fresh) - set(given)))
    out = dict(now)
    for key, raw in given.items():
        if key not in fresh:  # validated to nothing (an empty dict): nothing set
            continue
        if raw is None or (
            isinstance(raw, (list, tuple)) and any(isinstance(v, Mapping) for v in raw)
        ):
            raise _Elsewhere(key)  # deleted, or items merged one by one
        if key not in out:  # a new property: update_layout's batch puts it where it puts it
            raise _Elsewhere(key)
        value, below = fresh[key], out[key]
        if isinstance(raw, Mapping) and isinstance(value, dict) and isinstance(below, dict):
            out[key] = _merged(below, value, raw)
        elif isinstance(raw, Mapping) or isinstance(below, dict):  # a dict given or replaced
            raise _Elsewhere(key)
        else:
            out[key] = value  # a value there replaced where it is
    return out


def _there(layout: go.Layout, key: str) -> object:
    """What ``layout`` has for ``key`` (its properties as a dict for a compound one), None
    where it has nothing."""
    part = layout[key] if key in layout else None  # noqa: SIM401 (a layout has no get)
    part = part.to_plotly_json() if hasattr(part, "to_plotly_json") else part
    return None if part == {} else part


def _set_unvalidated(layout: go.Layout, props: dict) -> None:
    """Each of ``props`` (validated values, as ``to_plotly_json`` gives them) stored as
    ``layout``'s property of that name, as is: Plotly's own switch for a value it knows valid
    (``_validate``), restored after. The only private Plotly name PerfLens uses."""
    layout._validate = False  # checked by tests/test_relayout.py
    try:
        for key, value in props.items():
            layout[key] = value
    finally:
        layout._validate = True


def relaid(fig: go.Figure, **update: object) -> go.Figure:
    """``fig`` after ``fig.update_layout(**update)``: the same layout, the same JSON in the same
    order, without its relayout pass where that can be kept (see the module): our template
    (a ``Template`` object) in place of the one there, and values where the layout has them
    already. What ``update_layout`` would place anew (a property new to the layout: its batch
    decides where), an item list (annotations, shapes ...), a None or a path goes through
    ``update_layout`` itself."""
    layout = fig.layout
    template = update.pop("template", None)
    if template is not None:
        if not isinstance(template, go.layout.Template) or _there(layout, "template") is None:
            fig.update_layout(template=template, **update)  # a name, or none there to replace
            return fig
        # replaced whole where it is, as update_layout replaces a Template object
        _set_unvalidated(layout, {"template": template.to_plotly_json()})
    if not update:
        return fig
    try:
        if any(k in _ITEM_LISTS or _has_none(v) for k, v in update.items()):
            raise _Elsewhere("items or None")
        now = {key: _there(layout, key) for key in update}
        fresh = go.Layout(**update).to_plotly_json()
        merged = _merged({k: v for k, v in now.items() if v is not None}, fresh, update)
    except _Elsewhere:
        fig.update_layout(**update)
        return fig
    _set_unvalidated(layout, merged)
    return fig


def relaid_axes(fig: go.Figure, letter: str, **update: object) -> go.Figure:
    """``fig`` after ``fig.update_xaxes(**update)`` (``letter`` "x") or ``update_yaxes`` ("y"):
    ``update`` given to every axis of that letter the layout has, through :func:`relaid`."""
    names = [k for k in fig.layout if k.startswith(f"{letter}axis")]
    return relaid(fig, **{name: dict(update) for name in names})
