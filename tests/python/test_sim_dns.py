"""dane.sim's simulated DNS world: scenarios, DnsWorld, resolve().

Expected statuses and EDE codes come from the catalogs (dnssec-rules.md §8,
smtp-dane-scenarios.md §4.1) and RFC 8914's code table, not from the code.
"""

from pathlib import Path

import pytest

from _support import import_dane

dane = import_dane()

SCENARIOS = Path(__file__).resolve().parents[2] / "sim" / "scenarios" / "dns"
TLSA = "_25._tcp.mail.example.test."


def world(name, seed=None):
    return dane.sim.DnsWorld(dane.sim.load_scenario(str(SCENARIOS / name)), seed)


def test_valid_tlsa_is_secure():
    r = world("valid.yaml").resolve(TLSA, "TLSA")
    assert r["status"] == "Secure"
    assert r["outcome"] == "Answer"
    assert r["ede"] is None
    assert len(r["records"]) == 1 and " TLSA " in r["records"][0].replace("\t", " ")
    assert any("query: _25._tcp.mail.example.test IN TLSA" in line for line in r["query_log"])


@pytest.mark.parametrize("scenario, qname, qtype, status, ede", [
    ("row01-bad-signature.yaml", TLSA, "TLSA", "Bogus", 6),          # row 1 / D02
    ("row02-expired-signature.yaml", TLSA, "TLSA", "Bogus", 7),      # row 2 / D04
    ("row05-missing-signature.yaml", TLSA, "TLSA", "Bogus", 10),     # row 5 / D03
    ("row16-dnskey-missing.yaml", "mail.example.test.", "A", "Bogus", 9),  # row 16 / D08
    ("row36-missing-ds.yaml", "mail.example.test.", "A", "Insecure", None),  # row 36 / D06
    ("row33-nsec3-iterations-high.yaml", "nx.example.test.", "A", "Insecure", 27),  # row 33
])
def test_catalog_rows(scenario, qname, qtype, status, ede):
    r = world(scenario).resolve(qname, qtype)
    assert r["status"] == status, r["explain"]
    assert r["ede"] == ede, r["explain"]
    assert r["is_error"] == (status == "Bogus")


@pytest.mark.parametrize("kind", ["do-no-validate", "cd-setting", "no-do"])
def test_non_validating_kinds_see_bogus_data_as_insecure(kind):
    r = world("row01-bad-signature.yaml").resolve(TLSA, "TLSA", kind)
    assert r["status"] == "Insecure"
    assert len(r["records"]) == 1


def test_same_seed_same_query_log():
    a = world("valid.yaml", seed=5)
    b = world("valid.yaml", seed=5)
    a.resolve(TLSA, "TLSA")
    b.resolve(TLSA, "TLSA")
    assert a.query_log() == b.query_log()
    assert a.seed == 5


def test_cache_and_time():
    w = world("d30-expiring-signature.yaml")
    assert w.resolve(TLSA, "TLSA")["status"] == "Secure"
    assert w.resolve(TLSA, "TLSA")["query_log"] == []  # cached: no query upstream
    w.advance(7200)
    fresh = dane.sim.DnsWorld(dane.sim.load_scenario(str(SCENARIOS / "d30-expiring-signature.yaml")))
    fresh.advance(7200)
    r = fresh.resolve(TLSA, "TLSA")
    assert (r["status"], r["ede"]) == ("Bogus", 7)


def test_world_accessors():
    w = world("valid.yaml")
    assert w.root_hints == ["198.41.0.4"]
    assert len(w.anchors) == 1 and " DS " in w.anchors[0].replace("\t", " ")
    zones = w.zones()
    assert set(zones) == {".", "test.", "example.test."}
    assert "RRSIG" in zones["example.test."]


def test_scenario_object_and_errors():
    s = dane.sim.parse_scenario("name: x\nzones: [{apex: test.}]\nsmtp: {port: 25}\n", "mem.yaml")
    assert s.name == "x"
    assert s.zones == ["test."]
    assert "port: 25" in s.reserved["smtp"]
    with pytest.raises(dane.InputError) as e:
        dane.sim.parse_scenario("zones: [{apex: test., signing: {algoritm: 13}}]\n", "mem.yaml")
    assert e.value.field == "zones[0].signing.algoritm"
    with pytest.raises(dane.InputError):
        world("valid.yaml").resolve(TLSA, "NOTATYPE")
    with pytest.raises(dane.InputError):
        world("valid.yaml").resolve(TLSA, "TLSA", "psychic")


def test_mutation_kinds():
    kinds = {k["kind"]: k for k in dane.sim.mutation_kinds()}
    assert kinds["bad-signature"]["expected"] == "Bogus"
    assert kinds["bad-signature"]["ede"] == [6]
    assert kinds["missing-ds"]["expected"] == "Insecure"


def test_a_stale_secondary_answers_when_the_primary_drops_tlsa():
    # smtp-dane D15: ns2 still serves the previous TLSA (the stale line of the file), validly signed.
    w = dane.sim.DnsWorld.from_file(str(SCENARIOS / "d15-stale-secondary.yaml"))
    r = w.resolve(TLSA, "TLSA")
    assert r["status"] == "Secure"
    assert [x.lower().split("\t")[-1] for x in r["records"]] == [
        "3 1 1 8d02536c887482bc34ff54e41d2ba659bf85b341a0a20afadb5813dcfbcf286d"]


def test_from_file_expands_a_delivery_scenario():
    w = dane.sim.DnsWorld.from_file(str(SCENARIOS.parent / "smtp" / "valid.yaml"))
    r = w.resolve(TLSA, "TLSA")
    assert r["status"] == "Secure" and len(r["records"]) == 1
    with pytest.raises(dane.InputError):
        dane.sim.DnsWorld.from_file(str(SCENARIOS / "no-such-file.yaml"))


def test_qname_minimisation_hides_the_name_from_the_root():
    # RFC 9156 §2: the root is asked for "test. IN A" only.
    w = world("valid.yaml")
    w.set_resolver_options(qname_minimisation=True)
    r = w.resolve(TLSA, "TLSA")
    assert r["status"] == "Secure"
    root = [line for line in r["query_log"] if line.endswith("(198.41.0.4)")]
    assert root and all("_25._tcp" not in line for line in root)
