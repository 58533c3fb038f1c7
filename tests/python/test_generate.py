"""make_tlsa, rollover_tlsa and association_data (RFC 6698 §2.1, RFC 7671 §8), checked with hashlib."""

import pytest

from _support import MX, VALID_FROM, VALID_UNTIL, import_dane, sha256, sha512

dane = import_dane()


def test_make_tlsa_defaults_to_3_1_1_for_a_leaf(sample):
    leaf = sample.leaf.certificate
    assert dane.make_tlsa(leaf) == dane.Tlsa(3, 1, 1, sha256(leaf.spki))
    assert str(dane.make_tlsa(leaf)) == "3 1 1 " + sha256(leaf.spki).hex().upper()


def test_make_tlsa_defaults_to_2_1_1_for_a_ca(sample):
    inter = sample.intermediate.certificate
    assert dane.make_tlsa(inter) == dane.Tlsa(2, 1, 1, sha256(inter.spki))


@pytest.mark.parametrize(
    "selector, mtype, expected",
    [
        ("CERT", "FULL", lambda c: c.der),
        ("CERT", "SHA2_256", lambda c: sha256(c.der)),
        ("CERT", "SHA2_512", lambda c: sha512(c.der)),
        ("SPKI", "FULL", lambda c: c.spki),
        ("SPKI", "SHA2_256", lambda c: sha256(c.spki)),
        ("SPKI", "SHA2_512", lambda c: sha512(c.spki)),
    ],
)
def test_association_data_and_make_tlsa(sample, selector, mtype, expected):
    leaf = sample.leaf.certificate
    sel = dane.Selector.__members__[selector]
    mt = dane.MatchingType.__members__[mtype]
    assert dane.association_data(leaf, sel, mt) == expected(leaf)
    record = dane.make_tlsa(leaf, dane.Usage.DANE_TA, sel, mt)
    assert (record.usage, record.selector, record.matching_type) == (dane.Usage.DANE_TA, sel, mt)
    assert record.data == expected(leaf)
    assert dane.make_tlsa(leaf, usage=2, selector=int(sel), mtype=int(mt)) == record


def test_make_tlsa_rejects_unknown_parameters(sample):
    leaf = sample.leaf.certificate
    with pytest.raises(dane.InputError):
        dane.make_tlsa(leaf, selector=2)
    with pytest.raises(dane.InputError):
        dane.make_tlsa(leaf, mtype=3)
    with pytest.raises(dane.InputError) as info:
        dane.make_tlsa(leaf, usage=300)
    assert info.value.field == "usage"


def test_rollover_tlsa_current_and_next(sample, other_sample):
    current = sample.leaf.certificate
    nxt = other_sample.leaf.certificate
    rrset = dane.rollover_tlsa(current, nxt)
    assert rrset == [dane.Tlsa(3, 1, 1, sha256(current.spki)), dane.Tlsa(3, 1, 1, sha256(nxt.spki))]
    cert_rrset = dane.rollover_tlsa(current, nxt, usage=dane.Usage.DANE_EE, selector=dane.Selector.CERT,
                                    mtype=dane.MatchingType.SHA2_512)
    assert cert_rrset == [dane.Tlsa(3, 0, 2, sha512(current.der)), dane.Tlsa(3, 0, 2, sha512(nxt.der))]


def test_rollover_tlsa_keeps_one_record_for_a_renewal_with_the_same_key(dane_ee_renewal):
    first, renewed = dane_ee_renewal
    assert first.der != renewed.der
    assert dane.rollover_tlsa(first, renewed) == [dane.Tlsa(3, 1, 1, sha256(first.spki))]
    assert len(dane.rollover_tlsa(first, renewed, selector=dane.Selector.CERT)) == 2
    assert dane.rollover_tlsa(first, first) == [dane.make_tlsa(first)]


@pytest.fixture(scope="module")
def dane_ee_renewal():
    """Two self-signed certificates with the same key (same seed), different validity."""
    spec = dane.sim.CertSpec(MX, [MX], not_before=VALID_FROM, not_after=VALID_UNTIL)
    first = dane.sim.Pki(7).self_signed(spec).certificate
    spec.not_after = "2026-01-01"
    renewed = dane.sim.Pki(7).self_signed(spec).certificate
    if first.spki != renewed.spki:
        pytest.skip("dane.sim derives a fresh key per certificate; no same-key renewal to test")
    return first, renewed
