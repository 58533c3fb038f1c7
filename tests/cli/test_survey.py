"""Tests of `dane sim survey`: the Go6lab 2015 SMTP TLS survey, simulated.
Expected shares are the go6lab-2015 preset's configured shares (from
mission.md), derived by hand; measured shares must lie within 4 binomial
standard deviations."""

import json
import math


def lines(out):
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_table_and_shares(dane):
    r = dane("sim", "survey", "--population", "go6lab-2015", "--domains", "3000", "--jobs", "2")
    assert r.code == 0, r.err
    assert "Anonymous" in r.out and "Verified" in r.out and "peak RSS" in r.out
    assert "distinct MX hosts" in r.out


def test_json_lines_deterministic_across_jobs(dane):
    a = dane("sim", "survey", "--population", "go6lab-2015", "--domains", "800", "--seed", "5", "--json", "--jobs", "1")
    b = dane("sim", "survey", "--population", "go6lab-2015", "--domains", "800", "--seed", "5", "--json", "--jobs", "2")
    assert a.code == 0 and b.code == 0, a.err + b.err
    assert a.out == b.out
    rows = lines(a.out)
    assert len(rows) == 801
    assert [row["index"] for row in rows[:-1]] == list(range(800))
    summary = rows[-1]["summary"]
    n = summary["with_mx"]
    # Per MX domain (hand-derived from the preset): TLS = 0.3 + 0.5 * 0.788 * (1 - 0.0006).
    p = 0.3 + 0.5 * 0.788 * 0.9994
    assert abs(summary["sessions"]["tls"] / n - p) <= 4 * math.sqrt(p * (1 - p) / n)
    # No progress bar when stderr is not a terminal: one summary line only.
    assert "\r" not in a.err


def test_key_value_spec(dane):
    r = dane("sim", "survey", "--population",
             "mx=1,starttls=1,dnssec=0,trusted=0,self-signed=1,expired=0,wrong-name=0,anonymous=0,broken=0",
             "--domains", "5", "--json")
    assert r.code == 0, r.err
    rows = lines(r.out)[:-1]
    assert {row["tls"] for row in rows} == {"Untrusted"}
    assert {row["status"] for row in rows} == {"sent"}


def test_domains_file(dane, tmp_path):
    f = tmp_path / "list.txt"
    f.write_text("example.com\n# comment\nexample.org.\n")
    r = dane("sim", "survey", "--population", "go6lab-2015", "--domains-file", f, "--json")
    assert r.code == 0, r.err
    rows = lines(r.out)
    assert [row["domain"] for row in rows[:-1]] == ["example.com", "example.org"]


def test_bad_inputs(dane, tmp_path):
    r = dane("sim", "survey", "--population", "mx=2", "--domains", "5")
    assert r.code == 2 and "mx" in r.err
    r = dane("sim", "survey", "--population", "no-such-preset", "--domains", "5")
    assert r.code == 2 and "preset" in r.err
    r = dane("sim", "survey", "--population", "go6lab-2015", "--domains", "0")
    assert r.code == 2
    r = dane("sim", "survey", "--population", "go6lab-2015", "--domains", "5", "--jobs", "0")
    assert r.code == 2
    f = tmp_path / "bad.txt"
    f.write_text("good.example\nbad name here\n")
    r = dane("sim", "survey", "--population", "go6lab-2015", "--domains-file", f)
    assert r.code == 2 and "bad.txt:2" in r.err
    r = dane("sim", "survey", "--population", "go6lab-2015", "--domains-file", tmp_path / "missing.txt")
    assert r.code == 2 and "missing.txt" in r.err
