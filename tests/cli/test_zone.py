"""Tests of `dane zone sign` and `dane zone verify`. The signed zones are
cross-checked with ldns's own tools (ldns-verify-zone, ldns-key2ds), which
share no code with libdane's signer or validator; the tests skip those checks
when the tools are missing. Signature times are pinned."""

import json
import shutil
import subprocess

import pytest

INCEPTION = "2026-01-01T00:00:00Z"
EXPIRATION = "2026-03-01T00:00:00Z"
INSIDE = "2026-02-01T00:00:00Z"
LDNS_INSIDE = "20260201000000"  # ldns-verify-zone -t format

ZONE = """$ORIGIN example.
$TTL 3600
@        IN SOA ns hostmaster 1 3600 600 86400 300
@        IN NS  ns
ns       IN A   192.0.2.53
www      IN A   192.0.2.80
mail     IN MX  10 www
*.wild   IN TXT "wildcard"
child    IN NS  ns.child
ns.child IN A   192.0.2.54
"""

# The authoritative RRsets of ZONE once signed with NSEC, counted by hand:
# apex SOA NS DNSKEY NSEC; ns A NSEC; www A NSEC; mail MX NSEC; *.wild TXT NSEC;
# child NSEC (the NS and glue of an insecure delegation are not signed).
SIGNED_RRSETS_NSEC = 4 + 2 + 2 + 2 + 2 + 1


def need(tool):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")


@pytest.fixture
def zone_file(tmp_path):
    path = tmp_path / "example.zone"
    path.write_text(ZONE)
    return path


def sign(dane, zone_file, tmp_path, *extra, name="signed.zone"):
    out = tmp_path / name
    dane("zone", "sign", zone_file, "--origin", "example.", "--inception", INCEPTION, "--expiration", EXPIRATION,
         "--out", out, *extra, check=0)
    return out


def ldns_verify(path):
    need("ldns-verify-zone")
    proc = subprocess.run(["ldns-verify-zone", "-t", LDNS_INSIDE, str(path)], capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


# --- sign -----------------------------------------------------------------------


@pytest.mark.parametrize("extra", [
    [],
    ["--nsec3"],
    ["--nsec3", "--iterations", "2", "--salt", "abcd"],
    ["--algorithm", "15", "--csk"],
    ["--algorithm", "8", "--bits", "1024"],
    ["--algorithm", "14", "--nsec3", "--opt-out"],
])
def test_signed_zone_passes_ldns_verify_zone(dane, zone_file, tmp_path, extra):
    signed = sign(dane, zone_file, tmp_path, *extra)
    code, out = ldns_verify(signed)
    assert code == 0, out


def test_sign_is_deterministic(dane, zone_file, tmp_path):
    a = sign(dane, zone_file, tmp_path, "--ksk-seed", "7", "--zsk-seed", "8", name="a.zone")
    b = sign(dane, zone_file, tmp_path, "--ksk-seed", "7", "--zsk-seed", "8", name="b.zone")
    c = sign(dane, zone_file, tmp_path, "--ksk-seed", "7", "--zsk-seed", "9", name="c.zone")
    assert a.read_text() == b.read_text()
    assert a.read_text() != c.read_text()


def test_sign_to_stdout_and_validity_days(dane, zone_file):
    r = dane("zone", "sign", zone_file, "--origin", "example.", "--inception", INCEPTION, "--validity", "10", check=0)
    assert "$ORIGIN example." in r.out
    # RRSIG expiration = inception + 10 days: 20260111000000 (RFC 4034 §3.2 timestamp form).
    assert " 20260111000000 20260101000000 " in r.out


def test_keys_dir_ds_matches_ldns_key2ds(dane, zone_file, tmp_path):
    keys = tmp_path / "keys"
    sign(dane, zone_file, tmp_path, "--keys-dir", keys)
    key_files = sorted(p.name for p in keys.glob("K*.key"))
    private_files = sorted(p.name for p in keys.glob("K*.private"))
    assert len(key_files) == 2 and len(private_files) == 2
    assert all(name.startswith("Kexample.+013+") for name in key_files)
    ds_lines = [line for line in (keys / "example.ds").read_text().splitlines() if line.strip()]
    assert len(ds_lines) == 1  # only the KSK (SEP) gets a DS
    need("ldns-key2ds")
    ksk = next(p for p in keys.glob("K*.key") if " 257 3 13 " in p.read_text().replace("\t", " "))
    proc = subprocess.run(["ldns-key2ds", "-n", "-2", str(ksk)], capture_output=True, text=True, check=True)
    theirs = proc.stdout.split()
    ours = ds_lines[0].split()
    assert ours[-4:] == theirs[-4:]  # tag, algorithm, digest type, digest


def test_keys_dir_files_drive_ldns_signzone(dane, zone_file, tmp_path):
    # The BIND-style key files are usable by a real signer.
    need("ldns-signzone")
    keys = tmp_path / "keys"
    sign(dane, zone_file, tmp_path, "--keys-dir", keys, "--csk", "--algorithm", "15")
    (base,) = [p.stem for p in keys.glob("K*.key")]
    subprocess.run(["ldns-signzone", "-i", "20260101000000", "-e", "20260301000000", "-f", str(tmp_path / "ldns.zone"),
                    str(zone_file), base], cwd=keys, check=True, capture_output=True)
    r = dane("zone", "verify", tmp_path / "ldns.zone", "--origin", "example.", "--time", INSIDE,
             "--anchor", keys / "example.ds")
    assert r.code == 0, r.out + r.err


@pytest.mark.parametrize("args,needle", [
    (["--salt", "xyz", "--nsec3"], "--salt"),
    (["--opt-out"], "--opt-out"),
    (["--algorithm", "16"], "--algorithm"),
    (["--inception", "2026-02-30"], "--inception"),
    (["--expiration", "2025-01-01"], "--expiration"),
    (["--validity", "5", "--expiration", "2026-03-01"], "--validity"),
    (["--ksk-seed", "3", "--zsk-seed", "3"], "--ksk-seed"),
])
def test_sign_bad_options_exit_2(dane, zone_file, args, needle):
    r = dane("zone", "sign", zone_file, "--origin", "example.", "--inception", INCEPTION, *args)
    assert r.code == 2, r
    assert needle in r.err
    assert r.out == ""


def test_sign_zone_without_soa_exits_2(dane, tmp_path):
    path = tmp_path / "nosoa.zone"
    path.write_text("www.example. 3600 IN A 192.0.2.1\n")
    r = dane("zone", "sign", path, "--origin", "example.")
    assert r.code == 2 and "SOA" in r.err, r


# --- verify ---------------------------------------------------------------------


@pytest.mark.parametrize("extra,rrsets", [([], SIGNED_RRSETS_NSEC), (["--nsec3"], None)])
def test_verify_own_signed_zone_exit_0(dane, zone_file, tmp_path, extra, rrsets):
    signed = sign(dane, zone_file, tmp_path, *extra)
    r = dane("zone", "verify", signed, "--origin", "example.", "--time", INSIDE, check=0)
    lines = r.out.splitlines()
    assert lines[-1].endswith(" secure, 0 insecure, 0 bogus")
    if rrsets is not None:
        assert lines[-1] == f"{rrsets} secure, 0 insecure, 0 bogus"
    assert any("chain closed" in line for line in lines)
    assert any(line.split()[:3] == ["Secure", "www.example.", "A"] for line in lines)


def test_verify_with_ds_anchor_file_and_record(dane, zone_file, tmp_path):
    keys = tmp_path / "keys"
    signed = sign(dane, zone_file, tmp_path, "--keys-dir", keys)
    dane("zone", "verify", signed, "--origin", "example.", "--time", INSIDE, "--anchor", keys / "example.ds", check=0)
    ds_record = (keys / "example.ds").read_text().strip()
    dane("zone", "verify", signed, "--origin", "example.", "--time", INSIDE, "--anchor", ds_record, check=0)


def test_verify_zone_signed_by_ldns(dane, zone_file, tmp_path):
    need("ldns-keygen")
    need("ldns-signzone")
    base = subprocess.run(["ldns-keygen", "-k", "-a", "ECDSAP256SHA256", "example."], cwd=tmp_path,
                          capture_output=True, text=True, check=True).stdout.split()[0]
    subprocess.run(["ldns-signzone", "-n", "-i", "20260101000000", "-e", "20260301000000", "-f",
                    str(tmp_path / "ldns.zone"), str(zone_file), base], cwd=tmp_path, check=True, capture_output=True)
    r = dane("zone", "verify", tmp_path / "ldns.zone", "--origin", "example.", "--time", INSIDE,
             "--anchor", tmp_path / f"{base}.ds")
    assert r.code == 0, r.out + r.err


def test_verify_tampered_zone_exit_1_names_the_rrset(dane, zone_file, tmp_path):
    signed = sign(dane, zone_file, tmp_path)
    text = signed.read_text()
    assert text.count("192.0.2.80") == 1
    tampered = tmp_path / "tampered.zone"
    tampered.write_text(text.replace("192.0.2.80", "192.0.2.99"))
    if shutil.which("ldns-verify-zone"):
        assert ldns_verify(tampered)[0] != 0  # ldns agrees the copy is broken
    r = dane("zone", "verify", tampered, "--origin", "example.", "--time", INSIDE)
    assert r.code == 1, r
    bogus = [line for line in r.out.splitlines() if line.startswith("Bogus")]
    assert len(bogus) == 1
    assert bogus[0].split()[1:3] == ["www.example.", "A:"]
    assert "EDE 6" in bogus[0]
    assert r.out.splitlines()[-1] == f"{SIGNED_RRSETS_NSEC - 1} secure, 0 insecure, 1 bogus"


def test_verify_expired_exit_1(dane, zone_file, tmp_path):
    signed = sign(dane, zone_file, tmp_path)
    r = dane("zone", "verify", signed, "--origin", "example.", "--time", "2026-04-01")
    assert r.code == 1
    assert "Signature Expired" in r.out and "EDE 7" in r.out


def test_verify_reports_nsec_chain_break(dane, zone_file, tmp_path):
    signed = sign(dane, zone_file, tmp_path)
    lines = signed.read_text().splitlines(keepends=True)
    # Drop the NSEC of mail.example. (and its RRSIG): www's predecessor now points to a name with no NSEC.
    kept = [line for line in lines if not (line.startswith("mail.example.") and "NSEC" in line)]
    assert len(kept) == len(lines) - 2
    broken = tmp_path / "broken.zone"
    broken.write_text("".join(kept))
    r = dane("zone", "verify", broken, "--origin", "example.", "--time", INSIDE)
    assert r.code == 1, r
    assert "chain break" in r.out and "mail.example." in r.out


def test_verify_json(dane, zone_file, tmp_path):
    signed = sign(dane, zone_file, tmp_path, "--nsec3")
    r = dane("zone", "verify", signed, "--origin", "example.", "--time", INSIDE, "--json", check=0)
    report = json.loads(r.out)
    assert report["ok"] is True
    assert report["denial"]["type"] == "NSEC3" and report["denial"]["breaks"] == []
    assert report["summary"]["bogus"] == 0 and report["summary"]["secure"] == len(report["rrsets"])
    assert {"owner": "www.example.", "type": "A", "status": "Secure", "limit_hit": False} in report["rrsets"]


def test_verify_garbage_exit_2_names_the_line(dane, tmp_path):
    path = tmp_path / "garbage.zone"
    path.write_text("$TTL 3600\nexample. IN SOA ns.example. h.example. 1 2 3 4 5\nwww.example. IN A not-an-ip\n")
    r = dane("zone", "verify", path, "--origin", "example.")
    assert r.code == 2, r
    assert f"{path}:3" in r.err
    assert r.out == ""


def test_verify_unsigned_zone_without_anchor_exits_2(dane, zone_file):
    r = dane("zone", "verify", zone_file, "--origin", "example.", "--time", INSIDE)
    assert r.code == 2 and "--anchor" in r.err


def test_verify_bad_anchor_exit_2(dane, zone_file, tmp_path):
    signed = sign(dane, zone_file, tmp_path)
    r = dane("zone", "verify", signed, "--origin", "example.", "--anchor", "not a record")
    assert r.code == 2 and "--anchor" in r.err


def test_verify_missing_file_exit_2(dane, tmp_path):
    r = dane("zone", "verify", tmp_path / "nope.zone", "--origin", "example.")
    assert r.code == 2 and "nope.zone" in r.err
