"""Tests of dane.dnssec: the DNS data model, zone signing and validation.

Expected values come from the RFCs, computed here by hand with hashlib and
struct (key tags: RFC 4034 Appendix B; DS digests: RFC 4034 §5.1.4; wire
forms: RFC 1035 §3.1; canonical order: the example list of RFC 4034 §6.1;
the root anchors: IANA root-anchors.xml), never copied from libdane's output.
Every time is pinned.
"""

import datetime as dt
import hashlib
import socket
import struct

import pytest

from _support import import_dane

dane = import_dane()
from dane import dnssec  # noqa: E402  (after the skip check)

UTC = dt.timezone.utc
INCEPTION = dt.datetime(2026, 1, 1, tzinfo=UTC)
EXPIRATION = dt.datetime(2026, 3, 1, tzinfo=UTC)
NOW = dt.datetime(2026, 2, 1, tzinfo=UTC)
AFTER_EXPIRY = "2026-04-01T00:00:00Z"
BEFORE_INCEPTION = "2025-12-01"

PARENT_ZONE = """$TTL 3600
@        IN SOA ns hostmaster 1 3600 600 86400 300
@        IN NS  ns
ns       IN A   192.0.2.53
www      IN A   192.0.2.80
www      IN A   192.0.2.81
*.wild   IN TXT "wildcard"
child    IN NS  ns.child
ns.child IN A   192.0.2.54
"""

CHILD_ZONE = """$TTL 3600
@    IN SOA ns hostmaster 1 3600 600 86400 300
@    IN NS  ns
ns   IN A   192.0.2.54
mail IN A   192.0.2.25
"""


def wire_name(text):
    """RFC 1035 §3.1 wire form of an absolute name, built by hand (lower case)."""
    out = b""
    for label in text.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.lower().encode()
    return out + b"\x00"


def rfc4034_key_tag(rdata):
    """RFC 4034 Appendix B (algorithms other than 1)."""
    acc = 0
    for i, octet in enumerate(rdata):
        acc += octet if i & 1 else octet << 8
    acc += (acc >> 16) & 0xFFFF
    return acc & 0xFFFF


def records_at(records, owner, type_name):
    """The RRset (owner, type) and the RRSIGs covering it."""
    code = dnssec.type_from_string(type_name)
    out = []
    for rr in records:
        if rr.owner != owner:
            continue
        if rr.type == code or (rr.type_name == "RRSIG" and struct.unpack("!H", rr.rdata[:2])[0] == code):
            out.append(rr)
    return out


@pytest.fixture(scope="module")
def keys():
    return {
        "parent": dnssec.SigningKey.generate(13, flags=257, seed=11),
        "child": dnssec.SigningKey.generate(13, flags=257, seed=12),
    }


@pytest.fixture(scope="module")
def parent(keys):
    """example. signed with NSEC; child.example. is delegated without a DS."""
    return dnssec.sign_zone(PARENT_ZONE, "example.", [keys["parent"]], inception=INCEPTION, expiration=EXPIRATION)


@pytest.fixture(scope="module")
def child(keys):
    return dnssec.sign_zone(CHILD_ZONE, "child.example.", [keys["child"]],
                            inception="2026-01-01T00:00:00Z", expiration="2026-03-01T00:00:00Z")


@pytest.fixture(scope="module")
def validator(keys):
    anchor = dnssec.TrustAnchor([keys["parent"].dnskey("example.")])
    return dnssec.Validator([anchor])


# --- names and records --------------------------------------------------------


def test_name_parse_str_labels():
    n = dnssec.Name("WWW.Example.com")
    assert str(n) == "WWW.Example.com."  # case preserved, made absolute
    assert n.labels == ["WWW", "Example", "com"]
    assert n.label_count == 3
    assert n.wire == b"\x03WWW\x07Example\x03com\x00"
    assert n.canonical_wire == wire_name("www.example.com.")
    assert n == "www.example.com."  # case-insensitive (RFC 4343)
    assert hash(n) == hash(dnssec.Name("www.EXAMPLE.com."))
    assert dnssec.Name("www", origin="example.com.") == n
    assert n.parent() == "example.com."
    assert n.is_subdomain_of("com.")
    assert not dnssec.Name("com.").is_subdomain_of(n)
    assert dnssec.Name("*.example.").is_wildcard
    assert dnssec.Name(".").is_root and dnssec.Name().label_count == 0


def test_name_canonical_order_is_rfc4034_section_6_1():
    # The example list of RFC 4034 §6.1, in its canonical order.
    ordered = ["example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.", "zABC.a.EXAMPLE.",
               "z.example.", "\\001.z.example.", "*.z.example.", "\\200.z.example."]
    names = [dnssec.Name(t) for t in ordered]
    assert sorted(reversed(names)) == names
    assert all(a < b for a, b in zip(names, names[1:]))
    assert dnssec.Name("Z.a.example.") <= "z.a.example." and dnssec.Name("z.example.") > "a.example."


@pytest.mark.parametrize("bad", ["a..b.", "x" * 64 + ".example.", ("a" * 63 + ".") * 5])
def test_bad_names_raise_input_error(bad):
    with pytest.raises(dane.InputError):
        dnssec.Name(bad)


def test_rr_parse_fields_and_str():
    rr = dnssec.RR.parse("www 300 IN A 192.0.2.80", origin="example.")
    assert rr.owner == "www.example."
    assert (rr.type, rr.type_name, rr.rclass, rr.ttl) == (1, "A", 1, 300)
    assert rr.rdata == socket.inet_aton("192.0.2.80")
    assert str(rr).split() == ["www.example.", "300", "IN", "A", "192.0.2.80"]
    same = dnssec.RR("www.example.", "A", 300, socket.inet_aton("192.0.2.80"))
    assert same == rr
    mx = dnssec.RR.parse("example. 3600 IN MX 10 Mail.Example.")
    # RFC 4034 §6.2: the exchange name is lower-cased in canonical RDATA.
    assert mx.canonical_rdata() == struct.pack("!H", 10) + wire_name("mail.example.")


def test_parse_zone_and_write_zone_round_trip():
    records = dnssec.parse_zone(PARENT_ZONE, "example.")
    assert len(records) == 8
    assert records[0].type_name == "SOA" and records[0].owner == "example."
    again = dnssec.parse_zone(dnssec.write_zone(records, "example."), "example.")
    assert sorted(map(str, again)) == sorted(map(str, records))


def test_parse_zone_error_names_the_line():
    with pytest.raises(dane.InputError) as e:
        dnssec.parse_zone("$TTL 3600\n@ IN SOA ns h 1 2 3 4 5\nwww IN A 999.1.2.3\n", "example.")
    assert "line 3" in str(e.value)


def test_key_tag_and_ds_match_rfc4034(keys):
    key = keys["parent"]
    rdata = key.dnskey_rdata
    assert struct.unpack("!HBB", rdata[:4]) == (257, 3, 13)  # flags, protocol 3, algorithm
    assert dnssec.key_tag(key) == rfc4034_key_tag(rdata) == key.key_tag
    dnskey_rr = key.dnskey("Example.")
    assert dnssec.key_tag(dnskey_rr) == rfc4034_key_tag(rdata)
    for digest_type, h in [(1, hashlib.sha1), (2, hashlib.sha256), (4, hashlib.sha384)]:
        ds = dnssec.make_ds(dnskey_rr, digest_type)
        assert ds.type_name == "DS" and ds.owner == "example."
        expected = h(wire_name("example.") + rdata).digest()
        assert ds.rdata == struct.pack("!HBB", rfc4034_key_tag(rdata), 13, digest_type) + expected
    assert dnssec.make_ds(key, owner="example.") == dnssec.make_ds(dnskey_rr)


def test_default_root_anchors_are_the_iana_ksks():
    # IANA root-anchors.xml: KSK-2017 tag 20326 and KSK-2024 tag 38696, algorithm 8, SHA-256.
    (root,) = dnssec.default_root_anchors()
    assert root.zone == "."
    assert sorted(struct.unpack("!HBB", ds.rdata[:4]) for ds in root.ds) == [(20326, 8, 2), (38696, 8, 2)]
    assert root.ds[0].rdata[4:] == bytes.fromhex("E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D")


def test_parse_trust_anchors_and_trust_anchor(keys):
    text = str(keys["parent"].dnskey("example.")) + "\n" + str(dnssec.make_ds(keys["child"].dnskey("child.example."))) + "\n"
    anchors = dnssec.parse_trust_anchors(text)
    assert [str(a.zone) for a in anchors] == ["example.", "child.example."]
    assert len(anchors[0].dnskeys) == 1 and len(anchors[1].ds) == 1
    with pytest.raises(dane.InputError):
        dnssec.TrustAnchor(["www.example. 3600 IN A 192.0.2.1"])


def test_signing_key_is_deterministic_and_checks_algorithm():
    a = dnssec.SigningKey.generate(15, flags=256, seed=5)
    b = dnssec.SigningKey.generate(15, flags=256, seed=5)
    assert a.dnskey_rdata == b.dnskey_rdata and a.sign(b"data") == b.sign(b"data")
    assert (a.algorithm, a.flags) == (15, 256)
    assert len(a.dnskey_rdata) == 4 + 32  # RFC 8080 §3: Ed25519 public keys are 32 octets
    assert "Private-key-format: v1.3" in a.to_bind_private()
    with pytest.raises(dane.InputError):
        dnssec.SigningKey.generate(16, flags=257, seed=1)  # Ed448: no signer in Botan 2


# --- signing then validating ---------------------------------------------------


def test_signed_zone_has_dnssec_records(parent):
    types = {rr.type_name for rr in parent}
    assert {"DNSKEY", "RRSIG", "NSEC"} <= types
    # RFC 4035 §2.2: glue below the cut is not signed.
    assert records_at(parent, "ns.child.example.", "A")[0].type_name == "A"
    assert len(records_at(parent, "ns.child.example.", "A")) == 1


def test_sign_then_validate_is_secure(parent, validator):
    answer = records_at(parent, "www.example.", "A")
    assert len(answer) == 3  # two A + one RRSIG
    result = validator.validate(answer, [parent], NOW)
    assert result.status == dnssec.Security.SECURE, result.explain()
    assert result and result.signer == "example."
    assert 0 < result.ttl <= 3600
    assert result.crypto_used >= 2  # the DNSKEY RRset and the answer
    assert not result.limit_hit
    # The same with an ISO string, Unix seconds and a RecordPool.
    pool = dnssec.RecordPool([parent])
    assert validator.validate([str(rr) for rr in answer], pool, "2026-02-01T00:00:00Z").status == dnssec.Security.SECURE
    assert validator.validate(answer, pool, int(NOW.timestamp())).status == dnssec.Security.SECURE


@pytest.mark.parametrize("algorithm,bits", [(8, 1024), (14, 0), (15, 0)])
def test_other_algorithms_and_nsec3(algorithm, bits):
    ksk = dnssec.SigningKey.generate(algorithm, flags=257, seed=21, bits=bits or 2048)
    zsk = dnssec.SigningKey.generate(algorithm, flags=256, seed=22, bits=bits or 2048)
    signed = dnssec.sign_zone(PARENT_ZONE, "example.", [ksk, zsk], inception=INCEPTION, expiration=EXPIRATION,
                              nsec3=True, iterations=0, salt=b"")
    assert any(rr.type_name == "NSEC3PARAM" for rr in signed)
    v = dnssec.Validator([dnssec.TrustAnchor([dnssec.make_ds(ksk.dnskey("example."))])])
    result = v.validate(records_at(signed, "www.example.", "A"), [signed], NOW)
    assert result.status == dnssec.Security.SECURE, result.explain()


def test_tampered_rdata_is_bogus_ede_6(parent, validator):
    answer = records_at(parent, "www.example.", "A")
    a = next(rr for rr in answer if rr.type_name == "A")
    tampered = dnssec.RR(a.owner, a.type, a.ttl, a.rdata[:3] + bytes([a.rdata[3] ^ 1]))
    forged = [tampered if rr == a else rr for rr in answer]
    result = validator.validate(forged, [parent], NOW)
    assert result.status == dnssec.Security.BOGUS
    assert result.ede == dnssec.Ede.DNSSEC_BOGUS and int(result.ede) == 6  # RFC 8914 §4.7
    assert result.reasons and all(isinstance(t, str) and isinstance(r, str) for t, r in result.reasons)
    assert "www.example." in result.explain()


def test_tampered_signature_is_bogus(parent, validator):
    answer = records_at(parent, "www.example.", "A")
    sig = next(rr for rr in answer if rr.type_name == "RRSIG")
    forged_sig = dnssec.RR(sig.owner, sig.type, sig.ttl, sig.rdata[:-1] + bytes([sig.rdata[-1] ^ 0x80]))
    forged = [forged_sig if rr == sig else rr for rr in answer]
    assert validator.validate(forged, [parent], NOW).ede == dnssec.Ede.DNSSEC_BOGUS


def test_expired_and_not_yet_valid(parent, validator):
    answer = records_at(parent, "www.example.", "A")
    expired = validator.validate(answer, [parent], AFTER_EXPIRY)
    assert expired.status == dnssec.Security.BOGUS
    assert expired.ede == dnssec.Ede.SIGNATURE_EXPIRED and int(expired.ede) == 7
    early = validator.validate(answer, [parent], BEFORE_INCEPTION)
    assert early.ede == dnssec.Ede.SIGNATURE_NOT_YET_VALID and int(early.ede) == 8


def test_missing_rrsig_is_bogus_ede_10(parent, validator):
    answer = [rr for rr in records_at(parent, "www.example.", "A") if rr.type_name == "A"]
    result = validator.validate(answer, [parent], NOW)
    assert result.status == dnssec.Security.BOGUS and int(result.ede) == 10  # RRSIGs Missing


def test_delegation_without_ds_is_insecure(parent, child, validator):
    # RFC 4035 §5.2: the parent's NSEC for child.example. proves NS without DS,
    # so the signed child is outside the chain of trust: Insecure, not Bogus.
    answer = records_at(child, "mail.child.example.", "A")
    result = validator.validate(answer, [parent, child], NOW)
    assert result.status == dnssec.Security.INSECURE, result.explain()
    assert not result


def test_negative_trust_anchor_makes_insecure(keys, parent):
    anchor = dnssec.TrustAnchor([keys["parent"].dnskey("example.")])
    v = dnssec.Validator([anchor], negative_anchors=["example."])
    assert v.validate(records_at(parent, "www.example.", "A"), [parent], NOW).status == dnssec.Security.INSECURE


def test_wrong_anchor_is_bogus(keys, parent):
    v = dnssec.Validator([keys["child"].dnskey("example.")])  # a key the zone does not have
    assert v.validate(records_at(parent, "www.example.", "A"), [parent], NOW).status == dnssec.Security.BOGUS


def test_crypto_budget_is_a_distinct_outcome(keys, parent):
    anchor = dnssec.TrustAnchor([keys["parent"].dnskey("example.")])
    v = dnssec.Validator([anchor], crypto_budget=1)
    assert v.limits["crypto_budget"] == 1
    result = v.validate(records_at(parent, "www.example.", "A"), [parent], NOW)
    assert result.limit_hit and result.status != dnssec.Security.SECURE


def test_nxdomain_denial_with_nsec(parent, validator):
    authority = [rr for rr in parent if rr.type_name == "NSEC" or
                 (rr.type_name == "RRSIG" and struct.unpack("!H", rr.rdata[:2])[0] == 47)]
    proof = validator.validate_denial("nope.example.", "A", dnssec.DenialClaim.NXDOMAIN, authority, [parent], NOW)
    assert proof.status == dnssec.Security.SECURE, proof.explain()
    # www.example. exists: claiming it does not is not proved.
    lie = validator.validate_denial("www.example.", "A", dnssec.DenialClaim.NXDOMAIN, authority, [parent], NOW)
    assert lie.status == dnssec.Security.BOGUS


def test_input_errors(parent, validator):
    with pytest.raises(dane.InputError):
        validator.validate(parent, [parent], NOW)  # many RRsets, not one answer
    with pytest.raises(dane.InputError):
        validator.validate(records_at(parent, "www.example.", "A"), [parent], "2026-13-01")
    with pytest.raises(dane.InputError):
        dnssec.RR.parse("www.example. 3600 IN A not-an-address")
    with pytest.raises(TypeError):
        validator.validate(records_at(parent, "www.example.", "A"), [parent], 1.5)
