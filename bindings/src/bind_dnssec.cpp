/*
 * dane Python module: dane.dnssec, DNSSEC validation and zone signing
 * (dane::dns and dane::dnssec).
 *
 *   Name, RR, parse_zone, write_zone        the DNS data model
 *   SigningKey, sign_zone, key_tag, make_ds  keys and signing
 *   TrustAnchor, RecordPool, Validator       the chain of trust
 *
 * Records may be given as RR objects, as presentation-form strings (one
 * record, or a whole zone text) or mixed; names as Name or str; times as
 * datetime, ISO 8601 str or Unix seconds (like dane.verify_chain).
 */
#include "common.hpp"

#include <pybind11/stl.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "dane/dns/name.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/records.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/dnssec/status.hpp"

namespace dane::python {

namespace {

using dns::Name;
using dns::RR;
using namespace dane::dnssec;

/// The type name of value for error messages.
std::string type_name_of(py::handle value) { return py::str(py::type::handle_of(value).attr("__name__")); }

/// A Name from a Name or a str (relative names taken relative to origin).
Name to_name(py::handle value, std::string_view what, const Name& origin = Name()) {
  if (py::isinstance<Name>(value)) return value.cast<Name>();
  if (py::isinstance<py::str>(value)) return Name::parse(value.cast<std::string>(), origin);
  throw py::type_error(std::string(what) + " must be a dane.dnssec.Name or a str, not " + type_name_of(value));
}

/// A record type from an int 0..65535 or a mnemonic ("A", "TLSA", "TYPE52").
std::uint16_t to_type(py::handle value, std::string_view what) {
  if (py::isinstance<py::str>(value)) return dns::type_from_string(value.cast<std::string>());
  if (py::isinstance<py::int_>(value) && !py::isinstance<py::bool_>(value)) {
    const long long n = value.cast<long long>();
    if (n < 0 || n > 65535) throw InputError("record type", std::string(what), std::to_string(n), "is not 0 to 65535");
    return static_cast<std::uint16_t>(n);
  }
  throw py::type_error(std::string(what) + " must be an int or a type mnemonic str, not " + type_name_of(value));
}

/// Appends the records of value: a zone text (str), or an iterable of RR / str
/// (each str read as zone text, so it may hold one record or many).
void append_records(std::vector<RR>& out, py::handle value, std::string_view what, const Name& origin) {
  if (py::isinstance<py::str>(value)) {
    auto parsed = dns::parse_zone(value.cast<std::string>(), origin);
    out.insert(out.end(), std::make_move_iterator(parsed.begin()), std::make_move_iterator(parsed.end()));
    return;
  }
  if (py::isinstance<RR>(value)) {
    out.push_back(value.cast<RR>());
    return;
  }
  if (!py::isinstance<py::iterable>(value) || py::isinstance<py::bytes>(value)) {
    throw py::type_error(std::string(what) + " must be a zone text (str) or a list of dane.dnssec.RR / str, not " +
                         type_name_of(value));
  }
  for (py::handle item : py::reinterpret_borrow<py::iterable>(value)) {
    if (py::isinstance<RR>(item)) {
      out.push_back(item.cast<RR>());
    } else if (py::isinstance<py::str>(item)) {
      append_records(out, item, what, origin);
    } else {
      throw py::type_error(std::string(what) + " items must be dane.dnssec.RR or str, not " + type_name_of(item));
    }
  }
}

/// The records of value (see append_records).
std::vector<RR> to_records(py::handle value, std::string_view what, const Name& origin = Name()) {
  std::vector<RR> out;
  append_records(out, value, what, origin);
  return out;
}

/// True when value is a sequence of record lists (one per zone) rather than one list of records.
bool is_list_of_zones(py::handle value) {
  if (py::isinstance<py::str>(value) || py::isinstance<RR>(value) || !py::isinstance<py::sequence>(value)) return false;
  auto seq = py::reinterpret_borrow<py::sequence>(value);
  if (seq.size() == 0) return false;
  py::handle first = seq[0];
  return !py::isinstance<RR>(first) && !py::isinstance<py::str>(first) && py::isinstance<py::iterable>(first);
}

/// Fills pool from value: a list of record lists (one per zone), or one zone's records.
void add_zones(RecordPool& pool, py::handle value, std::string_view what) {
  if (is_list_of_zones(value)) {
    std::size_t index = 0;
    for (py::handle zone : py::reinterpret_borrow<py::iterable>(value)) {
      pool.add(to_records(zone, std::string(what) + "[" + std::to_string(index++) + "]"));
    }
  } else {
    pool.add(to_records(value, what));
  }
}

/// A ChainSource for value: a RecordPool as is, or a temporary one built from records.
class PoolArg {
 public:
  PoolArg(py::handle value, std::string_view what) {
    if (py::isinstance<RecordPool>(value)) {
      source_ = &value.cast<RecordPool&>();
    } else {
      add_zones(own_, value, what);
      source_ = &own_;
    }
  }
  ChainSource& source() { return *source_; }

 private:
  RecordPool own_;
  ChainSource* source_ = nullptr;
};

/// A DNSKEY from an RR of type DNSKEY, RDATA bytes or a SigningKey; owner/ttl filled from the RR.
Dnskey to_dnskey(py::handle value, std::optional<Name>& owner, std::optional<std::uint32_t>& ttl) {
  if (py::isinstance<SigningKey>(value)) return value.cast<const SigningKey&>().dnskey();
  if (py::isinstance<RR>(value)) {
    const RR& rr = value.cast<const RR&>();
    if (rr.type != dns::rrtype::DNSKEY) {
      throw InputError("key", "type", dns::type_to_string(rr.type), "is not DNSKEY");
    }
    if (!owner) owner = rr.owner;
    if (!ttl) ttl = rr.ttl;
    return Dnskey::from_rdata(rr.rdata);
  }
  if (py::isinstance<py::str>(value)) {
    const RR rr = RR::parse(value.cast<std::string>());
    return to_dnskey(py::cast(rr), owner, ttl);
  }
  if (py::isinstance<py::bytes>(value) || py::isinstance<py::bytearray>(value) ||
      py::isinstance<py::memoryview>(value)) {
    return Dnskey::from_rdata(to_bytes(value, "key"));
  }
  throw py::type_error("key must be a DNSKEY dane.dnssec.RR (or its str), DNSKEY RDATA bytes or a SigningKey, not " +
                       type_name_of(value));
}

/// Anchors from None (the IANA root anchors), a zone text, or a list of TrustAnchor / RR / str.
std::vector<TrustAnchor> to_anchors(py::handle value) {
  if (value.is_none()) return default_root_anchors();
  if (py::isinstance<TrustAnchor>(value)) return {value.cast<TrustAnchor>()};
  if (py::isinstance<py::str>(value)) return parse_trust_anchors(value.cast<std::string>());
  if (!py::isinstance<py::iterable>(value)) {
    throw py::type_error("anchors must be None, a str or a list of TrustAnchor / RR / str, not " + type_name_of(value));
  }
  std::vector<TrustAnchor> out;
  std::vector<RR> records;
  for (py::handle item : py::reinterpret_borrow<py::iterable>(value)) {
    if (py::isinstance<TrustAnchor>(item)) {
      out.push_back(item.cast<TrustAnchor>());
    } else {
      append_records(records, item, "anchors", Name());
    }
  }
  auto grouped = trust_anchors_from_records(records);
  out.insert(out.end(), grouped.begin(), grouped.end());
  return out;
}

/// The one RRset (with its RRSIGs) of an answer. @throws InputError when there is not exactly one.
SignedRRset to_answer(py::handle value) {
  const auto records = to_records(value, "answer");
  auto sets = group_signed(records);
  if (sets.size() != 1) {
    throw InputError("answer", "", "",
                     "holds " + std::to_string(sets.size()) +
                         " RRsets; pass one RRset with its RRSIGs (validate each RRset separately)");
  }
  return std::move(sets.front());
}

/// A str whose characters are the octets of text (latin-1: lossless for any label).
py::str latin1(const std::string& text) {
  auto s = py::reinterpret_steal<py::str>(
      PyUnicode_DecodeLatin1(text.data(), static_cast<Py_ssize_t>(text.size()), nullptr));
  if (!s) throw py::error_already_set();
  return s;
}

/// The RR for a DNSKEY / DS / ... RDATA.
RR make_rr(const Name& owner, std::uint16_t type, std::uint32_t ttl, std::vector<std::uint8_t> rdata) {
  return RR{owner, type, dns::class_in, ttl, std::move(rdata)};
}

void bind_names(py::module_& d) {
  py::class_<Name> cls(d, "Name",
                   "An absolute domain name (RFC 1035 §3.1). Equality and ordering ignore ASCII case and\n"
                   "follow the canonical DNS name order of RFC 4034 §6.1. A str is accepted wherever a\n"
                   "Name is expected.");
  cls.def(py::init([](const std::string& text, const py::object& origin) {
             return origin.is_none() ? Name::parse(text) : Name::parse(text, to_name(origin, "origin"));
           }),
           py::arg("text") = ".", py::arg("origin") = py::none(),
           "Name(text='.', origin=None): parses presentation form; a name without a final dot is\n"
           "relative to origin (default the root). Raises dane.InputError for a bad name.")
      .def_static(
          "parse",
          [](const std::string& text, const py::object& origin) {
            return origin.is_none() ? Name::parse(text) : Name::parse(text, to_name(origin, "origin"));
          },
          py::arg("text"), py::arg("origin") = py::none(), "Same as Name(text, origin).")
      .def_static(
          "from_wire",
          [](const py::object& wire) {
            const auto bytes = to_bytes(wire, "wire");
            std::size_t used = 0;
            Name n = Name::from_wire(bytes, used);
            if (used != bytes.size()) throw InputError("name", "wire", "", "has octets after the root label");
            return n;
          },
          py::arg("wire"), "A name from its uncompressed wire form (all of wire).")
      .def("__str__", &Name::to_string)
      .def("__repr__",
           [](const Name& n) { return "dane.dnssec.Name(" + py::repr(py::str(n.to_string())).cast<std::string>() + ")"; })
      .def("to_text", &Name::to_string, "Presentation form, absolute: 'www.example.com.'.")
      .def_property_readonly(
          "labels",
          [](const Name& n) {
            py::list out;
            for (const auto& label : n.labels()) out.append(latin1(label));
            return out;
          },
          "The labels left to right, root excluded; each octet as one character (latin-1).")
      .def_property_readonly("label_count", &Name::label_count, "Number of labels, the root not counted.")
      .def_property_readonly("wire", [](const Name& n) { return from_bytes(n.wire()); }, "Uncompressed wire form.")
      .def_property_readonly(
          "canonical_wire", [](const Name& n) { return from_bytes(n.canonical_wire()); },
          "Wire form lower-cased (RFC 4034 §6.2).")
      .def_property_readonly("is_wildcard", &Name::is_wildcard, "The left-most label is '*'.")
      .def_property_readonly("is_root", &Name::is_root, "The name is '.'.")
      .def("parent", &Name::parent, "The name without its left-most label (dane.UsageError on the root).")
      .def("suffix", &Name::suffix, py::arg("n"), "The last n labels.")
      .def("prepend", &Name::prepend, py::arg("label"), "label + '.' + this name.")
      .def(
          "is_subdomain_of",
          [](const Name& n, const py::object& other) { return n.is_subdomain_of(to_name(other, "other")); },
          py::arg("other"), "True when this name equals other or is below it (case-insensitive).")
      .def("__len__", &Name::label_count)
      .def("__hash__",
           [](const Name& n) {
             const auto w = n.canonical_wire();
             return py::hash(py::bytes(reinterpret_cast<const char*>(w.data()), w.size()));
           })
      .def(
          "__eq__",
          [](const Name& a, const py::object& b) -> py::object {
            if (py::isinstance<Name>(b)) return py::bool_(a == b.cast<const Name&>());
            if (py::isinstance<py::str>(b)) {
              try {
                return py::bool_(a == Name::parse(b.cast<std::string>()));
              } catch (const InputError&) {
                return py::bool_(false);
              }
            }
            return py::reinterpret_borrow<py::object>(Py_NotImplemented);
          },
          py::is_operator())
      .def(
          "__ne__",
          [](const Name& a, const py::object& b) -> py::object {
            if (py::isinstance<Name>(b)) return py::bool_(a != b.cast<const Name&>());
            if (py::isinstance<py::str>(b)) {
              try {
                return py::bool_(a != Name::parse(b.cast<std::string>()));
              } catch (const InputError&) {
                return py::bool_(true);
              }
            }
            return py::reinterpret_borrow<py::object>(Py_NotImplemented);
          },
          py::is_operator());

  // Canonical order (RFC 4034 §6.1); a str operand is parsed as a name.
  const std::vector<std::pair<const char*, std::function<bool(std::strong_ordering)>>> orders{
      {"__lt__", [](std::strong_ordering o) { return o < 0; }},
      {"__le__", [](std::strong_ordering o) { return o <= 0; }},
      {"__gt__", [](std::strong_ordering o) { return o > 0; }},
      {"__ge__", [](std::strong_ordering o) { return o >= 0; }},
  };
  for (const auto& [op, test] : orders) {
    cls.def(
        op,
        [test = test](const Name& a, const py::object& b) -> py::object {
          if (!py::isinstance<Name>(b) && !py::isinstance<py::str>(b)) {
            return py::reinterpret_borrow<py::object>(Py_NotImplemented);
          }
          return py::bool_(test(a <=> to_name(b, "other")));
        },
        py::is_operator());
  }
  py::implicitly_convertible<py::str, Name>();

  d.def("type_to_string", &dns::type_to_string, py::arg("type"), "'A', 'TLSA', ... or 'TYPE<n>' (RFC 3597).");
  d.def("type_from_string", &dns::type_from_string, py::arg("text"), "'A' -> 1, 'tlsa' -> 52, 'TYPE99' -> 99.");
}

void bind_rr(py::module_& d) {
  py::class_<RR>(d, "RR", "One resource record: owner, type, class, TTL and RDATA in wire form.")
      .def(py::init([](const py::object& owner, const py::object& type, std::uint32_t ttl, const py::object& rdata,
                       std::uint16_t rclass) {
             return RR{to_name(owner, "owner"), to_type(type, "type"), rclass, ttl, to_bytes(rdata, "rdata")};
           }),
           py::arg("owner"), py::arg("type"), py::arg("ttl"), py::arg("rdata"), py::arg("rclass") = dns::class_in,
           "RR(owner, type, ttl, rdata, rclass=1): type an int or a mnemonic, rdata wire-form bytes.")
      .def_static(
          "parse",
          [](const std::string& line, const py::object& origin, std::uint32_t default_ttl) {
            return RR::parse(line, to_name(origin, "origin"), default_ttl);
          },
          py::arg("line"), py::arg("origin") = ".", py::arg("default_ttl") = 3600,
          "One RR in presentation form ('www.example. 3600 IN A 192.0.2.1'); relative names are\n"
          "completed with origin. Raises dane.InputError naming the text.")
      .def_readwrite("owner", &RR::owner)
      .def_property(
          "type", [](const RR& r) { return r.type; }, [](RR& r, const py::object& t) { r.type = to_type(t, "type"); },
          "The type number (assign an int or a mnemonic).")
      .def_property_readonly(
          "type_name", [](const RR& r) { return dns::type_to_string(r.type); }, "'A', 'RRSIG', ...")
      .def_readwrite("rclass", &RR::rclass)
      .def_readwrite("ttl", &RR::ttl)
      .def_property(
          "rdata", [](const RR& r) { return from_bytes(r.rdata); },
          [](RR& r, const py::object& v) { r.rdata = to_bytes(v, "rdata"); }, "RDATA in uncompressed wire form.")
      .def(
          "canonical_rdata", [](const RR& r) { return from_bytes(r.canonical_rdata()); },
          "RDATA with embedded names lower-cased as RFC 4034 §6.2 / RFC 6840 §5.1 require.")
      .def("__str__", &RR::to_string)
      .def("to_text", &RR::to_string, "Presentation form, one line.")
      .def("__repr__",
           [](const RR& r) {
             return "dane.dnssec.RR.parse(" + py::repr(py::str(r.to_string())).cast<std::string>() + ")";
           })
      .def(
          "__eq__",
          [](const RR& a, const py::object& b) -> py::object {
            if (!py::isinstance<RR>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
            return py::bool_(a == b.cast<const RR&>());
          },
          py::is_operator())
      .def("__copy__", [](const RR& r) { return r; })
      .def("__deepcopy__", [](const RR& r, const py::object&) { return r; }, py::arg("memo"));
  // Mutable: unhashable, as Python's own mutable values.
  d.attr("RR").attr("__hash__") = py::none();

  d.def(
      "parse_zone",
      [](const std::string& text, const py::object& origin, std::uint32_t default_ttl) {
        return dns::parse_zone(text, to_name(origin, "origin"), default_ttl);
      },
      py::arg("text"), py::arg("origin") = ".", py::arg("default_ttl") = 3600,
      "Reads a zone in RFC 1035 master-file format ($ORIGIN, $TTL, relative names, comments,\n"
      "parentheses) into a list of RR. Raises dane.InputError naming the line.");
  d.def(
      "write_zone",
      [](const py::object& records, const py::object& origin) {
        const Name o = to_name(origin, "origin");
        return write_zone(to_records(records, "records", o), o);
      },
      py::arg("records"), py::arg("origin"), "The records in RFC 1035 master-file format with $ORIGIN.");
}

void bind_status(py::module_& d) {
  py::enum_<Security> security(d, "Security", "DNSSEC security status (RFC 4035 §4.3).");
  security
      .value("SECURE", Security::Secure, "a chain of signatures from a trust anchor")
      .value("INSECURE", Security::Insecure, "proved to be outside any signed tree (or a negative anchor)")
      .value("BOGUS", Security::Bogus, "should be signed but the signatures or proofs fail")
      .value("INDETERMINATE", Security::Indeterminate, "no anchor covers the name, or the data could not be had");
  security.def_property_readonly(
      "label", [](Security s) { return std::string(to_string(s)); }, "'Secure', 'Insecure', 'Bogus', 'Indeterminate'.");

  py::enum_<Ede> ede(d, "Ede", "Extended DNS Error INFO-CODEs (RFC 8914 §4; 27 from RFC 9276).");
  ede
      .value("OTHER", Ede::Other)
      .value("UNSUPPORTED_DNSKEY_ALGORITHM", Ede::UnsupportedDnskeyAlgorithm)
      .value("UNSUPPORTED_DS_DIGEST_TYPE", Ede::UnsupportedDsDigestType)
      .value("DNSSEC_INDETERMINATE", Ede::DnssecIndeterminate)
      .value("DNSSEC_BOGUS", Ede::DnssecBogus)
      .value("SIGNATURE_EXPIRED", Ede::SignatureExpired)
      .value("SIGNATURE_NOT_YET_VALID", Ede::SignatureNotYetValid)
      .value("DNSKEY_MISSING", Ede::DnskeyMissing)
      .value("RRSIGS_MISSING", Ede::RrsigsMissing)
      .value("NO_ZONE_KEY_BIT_SET", Ede::NoZoneKeyBitSet)
      .value("NSEC_MISSING", Ede::NsecMissing)
      .value("NO_REACHABLE_AUTHORITY", Ede::NoReachableAuthority)
      .value("NETWORK_ERROR", Ede::NetworkError)
      .value("UNSUPPORTED_NSEC3_ITERATIONS_VALUE", Ede::UnsupportedNsec3IterationsValue);
  ede.def_property_readonly(
      "description", [](Ede e) { return std::string(to_string(e)); },
      "The RFC 8914 name: 'DNSSEC Bogus', 'Signature Expired', ...");

  py::enum_<DenialClaim>(d, "DenialClaim", "What a negative answer claims, and so what its proof must show.")
      .value("NXDOMAIN", DenialClaim::NxDomain, "the name does not exist")
      .value("NODATA", DenialClaim::NoData, "the name exists without the type")
      .value("WILDCARD_ANSWER", DenialClaim::WildcardAnswer, "a wildcard expansion: no closer name exists")
      .value("NO_DS", DenialClaim::NoDs, "the delegation has no DS: an insecure delegation");

  py::class_<Validation>(d, "Validation", "The verdict on an answer. True when status is SECURE.")
      .def_readonly("status", &Validation::status)
      .def_readonly("ede", &Validation::ede, "RFC 8914 code for a non-secure result (OTHER otherwise).")
      .def_property_readonly(
          "reasons",
          [](const Validation& v) {
            py::list out;
            for (const auto& r : v.reasons) out.append(py::make_tuple(r.text, r.rule));
            return out;
          },
          "The reasons from the anchor down, as (text, rule) tuples.")
      .def_readonly("signer", &Validation::signer, "The zone whose keys signed the answer (a Name), or None.")
      .def_readonly("ttl", &Validation::ttl, "For a secure answer: how long it may be cached (RFC 4035 §5.3.3).")
      .def_readonly("wildcard_labels", &Validation::wildcard_labels,
                    "For a secure wildcard expansion: the RRSIG labels field, else None.")
      .def_readonly("limit_hit", &Validation::limit_hit, "A work limit stopped the validation.")
      .def_readonly("crypto_used", &Validation::crypto_used, "Signature verifications done.")
      .def("explain", &Validation::explain, "The reasons as one sentence for the operator.")
      .def("__bool__", [](const Validation& v) { return v.status == Security::Secure; })
      .def("__repr__", [](const Validation& v) {
        std::string s = "<dane.dnssec.Validation " + std::string(to_string(v.status));
        if (v.status != Security::Secure) s += " EDE " + std::to_string(static_cast<int>(v.ede));
        const std::string why = v.explain();
        if (!why.empty()) s += ": " + why;
        return s + ">";
      });
}

void bind_keys(py::module_& d) {
  py::class_<SigningKey>(d, "SigningKey", "A DNSSEC signing key: the DNSKEY and its private half.")
      .def_static("generate", &SigningKey::generate, py::arg("algorithm"), py::arg("flags") = 257,
                  py::arg("seed") = 0, py::arg("bits") = 2048,
                  "generate(algorithm, flags=257, seed=0, bits=2048): algorithm 8, 10, 13, 14 or 15;\n"
                  "flags 257 for a KSK/CSK, 256 for a ZSK; bits for RSA only. Deterministic in seed.")
      .def_static(
          "from_pkcs8_pem",
          [](const std::string& pem, std::uint8_t algorithm, std::uint16_t flags) {
            return SigningKey::from_pkcs8_pem(pem, algorithm, flags);
          },
          py::arg("pem"), py::arg("algorithm"), py::arg("flags") = 257, "Loads a key written by to_pkcs8_pem.")
      .def_property_readonly("algorithm", [](const SigningKey& k) { return k.dnskey().algorithm; })
      .def_property_readonly("flags", [](const SigningKey& k) { return k.dnskey().flags; })
      .def_property_readonly("key_tag", &SigningKey::key_tag, "The key tag (RFC 4034 Appendix B).")
      .def_property_readonly(
          "dnskey_rdata", [](const SigningKey& k) { return from_bytes(k.dnskey().rdata()); },
          "The DNSKEY RDATA in wire form.")
      .def(
          "dnskey",
          [](const SigningKey& k, const py::object& owner, std::uint32_t ttl) {
            return make_rr(to_name(owner, "owner"), dns::rrtype::DNSKEY, ttl, k.dnskey().rdata());
          },
          py::arg("owner"), py::arg("ttl") = 3600, "The DNSKEY record of this key at owner.")
      .def("to_pkcs8_pem", &SigningKey::to_pkcs8_pem, "PKCS#8 PEM of the private key.")
      .def("to_bind_private", &SigningKey::to_bind_private,
           "The private key in BIND's K*.private format (readable by ldns-signzone, BIND).")
      .def(
          "sign", [](const SigningKey& k, const py::object& data) { return from_bytes(k.sign(to_bytes(data, "data"))); },
          py::arg("data"), "Signs data; the signature in its DNSSEC encoding.")
      .def("__repr__", [](const SigningKey& k) {
        return "<dane.dnssec.SigningKey alg " + std::to_string(k.dnskey().algorithm) + " flags " +
               std::to_string(k.dnskey().flags) + " tag " + std::to_string(k.key_tag()) + ">";
      });

  d.def(
      "key_tag",
      [](const py::object& key) {
        std::optional<Name> owner;
        std::optional<std::uint32_t> ttl;
        return key_tag(to_dnskey(key, owner, ttl));
      },
      py::arg("key"),
      "The key tag (RFC 4034 Appendix B) of a DNSKEY RR (or its str), DNSKEY RDATA bytes or a SigningKey.");
  d.def(
      "make_ds",
      [](const py::object& key, std::uint8_t digest_type, const py::object& owner_arg, const py::object& ttl_arg) {
        std::optional<Name> owner;
        std::optional<std::uint32_t> ttl;
        if (!owner_arg.is_none()) owner = to_name(owner_arg, "owner");
        if (!ttl_arg.is_none()) ttl = ttl_arg.cast<std::uint32_t>();
        const Dnskey dnskey = to_dnskey(key, owner, ttl);
        if (!owner) throw py::type_error("make_ds: owner= is required when key is not a DNSKEY RR");
        return make_rr(*owner, dns::rrtype::DS, ttl.value_or(3600), make_ds(*owner, dnskey, digest_type).rdata());
      },
      py::arg("key"), py::arg("digest_type") = 2, py::kw_only(), py::arg("owner") = py::none(),
      py::arg("ttl") = py::none(),
      "make_ds(key, digest_type=2, *, owner=None, ttl=None) -> RR: the DS record (RFC 4034 §5.1.4;\n"
      "digest 1 SHA-1, 2 SHA-256, 4 SHA-384) for a DNSKEY RR, or for RDATA / a SigningKey with owner=.");

  d.def(
      "sign_zone",
      [](const py::object& records, const py::object& apex_arg, const py::object& keys_arg, const py::object& inception,
         const py::object& expiration, bool nsec3, std::uint16_t iterations, const py::object& salt, bool opt_out,
         std::optional<std::uint32_t> denial_ttl) {
        const Name apex = to_name(apex_arg, "apex");
        const auto zone = to_records(records, "records", apex);
        std::vector<SigningKey> keys;
        if (py::isinstance<SigningKey>(keys_arg)) {
          keys.push_back(keys_arg.cast<SigningKey>());
        } else {
          for (py::handle k : py::reinterpret_borrow<py::iterable>(keys_arg)) {
            if (!py::isinstance<SigningKey>(k)) {
              throw py::type_error("keys must be SigningKey objects, not " + type_name_of(k));
            }
            keys.push_back(k.cast<SigningKey>());
          }
        }
        if (keys.empty()) throw UsageError("sign_zone: keys is empty");
        ZoneSigningOptions o;
        o.window = {to_time(inception, "inception"), to_time(expiration, "expiration")};
        o.nsec3 = nsec3;
        o.nsec3_iterations = iterations;
        o.nsec3_salt = to_bytes(salt, "salt");
        o.opt_out = opt_out;
        o.denial_ttl = denial_ttl;
        return sign_zone(zone, apex, keys, o);
      },
      py::arg("records"), py::arg("apex"), py::arg("keys"), py::kw_only(), py::arg("inception"),
      py::arg("expiration"), py::arg("nsec3") = false, py::arg("iterations") = 0, py::arg("salt") = py::bytes(),
      py::arg("opt_out") = false, py::arg("denial_ttl") = py::none(),
      "sign_zone(records, apex, keys, *, inception, expiration, nsec3=False, iterations=0, salt=b'',\n"
      "opt_out=False, denial_ttl=None) -> list of RR, sorted canonically. Adds the DNSKEY RRset, the NSEC\n"
      "or NSEC3 chain and the RRSIGs; the SEP keys (flags 257) sign the DNSKEY RRset, the others the rest.\n"
      "records: list of RR / str or a zone text (relative names completed with apex).");
}

void bind_chain(py::module_& d) {
  py::class_<TrustAnchor>(d, "TrustAnchor", "A trust anchor for one zone: DS records and/or DNSKEYs (RFC 4033 §5).")
      .def(py::init([](const py::object& records) {
             auto anchors = trust_anchors_from_records(to_records(records, "records"));
             if (anchors.size() != 1) {
               throw InputError("trust anchor", "", "",
                                "records have " + std::to_string(anchors.size()) + " owners; an anchor has one zone");
             }
             return anchors.front();
           }),
           py::arg("records"), "TrustAnchor(records): DS / DNSKEY records (RR or str) of one owner.")
      .def_readonly("zone", &TrustAnchor::zone)
      .def_property_readonly(
          "ds",
          [](const TrustAnchor& a) {
            std::vector<RR> out;
            for (const auto& ds : a.ds) out.push_back(make_rr(a.zone, dns::rrtype::DS, 0, ds.rdata()));
            return out;
          },
          "The DS records (TTL 0).")
      .def_property_readonly(
          "dnskeys",
          [](const TrustAnchor& a) {
            std::vector<RR> out;
            for (const auto& k : a.dnskeys) out.push_back(make_rr(a.zone, dns::rrtype::DNSKEY, 0, k.rdata()));
            return out;
          },
          "The DNSKEY records (TTL 0).")
      .def("__repr__", [](const TrustAnchor& a) {
        return "<dane.dnssec.TrustAnchor " + a.zone.to_string() + " " + std::to_string(a.ds.size()) + " DS " +
               std::to_string(a.dnskeys.size()) + " DNSKEY>";
      });
  d.def("default_root_anchors", &default_root_anchors,
        "The IANA root anchors: DS for KSK-2017 (tag 20326) and KSK-2024 (tag 38696).");
  d.def("parse_trust_anchors", &parse_trust_anchors, py::arg("text"),
        "Trust anchors from DS / DNSKEY lines (Unbound trust-anchor-file format). Raises dane.InputError naming the line.");

  py::class_<RecordPool>(d, "RecordPool",
                         "The records a validation may need (DS, DNSKEY, RRSIG, NSEC, NSEC3), one zone at a time:\n"
                         "at a zone cut parent and child both have NS and NSEC at the same owner, so each zone\n"
                         "is added apart.")
      .def(py::init([](const py::object& zones) {
             RecordPool pool;
             if (!zones.is_none()) add_zones(pool, zones, "zones");
             return pool;
           }),
           py::arg("zones") = py::none(),
           "RecordPool(zones=None): zones is a list of record lists (one per zone), or one zone's records.")
      .def(
          "add", [](RecordPool& p, const py::object& records) { p.add(to_records(records, "records")); },
          py::arg("records"), "Adds the records of one more zone (list of RR / str, or zone text).")
      .def("__len__", [](const RecordPool& p) { return p.rrsets().size(); }, "Number of RRsets held.");

  py::class_<Validator>(d, "Validator", "Validates answers against trust anchors (RFC 4035 §5), within work limits.")
      .def(py::init([](const py::object& anchors, const py::object& negative_anchors, std::size_t max_rrsigs_per_rrset,
                       std::size_t max_keys_per_tag, std::size_t max_ds, std::size_t crypto_budget,
                       std::size_t max_chain_length, std::uint16_t max_nsec3_iterations, std::size_t max_nsec3_salt,
                       std::size_t max_nsec3_records, std::size_t hash_budget,
                       std::optional<std::set<std::uint8_t>> refused_algorithms,
                       std::optional<std::set<std::uint8_t>> refused_digests) {
             ValidationLimits limits;
             limits.max_rrsigs_per_rrset = max_rrsigs_per_rrset;
             limits.max_keys_per_tag = max_keys_per_tag;
             limits.max_ds = max_ds;
             limits.crypto_budget = crypto_budget;
             limits.max_chain_length = max_chain_length;
             limits.denial.max_nsec3_iterations = max_nsec3_iterations;
             limits.denial.max_nsec3_salt = max_nsec3_salt;
             limits.denial.max_nsec3_records = max_nsec3_records;
             limits.denial.hash_budget = hash_budget;
             AlgorithmPolicy policy;
             if (refused_algorithms) policy.refused_algorithms = *refused_algorithms;
             if (refused_digests) policy.refused_digests = *refused_digests;
             Validator v(to_anchors(anchors), policy, limits);
             for (py::handle n : py::reinterpret_borrow<py::iterable>(negative_anchors)) {
               v.add_negative_anchor(to_name(n, "negative_anchors"));
             }
             return v;
           }),
           py::arg("anchors") = py::none(), py::kw_only(), py::arg("negative_anchors") = py::tuple(),
           py::arg("max_rrsigs_per_rrset") = 8, py::arg("max_keys_per_tag") = 2, py::arg("max_ds") = 8,
           py::arg("crypto_budget") = 32, py::arg("max_chain_length") = 16, py::arg("max_nsec3_iterations") = 50,
           py::arg("max_nsec3_salt") = 64, py::arg("max_nsec3_records") = 8, py::arg("hash_budget") = 600,
           py::arg("refused_algorithms") = py::none(), py::arg("refused_digests") = py::none(),
           "Validator(anchors=None, *, negative_anchors=(), <limits>, refused_algorithms=None,\n"
           "refused_digests=None). anchors: None for the IANA root anchors, a list of TrustAnchor or of\n"
           "DS / DNSKEY records (RR or str), or an anchor file's text. negative_anchors: zones treated as\n"
           "Insecure (RFC 7646). Limits default to dnssec-rules.md §7. refused_*: the algorithm policy\n"
           "(default RFC 8624: algorithms {1, 3, 6, 12}, digests {0, 3}).")
      .def(
          "add_negative_anchor", [](Validator& v, const py::object& zone) { v.add_negative_anchor(to_name(zone, "zone")); },
          py::arg("zone"), "Treats zone and everything below it as Insecure (RFC 7646).")
      .def(
          "validate",
          [](Validator& v, const py::object& answer, const py::object& pool, const py::object& time) {
            const SignedRRset rrset = to_answer(answer);
            const Time now = to_time(time, "time");
            PoolArg source(pool, "pool");
            return v.validate_rrset(rrset, source.source(), now);
          },
          py::arg("answer"), py::arg("pool"), py::arg("time"),
          "validate(answer, pool, time) -> Validation. answer: one RRset with its RRSIGs (list of RR / str);\n"
          "pool: a RecordPool, a list of record lists (one per zone) or one zone's records; time: datetime,\n"
          "ISO 8601 str or Unix seconds.")
      .def(
          "validate_denial",
          [](Validator& v, const py::object& qname, const py::object& qtype, DenialClaim claim,
             const py::object& authority, const py::object& pool, const py::object& time) {
            const Name name = to_name(qname, "qname");
            const std::uint16_t type = to_type(qtype, "qtype");
            const auto records = to_records(authority, "authority");
            const auto sets = group_signed(records);
            const Time now = to_time(time, "time");
            PoolArg source(pool, "pool");
            return v.validate_denial(name, type, claim, sets, source.source(), now);
          },
          py::arg("qname"), py::arg("qtype"), py::arg("claim"), py::arg("authority"), py::arg("pool"),
          py::arg("time"),
          "validate_denial(qname, qtype, claim, authority, pool, time) -> Validation: the NSEC / NSEC3\n"
          "records of authority (with RRSIGs) are validated, then must prove claim (a DenialClaim).")
      .def_property_readonly(
          "limits",
          [](const Validator& v) {
            const auto& l = v.limits();
            py::dict out;
            out["max_rrsigs_per_rrset"] = l.max_rrsigs_per_rrset;
            out["max_keys_per_tag"] = l.max_keys_per_tag;
            out["max_ds"] = l.max_ds;
            out["crypto_budget"] = l.crypto_budget;
            out["max_chain_length"] = l.max_chain_length;
            out["max_nsec3_iterations"] = l.denial.max_nsec3_iterations;
            out["max_nsec3_salt"] = l.denial.max_nsec3_salt;
            out["max_nsec3_records"] = l.denial.max_nsec3_records;
            out["hash_budget"] = l.denial.hash_budget;
            return out;
          },
          "The work limits, as a dict.");
}

}  // namespace

void bind_dnssec(py::module_& m) {
  auto d = m.def_submodule("dnssec",
                           "DNSSEC for libdane: names and records, zone signing, and validation of answers\n"
                           "against trust anchors at a given time (RFC 4033-4035, RFC 5155).");
  bind_names(d);
  bind_rr(d);
  bind_status(d);
  bind_keys(d);
  bind_chain(d);
}

}  // namespace dane::python
