"""dane.policy: the RFC 7672 SMTP sender policy profiles from Python.

Expected values come from smtp-dane-scenarios.md §3.3 and the Cisco ESA tables
(mission.md), not from the module's own output."""

import pytest

from _support import import_dane

dane = import_dane()
policy = pytest.importorskip("dane.policy")

DASH = "\u2013"


def test_profiles_listed():
    names = [p.name for p in policy.profiles()]
    assert names[0] == "rfc7672"
    assert {"postfix-dane", "exim-require", "cisco-mandatory", "legacy-usage1-as-3"} <= set(names)
    assert policy.profile("postfix-dane-only").mandatory
    assert not policy.profile("postfix-dane").mandatory
    assert policy.profile("legacy-usage1-as-3").pkix_ee_as_dane_ee


def test_unknown_profile_raises_input_error():
    with pytest.raises(dane.InputError) as e:
        policy.profile("qmail")
    assert e.value.value == "qmail"


def test_cisco_mandatory_table_first_and_last_rows():
    rows = policy.table("cisco-mandatory")
    assert len(rows) == 15
    assert rows[0] == {"mx": "Secure", "a": "Secure", "tlsa": "Secure", "cert": "Success", "action": "DANE Success"}
    assert rows[-1] == {"mx": "Bogus", "a": DASH, "tlsa": DASH, "cert": DASH, "action": "DANE Fail"}
    assert policy.markdown(policy.profile("cisco-mandatory")).startswith("| MX | A | TLSA | Cert | Action |")


@pytest.mark.parametrize(
    "profile, tlsa, action",
    [
        # §3.3 row 3: all TLSA unusable -> RFC/Postfix encrypt, Exim defers.
        ("rfc7672", "Secure, unusable", "deliver-encrypted"),
        ("postfix-dane", "Secure, unusable", "deliver-encrypted"),
        ("exim-try", "Secure, unusable", "defer"),
        # Row 4: validated NXDOMAIN -> may; Exim require bounces; dane-only defers.
        ("rfc7672", "NXDOMAIN", "deliver-encrypted"),
        ("exim-require", "NXDOMAIN", "bounce"),
        ("postfix-dane-only", "NXDOMAIN", "defer"),
        # Row 6: TLSA bogus -> defer everywhere.
        ("postfix-dane", "Bogus", "defer"),
        ("cisco-opportunistic", "Bogus", "defer"),
    ],
)
def test_decide_over_statuses(profile, tlsa, action):
    assert policy.decide(profile, "Secure", "Secure", tlsa)["action"] == action


def test_decide_reports_postfix_wording_and_tlsrpt():
    v = policy.decide("postfix-dane", "Secure", "Secure", "Secure", "Failed")
    assert v["status"] == "4.7.5" and v["reason"] == "Server certificate not verified"
    assert v["report"] == "validation-failure"
    ok = policy.decide("postfix-dane", "Insecure", "Secure", "Secure", "Success")
    assert ok["action"] == "deliver-authenticated" and ok["log_class"] == "Trusted"  # §9.3
    err = policy.decide("postfix-dane", "Secure", "Secure", "Bogus")
    assert err["reason"] == "TLSA lookup error for mx.example.com:25" and err["report"] == "dnssec-invalid"
    with pytest.raises(dane.InputError):
        policy.decide("rfc7672", "Sekure", "Secure", "Secure")
