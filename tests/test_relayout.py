"""analytics.export.relayout: a layout changed as ``update_layout`` changes it, without its
relayout pass; and the one private Plotly name it uses, checked against the installed Plotly."""

from __future__ import annotations

import copy
import json

import plotly.graph_objects as go
import pytest

from analytics.export import relayout
from analytics.export.figures import TEMPLATE
from analytics.export.relayout import relaid, relaid_axes


def _spec(fig: go.Figure) -> str:
    return json.dumps(fig.to_dict())  # in its order: the bytes the browser is sent


def _figure(second_axis: bool) -> go.Figure:
    """A figure whose layout already has nested values (a title's font, an axis title's) for
    an update to merge into or replace."""
    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    fig.update_layout(
        title=dict(text="a", font=dict(color="red")),
        margin=dict(l=5),
        xaxis=dict(title=dict(text="x", font=dict(size=3))),
    )
    if second_axis:
        fig.update_layout(yaxis2=dict(overlaying="y", title="y2"))
    return fig


UPDATES = [
    dict(
        title=dict(text="x", x=0, font=dict(size=15)),
        height=380,
        margin=dict(l=10, r=10, t=46, b=10),
        template=TEMPLATE,
        legend=dict(orientation="h", y=-0.18),
    ),
    dict(yaxis2=dict(overlaying="y", side="right", range=[0, 3.0], tickformat=",d", nticks=6)),
    dict(barmode="group"),
    dict(title="a plain string replaces the title, font and all"),
    dict(xaxis=dict(title="t", tickvals=(1, 2))),
    dict(xaxis=dict(title=dict(text="t"))),
    dict(margin=dict(l=None)),  # None deletes
    dict(template="plotly_white"),
    dict(title_text="a path"),
    dict(xaxis=dict(title_text="a path inside")),
    dict(xaxis=dict(rangebreaks=[dict(bounds=[1, 2])])),
    dict(annotations=[dict(text="an item list")]),
    dict(colorway=["red", "blue"]),
    dict(legend=dict(title="L")),
]


@pytest.mark.parametrize("second_axis", [False, True])
@pytest.mark.parametrize("update", UPDATES, ids=[",".join(u) for u in UPDATES])
def test_relaid_leaves_the_figure_update_layout_leaves(update, second_axis) -> None:
    want = _figure(second_axis)
    want.update_layout(**copy.deepcopy(update))
    got = relaid(_figure(second_axis), **copy.deepcopy(update))
    assert _spec(got) == _spec(want)
    # and the figure goes on as one: a later update, a read through the layout's objects
    want.update_layout(margin=dict(b=3))
    relaid(got, margin=dict(b=3))
    want.update_yaxes(title="q")
    got.update_yaxes(title="q")
    assert _spec(got) == _spec(want)
    assert got.layout.margin.b == 3 and got.layout.title.text == want.layout.title.text


AXIS_UPDATES = [
    ("x", dict(type="category")),
    ("y", dict(title="T")),
    ("y", dict(tickformat=".0%", title=dict(text="s"))),
    ("x", dict(visible=False)),
    ("y", dict(range=[0, 1], autorange="reversed")),
]


@pytest.mark.parametrize("second_axis", [False, True])
@pytest.mark.parametrize("letter,update", AXIS_UPDATES)
def test_relaid_axes_leaves_the_figure_update_axes_leaves(letter, update, second_axis) -> None:
    want = _figure(second_axis)
    getattr(want, f"update_{letter}axes")(**copy.deepcopy(update))
    got = relaid_axes(_figure(second_axis), letter, **copy.deepcopy(update))
    assert _spec(got) == _spec(want)


def test_relaid_validates_as_update_layout_does() -> None:
    with pytest.raises(ValueError):
        relaid(go.Figure(), height="tall")
    with pytest.raises(ValueError):
        relaid(go.Figure(), no_such_property=1)


def test_the_layout_validation_switch_is_there_and_skips_validation() -> None:
    """The private name :func:`relayout._set_unvalidated` uses (a layout's ``_validate``, which
    Plotly itself switches off to set the default template): fails loudly if an upgrade of
    Plotly renames it or stops honouring it."""
    layout = go.Figure().layout
    assert layout._validate is True
    relayout._set_unvalidated(layout, {"height": "not checked"})  # validated, it would raise
    assert layout.to_plotly_json()["height"] == "not checked"
    assert layout._validate is True  # restored
    with pytest.raises(ValueError):
        layout.height = "checked again"


def test_a_chart_does_not_validate_our_template_again(monkeypatch) -> None:
    """The builders' template (a valid ``Template``) is set in place of the default without
    being built and validated once more (``update_layout(template=...)`` did, about 5 ms a
    figure: session 38). Fails on the code before: one validated copy per figure."""
    from analytics.export import figures

    figures.empty("warm")  # Plotly loads its default template once per process
    validated = []
    own = go.layout.Template.__init__

    def counted(self, arg=None, *args, **kwargs):
        if arg is not None:  # a template built from another: validated
            validated.append(arg)
        own(self, arg, *args, **kwargs)

    monkeypatch.setattr(go.layout.Template, "__init__", counted)
    fig = figures.empty("nothing")
    assert validated == []
    assert fig.to_dict()["layout"]["template"] == TEMPLATE.to_plotly_json()
