"""Hypothesis strategies for cases over the whole input vocabulary."""

from __future__ import annotations

from hypothesis import strategies as st

from py1177 import Case, Channel, Purpose, Relation, Role, Step

roles = st.sampled_from(list(Role))
channels = st.sampled_from(list(Channel))
purposes = st.one_of(st.none(), st.sampled_from(list(Purpose)))
relations = st.one_of(st.none(), st.sampled_from(list(Relation)))


@st.composite
def steps(draw, first: bool) -> Step:
    channel = draw(channels)
    physical = channel is Channel.PHYSICAL
    return Step(
        role=draw(roles),
        channel=channel,
        purpose=None if physical else draw(purposes),
        day=None if first else draw(relations),
        unit=None if first else draw(relations),
        replaces_visit=None if physical else draw(st.one_of(st.none(), st.booleans())),
    )


@st.composite
def cases(draw, max_steps: int = 4) -> Case:
    """Any valid case of 1..max_steps steps, with or without replaces_visit choices."""
    n = draw(st.integers(min_value=1, max_value=max_steps))
    return Case(tuple(draw(steps(first=i == 0)) for i in range(n)))
