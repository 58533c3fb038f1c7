"""Tests of `dane sim fingerprint`: a provider's row of the USENIX'20 study's
provider table, inferred from the simulated receiving side's logs. Expected
rows come from the paper's table (smtp-dane-scenarios.md §1.4)."""

import json

import pytest

# Columns in the paper's order; ✓ ✗ – as in the paper.
# Match ✗: the 32-octet "3 1 2" record is unusable, so Postfix delivers (smtp-dane-scenarios §9.1).
MAIL_COM = "| mail.com | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✗ | ✓ |"
GMAIL = "| gmail.com | ✗ | ✗ | ✗ | ✗ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ | – | – | – | – | – |"


def test_mail_com_row(dane):
    r = dane("sim", "fingerprint", "--provider", "mail.com")
    assert r.code == 0, r.err
    assert MAIL_COM in r.out


def test_gmail_row(dane):
    r = dane("sim", "fingerprint", "--provider", "gmail.com")
    assert r.code == 0, r.err
    assert GMAIL in r.out


def test_spec_and_json(dane):
    r = dane("sim", "fingerprint", "--provider", "profile=postfix-dane,resolver=validating,same-operator=no", "--json")
    assert r.code == 0, r.err
    runs = json.loads(r.out)
    row = runs[0]["row"]
    assert row["validation"] == "yes"
    assert row["same_operator"] == "no"
    assert row["rejects_wrong_usage"] == "yes"
    delivered = {s["subdomain"]: s["delivered"] for s in runs[0]["subdomains"]}
    assert delivered["valid"] and delivered["missing-ds"] and delivered["expired-starttls-tlsa-3"]
    assert not delivered["wrong-signature"] and not delivered["missing-dnskey"]


@pytest.mark.parametrize("spec", ["nosuch.example", "resolver=magic", "same-operator=maybe", "colour=blue"])
def test_bad_spec_is_input_error(dane, spec):
    r = dane("sim", "fingerprint", "--provider", spec)
    assert r.code == 2
    assert "provider spec" in r.err or "resolver" in r.err


def test_missing_testbed_is_input_error(dane, tmp_path):
    r = dane("sim", "fingerprint", "--provider", "mail.com", "--testbed", tmp_path / "none.yaml")
    assert r.code == 2
    assert "none.yaml" in r.err
