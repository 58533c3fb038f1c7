"""dane.Certificate and chain loading, cross-checked with hashlib and the openssl CLI."""

import datetime as dt
import pickle

import pytest

from _support import MX, UTC, VALID_FROM, VALID_UNTIL, import_dane, openssl, sha256

dane = import_dane()


@pytest.fixture(scope="module")
def leaf(sample):
    return sample.leaf.certificate


def test_sample_hierarchy_names_and_flags(sample):
    root = sample.root.certificate
    inter = sample.intermediate.certificate
    leaf = sample.leaf.certificate
    assert root.subject == "CN=Sim Root CA"
    assert inter.subject == "CN=Sim Issuing CA"
    assert inter.issuer == root.subject
    assert leaf.issuer == inter.subject
    assert root.is_self_issued and not inter.is_self_issued and not leaf.is_self_issued
    assert root.is_ca and inter.is_ca and not leaf.is_ca
    assert leaf.dns_names == [MX]
    assert dane.presented_identifiers(leaf) == [MX]


def test_validity_is_aware_utc(leaf):
    assert leaf.not_before == VALID_FROM
    assert leaf.not_after == VALID_UNTIL
    assert leaf.not_after.tzinfo is not None and leaf.not_after.utcoffset() == dt.timedelta(0)


def test_validity_matches_openssl(leaf):
    out = openssl(["x509", "-inform", "DER", "-noout", "-startdate", "-enddate"], leaf.der).decode()
    fields = dict(line.split("=", 1) for line in out.strip().splitlines())

    def parse(text):  # "Jan  1 00:00:00 2025 GMT"
        return dt.datetime.strptime(" ".join(text.split()), "%b %d %H:%M:%S %Y GMT").replace(tzinfo=UTC)

    assert leaf.not_before == parse(fields["notBefore"])
    assert leaf.not_after == parse(fields["notAfter"])


def test_spki_matches_openssl(sample):
    for issued in (sample.leaf, sample.intermediate, sample.root):
        cert = issued.certificate
        pem_key = openssl(["x509", "-inform", "DER", "-noout", "-pubkey"], cert.der)
        spki = openssl(["pkey", "-pubin", "-outform", "DER"], pem_key)
        assert cert.spki == spki
        assert cert.selector_data(dane.Selector.SPKI) == spki


def test_der_and_pem_match_openssl(leaf):
    assert openssl(["x509", "-inform", "PEM", "-outform", "DER"], leaf.to_pem().encode()) == leaf.der
    fingerprint = openssl(["x509", "-inform", "DER", "-noout", "-fingerprint", "-sha256"], leaf.der).decode()
    assert bytes.fromhex(fingerprint.split("=", 1)[1].strip().replace(":", "")) == sha256(leaf.der)
    assert leaf.selector_data(dane.Selector.CERT) == leaf.der


def test_round_trips_equality_and_hash(leaf, sample):
    again = dane.Certificate.from_der(leaf.der)
    assert again == leaf and hash(again) == hash(leaf)
    assert dane.Certificate.from_pem(leaf.to_pem()) == leaf
    assert dane.Certificate.from_der(bytearray(leaf.der)) == leaf
    assert pickle.loads(pickle.dumps(leaf)) == leaf
    assert leaf != sample.root.certificate
    assert len({leaf, again, sample.root.certificate}) == 2
    assert leaf.subject in repr(leaf)
    assert MX in leaf.summary()


def test_load_chain_from_pem_text_with_noise(sample):
    certs = sample.full()
    text = "".join(f"subject={c.subject}\nissuer={c.issuer}\n{c.to_pem()}\n" for c in certs)
    assert dane.load_chain(text) == certs
    assert dane.load_chain(text.encode()) == certs


def test_load_chain_from_concatenated_der(sample):
    certs = sample.without_root()
    assert dane.load_chain(b"".join(c.der for c in certs)) == certs


def test_load_chain_file(sample, tmp_path):
    certs = sample.full()
    path = tmp_path / "chain.pem"
    path.write_text("".join(c.to_pem() for c in certs))
    assert dane.load_chain_file(path) == certs
    assert dane.load_chain_file(str(path)) == certs
    der_path = tmp_path / "leaf.der"
    der_path.write_bytes(certs[0].der)
    assert dane.load_chain_file(der_path) == certs[:1]


def test_load_chain_file_missing_names_the_path(tmp_path):
    missing = tmp_path / "no-such-chain.pem"
    with pytest.raises(dane.InputError) as info:
        dane.load_chain_file(missing)
    assert "no-such-chain.pem" in str(info.value)


@pytest.mark.parametrize("data", ["no certificates here", b"", b"\x30\x03\x02\x01\x00", b"\x00" * 100])
def test_load_chain_rejects_garbage(data):
    with pytest.raises(dane.InputError):
        dane.load_chain(data)


def test_load_chain_names_the_bad_certificate(leaf):
    broken_pem = leaf.to_pem().replace("\n", "\nAAAA", 1)  # corrupt the second block's base64 body
    text = leaf.to_pem() + broken_pem
    with pytest.raises(dane.InputError) as info:
        dane.load_chain(text, source="peer.pem")
    assert "peer.pem" in str(info.value)


def test_truncated_der_is_an_input_error(leaf):
    for cut in (1, 10, len(leaf.der) // 2, len(leaf.der) - 1):
        with pytest.raises(dane.InputError):
            dane.Certificate.from_der(leaf.der[:cut])


def test_from_pem_without_a_certificate():
    with pytest.raises(dane.InputError):
        dane.Certificate.from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")


def test_bytes_arguments_reject_text():
    with pytest.raises(TypeError):
        dane.Certificate.from_der("30820102")


def test_name_matching_rules():
    # RFC 6125 §6.4.3 / RFC 7672 §3.2.3: "*" is a whole left-most label matching one label.
    assert dane.dns_name_matches("*.example.com", "mx.example.com")
    assert dane.dns_name_matches("MX.Example.COM.", "mx.example.com")
    assert not dane.dns_name_matches("*.example.com", "a.b.example.com")
    assert dane.dns_name_matches("*.example.com", "a.b.example.com", multi_label_wildcards=True)
    assert not dane.dns_name_matches("m*.example.com", "mx.example.com")
    assert dane.dns_name_matches("mx.example.com", ".example.com")


def test_certificate_matches_names(leaf):
    assert dane.certificate_matches_names(leaf, [MX])
    assert dane.certificate_matches_names(leaf, ["other.example", MX.upper()])
    assert not dane.certificate_matches_names(leaf, ["other.example"])
    assert not dane.certificate_matches_names(leaf, [])


def test_load_chain_file_rejects_non_paths():
    with pytest.raises(TypeError):
        dane.load_chain_file(42)
