"""`dane policy list` and `dane policy table`: the SMTP sender policy profiles.

Expected rows come from the Cisco ESA tables in mission.md (typed in here) and
from smtp-dane-scenarios.md §3.3, not from the tool's own output."""

import json

DASH = "\u2013"

CISCO_OPPORTUNISTIC = [
    ("Secure", "Secure", "Secure", "Success", "DANE Success"),
    ("Secure", "Secure", "Secure", "Failed", "DANE Fail"),
    ("Secure", "Secure", "Insecure", DASH, "Fallback to opportunistic TLS"),
    ("Secure", "Secure", "NXDOMAIN", DASH, "Fallback to opportunistic TLS"),
    ("Secure", "Secure", "Bogus", DASH, "DANE Fail"),
    ("Secure", "Insecure", DASH, DASH, "Fallback to opportunistic TLS"),
    ("Secure", "Bogus", DASH, DASH, "DANE Fail"),
    ("Insecure", "Secure", "Secure", DASH, "Fallback to opportunistic TLS"),
    ("Insecure", "Secure", "Insecure", DASH, "Fallback to opportunistic TLS"),
    ("Insecure", "Secure", "NXDOMAIN", DASH, "Fallback to opportunistic TLS"),
    ("Insecure", "Secure", "Bogus", DASH, "DANE Fail"),
    ("Insecure", "Insecure", DASH, DASH, "Fallback to opportunistic TLS"),
    ("Insecure", "Bogus", DASH, DASH, "DANE Fail"),
    ("Bogus", DASH, DASH, DASH, "DANE Fail"),
]


def test_list_names_every_profile(dane):
    out = dane("policy", "list", check=0).out
    for name in ["rfc7672", "rfc7672-mandatory", "postfix-dane", "postfix-dane-only", "postfix-may",
                 "postfix-encrypt", "exim-try", "exim-require", "cisco-opportunistic", "cisco-mandatory",
                 "legacy-usage1-as-3"]:
        assert any(line.split()[0] == name for line in out.splitlines()), name
    listed = json.loads(dane("policy", "list", "--json", check=0).out)
    assert len(listed) == 11 and all(p["description"] for p in listed)


def test_cisco_opportunistic_table_json(dane):
    table = json.loads(dane("policy", "table", "--profile", "cisco-opportunistic", "--json", check=0).out)
    rows = [(r["mx"], r["a"], r["tlsa"], r["cert"], r["action"]) for r in table["rows"]]
    assert rows == CISCO_OPPORTUNISTIC


def test_cisco_mandatory_table_markdown(dane):
    out = dane("policy", "table", "--profile", "cisco-mandatory", check=0).out
    lines = [line for line in out.splitlines() if line.startswith("| ")]
    assert lines[0] == "| MX | A | TLSA | Cert | Action |"
    assert lines[1] == "| Secure | Secure | Secure | Success | DANE Success |"
    assert len(lines) == 1 + 15
    assert sum("DANE Success" in line for line in lines) == 1


def test_postfix_dane_only_defers_insecure_mx(dane):
    # §3.2: dane-only tempfails "non DNSSEC destination" with DSN 4.7.5.
    table = json.loads(dane("policy", "table", "--profile", "postfix-dane-only", "--json", check=0).out)
    row = next(r for r in table["rows"] if r["mx"] == "Insecure")
    assert row["a"] == DASH and row["action"] == "defer 4.7.5: non DNSSEC destination"


def test_unknown_profile_is_an_input_error(dane):
    r = dane("policy", "table", "--profile", "sendmail", check=2)
    assert "sendmail" in r.err and "postfix-dane" in r.err
    dane("policy", "table", check=2)  # --profile is required
