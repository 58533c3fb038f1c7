"""dane.sim fingerprinting: the USENIX'20 provider table from receiving-side logs.
Expected rows: the paper's table (smtp-dane-scenarios.md §1.4)."""

import pathlib

import pytest

from _support import import_dane

dane = import_dane()

TESTBED = pathlib.Path(__file__).resolve().parents[2] / "sim" / "scenarios" / "study" / "security-protocol.yaml"


@pytest.fixture(scope="module")
def bed():
    return dane.sim.load_study_testbed(str(TESTBED))


def test_presets():
    names = dane.sim.provider_presets()
    assert len(names) == 29
    assert names[0] == "mail.com"
    assert "resolver=cd-setting" in dane.sim.provider_spec("sapo.pt")


def test_protonmail_row(bed):
    run = dane.sim.fingerprint("protonmail.com", bed)
    row = run["row"]
    assert row["do_bit"] == "yes"
    assert row["dnskey_requested"] == "no"
    assert row["validation"] == "no"
    assert row["tlsa_published"] == "yes"
    assert row["tlsa_requested"] == "no"
    assert row["rejects_no_cert"] == "n/a"
    assert any("query:" in line for line in run["query_log"])
    table = dane.sim.render_provider_table([row])
    assert "| protonmail.com | ✓ | ✗ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | – | – | – | – | – |" in table


def test_infer_from_hand_written_logs():
    q = ("22-Nov-2026 12:00:01.234 queries: info: client @0x7f3a2c0012e0 192.0.2.53#41234 "
         "(valid.security-protocol.test): query: valid.security-protocol.test IN MX +E(0)D (203.0.113.10)")
    s = ["Nov 22 12:00:05 mx postfix/smtpd[1234]: connect from unknown[192.0.2.99]",
         "Nov 22 12:00:05 mx postfix/smtpd[1234]: Anonymous TLS connection established from unknown[192.0.2.99]: "
         "TLSv1.2 with cipher ECDHE-ECDSA-AES256-GCM-SHA384 (256/256 bits)"]
    row = dane.sim.infer_provider_row([q], s, ["user@valid.security-protocol.test",
                                                "user@self-signed-starttls.security-protocol.test"])
    assert row["do_bit"] == "yes"
    assert row["dnskey_requested"] == "no"
    assert row["same_operator"] == "yes"      # 192.0.2.53 and 192.0.2.99 share a /24
    assert row["starttls_sent"] == "yes"
    assert row["rejects_self_signed"] == "no"
    assert row["tlsa_requested"] == "no"
    assert row["rejects_wrong_cert"] == "n/a"


def test_bad_spec(bed):
    with pytest.raises(dane.InputError):
        dane.sim.fingerprint("resolver=magic", bed)
    with pytest.raises(dane.InputError):
        dane.sim.load_study_testbed("/nonexistent/testbed.yaml")
