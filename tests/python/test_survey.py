"""dane.sim.survey: the Go6lab 2015 SMTP TLS survey, simulated. Expected values
are hand-derived from the configured shares (the go6lab-2015 preset, from
mission.md) and Postfix's log classes."""

import math

import pytest

from _support import import_dane

dane = import_dane()

ONLY = "mx=1,starttls=1,dnssec=0,trusted=0,self-signed=0,expired=0,wrong-name=0,anonymous=0,broken=0,"


def test_presets_and_one_domain():
    assert "go6lab-2015" in dane.sim.survey_presets()
    d = dane.sim.survey_domain("go6lab-2015", seed=1, index=42)
    assert d["domain"] == "d42.survey.test"
    r = dane.sim.survey("go6lab-2015", domains=50, seed=1)
    assert r["results"][42]["mx"] == (d["mx"] or None)
    assert r["results"][42]["host_tls"] == (d["host_tls"] if d["has_mx"] else None)


def test_shares_and_jobs():
    a = dane.sim.survey("go6lab-2015", domains=1000, seed=9, jobs=1)
    b = dane.sim.survey("go6lab-2015", domains=1000, seed=9, jobs=2)
    assert a["results"] == b["results"]
    sa = {k: v for k, v in a["summary"].items() if k != "work"}
    sb = {k: v for k, v in b["summary"].items() if k != "work"}
    assert sa == sb
    n = sa["with_mx"]
    p = 0.25 + 0.5 * 0.788 * 0.411  # Trusted per MX domain: 20/40 operators x 0.5 + own hosts
    got = sa["sessions"]["classes"]["Trusted"] / n
    assert abs(got - p) <= 4 * math.sqrt(p * (1 - p) / n)


def test_classes_from_key_value_specs():
    r = dane.sim.survey(ONLY + "trusted=1", domains=3)
    assert {x["tls"] for x in r["results"]} == {"Trusted"}
    r = dane.sim.survey(ONLY + "expired=1", domains=3)
    assert {x["tls"] for x in r["results"]} == {"Untrusted"}
    r = dane.sim.survey(ONLY + "trusted=1,dnssec=1,tlsa=1,tlsa-right=0", domains=2)
    assert {x["status"] for x in r["results"]} == {"deferred"}
    assert all(x["dane_failure"] for x in r["results"])


def test_domain_list_and_errors():
    r = dane.sim.survey("go6lab-2015", domain_list=["example.com", "example.net"])
    assert [x["domain"] for x in r["results"]] == ["example.com", "example.net"]
    with pytest.raises(dane.InputError):
        dane.sim.survey("mx=7", domains=3)
    with pytest.raises(dane.InputError):
        dane.sim.survey("go6lab-2015", domain_list=["bad name"])
    with pytest.raises(dane.InputError):
        dane.sim.survey("go6lab-2015")
