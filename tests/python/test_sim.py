"""dane.sim: the deterministic test CA exposed to Python."""

import pytest

from _support import MX, VALID_FROM, VALID_UNTIL, import_dane

dane = import_dane()


def test_import_forms():
    import dane.sim as sim_module
    from dane.sim import Pki

    assert sim_module == dane.sim
    assert Pki == dane.sim.Pki


def test_same_seed_same_bytes():
    a = dane.sim.make_sample_chain(dane.sim.Pki(1), [MX], VALID_FROM, VALID_UNTIL)
    b = dane.sim.make_sample_chain(dane.sim.Pki(1), [MX], VALID_FROM, VALID_UNTIL)
    c = dane.sim.make_sample_chain(dane.sim.Pki(2), [MX], VALID_FROM, VALID_UNTIL)
    assert [x.der for x in a.full()] == [x.der for x in b.full()]
    assert a.leaf.private_key_pem == b.leaf.private_key_pem
    assert a.leaf.certificate.spki != c.leaf.certificate.spki


def test_chain_shapes(sample):
    assert sample.full() == [sample.leaf.certificate, sample.intermediate.certificate, sample.root.certificate]
    assert sample.without_root() == sample.full()[:2]
    assert "PRIVATE KEY" in sample.leaf.private_key_pem


def test_cert_spec_and_issue():
    pki = dane.sim.Pki(99)
    ca_spec = dane.sim.CertSpec("Test CA", not_before="2020-01-01", not_after="2030-01-01", is_ca=True,
                                path_length=0)
    assert ca_spec.common_name == "Test CA" and ca_spec.is_ca and ca_spec.path_length == 0
    ca = pki.self_signed(ca_spec)
    leaf_spec = dane.sim.CertSpec("", ["*.example.net"], not_before=VALID_FROM, not_after=VALID_UNTIL,
                                  key_type=dane.sim.KeyType.ED25519)
    leaf = pki.issue(leaf_spec, ca)
    assert ca.certificate.subject == "CN=Test CA" and ca.certificate.is_ca
    assert leaf.certificate.issuer == "CN=Test CA"
    assert leaf.certificate.dns_names == ["*.example.net"]
    assert leaf.certificate.common_names == []
    assert leaf.certificate.not_before == VALID_FROM
    assert leaf_spec.not_after == VALID_UNTIL


@pytest.mark.parametrize("key_type", ["ECDSA_P256", "ECDSA_P384", "ED25519"])
def test_key_types_verify_as_dane_ee(key_type):
    kt = dane.sim.KeyType.__members__[key_type]
    chain = dane.sim.make_sample_chain(dane.sim.Pki(5), [MX], VALID_FROM, VALID_UNTIL, key_type=kt)
    leaf = chain.leaf.certificate
    result = dane.verify_chain(chain.without_root(), [dane.make_tlsa(leaf)], "2024-06-01")
    assert result.verified


def test_cert_spec_requires_times():
    with pytest.raises(TypeError):
        dane.sim.CertSpec("x")
    with pytest.raises(dane.InputError):
        dane.sim.CertSpec("x", not_before="2024-02-30", not_after="2025-01-01")
