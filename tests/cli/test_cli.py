"""Tests of the `dane` command-line tool. Expected digests come from the
openssl command line (RFC 6698 §2.1 definitions), never from dane itself."""

import json
import re

import pytest

from conftest import association, openssl

HEX = re.compile(r"^[0-9A-F]+$")


# --- dane tlsa gen ------------------------------------------------------------


@pytest.mark.parametrize("selector,mtype", [(1, 1), (0, 1), (1, 2), (0, 2), (1, 0)])
def test_gen_leaf_matches_openssl(dane, pki, selector, mtype):
    r = dane("tlsa", "gen", pki.leaf, "--selector", selector, "--mtype", mtype, check=0)
    assert r.out == f"3 {selector} {mtype} {association(pki.leaf, selector, mtype)}\n"


def test_gen_default_is_3_1_1_for_a_leaf(dane, pki):
    # RFC 7671 §8: "3 1 1" recommended for end-entity certificates.
    r = dane("tlsa", "gen", pki.leaf, check=0)
    assert r.out == f"3 1 1 {association(pki.leaf, 1, 1)}\n"


def test_gen_default_is_2_1_1_for_a_ca(dane, pki):
    # The chain file holds leaf, CA; --depth 1 picks the CA -> DANE-TA.
    r = dane("tlsa", "gen", pki.chain, "--depth", 1, check=0)
    assert r.out == f"2 1 1 {association(pki.ca, 1, 1)}\n"


def test_gen_depth_0_of_a_chain_is_the_leaf(dane, pki):
    r = dane("tlsa", "gen", pki.full, check=0)
    assert r.out == f"3 1 1 {association(pki.leaf, 1, 1)}\n"


def test_gen_accepts_rfc7218_mnemonics(dane, pki):
    r = dane("tlsa", "gen", pki.leaf, "--usage", "dane-ee", "--selector", "Cert", "--mtype", "SHA2-512", check=0)
    assert r.out == f"3 0 2 {association(pki.leaf, 0, 2)}\n"


def test_gen_host_prints_rr_line(dane, pki):
    r = dane("tlsa", "gen", pki.leaf, "--host", "MX.Example.com", "--port", 25, "--proto", "tcp", check=0)
    assert r.out == f"_25._tcp.mx.example.com. IN TLSA 3 1 1 {association(pki.leaf, 1, 1)}\n"


def test_gen_rollover_prints_current_and_next(dane, pki):
    # RFC 7671 §8.1: publish the current and the next key.
    r = dane("tlsa", "gen", pki.leaf, "--rollover", pki.next_leaf, check=0)
    lines = r.out.splitlines()
    assert sorted(lines) == sorted([f"3 1 1 {association(pki.leaf, 1, 1)}", f"3 1 1 {association(pki.next_leaf, 1, 1)}"])


def test_gen_rollover_same_key_gives_one_record(dane, pki):
    r = dane("tlsa", "gen", pki.leaf, "--rollover", pki.leaf, check=0)
    assert r.out == f"3 1 1 {association(pki.leaf, 1, 1)}\n"


@pytest.mark.parametrize("args,needle", [
    (["--depth", "5"], "--depth"),
    (["--usage", "256"], "--usage"),
    (["--selector", "SPKY"], "--selector"),
    (["--mtype", "-1"], "--mtype"),
])
def test_gen_bad_parameters_exit_2(dane, pki, args, needle):
    r = dane("tlsa", "gen", pki.leaf, *args)
    assert r.code == 2, r
    assert needle in r.err
    assert r.out == ""


def test_gen_reads_der(dane, pki, tmp_path):
    der = tmp_path / "leaf.der"
    der.write_bytes(openssl("x509", "-in", pki.leaf, "-outform", "DER", binary=True))
    assert dane("tlsa", "gen", der, check=0).out == f"3 1 1 {association(pki.leaf, 1, 1)}\n"


def test_gen_missing_file_exit_2(dane, pki):
    missing = pki.dir / "no-such.pem"
    r = dane("tlsa", "gen", missing)
    assert r.code == 2
    assert str(missing) in r.err


def test_gen_garbage_pem_exit_2(dane, pki):
    garbage = pki.dir / "garbage.pem"
    garbage.write_text("-----BEGIN CERTIFICATE-----\nnot base64 at all!!\n-----END CERTIFICATE-----\n")
    r = dane("tlsa", "gen", garbage)
    assert r.code == 2
    assert "garbage.pem" in r.err


# --- dane tlsa owner ----------------------------------------------------------


def test_owner_default_smtp(dane):
    # RFC 6698 §3 / RFC 7672 §2.2.3: _25._tcp.<mx host>., lower-cased.
    assert dane("tlsa", "owner", "MX.Example.COM", check=0).out == "_25._tcp.mx.example.com.\n"


def test_owner_port_and_proto(dane):
    assert dane("tlsa", "owner", "www.example.org.", "--port", 443, "--proto", "udp", check=0).out == \
        "_443._udp.www.example.org.\n"


@pytest.mark.parametrize("args", [["a..example"], ["x" * 64 + ".example"], ["mx.example", "--proto", "icmp"],
                                  ["mx.example", "--port", "70000"]])
def test_owner_bad_input_exit_2(dane, args):
    r = dane("tlsa", "owner", *args)
    assert r.code == 2, r
    assert r.err.strip()


# --- dane tlsa verify ---------------------------------------------------------


def verify(dane, pki, *args, chain=None, time=None):
    return dane("tlsa", "verify", "--chain", chain or pki.chain, "--time", time or pki.inside, *args)


def verify_json(dane, pki, *args, **kw):
    r = verify(dane, pki, "--json", *args, **kw)
    assert r.code in (0, 1), r
    return r.code, json.loads(r.out)


def rec(cert, usage, selector, mtype):
    return f"{usage} {selector} {mtype} {association(cert, selector, mtype)}"


def flip_last(hexstr):
    return hexstr[:-1] + ("0" if hexstr[-1] != "0" else "1")


def test_verify_3_1_1_ok(dane, pki):
    code, j = verify_json(dane, pki, "--tlsa", rec(pki.leaf, 3, 1, 1))
    assert code == 0
    assert j["status"] == "Verified"
    assert j["depth"] == 0
    assert j["records"][0]["outcome"] == "matched"


def test_verify_human_output_names_time_and_record(dane, pki):
    r = verify(dane, pki, "--tlsa", rec(pki.leaf, 3, 1, 1))
    assert r.code == 0, r
    assert f"time: {pki.inside}" in r.out
    assert "Verified" in r.out


def test_verify_default_time_is_printed(dane, pki):
    r = dane("tlsa", "verify", "--chain", pki.chain, "--tlsa", rec(pki.leaf, 3, 1, 1))
    assert r.code == 0, r
    assert re.search(r"^time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r.out, re.M)


def test_verify_wrong_digest_exit_1(dane, pki):
    # One nibble changed (the Go6lab test): not trusted.
    bad = flip_last(rec(pki.leaf, 3, 1, 1))
    code, j = verify_json(dane, pki, "--tlsa", bad)
    assert code == 1
    assert j["status"] == "Mismatch"
    assert j["failure"] == "no-match"
    assert j["records"][0]["outcome"] == "no-match"
    assert j["records"][0]["reason"]
    human = verify(dane, pki, "--tlsa", bad)
    assert human.code == 1
    assert "3 1 1" in human.out


def test_verify_dane_ee_ignores_expiry(dane, pki):
    # RFC 7672 §3.1.1: DANE-EE ignores the validity period.
    code, j = verify_json(dane, pki, "--tlsa", rec(pki.leaf, 3, 1, 1), time=pki.leaf_expired)
    assert code == 0 and j["status"] == "Verified"


def test_verify_dane_ta_intermediate(dane, pki):
    code, j = verify_json(dane, pki, "--tlsa", rec(pki.ca, 2, 1, 1), "--name", "mail.example.com")
    assert code == 0
    assert j["depth"] == 1


def test_verify_dane_ta_root_sent(dane, pki):
    code, j = verify_json(dane, pki, "--tlsa", rec(pki.root, 2, 1, 1), "--name", "mail.example.com", chain=pki.full)
    assert code == 0
    assert j["depth"] == 2


def test_verify_dane_ta_root_not_sent(dane, pki):
    # RFC 7671 §5.2.2: the server must send the TA certificate for 2 x 1.
    code, j = verify_json(dane, pki, "--tlsa", rec(pki.root, 2, 1, 1), "--name", "mail.example.com")
    assert code == 1
    assert j["failure"] == "no-match"


def test_verify_dane_ta_name_mismatch(dane, pki):
    # RFC 7672 §3.2.2: DANE-TA needs a reference name match.
    code, j = verify_json(dane, pki, "--tlsa", rec(pki.ca, 2, 1, 1), "--name", "other.example.net")
    assert code == 1
    assert j["failure"] == "name-mismatch"
    assert j["records"][0]["outcome"] == "name-mismatch"


def test_verify_no_name_checks(dane, pki):
    code, _ = verify_json(dane, pki, "--tlsa", rec(pki.ca, 2, 1, 1), "--name", "other.example.net", "--no-name-checks")
    assert code == 0


def test_verify_dane_ta_expired_leaf(dane, pki):
    code, j = verify_json(dane, pki, "--tlsa", rec(pki.ca, 2, 1, 1), "--name", "mail.example.com",
                          time=pki.leaf_expired)
    assert code == 1
    assert j["failure"] == "certificate-expired"


def test_verify_pkix_only_is_no_usable_records(dane, pki):
    # RFC 7672 §3.1.3: PKIX usages are unusable for SMTP.
    code, j = verify_json(dane, pki, "--tlsa", rec(pki.leaf, 1, 1, 1))
    assert code == 1
    assert j["status"] == "NoUsableRecords"
    assert j["records"][0]["outcome"] == "unusable"


def test_verify_pkix_ee_generic_profile_with_ca_file(dane, pki):
    code, j = verify_json(dane, pki, "--tlsa", rec(pki.leaf, 1, 1, 1), "--profile", "generic",
                          "--ca-file", pki.root, "--name", "mail.example.com")
    assert code == 0, j
    assert j["status"] == "Verified"


def test_verify_digest_agility(dane, pki):
    # RFC 7671 §9: a wrong 3 1 2 hides a good 3 1 1 ...
    good, wrong512 = rec(pki.leaf, 3, 1, 1), rec(pki.other, 3, 1, 2)
    code, j = verify_json(dane, pki, "--tlsa", good, "--tlsa", wrong512)
    assert code == 1
    assert [r["outcome"] for r in j["records"]][0] == "superseded"
    # ... unless SHA2-512 is not enabled.
    code, _ = verify_json(dane, pki, "--tlsa", good, "--tlsa", wrong512, "--digests", "sha256")
    assert code == 0


def test_verify_tlsa_file(dane, pki, tmp_path):
    owner = "_25._tcp.mail.example.com."
    f = tmp_path / "tlsa.txt"
    f.write_text("\n".join([
        "; <<>> DiG 9.18 <<>> +dnssec TLSA _25._tcp.mail.example.com",
        ";; ANSWER SECTION:",
        f"{owner} 3600 IN TLSA {flip_last(rec(pki.leaf, 3, 1, 1))}",
        f"{owner} 3600 IN RRSIG TLSA 13 5 3600 20260201000000 20260101000000 12345 example.com. AAAA",
        "",
        "# a comment",
        rec(pki.leaf, 3, 0, 1),
    ]) + "\n")
    code, j = verify_json(dane, pki, "--tlsa-file", f)
    assert code == 0
    assert len(j["records"]) == 2
    assert j["matched_record"] == 1


def test_verify_tlsa_file_error_names_line(dane, pki, tmp_path):
    f = tmp_path / "bad.txt"
    f.write_text("# first\n" + rec(pki.leaf, 3, 1, 1) + "\n3 1 1 XYZ\n")
    r = verify(dane, pki, "--tlsa-file", f)
    assert r.code == 2
    assert f"{f}:3" in r.err


def test_verify_tlsa_file_crlf(dane, pki, tmp_path):
    f = tmp_path / "crlf.txt"
    f.write_bytes(f"; zone file\r\n{rec(pki.leaf, 3, 1, 1)}\r\n".encode())
    code, _ = verify_json(dane, pki, "--tlsa-file", f)
    assert code == 0


def test_verify_missing_tlsa_file(dane, pki):
    missing = pki.dir / "no-tlsa.txt"
    r = verify(dane, pki, "--tlsa-file", missing)
    assert r.code == 2
    assert "--tlsa-file" in r.err and str(missing) in r.err


def test_verify_bad_tlsa_names_option_index(dane, pki):
    r = verify(dane, pki, "--tlsa", rec(pki.leaf, 3, 1, 1), "--tlsa", "256 1 1 " + "00" * 32)
    assert r.code == 2
    assert "--tlsa #2" in r.err
    assert "usage" in r.err and "256" in r.err


@pytest.mark.parametrize("record,needle", [
    ("3 1 1 ABC", "ABC"),               # odd-length hex
    ("3 1 1 " + "00" * 31, "3 1 1"),     # wrong SHA2-256 length (needle: option name below)
    ("3 1", "--tlsa"),                   # missing fields
    ("DANE-XX SPKI SHA2-256 00", "DANE-XX"),
])
def test_verify_malformed_tlsa_exit_2(dane, pki, record, needle):
    r = verify(dane, pki, "--tlsa", record)
    assert r.code == 2, r
    assert "--tlsa #1" in r.err
    if needle != "3 1 1":
        assert needle in r.err


def test_verify_missing_chain_file(dane, pki):
    missing = pki.dir / "missing-chain.pem"
    r = verify(dane, pki, "--tlsa", rec(pki.leaf, 3, 1, 1), chain=missing)
    assert r.code == 2
    assert "--chain" in r.err and str(missing) in r.err


def test_verify_garbage_chain(dane, pki, tmp_path):
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("hello, this is not a certificate\n")
    r = verify(dane, pki, "--tlsa", rec(pki.leaf, 3, 1, 1), chain=garbage)
    assert r.code == 2
    assert "garbage.pem" in r.err


def test_verify_corrupt_der_chain(dane, pki, tmp_path):
    der = openssl("x509", "-in", pki.leaf, "-outform", "DER", binary=True)
    bad = tmp_path / "truncated.der"
    bad.write_bytes(der[: len(der) // 2])
    r = verify(dane, pki, "--tlsa", rec(pki.leaf, 3, 1, 1), chain=bad)
    assert r.code == 2
    assert "truncated.der" in r.err


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "2026-02-30T00:00:00Z"])
def test_verify_bad_time(dane, pki, value):
    r = verify(dane, pki, "--tlsa", rec(pki.leaf, 3, 1, 1), time=value)
    assert r.code == 2
    assert "--time" in r.err and value in r.err


def test_verify_unknown_profile(dane, pki):
    r = verify(dane, pki, "--tlsa", rec(pki.leaf, 3, 1, 1), "--profile", "dns")
    assert r.code == 2
    assert "--profile" in r.err and "dns" in r.err


def test_verify_unknown_digest(dane, pki):
    r = verify(dane, pki, "--tlsa", rec(pki.leaf, 3, 1, 1), "--digests", "sha1")
    assert r.code == 2
    assert "--digests" in r.err


def test_verify_missing_ca_file(dane, pki):
    r = verify(dane, pki, "--tlsa", rec(pki.leaf, 1, 1, 1), "--profile", "generic", "--ca-file", pki.dir / "nope.pem")
    assert r.code == 2
    assert "--ca-file" in r.err


def test_verify_no_records_exit_2(dane, pki):
    r = verify(dane, pki)
    assert r.code == 2
    assert "--tlsa" in r.err


def test_verify_without_chain_exit_2(dane, pki):
    r = dane("tlsa", "verify", "--tlsa", rec(pki.leaf, 3, 1, 1))
    assert r.code == 2
    assert "--chain" in r.err


# --- top level ----------------------------------------------------------------


def test_version(dane):
    r = dane("--version", check=0)
    assert re.match(r"^\d+\.\d+\.\d+$", r.out.strip())


def test_help(dane):
    r = dane("--help", check=0)
    assert "tlsa" in r.out and "demo" in r.out


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["tlsa"], ["tlsa", "gen"], ["tlsa", "owner"],
                                  ["tlsa", "gen", "x.pem", "--no-such-flag"]])
def test_usage_errors_exit_2(dane, args):
    r = dane(*args)
    assert r.code == 2, r
    assert r.err.strip()


# --- dane demo ----------------------------------------------------------------


def test_demo_is_deterministic(dane):
    # Same seed -> byte-identical output, whatever the verdicts.
    first, second = dane("demo"), dane("demo")
    assert first.code in (0, 1), first
    assert (first.code, first.out) == (second.code, second.out)
    assert "3 1 1 on valid chain" in first.out


def test_demo_every_case_as_expected(dane):
    r = dane("demo")
    differing = [line for line in r.out.splitlines() if line.rstrip().endswith("DIFFERS")]
    assert differing == [] and r.code == 0, "\n".join(differing)


def test_demo_seed_changes_keys_not_verdicts(dane):
    a = dane("demo", "--seed", 7, "--json")
    b = dane("demo", "--seed", 7, "--json")
    c = dane("demo", "--seed", 8, "--json")
    assert a.code in (0, 1), a
    assert a.out == b.out
    ja, jc = json.loads(a.out), json.loads(c.out)
    assert ja["seed"] == 7 and jc["seed"] == 8
    assert ja["cases"][0]["records"] != jc["cases"][0]["records"]
    assert [x["actual"]["status"] for x in ja["cases"]] == [x["actual"]["status"] for x in jc["cases"]]


def test_demo_json_agrees_with_table(dane):
    j = json.loads(dane("demo", "--json").out)
    table = dane("demo").out
    assert j["total"] == len(j["cases"]) >= 10
    assert f"{j['as_expected']} of {j['total']} cases as expected" in table
    for case in j["cases"]:
        assert case["name"] in table
        assert case["as_expected"] == (case["actual"]["status"] == case["expected"]["status"]
                                       and case["actual"]["failure"] == case["expected"]["failure"]
                                       and case["expected"]["depth"] in (None, case["actual"]["depth"]))
        for r in case["records"]:
            assert HEX.match(r.split()[3])
