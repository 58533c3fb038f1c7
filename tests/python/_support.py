"""Constants and helpers shared by the dane module tests (not a test file).

All times are pinned: nothing here depends on the wall clock. Expected digests
are computed with hashlib and the openssl command line tool, independently of
libdane.
"""

import datetime as dt
import hashlib
import shutil
import subprocess

import pytest

IMPORT_REASON = (
    "the dane module is not importable: build the target dane_python and run with "
    "PYTHONPATH=<build>/python (ctest does this)"
)

UTC = dt.timezone.utc
# The leaf certificates of the sample chains are valid during this period.
VALID_FROM = dt.datetime(2024, 1, 1, tzinfo=UTC)
VALID_UNTIL = dt.datetime(2025, 1, 1, tzinfo=UTC)
# A time inside it, and times before and after it.
NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
BEFORE = dt.datetime(2023, 6, 1, tzinfo=UTC)
AFTER = dt.datetime(2025, 6, 1, tzinfo=UTC)

MX = "mx.example.com"


def import_dane():
    """The dane module, or a skip of the calling test module with the reason."""
    return pytest.importorskip("dane", reason=IMPORT_REASON)


def sha256(data):
    """SHA2-256 with hashlib."""
    return hashlib.sha256(data).digest()


def sha512(data):
    """SHA2-512 with hashlib."""
    return hashlib.sha512(data).digest()


def record(usage, selector, mtype, data):
    """Presentation form built here: 'U S M HEX' (RFC 6698 §2.2)."""
    return f"{usage} {selector} {mtype} {data.hex()}"


def openssl(args, data):
    """Runs the openssl command line tool on data and returns stdout; skips when it is absent."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command line tool is not installed")
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=True).stdout
