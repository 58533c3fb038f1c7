"""TLSA owner names (RFC 6698 §3) and time parsing."""

import datetime as dt

import pytest

from _support import UTC, import_dane

dane = import_dane()


def test_owner_name_defaults_to_smtp():
    # RFC 7672 §2.2: the SMTP TLSA RRset lives at _25._tcp.<MX host>.
    assert dane.tlsa_owner_name("mail.example.com") == "_25._tcp.mail.example.com."


def test_owner_name_port_protocol_case_and_trailing_dot():
    # RFC 6698 §3 example: _443._tcp.www.example.com
    assert dane.tlsa_owner_name("WWW.Example.COM.", 443) == "_443._tcp.www.example.com."
    assert dane.tlsa_owner_name("sip.example.com", port=5061, protocol="udp") == "_5061._udp.sip.example.com."
    assert dane.tlsa_owner_name("x.example", 465, "sctp") == "_465._sctp.x.example."


@pytest.mark.parametrize("host", ["", "a..example.com", "a" * 64 + ".example.com", ("a" * 60 + ".") * 5])
def test_owner_name_rejects_bad_hosts(host):
    with pytest.raises(dane.InputError):
        dane.tlsa_owner_name(host)


def test_owner_name_accepts_63_octet_labels():
    label = "a" * 63
    assert dane.tlsa_owner_name(label + ".example") == f"_25._tcp.{label}.example."


def test_owner_name_rejects_bad_protocol():
    with pytest.raises(dane.InputError) as info:
        dane.tlsa_owner_name("mx.example.com", 25, "icmp")
    assert "icmp" in str(info.value)


@pytest.mark.parametrize("port", [65536, -1, 10**30])
def test_owner_name_rejects_bad_port(port):
    with pytest.raises(dane.InputError) as info:
        dane.tlsa_owner_name("mx.example.com", port)
    assert info.value.field == "port"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-01-31", dt.datetime(2024, 1, 31, tzinfo=UTC)),
        ("2024-01-31T12:00", dt.datetime(2024, 1, 31, 12, 0, tzinfo=UTC)),
        ("2024-01-31T12:00:05Z", dt.datetime(2024, 1, 31, 12, 0, 5, tzinfo=UTC)),
        ("2024-01-31 12:00:05", dt.datetime(2024, 1, 31, 12, 0, 5, tzinfo=UTC)),
        ("@0", dt.datetime(1970, 1, 1, tzinfo=UTC)),
        ("@1700000000", dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
    ],
)
def test_parse_time(text, expected):
    parsed = dane.parse_time(text)
    assert parsed == expected
    assert parsed.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize("text", ["", "2024-13-01", "2023-02-29", "2024-01-31T24:00", "yesterday", "2024/01/31"])
def test_parse_time_rejects(text):
    with pytest.raises(dane.InputError):
        dane.parse_time(text)


def test_format_time_accepts_every_time_form():
    expected = "2024-01-31T12:00:05Z"
    assert dane.format_time(dt.datetime(2024, 1, 31, 12, 0, 5, tzinfo=UTC)) == expected
    assert dane.format_time(dt.datetime(2024, 1, 31, 12, 0, 5)) == expected  # naive = UTC
    plus_two = dt.timezone(dt.timedelta(hours=2))
    assert dane.format_time(dt.datetime(2024, 1, 31, 14, 0, 5, tzinfo=plus_two)) == expected
    assert dane.format_time("2024-01-31T12:00:05Z") == expected
    assert dane.format_time(1706702405) == expected
    assert dane.format_time(dt.date(2024, 1, 31)) == "2024-01-31T00:00:00Z"
    with pytest.raises(TypeError):
        dane.format_time(1706702405.0)


def test_version_is_semver():
    parts = dane.__version__.split(".")
    assert len(parts) == 3 and all(p.isdigit() for p in parts)
