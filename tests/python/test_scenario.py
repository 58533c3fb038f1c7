"""dane.sim delivery scenarios from Python: load, run one profile, run the
matrix. Expected outcomes are the fixtures' own expectations, written from
RFC 7672 / smtp-dane-scenarios.md / mission.md (tests/data/scenarios)."""

from pathlib import Path

import pytest

from _support import import_dane

dane = import_dane()

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "scenarios"


@pytest.fixture(scope="module")
def valid():
    return dane.sim.load_delivery_scenario(str(FIXTURES / "fixture-valid.yaml"))


def test_load(valid):
    assert valid.name == "fixture-valid"
    assert valid.seed == 3
    assert "USENIX'20 valid" in valid.sources
    assert valid.expectation("postfix-dane")["verdict"] == "deliver-authenticated"  # from `default`
    assert valid.expectation("postfix-may")["tls"] == "Untrusted"
    assert set(valid.expect) == {"default", "postfix-may", "postfix-encrypt"}


def test_run_dane_profile(valid):
    r = valid.run("postfix-dane")
    # RFC 7672 §2.2 case 1: secure usable TLSA that matches -> authenticated TLS.
    assert (r.verdict, r.tls, r.report, r.via) == ("deliver-authenticated", "Verified", "none", "mail.example.test")
    assert r.met and bool(r) and r.differences == []
    assert r.delivered and r.status == "sent"
    assert any("Verified TLS connection established" in line for line in r.client_log)
    assert any("_25._tcp.mail.example.test" in line for line in r.query_log)
    assert r.server_log


def test_run_twice_same_bytes(valid):
    assert valid.run("exim-try", seed=5).to_json() == dane.sim.run_scenario(valid, "exim-try", seed=5).to_json()


def test_unknown_profile_and_resolver(valid):
    with pytest.raises(dane.InputError):
        valid.run("sendmail")
    with pytest.raises(dane.InputError):
        valid.run("postfix-dane", resolver="psychic")


def test_bad_scenario_names_the_entry():
    text = (FIXTURES / "fixture-valid.yaml").read_text().replace("default: mail", "default: evil")
    with pytest.raises(dane.InputError) as info:
        dane.sim.parse_delivery_scenario(text, "x.yaml")
    assert "x.yaml" in str(info.value) and "mta[0].certificates.default" in str(info.value)


def test_matrix():
    m = dane.sim.run_matrix(dir=str(FIXTURES), jobs=2)
    assert m.differ == 0 and m.unchecked == 0
    assert m.runs == len(m.rows) == 5 * len(dane.policy.profiles())  # every fixture x every built-in profile
    row = next(r for r in m.rows if r.scenario == "fixture-strip-starttls" and r.profile == "postfix-may")
    # RFC 7672 §1.3: opportunistic TLS is downgraded to clear text by a STARTTLS stripper.
    assert (row.verdict, row.tls, row.ok) == ("deliver-clear", "none", True)
    assert m.to_text().splitlines()[-1] == f"{m.runs} runs, 0 differ"
    paths = [str(p) for p in sorted(FIXTURES.glob("*.yaml"))]
    assert dane.sim.run_matrix(paths, profiles=["postfix-dane"]).to_json() == dane.sim.run_matrix(
        [dane.sim.load_delivery_scenario(p) for p in paths], profiles=["postfix-dane"], jobs=3
    ).to_json()
    with pytest.raises(TypeError):
        dane.sim.run_matrix()
