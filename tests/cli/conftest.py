"""Fixtures for the dane CLI tests: the binary, and a small PKI made with the
openssl command line tool (independent of libdane)."""

import datetime
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Run:
    """The outcome of one `dane ...` invocation."""

    code: int
    out: str
    err: str


@pytest.fixture(scope="session")
def dane_bin():
    """Path of the dane binary (DANE_CLI, set by CTest)."""
    path = os.environ.get("DANE_CLI")
    if not path:
        pytest.skip("DANE_CLI is not set (run through ctest, or export DANE_CLI=/path/to/dane)")
    if not os.access(path, os.X_OK):
        pytest.fail(f"DANE_CLI={path} is not an executable")
    return path


@pytest.fixture(scope="session")
def dane(dane_bin):
    """Runs the dane binary; returns Run(code, stdout, stderr)."""

    def run(*args, check=None):
        proc = subprocess.run([dane_bin, *map(str, args)], capture_output=True, text=True, timeout=120)
        result = Run(proc.returncode, proc.stdout, proc.stderr)
        # Under DANE_SANITIZE=ON any ASan/UBSan report fails the test.
        assert "Sanitizer" not in result.err and "runtime error:" not in result.err, result.err
        if check is not None:
            assert result.code == check, f"dane {' '.join(map(str, args))}: exit {result.code}\n{result.out}\n{result.err}"
        return result

    return run


def openssl(*args, stdin=None, binary=False):
    """Runs the openssl command; returns stdout (bytes if binary)."""
    proc = subprocess.run(["openssl", *map(str, args)], input=stdin, capture_output=True, check=False)
    if proc.returncode != 0:
        raise AssertionError(f"openssl {' '.join(map(str, args))} failed: {proc.stderr.decode(errors='replace')}")
    return proc.stdout if binary else proc.stdout.decode()


def openssl_date(text):
    """Parses openssl's 'notAfter=Jan  1 00:00:00 2026 GMT'."""
    value = text.strip().split("=", 1)[1]
    return datetime.datetime.strptime(value, "%b %d %H:%M:%S %Y %Z").replace(tzinfo=datetime.timezone.utc)


def iso(dt):
    """ISO 8601 UTC, the form `dane tlsa verify --time` takes."""
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


EXTENSIONS = """
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:mail.example.com
"""


@dataclass
class Pki:
    """Files of the test PKI: root -> issuing CA -> leaf for mail.example.com."""

    dir: Path
    root: Path
    ca: Path
    leaf: Path
    next_leaf: Path  # a renewed leaf with a new key, same CA
    other: Path  # a self-signed certificate with an unrelated key
    chain: Path  # leaf + ca (what a server usually sends)
    full: Path  # leaf + ca + root
    leaf_not_before: datetime.datetime
    leaf_not_after: datetime.datetime

    @property
    def inside(self):
        """A time at which every certificate is valid."""
        return iso(self.leaf_not_before + datetime.timedelta(days=1))

    @property
    def leaf_expired(self):
        """A time after the leaf's notAfter but inside the CAs' validity."""
        return iso(self.leaf_not_after + datetime.timedelta(days=2))


def _key_and_csr(d, name, subject):
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", d / f"{name}.key", "-out", d / f"{name}.csr", "-subj", subject)


SERIALS = {"ca": 2, "leaf": 3, "next": 4}


def _sign(d, name, issuer, days, section):
    openssl("x509", "-req", "-in", d / f"{name}.csr", "-CA", d / f"{issuer}.pem", "-CAkey", d / f"{issuer}.key",
            "-set_serial", SERIALS[name], "-days", days, "-sha256",
            "-extfile", d / "ext.cnf", "-extensions", section, "-out", d / f"{name}.pem")


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    """Builds the PKI with openssl (ECDSA P-256). openssl 3.0 has no
    -not_before/-not_after, so validity starts now and the tests pass --time
    relative to the dates read back from the certificates."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    d = tmp_path_factory.mktemp("pki")
    (d / "ext.cnf").write_text(EXTENSIONS)
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", d / "root.key", "-out", d / "root.pem", "-subj", "/CN=Test Root CA", "-days", "3650",
            "-sha256", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    _key_and_csr(d, "ca", "/CN=Test Issuing CA")
    _sign(d, "ca", "root", 1825, "v3_ca")
    _key_and_csr(d, "leaf", "/CN=mail.example.com")
    _sign(d, "leaf", "ca", 30, "v3_leaf")
    _key_and_csr(d, "next", "/CN=mail.example.com")
    _sign(d, "next", "ca", 60, "v3_leaf")
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", d / "other.key", "-out", d / "other.pem", "-subj", "/CN=other.example.net", "-days", "30")
    (d / "chain.pem").write_text((d / "leaf.pem").read_text() + (d / "ca.pem").read_text())
    (d / "full.pem").write_text((d / "chain.pem").read_text() + (d / "root.pem").read_text())
    return Pki(
        dir=d, root=d / "root.pem", ca=d / "ca.pem", leaf=d / "leaf.pem", next_leaf=d / "next.pem",
        other=d / "other.pem", chain=d / "chain.pem", full=d / "full.pem",
        leaf_not_before=openssl_date(openssl("x509", "-in", d / "leaf.pem", "-noout", "-startdate")),
        leaf_not_after=openssl_date(openssl("x509", "-in", d / "leaf.pem", "-noout", "-enddate")),
    )


def spki_der(cert):
    """The SubjectPublicKeyInfo DER of a PEM certificate, via openssl."""
    pub = openssl("x509", "-in", cert, "-noout", "-pubkey", binary=True)
    return openssl("pkey", "-pubin", "-outform", "DER", stdin=pub, binary=True)


def cert_der(cert):
    """The DER certificate, via openssl."""
    return openssl("x509", "-in", cert, "-outform", "DER", binary=True)


def digest(data, algorithm):
    """Upper-case hex digest computed by `openssl dgst` (algorithm: sha256 / sha512)."""
    out = openssl("dgst", f"-{algorithm}", "-r", stdin=data)
    return out.split()[0].upper()


def association(cert, selector, mtype):
    """Certificate association data as RFC 6698 §2.1 defines it, computed with openssl."""
    data = spki_der(cert) if selector == 1 else cert_der(cert)
    if mtype == 0:
        return data.hex().upper()
    return digest(data, {1: "sha256", 2: "sha512"}[mtype])
