"""dane.Tlsa: parsing, presentation, wire form, equality and errors (RFC 6698 §2, RFC 7218)."""

import pickle

import pytest

from _support import import_dane

dane = import_dane()

# RFC 6698 §2.3, first example: a hash of a CA certificate (PKIX-TA, Cert, SHA2-256).
RFC6698_EXAMPLE = (
    "_443._tcp.www.example.com. IN TLSA (\n"
    "      0 0 1 d2abde240d7cd3ee6b4b28c54df034b9\n"
    "            7983a1d16e8a410e4561cb106618e971 )"
)
RFC6698_DIGEST = bytes.fromhex("d2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971")
# RFC 6698 §2.3, second example: PKIX-EE, SPKI, SHA2-512.
RFC6698_EXAMPLE_512 = (
    "1 1 2 92003ba34942dc74152e2f2c408d29ec a5a520e7f2e06bb944f4dca346baf63c"
    " 1b177615d466f6c4b71c216a50292bd5 8c9ebdd2f74e38fe51ffd48c43326cbc"
)

DIGEST = bytes(range(32))
HEX_UPPER = DIGEST.hex().upper()


def test_parse_numeric_fields():
    t = dane.Tlsa.parse("3 1 1 " + DIGEST.hex())
    assert t.usage == dane.Usage.DANE_EE
    assert t.selector == dane.Selector.SPKI
    assert t.matching_type == dane.MatchingType.SHA2_256
    assert t.data == DIGEST
    assert isinstance(t.data, bytes)
    assert t.malformation() is None


def test_str_is_canonical_upper_case_hex():
    assert str(dane.Tlsa.parse("3 1 1 " + DIGEST.hex())) == "3 1 1 " + HEX_UPPER


def test_parse_rfc7218_acronyms_in_any_case():
    expected = dane.Tlsa(3, 1, 1, DIGEST)
    assert dane.Tlsa.parse("DANE-EE SPKI SHA2-256 " + HEX_UPPER) == expected
    assert dane.Tlsa.parse("dane-ee spki sha2-256 " + DIGEST.hex()) == expected
    assert dane.Tlsa.parse("DANE-TA Cert Full 3082").usage == dane.Usage.DANE_TA


def test_to_mnemonic_string():
    t = dane.Tlsa(dane.Usage.DANE_TA, dane.Selector.CERT, dane.MatchingType.SHA2_256, DIGEST)
    assert t.to_mnemonic_string() == "DANE-TA Cert SHA2-256 " + HEX_UPPER


def test_parse_rfc6698_example_rr_with_parentheses():
    t = dane.Tlsa.parse(RFC6698_EXAMPLE)
    assert (int(t.usage), int(t.selector), int(t.matching_type)) == (0, 0, 1)
    assert t.data == RFC6698_DIGEST


def test_parse_rr_line_with_ttl_class_and_comment():
    t = dane.Tlsa.parse("_25._tcp.mx.example. 3600 IN TLSA 3 1 1 " + DIGEST.hex() + " ; the MX key")
    assert t == dane.Tlsa(3, 1, 1, DIGEST)


def test_parse_hex_split_by_white_space():
    t = dane.Tlsa.parse(RFC6698_EXAMPLE_512)
    assert t.matching_type == dane.MatchingType.SHA2_512
    assert len(t.data) == 64


def test_wire_form_is_three_octets_then_data():
    # RFC 6698 §2.1: usage, selector, matching type, then the association data.
    t = dane.Tlsa(2, 0, 1, DIGEST)
    assert t.rdata() == bytes([2, 0, 1]) + DIGEST
    assert dane.Tlsa.from_rdata(bytes([2, 0, 1]) + DIGEST) == t
    assert dane.Tlsa.from_rdata(bytearray(t.rdata())) == t
    assert dane.Tlsa.from_rdata(memoryview(t.rdata())) == t


def test_unknown_parameter_values_are_kept_as_ints():
    # RFC 7671 §9: unknown values are not malformed, only unusable.
    t = dane.Tlsa.parse("4 2 3 ABCD")
    assert (t.usage, t.selector, t.matching_type) == (4, 2, 3)
    assert all(type(v) is int for v in (t.usage, t.selector, t.matching_type))
    assert t.malformation() is None
    assert str(t) == "4 2 3 ABCD"


def test_private_use_values_have_names():
    t = dane.Tlsa.parse("255 255 255 00")
    assert t.usage == dane.Usage.PRIV_CERT
    assert t.selector == dane.Selector.PRIV_SEL
    assert t.matching_type == dane.MatchingType.PRIV_MATCH


def test_constructor_accepts_enums_and_ints():
    a = dane.Tlsa(dane.Usage.DANE_EE, dane.Selector.SPKI, dane.MatchingType.SHA2_256, DIGEST)
    b = dane.Tlsa(3, 1, 1, bytearray(DIGEST))
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, dane.Tlsa(3, 1, 1, DIGEST)}) == 1
    assert a != dane.Tlsa(3, 1, 1, bytes(32))
    assert a != "3 1 1 " + HEX_UPPER  # no implicit parsing in comparisons


def test_constructor_keeps_wrong_digest_length_and_reports_it():
    t = dane.Tlsa(3, 1, 1, b"\x01\x02")
    problem = t.malformation()
    assert problem is not None and problem != ""


def test_repr_round_trips():
    t = dane.Tlsa(3, 1, 1, DIGEST)
    assert eval(repr(t), {"dane": dane}) == t


def test_pickle_round_trips():
    t = dane.Tlsa(4, 1, 1, b"\x01")  # malformed records survive pickling too
    assert pickle.loads(pickle.dumps(t)) == t


def test_enum_helpers_follow_rfc7218():
    assert dane.Usage.DANE_EE.mnemonic == "DANE-EE"
    assert dane.Usage.PKIX_TA.mnemonic == "PKIX-TA"
    assert dane.Selector.SPKI.mnemonic == "SPKI"
    assert dane.MatchingType.SHA2_512.mnemonic == "SHA2-512"
    assert dane.mnemonic(dane.Selector.CERT) == "Cert"
    assert dane.MatchingType.SHA2_256.digest_length == 32
    assert dane.MatchingType.SHA2_512.digest_length == 64
    assert dane.MatchingType.FULL.digest_length is None
    assert int(dane.Usage.DANE_TA) == 2


@pytest.mark.parametrize(
    "text, field",
    [
        ("256 1 1 " + DIGEST.hex(), "usage"),
        ("3 256 1 " + DIGEST.hex(), "selector"),
        ("3 1 999 " + DIGEST.hex(), "matching"),
        ("DANE-XX 1 1 " + DIGEST.hex(), "usage"),
        ("3 1 1 " + DIGEST.hex()[:-1], "data"),
        ("3 1 1 " + DIGEST.hex()[:-2] + "zz", "data"),
        ("3 1 1 " + DIGEST.hex()[:-2], "data"),  # 31 octets for SHA2-256
    ],
)
def test_parse_errors_name_the_field(text, field):
    with pytest.raises(dane.InputError) as info:
        dane.Tlsa.parse(text)
    error = info.value
    assert field in error.field.lower(), (error.field, str(error))
    assert error.where and error.problem
    assert error.problem in str(error)


def test_parse_error_names_the_value():
    with pytest.raises(dane.InputError) as info:
        dane.Tlsa.parse("256 1 1 " + DIGEST.hex())
    assert info.value.value == "256"
    assert "256" in str(info.value)


@pytest.mark.parametrize("text", ["", "3 1 1", "3 1", "hello", "3 1 1 ()", "\x00\x01\x02"])
def test_parse_rejects_incomplete_records(text):
    with pytest.raises(dane.InputError):
        dane.Tlsa.parse(text)


def test_input_error_is_a_value_error_and_a_dane_error():
    with pytest.raises(ValueError):
        dane.Tlsa.parse("nonsense")
    with pytest.raises(dane.Error):
        dane.Tlsa.parse("nonsense")
    assert issubclass(dane.InputError, dane.Error)
    assert issubclass(dane.UsageError, dane.Error)
    assert issubclass(dane.UsageError, ValueError)


def test_from_rdata_errors():
    with pytest.raises(dane.InputError):
        dane.Tlsa.from_rdata(b"\x03\x01\x01")  # shorter than 4 octets
    with pytest.raises(dane.InputError):
        dane.Tlsa.from_rdata(b"\x03\x01\x01" + bytes(31))  # SHA2-256 needs 32
    with pytest.raises(TypeError):
        dane.Tlsa.from_rdata("030101")  # text is not RDATA


@pytest.mark.parametrize("field_index, field", [(0, "usage"), (1, "selector"), (2, "matching type")])
@pytest.mark.parametrize("bad", [256, -1, 1.0, "3"])
def test_constructor_errors_name_the_field(field_index, field, bad):
    args = [3, 1, 1, DIGEST]
    args[field_index] = bad
    with pytest.raises(dane.InputError) as info:
        dane.Tlsa(*args)
    assert info.value.field == field


def test_constructor_rejects_oversized_data():
    dane.Tlsa(3, 1, 0, bytes(dane.MAX_ASSOCIATION_DATA))
    with pytest.raises(dane.InputError):
        dane.Tlsa(3, 1, 0, bytes(dane.MAX_ASSOCIATION_DATA + 1))


def test_constructor_rejects_text_data():
    with pytest.raises(TypeError):
        dane.Tlsa(3, 1, 1, HEX_UPPER)
