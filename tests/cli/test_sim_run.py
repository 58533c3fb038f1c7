"""Tests of `dane sim run`, `dane sim matrix`, `dane sim send` and
`dane verify DOMAIN --sim SCENARIO` over the fixtures in tests/data/scenarios.
Expected outcomes come from RFC 7672, smtp-dane-scenarios.md and mission.md
(the reasons are written next to each expectation in the fixture files), the
daneverify wording from mission.md Source 3."""

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "scenarios"
VALID = FIXTURES / "fixture-valid.yaml"
MISMATCH = FIXTURES / "fixture-tlsa-mismatch.yaml"
TWO_MX = FIXTURES / "fixture-two-mx.yaml"
STRIP = FIXTURES / "fixture-strip-starttls.yaml"


def test_run_table_and_summary(dane):
    r = dane("sim", "run", VALID, "--profile", "postfix-dane", "--profile", "postfix-may", check=0)
    lines = r.out.splitlines()
    assert lines[0].startswith("fixture-valid: ")
    dane_row = next(line for line in lines if line.split()[:1] == ["postfix-dane"])
    assert dane_row.split()[1:4] == ["deliver-authenticated", "Verified", "none"]
    assert dane_row.split()[-1] == "ok"
    may_row = next(line for line in lines if line.split()[:1] == ["postfix-may"])
    assert may_row.split()[1:3] == ["deliver-encrypted", "Untrusted"]
    assert lines[-1] == "2 runs, 0 differ"


def test_run_json_has_logs(dane):
    r = dane("sim", "run", MISMATCH, "--profile", "postfix-dane", "--json", check=0)
    doc = json.loads(r.out)
    run = doc["runs"][0]
    # RFC 7672 §3: usable TLSA records, no match -> not delivered; the only MX -> defer.
    assert run["verdict"] == "defer"
    assert run["met"] is True
    assert any("Untrusted TLS connection established" in line for line in run["client_log"])
    assert any("_25._tcp.mail.example.test" in line and "TLSA" in line for line in run["query_log"])
    assert any("postfix/smtpd" in line for line in run["server_log"])
    assert doc["summary"] == {"runs": 1, "differ": 0, "unchecked": 0}


def test_run_reports_a_difference(dane, tmp_path):
    wrong = VALID.read_text().replace("fixture-valid", "wrong").replace(
        "default: {verdict: deliver-authenticated", "default: {verdict: defer"
    )
    path = tmp_path / "wrong.yaml"
    path.write_text(wrong)
    r = dane("sim", "run", path, "--profile", "rfc7672", check=1)
    assert "verdict: expected defer, got deliver-authenticated" in r.out
    assert r.out.splitlines()[-1] == "1 runs, 1 differ"


def test_same_seed_same_output(dane):
    a = dane("sim", "run", TWO_MX, "--profile", "exim-try", "--seed", "9", "--json", check=0)
    b = dane("sim", "run", TWO_MX, "--profile", "exim-try", "--seed", "9", "--json", check=0)
    assert a.out == b.out


def test_matrix_over_fixtures(dane):
    r = dane("sim", "matrix", "--dir", FIXTURES, "--jobs", "2", check=0)
    assert r.out.splitlines()[0].split() == ["scenario", "profile", "verdict", "TLS", "TLSRPT", "ok"]
    assert r.out.splitlines()[-1].endswith(" differ") and " 0 differ" in r.out.splitlines()[-1]
    one = dane("sim", "matrix", "--dir", FIXTURES, "--json", "--jobs", "1", check=0)
    two = dane("sim", "matrix", "--dir", FIXTURES, "--json", "--jobs", "2", check=0)
    assert one.out == two.out
    doc = json.loads(one.out)
    assert doc["summary"]["differ"] == 0
    # mission.md demo 4: the first MX is broken, the second delivers.
    row = next(x for x in doc["rows"] if x["scenario"] == "fixture-two-mx" and x["profile"] == "postfix-dane")
    assert (row["verdict"], row["via"]) == ("deliver-authenticated", "mx2.example.test")


def test_send_shows_both_logs(dane):
    r = dane("sim", "send", "--scenario", STRIP, "--profile", "postfix-may", check=0)
    # The downgrade: STARTTLS stripped, mail goes in clear text (RFC 7672 §1.3).
    assert "verdict deliver-clear" in r.out
    assert "sending MTA log" in r.out and "receiving MTA log" in r.out and "DNS query log" in r.out
    r = dane("sim", "send", "--scenario", STRIP, "--profile", "postfix-dane", check=1)
    assert "verdict defer" in r.out


def test_verify_success_cisco_style(dane):
    r = dane("verify", "example.test", "--sim", VALID, check=0)
    lines = r.out.splitlines()
    assert lines[0] == "SECURE MX record(mail.example.test) found for example.test"
    assert "SECURE A record (192.0.2.25) found for MX(mail.example.test) in example.test" in lines
    assert "Connecting to 192.0.2.25 on port 25." in lines
    assert "SECURE TLSA record found for MX(mail.example.test) in example.test" in lines
    assert "Checking TLS connection." in lines
    assert any(line.startswith("TLS connection established: protocol TLSv1.2, cipher ") for line in lines)
    assert "Certificate verification successful" in lines
    assert lines[-1] == "DANE SUCCESS for example.test"
    # The daneverify order: MX, A, connect, TLSA, TLS, certificate, result.
    order = [lines.index(x) for x in (
        "SECURE A record (192.0.2.25) found for MX(mail.example.test) in example.test",
        "Connecting to 192.0.2.25 on port 25.",
        "SECURE TLSA record found for MX(mail.example.test) in example.test",
        "Checking TLS connection.",
        "Certificate verification successful")]
    assert order == sorted(order)


def test_verify_failure_tries_next_mx(dane):
    r = dane("verify", "example.test", "--sim", TWO_MX, check=0)
    assert "Trying next MX record in example.test" in r.out
    assert r.out.splitlines()[-1] == "DANE SUCCESS for example.test"
    r = dane("verify", "example.test", "--sim", MISMATCH, check=1)
    assert r.out.splitlines()[-1] == "DANE FAILED for example.test"


@pytest.mark.parametrize(
    "args, needle",
    [
        (["sim", "run", VALID, "--profile", "sendmail"], "sendmail"),
        (["sim", "run", VALID, "--resolver", "magic"], "--resolver"),
        (["sim", "matrix", "--dir", "/nonexistent-dir"], "/nonexistent-dir"),
        (["sim", "send", "--scenario", VALID, "--profile", "postfix-dane", "--to", "nobody"], "nobody"),
        (["verify", "exa mple.test", "--sim", VALID], "exa mple.test"),
    ],
)
def test_bad_input_exits_2(dane, args, needle):
    r = dane(*args, check=2)
    assert needle in r.err


def test_bad_scenario_names_file_and_path(dane, tmp_path):
    text = VALID.read_text().replace("fixture-valid", "broken").replace("${tlsa 3 1 1 mail}", "${tlsa 3 1 1 nosuch}")
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    r = dane("sim", "run", path, check=2)
    assert str(path) in r.err and "zones[0].records[2]" in r.err and "nosuch" in r.err


def test_whole_catalog_is_deterministic(dane):
    # Issue 6: the same seed gives byte-identical logs and JSON for the whole
    # catalog (every scenario x every profile, with the client, server and
    # DNS query logs in the JSON).
    catalog = sorted(str(p) for p in (Path(__file__).resolve().parents[2] / "sim" / "scenarios" / "smtp").glob("*.yaml"))
    assert len(catalog) >= 70
    first = dane("sim", "run", *catalog, "--seed", "11", "--json", check=0)
    second = dane("sim", "run", *catalog, "--seed", "11", "--json", check=0)
    assert first.out == second.out
    doc = json.loads(first.out)
    assert len(doc["runs"]) == len(catalog) * 11
    assert all(run["query_log"] for run in doc["runs"])
