"""libdane for Python: DANE TLSA matching (RFC 6698, RFC 7671, RFC 7672).

Parse TLSA records, load certificate chains and decide whether a chain is
authenticated by a TLSA RRset, with a report saying which record matched or
why none did::

    import dane

    chain = dane.load_chain_file("chain.pem")
    rrset = ["3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6"]
    result = dane.verify_chain(chain, rrset, "2024-06-01T00:00:00Z",
                               reference_names=["mx.example.com"])
    if result:                      # result.verified
        print(result.summary())
    else:
        print(result)               # the summary and one line per record
        print(result.to_dict()["failure"])

The library never reads the clock: every verification takes the time at which
validity periods are judged (a datetime, naive read as UTC, an ISO 8601
string, or Unix seconds).

Errors: malformed input raises :class:`InputError` (a ``ValueError``) whose
attributes ``where``, ``field``, ``value`` and ``problem`` say what was wrong;
a broken API precondition raises :class:`UsageError`. Both derive from
:class:`Error`. A match that fails is not an exception: it is a
:class:`MatchResult` that is false.

The submodule :mod:`dane.sim` is the deterministic test CA: ``dane.sim.Pki(seed)``
and ``dane.sim.make_sample_chain`` build sample chains for tests and demos.
It also holds the simulated DNS world: ``dane.sim.load_scenario(path)``,
``dane.sim.DnsWorld(scenario).resolve(name, type, kind)`` (records, status,
EDE, reasons and the authorities' BIND query log) and ``dane.sim.mutation_kinds()``.
"""

import sys as _sys

from ._dane import (
    MAX_ASSOCIATION_DATA,
    Certificate,
    Error,
    Failure,
    InputError,
    MatchingType,
    MatchResult,
    MatchStatus,
    Profile,
    RecordOutcome,
    RecordReport,
    Selector,
    Tlsa,
    Usage,
    UsageError,
    association_data,
    certificate_matches_names,
    dns_name_matches,
    format_time,
    load_chain,
    load_chain_file,
    make_tlsa,
    mnemonic,
    parse_profile,
    parse_time,
    policy,
    presented_identifiers,
    rollover_tlsa,
    sim,
    tlsa_owner_name,
    verify_chain,
    version,
)

# Make `import dane.sim` and `from dane.sim import Pki` work: the submodule
# lives inside the extension.
sim.__name__ = __name__ + ".sim"
_sys.modules[sim.__name__] = sim
# Same for `import dane.policy` (the SMTP sender policy profiles).
policy.__name__ = __name__ + ".policy"
_sys.modules[policy.__name__] = policy

__version__ = version()

from . import dnssec  # noqa: E402  (dane.dnssec after "import dane")

__all__ = [
    "MAX_ASSOCIATION_DATA",
    "Certificate",
    "Error",
    "Failure",
    "InputError",
    "MatchingType",
    "MatchResult",
    "MatchStatus",
    "Profile",
    "RecordOutcome",
    "RecordReport",
    "Selector",
    "Tlsa",
    "Usage",
    "UsageError",
    "association_data",
    "certificate_matches_names",
    "dns_name_matches",
    "dnssec",
    "format_time",
    "load_chain",
    "load_chain_file",
    "make_tlsa",
    "mnemonic",
    "parse_profile",
    "parse_time",
    "policy",
    "presented_identifiers",
    "rollover_tlsa",
    "sim",
    "tlsa_owner_name",
    "verify_chain",
    "version",
]
