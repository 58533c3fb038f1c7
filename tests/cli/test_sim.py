"""Tests of `dane sim zone build`, `dane sim zone kinds` and `dane sim resolve`.

The built zones are checked with ldns-verify-zone (no code shared with
libdane's signer), the DS sets with ldns-key2ds over the written key files.
Expected statuses and EDE codes come from the catalogs (dnssec-rules.md §8,
smtp-dane-scenarios.md §4.1) and RFC 8914's code table.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

SCENARIOS = Path(__file__).resolve().parents[2] / "sim" / "scenarios" / "dns"
LDNS_INSIDE = "20261123000000"  # inside every scenario's signature window (time 2026-11-22T12:00Z, +30d)
TLSA = "_25._tcp.mail.example.test."


def need(tool):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")


def build(dane, tmp_path, scenario="valid.yaml"):
    out = tmp_path / "out"
    dane("sim", "zone", "build", SCENARIOS / scenario, "--out", out, check=0)
    return out


# --- zone build -------------------------------------------------------------------


def test_build_writes_the_bind_layout(dane, tmp_path):
    out = build(dane, tmp_path)
    names = {p.name for p in out.iterdir()}
    assert {"root.zone", "test.zone", "example.test.zone", "anchors.txt", "servers.txt",
            "dsset-.", "dsset-test.", "dsset-example.test."} <= names
    keys = sorted(n for n in names if n.startswith("Kexample.test.+013+") and n.endswith(".key"))
    assert len(keys) == 2  # ksk-zsk
    assert all((out / k.replace(".key", ".private")).read_text().startswith("Private-key-format: v1.3") for k in keys)
    servers = (out / "servers.txt").read_text()
    assert "ns1.example.test. 198.51.100.1 example.test." in servers
    assert "a.root-servers.net. 198.41.0.4 ." in servers


@pytest.mark.parametrize("scenario", ["valid.yaml", "nsec3-valid.yaml", "d16-unsigned-zone.yaml"])
def test_built_zones_verify_with_ldns(dane, tmp_path, scenario):
    need("ldns-verify-zone")
    out = build(dane, tmp_path, scenario)
    for zone in out.glob("*.zone"):
        text = zone.read_text()
        if " RRSIG " not in text and "\tRRSIG\t" not in text:
            continue  # the unsigned zone
        proc = subprocess.run(["ldns-verify-zone", "-t", LDNS_INSIDE, str(zone)], capture_output=True, text=True)
        assert proc.returncode == 0, f"{zone.name}: {proc.stdout}{proc.stderr}"


def test_dsset_matches_ldns_key2ds(dane, tmp_path):
    need("ldns-key2ds")
    out = build(dane, tmp_path)
    dsset = (out / "dsset-example.test.").read_text().split()
    ksk = next(p for p in out.glob("Kexample.test.+013+*.key") if " 257 " in p.read_text() or "\t257 " in p.read_text())
    proc = subprocess.run(["ldns-key2ds", "-n", "-2", str(ksk)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    ldns = proc.stdout.split()
    # owner TTL class DS tag alg digest-type digest: compare tag..digest (case-insensitive hex).
    assert [x.lower() for x in dsset[-4:]] == [x.lower() for x in ldns[-4:]]


def test_mutated_zone_fails_ldns_verify(dane, tmp_path):
    need("ldns-verify-zone")
    out = build(dane, tmp_path, "row01-bad-signature.yaml")
    proc = subprocess.run(["ldns-verify-zone", "-t", LDNS_INSIDE, str(out / "example.test.zone")],
                          capture_output=True, text=True)
    assert proc.returncode != 0


def test_build_is_deterministic(dane, tmp_path):
    a = build(dane, tmp_path / "a")
    b = build(dane, tmp_path / "b")
    for p in a.iterdir():
        assert p.read_bytes() == (b / p.name).read_bytes(), p.name


def test_build_bad_scenario_names_the_path(dane, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("zones:\n  - apex: test.\n  - apex: example.test.\n    signing: {algoritm: 13}\n")
    r = dane("sim", "zone", "build", bad, "--out", tmp_path / "out", check=2)
    assert "zones[1].signing.algoritm" in r.err
    assert "unknown key" in r.err
    r = dane("sim", "zone", "build", tmp_path / "missing.yaml", "--out", tmp_path / "out", check=2)
    assert "missing.yaml" in r.err


def test_kinds_lists_every_mutation(dane):
    r = dane("sim", "zone", "kinds", check=0)
    for kind in ["bad-signature", "missing-ds", "keytrap", "nsec3-iterations-high", "remove-nsec"]:
        assert kind in r.out


# --- resolve ----------------------------------------------------------------------


def test_resolve_valid_tlsa_is_secure(dane):
    r = dane("sim", "resolve", TLSA, "TLSA", "--scenario", SCENARIOS / "valid.yaml", check=0)
    assert "status: Secure" in r.out
    assert "3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6" in r.out.lower()
    assert "query: _25._tcp.mail.example.test IN TLSA" in r.out  # BIND query log


def test_resolve_bogus_is_a_lookup_error_with_ede(dane):
    # dnssec-rules §8 row 2 / D04: expired RRSIG -> Bogus, EDE 7 (Signature Expired).
    r = dane("sim", "resolve", TLSA, "TLSA", "--scenario", SCENARIOS / "row02-expired-signature.yaml", "--json", check=1)
    j = json.loads(r.out)
    assert j["status"] == "Bogus"
    assert j["ede"]["code"] == 7
    assert j["rcode"] == "SERVFAIL"
    assert j["records"] == []
    assert j["reasons"]
    assert any(" IN TLSA " in line for line in j["query_log"])


def test_resolve_non_validating_kind_returns_data_insecure(dane):
    r = dane("sim", "resolve", TLSA, "TLSA", "--scenario", SCENARIOS / "row01-bad-signature.yaml",
             "--resolver", "no-do", "--json", check=0)
    j = json.loads(r.out)
    assert j["status"] == "Insecure"
    assert len(j["records"]) == 1
    assert all(")D" not in line and "D (" not in line.split(" IN ")[1] for line in j["query_log"])


def test_resolve_after_expiry(dane):
    # D30: the TLSA signature expires 1 h into the scenario.
    scenario = SCENARIOS / "d30-expiring-signature.yaml"
    dane("sim", "resolve", TLSA, "TLSA", "--scenario", scenario, check=0)
    r = dane("sim", "resolve", TLSA, "TLSA", "--scenario", scenario, "--after", "7200", "--json", check=1)
    assert json.loads(r.out)["ede"]["code"] == 7


def test_resolve_same_seed_same_output(dane):
    args = ["sim", "resolve", TLSA, "TLSA", "--scenario", SCENARIOS / "valid.yaml", "--seed", "99"]
    assert dane(*args, check=0).out == dane(*args, check=0).out


@pytest.mark.parametrize("args", [
    [TLSA, "NOTATYPE"],
    ["a..b.", "A"],
    [TLSA, "TLSA", "--resolver", "psychic"],
])
def test_resolve_bad_input_exits_2(dane, args):
    dane("sim", "resolve", *args, "--scenario", SCENARIOS / "valid.yaml", check=2)


def test_resolve_bad_scenario_exits_2(dane, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("zones: [{apex: test., mutations: [{kind: no-such}]}]\n")
    r = dane("sim", "resolve", TLSA, "TLSA", "--scenario", bad, check=2)
    assert "zones[0].mutations[0].kind" in r.err


STALE_TLSA = "3 1 1 8d02536c887482bc34ff54e41d2ba659bf85b341a0a20afadb5813dcfbcf286d"  # the stale line of the file


def test_stale_secondary_copy_is_written_and_verifies(dane, tmp_path):
    # smtp-dane D15: ns2 serves an older copy of example.test. (SOA serial 0 instead of 1).
    out = build(dane, tmp_path, "d15-stale-secondary.yaml")
    stale = out / "example.test.stale-ns2.example.test.zone"
    current = (out / "example.test.zone").read_text().lower()
    old = stale.read_text().lower()
    assert STALE_TLSA in old and STALE_TLSA not in current
    assert "hostmaster.example.test. 0 3600" in old and "hostmaster.example.test. 1 3600" in current
    assert "example.test.(stale)" in (out / "servers.txt").read_text()
    need("ldns-verify-zone")
    r = subprocess.run(["ldns-verify-zone", "-t", LDNS_INSIDE, str(stale)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_resolve_reaches_the_stale_secondary_when_the_primary_drops_tlsa(dane):
    r = dane("sim", "resolve", TLSA, "TLSA", "--scenario", SCENARIOS / "d15-stale-secondary.yaml", "--json", check=0)
    j = json.loads(r.out)
    assert j["status"] == "Secure"  # validly signed, only old
    assert len(j["records"]) == 1 and STALE_TLSA in j["records"][0].lower()
    assert any("(198.51.100.2)" in line and " IN TLSA " in line for line in j["query_log"])


def test_resolve_and_build_take_a_delivery_scenario(dane, tmp_path):
    # A delivery scenario's ${tlsa ...} records are expanded (it is loaded whole).
    smtp = SCENARIOS.parent / "smtp" / "valid.yaml"
    j = json.loads(dane("sim", "resolve", TLSA, "TLSA", "--scenario", smtp, "--json", check=0).out)
    assert j["status"] == "Secure"
    assert len(j["records"]) == 1 and "\tTLSA\t3 1 1 " in j["records"][0]
    dane("sim", "zone", "build", smtp, "--out", tmp_path / "out", check=0)
    assert "${" not in (tmp_path / "out" / "example.test.zone").read_text()


def test_resolve_with_qname_minimisation_hides_the_name_from_the_root(dane):
    # RFC 9156 §2: the root sees "test. IN A", not the TLSA name.
    args = ["sim", "resolve", TLSA, "TLSA", "--scenario", SCENARIOS / "valid.yaml", "--json"]
    plain = json.loads(dane(*args, check=0).out)
    minimised = json.loads(dane(*args, "--qname-minimisation", check=0).out)
    assert plain["status"] == minimised["status"] == "Secure"
    assert plain["records"] == minimised["records"]
    root = "(198.41.0.4)"
    assert any(f"query: {TLSA[:-1]} IN TLSA" in line and line.endswith(root) for line in plain["query_log"])
    root_lines = [line for line in minimised["query_log"] if line.endswith(root)]
    assert root_lines and all("_25._tcp" not in line for line in root_lines)
    assert any("query: test IN A" in line for line in root_lines)
