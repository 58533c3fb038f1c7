"""Fixtures for the dane module tests: deterministic sample chains from dane.sim."""

import pytest

from _support import MX, VALID_FROM, VALID_UNTIL, import_dane


@pytest.fixture(scope="session")
def sample():
    """root -> intermediate -> leaf for mx.example.com, leaf valid during 2024 (seed 42)."""
    dane = import_dane()
    return dane.sim.make_sample_chain(dane.sim.Pki(42), [MX], VALID_FROM, VALID_UNTIL)


@pytest.fixture(scope="session")
def other_sample():
    """An unrelated hierarchy for the same name (seed 4242)."""
    dane = import_dane()
    return dane.sim.make_sample_chain(dane.sim.Pki(4242), [MX], VALID_FROM, VALID_UNTIL)
