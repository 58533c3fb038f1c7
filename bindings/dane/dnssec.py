"""dane.dnssec: DNSSEC validation and zone signing (RFC 4033-4035, RFC 5155).

The implementation lives in the extension (dane._dane.dnssec); this module
makes ``import dane.dnssec`` and ``from dane.dnssec import Validator`` work::

    from dane import dnssec

    key = dnssec.SigningKey.generate(13, flags=257, seed=1)
    signed = dnssec.sign_zone(zone_text, "example.", [key],
                              inception="2026-01-01", expiration="2026-03-01")
    anchor = dnssec.TrustAnchor([key.dnskey("example.")])
    answer = [rr for rr in signed if str(rr.owner) == "www.example."
              and (rr.type_name == "A" or rr.type_name == "RRSIG")]
    result = dnssec.Validator([anchor]).validate(answer, signed, "2026-02-01")
    print(result.status, result.explain())

Records are RR objects or presentation-form strings; names Name or str;
times datetime, ISO 8601 str or Unix seconds. Malformed input raises
dane.InputError naming what and where.
"""

from ._dane import dnssec as _impl

RR = _impl.RR
Name = _impl.Name
Security = _impl.Security
Ede = _impl.Ede
DenialClaim = _impl.DenialClaim
Validation = _impl.Validation
SigningKey = _impl.SigningKey
TrustAnchor = _impl.TrustAnchor
RecordPool = _impl.RecordPool
Validator = _impl.Validator
parse_zone = _impl.parse_zone
write_zone = _impl.write_zone
type_to_string = _impl.type_to_string
type_from_string = _impl.type_from_string
key_tag = _impl.key_tag
make_ds = _impl.make_ds
sign_zone = _impl.sign_zone
default_root_anchors = _impl.default_root_anchors
parse_trust_anchors = _impl.parse_trust_anchors

__all__ = [
    "DenialClaim",
    "Ede",
    "Name",
    "RR",
    "RecordPool",
    "Security",
    "SigningKey",
    "TrustAnchor",
    "Validation",
    "Validator",
    "default_root_anchors",
    "key_tag",
    "make_ds",
    "parse_trust_anchors",
    "parse_zone",
    "sign_zone",
    "type_from_string",
    "type_to_string",
    "write_zone",
]
