from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import source_text

settings.register_profile(
    "py1177", deadline=None, max_examples=150,
    suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("py1177"), max_examples=150, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "py1177")


@pytest.fixture(scope="session")
def rulebook():
    from py1177 import Rulebook

    return Rulebook()


@pytest.fixture(scope="session")
def source(rulebook):
    """The normalised source text of the anvisning (the copy shipped in the KB)."""
    return source_text.normalise(source_text.raw_source(rulebook.kb_dir), rulebook.errata())


@pytest.fixture(scope="session")
def raw_source(rulebook):
    return source_text.raw_source(rulebook.kb_dir)
