"""dane.verify_chain on dane.sim chains at pinned times (RFC 6698 §2.1, RFC 7671 §5/§9, RFC 7672 §3).

Every TLSA record here is built from digests computed with hashlib, never
with make_tlsa, so the expectations do not come from libdane itself.
"""

import datetime as dt
import json

import pytest

from _support import AFTER, BEFORE, MX, NOW, import_dane, record, sha256, sha512

dane = import_dane()
S, F, O = dane.MatchStatus, dane.Failure, dane.RecordOutcome


def ee(cert):
    """3 1 1 for cert, computed here."""
    return record(3, 1, 1, sha256(cert.spki))


def ta(cert):
    """2 1 1 for cert, computed here."""
    return record(2, 1, 1, sha256(cert.spki))


# --- DANE-EE (RFC 7671 §5.1, RFC 7672 §3.1.1) ---------------------------------


def test_dane_ee_verifies(sample):
    result = dane.verify_chain(sample.without_root(), [ee(sample.leaf.certificate)], NOW)
    assert result.verified and bool(result)
    assert result.status == S.VERIFIED
    assert result.failure == F.NONE
    assert result.matched_record == 0
    assert result.depth == 0
    assert not result.trust_anchor_from_dns
    [report] = result.records
    assert report.index == 0
    assert report.outcome == O.MATCHED
    assert report.depth == 0
    assert report.record == dane.Tlsa.parse(ee(sample.leaf.certificate))
    assert report.reason and report.rule


@pytest.mark.parametrize("when", [BEFORE, AFTER])
def test_dane_ee_ignores_dates_and_names_in_smtp(sample, when):
    # RFC 7672 §3.1.1: DANE-EE(3) matches are not subject to name or validity checks.
    result = dane.verify_chain(sample.without_root(), [ee(sample.leaf.certificate)], when,
                               reference_names=["not-the-mx.example.org"])
    assert result.verified


@pytest.mark.parametrize(
    "selector, mtype, digest",
    [(0, 1, lambda c: sha256(c.der)), (0, 2, lambda c: sha512(c.der)), (1, 2, lambda c: sha512(c.spki)),
     (1, 0, lambda c: c.spki), (0, 0, lambda c: c.der)],
)
def test_dane_ee_every_selector_and_matching_type(sample, selector, mtype, digest):
    leaf = sample.leaf.certificate
    result = dane.verify_chain([leaf], [record(3, selector, mtype, digest(leaf))], NOW)
    assert result.verified, str(result)


def test_dane_ee_only_matches_the_leaf(sample):
    # A 3 x x record for the intermediate must not authenticate the chain.
    result = dane.verify_chain(sample.without_root(), [ee(sample.intermediate.certificate)], NOW)
    assert not result.verified
    assert result.failure == F.NO_MATCH


# --- DANE-TA (RFC 7671 §5.2, RFC 7672 §3.1.2, §3.2) ---------------------------


def test_dane_ta_intermediate_verifies_with_path(sample):
    result = dane.verify_chain(sample.without_root(), [ta(sample.intermediate.certificate)], NOW,
                               reference_names=[MX])
    assert result.status == S.VERIFIED, str(result)
    assert result.depth == 1
    assert result.matched_record == 0
    assert result.path == [sample.leaf.certificate.subject, "CN=Sim Issuing CA"]
    assert result.records[0].outcome == O.MATCHED
    assert not result.trust_anchor_from_dns


def test_dane_ta_root_in_chain(sample):
    root = sample.root.certificate
    result = dane.verify_chain(sample.full(), [record(2, 0, 1, sha256(root.der))], NOW, reference_names=[MX])
    assert result.verified, str(result)
    assert result.depth == 2


def test_dane_ta_full_certificate_from_dns(sample):
    # "2 0 0 <root DER>": the trust anchor comes from DNS, the server did not send it.
    result = dane.verify_chain(sample.without_root(), [record(2, 0, 0, sample.root.certificate.der)], NOW,
                               reference_names=[MX])
    assert result.verified, str(result)
    assert result.trust_anchor_from_dns


def test_dane_ta_name_mismatch(sample):
    result = dane.verify_chain(sample.without_root(), [ta(sample.intermediate.certificate)], NOW,
                               reference_names=["other.example.net"])
    assert result.status == S.MISMATCH
    assert result.failure == F.NAME_MISMATCH
    assert result.records[0].outcome == O.NAME_MISMATCH
    assert not result
    # No reference names: no name can match (RFC 7672 §3.2.2).
    assert dane.verify_chain(sample.without_root(), [ta(sample.intermediate.certificate)], NOW).failure \
        == F.NAME_MISMATCH
    # skip_name_checks turns the check off (diagnostics only).
    assert dane.verify_chain(sample.without_root(), [ta(sample.intermediate.certificate)], NOW,
                             skip_name_checks=True).verified


@pytest.mark.parametrize("when", [BEFORE, AFTER])
@pytest.mark.parametrize("anchor", ["intermediate", "root"])
def test_dane_ta_leaf_outside_validity(sample, anchor, when):
    # RFC 7671 §5.2.1: certificates below the trust anchor must be within their validity.
    result = dane.verify_chain(sample.full(), [ta(getattr(sample, anchor).certificate)], when,
                               reference_names=[MX])
    assert result.status == S.MISMATCH, str(result)
    assert result.failure == F.CERTIFICATE_EXPIRED
    assert result.records[0].outcome == O.PATH_INVALID


def test_dane_ta_accepts_a_single_reference_name_string(sample):
    result = dane.verify_chain(sample.without_root(), [ta(sample.intermediate.certificate)], NOW,
                               reference_names=MX)
    assert result.verified


def test_wildcard_leaf_and_multi_label_option(dane_wildcard_chain):
    chain, anchor = dane_wildcard_chain
    args = (chain.without_root(), [ta(anchor)], NOW)
    assert dane.verify_chain(*args, reference_names=["mx.example.com"]).verified
    assert dane.verify_chain(*args, reference_names=["a.mx.example.com"]).failure == F.NAME_MISMATCH
    assert dane.verify_chain(*args, reference_names=["a.mx.example.com"], multi_label_wildcards=True).verified


@pytest.fixture(scope="module")
def dane_wildcard_chain():
    chain = dane.sim.make_sample_chain(dane.sim.Pki(11), ["*.example.com"], "2024-01-01", "2025-01-01")
    return chain, chain.intermediate.certificate


# --- mismatches and unusable records ---------------------------------------------


def test_mismatch(sample, other_sample):
    result = dane.verify_chain(sample.without_root(), [ee(other_sample.leaf.certificate)], NOW)
    assert result.status == S.MISMATCH
    assert result.failure == F.NO_MATCH
    assert result.matched_record is None
    assert result.depth == -1
    assert result.path == []
    assert result.records[0].outcome == O.NO_MATCH
    assert not result


def test_other_hierarchy_ta_does_not_match(sample, other_sample):
    result = dane.verify_chain(sample.without_root(), [ta(other_sample.intermediate.certificate)], NOW,
                               reference_names=[MX])
    assert result.failure == F.NO_MATCH


def test_no_usable_records_in_smtp(sample):
    leaf = sample.leaf.certificate
    # RFC 7672 §3.1.3: PKIX-TA(0) and PKIX-EE(1) are unusable for SMTP; unknown
    # parameters (RFC 7671 §9) and malformed digests too.
    rrset = [record(1, 1, 1, sha256(leaf.spki)), record(0, 0, 1, sha256(sample.root.certificate.der)),
             dane.Tlsa(4, 1, 1, sha256(leaf.spki)), dane.Tlsa(3, 1, 1, sha256(leaf.spki)[:31])]
    result = dane.verify_chain(sample.full(), rrset, NOW, reference_names=[MX])
    assert result.status == S.NO_USABLE_RECORDS
    assert result.failure == F.NO_USABLE_RECORDS
    assert [r.outcome for r in result.records] == [O.UNUSABLE] * 4
    assert [r.index for r in result.records] == [0, 1, 2, 3]


def test_empty_rrset_has_no_usable_records(sample):
    assert dane.verify_chain(sample.full(), [], NOW).status == S.NO_USABLE_RECORDS


def test_one_usable_match_is_enough(sample, other_sample):
    rrset = [ee(other_sample.leaf.certificate), record(1, 1, 1, b"\x00" * 32), ee(sample.leaf.certificate)]
    result = dane.verify_chain(sample.without_root(), rrset, NOW)
    assert result.verified
    assert result.matched_record == 2
    assert result.records[1].outcome == O.UNUSABLE


def test_digest_agility(sample):
    # RFC 7671 §9: with SHA2-512 preferred, a wrong 3 1 2 supersedes a right 3 1 1.
    leaf = sample.leaf.certificate
    rrset = [record(3, 1, 2, sha512(b"not the key")), ee(leaf)]
    result = dane.verify_chain([leaf], rrset, NOW)
    assert not result.verified
    assert result.records[1].outcome == O.SUPERSEDED
    assert dane.verify_chain([leaf], rrset, NOW, digests=[dane.MatchingType.SHA2_256]).verified
    assert dane.verify_chain([leaf], rrset, NOW, digests=[1, 2]).verified
    # A digest that is not enabled is unusable.
    only_512 = dane.verify_chain([leaf], [ee(leaf)], NOW, digests=[dane.MatchingType.SHA2_512])
    assert only_512.status == S.NO_USABLE_RECORDS


# --- generic profile (RFC 6698 / RFC 7671) -------------------------------------


def test_generic_profile_name_checks_dane_ee_by_default(sample):
    args = (sample.without_root(), [ee(sample.leaf.certificate)], NOW)
    assert dane.verify_chain(*args, profile=dane.Profile.GENERIC, reference_names=[MX]).verified
    wrong = dane.verify_chain(*args, profile="generic", reference_names=["other.example"])
    assert wrong.failure == F.NAME_MISMATCH
    assert dane.verify_chain(*args, profile="generic", reference_names=["other.example"],
                             ee_name_checks=False).verified
    assert not dane.verify_chain(*args, profile="smtp", reference_names=["other.example"],
                                 ee_name_checks=True).verified


def test_generic_profile_pkix_ta_needs_trust_anchor(sample):
    root = sample.root.certificate
    rrset = [record(0, 1, 1, sha256(root.spki))]
    trusted = dane.verify_chain(sample.full(), rrset, NOW, profile="generic", reference_names=[MX],
                                pkix_trust_anchors=[root])
    assert trusted.verified, str(trusted)
    untrusted = dane.verify_chain(sample.full(), rrset, NOW, profile="generic", reference_names=[MX])
    assert not untrusted.verified


def test_parse_profile():
    assert dane.parse_profile("smtp") == dane.Profile.SMTP
    assert dane.Profile.GENERIC.label == "generic"
    with pytest.raises(dane.InputError):
        dane.parse_profile("https")
    with pytest.raises(dane.InputError):
        dane.verify_chain([], [], NOW, profile="https")


# --- arguments ----------------------------------------------------------------


def test_time_forms_agree(sample):
    rrset = [ta(sample.root.certificate)]
    chain = sample.full()
    moments = [NOW, NOW.replace(tzinfo=None), "2024-06-01T12:00:00Z", int(NOW.timestamp()),
               NOW.astimezone(dt.timezone(dt.timedelta(hours=-5)))]
    assert all(dane.verify_chain(chain, rrset, t, reference_names=[MX]).verified for t in moments)
    late = [AFTER, AFTER.replace(tzinfo=None), "2025-06-01", dt.date(2025, 6, 1)]
    assert not any(dane.verify_chain(chain, rrset, t, reference_names=[MX]).verified for t in late)


def test_time_is_required_and_typed(sample):
    with pytest.raises(TypeError):
        dane.verify_chain(sample.full(), [])
    with pytest.raises(TypeError):
        dane.verify_chain(sample.full(), [], 1.5)
    with pytest.raises(dane.InputError):
        dane.verify_chain(sample.full(), [], "2024-02-30")


def test_rrset_items_may_be_tlsa_text_or_rdata(sample):
    leaf = sample.leaf.certificate
    as_tlsa = dane.Tlsa(3, 1, 1, sha256(leaf.spki))
    for item in (as_tlsa, ee(leaf), as_tlsa.rdata(), "_25._tcp.mx.example.com. IN TLSA " + ee(leaf)):
        assert dane.verify_chain([leaf], [item], NOW).verified
    assert dane.verify_chain([leaf], (r for r in [ee(leaf)]), NOW).verified


def test_bad_rrset_item_names_its_position(sample):
    with pytest.raises(dane.InputError) as info:
        dane.verify_chain(sample.full(), [ee(sample.leaf.certificate), "3 1 1 XYZ"], NOW)
    assert "rrset[1]" in info.value.where
    assert info.value.field
    with pytest.raises(TypeError):
        dane.verify_chain(sample.full(), [42], NOW)


def test_chain_errors(sample):
    with pytest.raises(dane.UsageError):
        dane.verify_chain([], [ee(sample.leaf.certificate)], NOW)
    with pytest.raises(TypeError) as info:
        dane.verify_chain([sample.leaf.certificate, b"not a cert"], [], NOW)
    assert "chain item 1" in str(info.value)


def test_limits(sample):
    leaf = sample.leaf.certificate
    with pytest.raises(dane.InputError):
        dane.verify_chain([leaf] * 3, [], NOW, max_chain_certificates=2)
    with pytest.raises(dane.InputError):
        dane.verify_chain([leaf], [ee(leaf)] * 3, NOW, max_records=2)


def test_result_order_independent(sample, other_sample):
    leaf = sample.leaf.certificate
    rrset = [ee(other_sample.leaf.certificate), ee(leaf), record(1, 1, 1, sha256(leaf.spki))]
    forward = dane.verify_chain([leaf], rrset, NOW)
    backward = dane.verify_chain([leaf], list(reversed(rrset)), NOW)
    assert forward.verified and backward.verified
    assert [r.outcome for r in forward.records] == [r.outcome for r in reversed(backward.records)]


# --- reports --------------------------------------------------------------------


def test_to_json_and_to_dict(sample, other_sample):
    rrset = [ee(other_sample.leaf.certificate), ta(sample.intermediate.certificate)]
    result = dane.verify_chain(sample.without_root(), rrset, NOW, reference_names=[MX])
    d = result.to_dict()
    assert d == json.loads(result.to_json())
    assert d["status"] == S.VERIFIED.label == "Verified"
    assert d["failure"] == "none"
    assert d["matched_record"] == 1
    assert d["depth"] == 1
    assert d["path"] == result.path
    assert [r["outcome"] for r in d["records"]] == ["no-match", "matched"]
    assert [r["rule"] for r in d["records"]] == [r.rule for r in result.records]
    assert [r["reason"] for r in d["records"]] == [r.reason for r in result.records]


def test_failure_labels_follow_rfc8460_names(sample, other_sample):
    result = dane.verify_chain(sample.without_root(), [ee(other_sample.leaf.certificate)], NOW)
    assert result.to_dict()["failure"] == "no-match"
    assert result.to_dict()["status"] == "Mismatch"
    assert dane.Failure.NAME_MISMATCH.label == "name-mismatch"
    assert dane.RecordOutcome.NOT_EVALUATED.label == "not-evaluated"


def test_text_renderings(sample):
    result = dane.verify_chain(sample.without_root(), [ee(sample.leaf.certificate)], NOW)
    text = str(result)
    assert text.startswith(result.summary())
    assert result.summary().startswith("Verified")
    assert "matched" in text
    assert "MatchResult" in repr(result)
    assert "matched" in repr(result.records[0])
