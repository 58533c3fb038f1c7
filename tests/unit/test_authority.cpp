// The simulator's authoritative server (sim/authority.hpp). Expected
// responses come from RFC 5155 Appendix B (B.1-B.5, the responses as the
// RFC prints them for its Appendix A zone), from the RFC 4035 §3.1 rules
// applied by hand to small zones signed here (the NSEC owners named in each
// case were worked out from the canonical order of RFC 4034 §6.1), from
// libdane's Validator (answers must validate), and from BIND 9's query log
// format (ns/query.c log_query()).
#define BOOST_TEST_MODULE dane::sim authoritative server
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "dane/dns/message.hpp"
#include "dane/dns/rr.hpp"
#include "dane/dnssec/chain.hpp"
#include "dane/dnssec/keys.hpp"
#include "dane/dnssec/sign.hpp"
#include "dane/error.hpp"
#include "dane/sim/authority.hpp"
#include "dane/sim/network.hpp"
#include "dane/time.hpp"

namespace dane::dnssec {
inline std::ostream& boost_test_print_type(std::ostream& os, Security s) { return os << to_string(s); }
}  // namespace dane::dnssec

using namespace dane;
using namespace dane::sim;
using namespace std::chrono_literals;
using dns::Message;
using dns::Name;
using dns::RR;
namespace rrtype = dns::rrtype;

namespace {

// RFC 5155 Appendix A: the example zone (NSEC3, opt-out, salt aabbccdd,
// 12 iterations), with the RRSIGs that RFC 5155 Appendix B prints.
const char* const rfc5155_zone = R"(
$ORIGIN example.
$TTL 3600
example. SOA ns1.example. bugs.x.w.example. 1 3600 300 ( 3600000 3600 )
example. RRSIG SOA 7 1 3600 20150420235959 20051021000000 ( 40430 example.  Hu25UIyNPmvPIVBrldN+9Mlp9Zql39qaUd8i q4ZLlYWfUUbbAS41pG+68z81q1xhkYAcEyHd VI2LmKusbZsT0Q== )
example. NS ns1.example.
example. NS ns2.example.
example. RRSIG NS 7 1 3600 20150420235959 20051021000000 ( 40430 example.  PVOgtMK1HHeSTau+HwDWC8Ts+6C8qtqd4pQJ qOtdEVgg+MA+ai4fWDEhu3qHJyLcQ9tbD2vv CnMXjtz6SyObxA== )
example. MX 1 xx.example.
example. DNSKEY 256 3 7 AwEAAaetidLzsKWUt4swWR8yu0wPHPiUi8LU ( sAD0QPWU+wzt89epO6tHzkMBVDkC7qphQO2h TY4hHn9npWFRw5BYubE= )
example. DNSKEY 257 3 7 AwEAAcUlFV1vhmqx6NSOUOq2R/dsR7Xm3upJ ( j7IommWSpJABVfW8Q0rOvXdM6kzt+TAu92L9 AbsUdblMFin8CVF3n4s= )
example. NSEC3PARAM 1 0 12 aabbccdd
2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. A 192.0.2.127
a.example. NS ns1.a.example.
a.example. NS ns2.a.example.
a.example. DS 58470 5 1 ( 3079F1593EBAD6DC121E202A8B766A6A4837206C )
ns1.a.example. A 192.0.2.5
ns2.a.example. A 192.0.2.6
ai.example. A 192.0.2.9
ai.example. RRSIG A 7 2 3600 20150420235959 20051021000000 ( 40430 example.  hVe+wKYMlObTRPhX0NL67GxeZfdxqr/QeR6F tfdAj5+FgYxyzPEjIzvKWy00hWIl6wD3Vws+ rznEn8sQ64UdqA== )
ai.example. HINFO "KLH-10" "ITS"
ai.example. AAAA 2001:db8:0:0:0:0:f00:baa9
ai.example. RRSIG AAAA 7 2 3600 20150420235959 20051021000000 ( 40430 example.  LcdxKaCB5bGZwPDg+3JJ4O02zoMBrjxqlf6W uaHQZZfTUpb9Nf2nxFGe2XRPfR5tpJT6GdRG cHueLuXkMjBArQ== )
c.example. NS ns1.c.example.
c.example. NS ns2.c.example.
ns1.c.example. A 192.0.2.7
ns2.c.example. A 192.0.2.8
ns1.example. A 192.0.2.1
ns2.example. A 192.0.2.2
*.w.example. MX 1 ai.example.
*.w.example. RRSIG MX 7 2 3600 20150420235959 20051021000000 ( 40430 example.  CikebjQwGQPwijVcxgcZcSJKtfynugtlBiKb 9FcBTrmOoyQ4InoWVudhCWsh/URX3lc4WRUM ivEBP6+4KS3ldA== )
x.w.example. MX 1 xx.example.
x.y.w.example. MX 1 xx.example.
xx.example. A 192.0.2.10
xx.example. HINFO "KLH-10" "TOPS-20"
xx.example. AAAA 2001:db8:0:0:0:0:f00:baaa
0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3 1 1 12 aabbccdd ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG )
0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  OSgWSm26B+cS+dDL8b5QrWr/dEWhtCsKlwKL IBHYH6blRxK9rC0bMJPwQ4mLIuw85H2EY762 BOCXJZMnpuwhpA== )
2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. NSEC3 1 1 12 aabbccdd ( 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG )
2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  OmBvJ1Vgg1hCKMXHFiNeIYHK9XVW0iLDLwJN 4TFoNxZuP03gAXEI634YwOc4YBNITrj413iq NI6mRk/r1dOSUw== )
2vptu5timamqttgl4luu9kg21e0aor3s.example. NSEC3 1 1 12 aabbccdd ( 35mthgpgcu1qg68fab165klnsnk3dpvl MX RRSIG )
35mthgpgcu1qg68fab165klnsnk3dpvl.example. NSEC3 1 1 12 aabbccdd ( b4um86eghhds6nea196smvmlo4ors995 NS DS RRSIG )
35mthgpgcu1qg68fab165klnsnk3dpvl.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  g6jPUUpduAJKRljUsN8gB4UagAX0NxY9shwQ Aynzo8EUWH+z6hEIBlUTPGj15eZll6VhQqgZ XtAIR3chwgW+SA== )
b4um86eghhds6nea196smvmlo4ors995.example. NSEC3 1 1 12 aabbccdd ( gjeqe526plbf1g8mklp59enfd789njgi MX RRSIG )
b4um86eghhds6nea196smvmlo4ors995.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  ZkPG3M32lmoHM6pa3D6gZFGB/rhL//Bs3Omh 5u4m/CUiwtblEVOaAKKZd7S959OeiX43aLX3 pOv0TSTyiTxIZg== )
gjeqe526plbf1g8mklp59enfd789njgi.example. NSEC3 1 1 12 aabbccdd ( ji6neoaepv8b5o6k4ev33abha8ht9fgc A HINFO AAAA RRSIG )
ji6neoaepv8b5o6k4ev33abha8ht9fgc.example. NSEC3 1 1 12 aabbccdd ( k8udemvp1j2f7eg6jebps17vp3n8i58h )
ji6neoaepv8b5o6k4ev33abha8ht9fgc.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  gPkFp1s2QDQ6wQzcg1uSebZ61W33rUBDcTj7 2F3kQ490fEdp7k1BUIfbcZtPbX3YCpE+sIt0 MpzVSKfTwx4uYA== )
k8udemvp1j2f7eg6jebps17vp3n8i58h.example. NSEC3 1 1 12 aabbccdd ( kohar7mbb8dc2ce8a9qvl8hon4k53uhi )
k8udemvp1j2f7eg6jebps17vp3n8i58h.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  FtXGbvF0+wf8iWkyo73enAuVx03klN+pILBK S6qCcftVtfH4yVzsEZquJ27NHR7ruxJWDNMt Otx7w9WfcIg62A== )
kohar7mbb8dc2ce8a9qvl8hon4k53uhi.example. NSEC3 1 1 12 aabbccdd ( q04jkcevqvmu85r014c7dkba38o0ji5r A RRSIG )
q04jkcevqvmu85r014c7dkba38o0ji5r.example. NSEC3 1 1 12 aabbccdd ( r53bq7cc2uvmubfu5ocmm6pers9tk9en A RRSIG )
q04jkcevqvmu85r014c7dkba38o0ji5r.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  hV5I89b+4FHJDATp09g4bbN0R1F845CaXpL3 ZxlMKimoPAyqletMlEWwLfFia7sdpSzn+ZlN NlkxWcLsIlMmUg== )
r53bq7cc2uvmubfu5ocmm6pers9tk9en.example. NSEC3 1 1 12 aabbccdd ( t644ebqk9bibcna874givr6joj62mlhv MX RRSIG )
r53bq7cc2uvmubfu5ocmm6pers9tk9en.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  aupviViruXs4bDg9rCbezzBMf9h1ZlDvbW/C ZFKulIGXXLj8B/fsDJarXVDA9bnUoRhEbKp+ HF1FWKW7RIJdtQ== )
t644ebqk9bibcna874givr6joj62mlhv.example. NSEC3 1 1 12 aabbccdd ( 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom A HINFO AAAA RRSIG )
)";

/// The records of a section, TTLs cleared, as a multiset of presentation lines.
std::multiset<std::string> lines(const std::vector<RR>& rrs) {
  std::multiset<std::string> out;
  for (RR rr : rrs) {
    rr.ttl = 0;
    out.insert(rr.to_string());
  }
  return out;
}


Message query(const std::string& qname, std::uint16_t qtype, bool dnssec_ok = true, bool edns = true) {
  Message q;
  q.id = 0x1234;
  q.rd = false;
  q.question = dns::Question{Name::parse(qname), qtype};
  if (edns) {
    dns::Edns e;
    e.udp_payload_size = 4096;
    e.dnssec_ok = dnssec_ok;
    q.edns = e;
  }
  return q;
}

Time t0() { return parse_time("2026-02-01T00:00:00Z"); }

struct Rfc5155Server {
  Clock clock{t0()};
  AuthoritativeServer server{"ns1.example.", clock, Random(1)};
  Rfc5155Server() { server.add_zone(Zone{Name::parse("example."), dns::parse_zone(rfc5155_zone, Name::parse("example."))}); }
};

/// The RR lines of an RFC 5155 Appendix B record list (same zone defaults).
std::multiset<std::string> rfc(const std::string& text) { return lines(dns::parse_zone(text, Name::parse("example."))); }

}  // namespace

BOOST_AUTO_TEST_SUITE(rfc5155_appendix_b)

BOOST_AUTO_TEST_CASE(b1_name_error) {
  Rfc5155Server s;
  const Message r = s.server.respond(query("a.c.x.w.example.", rrtype::A));
  BOOST_TEST(r.rcode == dns::rcode::NXDOMAIN);
  BOOST_TEST(r.aa);
  BOOST_TEST(r.answer.empty());
  const auto want = rfc(R"(
example. SOA ns1.example. bugs.x.w.example. 1 3600 300 ( 3600000 3600 )
example. RRSIG SOA 7 1 3600 20150420235959 20051021000000 ( 40430 example.  Hu25UIyNPmvPIVBrldN+9Mlp9Zql39qaUd8i q4ZLlYWfUUbbAS41pG+68z81q1xhkYAcEyHd VI2LmKusbZsT0Q== )
0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3 1 1 12 aabbccdd ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG )
0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  OSgWSm26B+cS+dDL8b5QrWr/dEWhtCsKlwKL IBHYH6blRxK9rC0bMJPwQ4mLIuw85H2EY762 BOCXJZMnpuwhpA== )
b4um86eghhds6nea196smvmlo4ors995.example. NSEC3 1 1 12 aabbccdd ( gjeqe526plbf1g8mklp59enfd789njgi MX RRSIG )
b4um86eghhds6nea196smvmlo4ors995.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  ZkPG3M32lmoHM6pa3D6gZFGB/rhL//Bs3Omh 5u4m/CUiwtblEVOaAKKZd7S959OeiX43aLX3 pOv0TSTyiTxIZg== )
35mthgpgcu1qg68fab165klnsnk3dpvl.example. NSEC3 1 1 12 aabbccdd ( b4um86eghhds6nea196smvmlo4ors995 NS DS RRSIG )
35mthgpgcu1qg68fab165klnsnk3dpvl.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  g6jPUUpduAJKRljUsN8gB4UagAX0NxY9shwQ Aynzo8EUWH+z6hEIBlUTPGj15eZll6VhQqgZ XtAIR3chwgW+SA== )
)");
  BOOST_TEST((lines(r.authority) == want));
  BOOST_TEST(r.additional.empty());
}

BOOST_AUTO_TEST_CASE(b2_no_data) {
  Rfc5155Server s;
  const Message r = s.server.respond(query("ns1.example.", rrtype::MX));
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);
  BOOST_TEST(r.aa);
  BOOST_TEST(r.answer.empty());
  BOOST_TEST((lines(r.authority) == rfc(R"(
example. SOA ns1.example. bugs.x.w.example. 1 3600 300 ( 3600000 3600 )
example. RRSIG SOA 7 1 3600 20150420235959 20051021000000 ( 40430 example.  Hu25UIyNPmvPIVBrldN+9Mlp9Zql39qaUd8i q4ZLlYWfUUbbAS41pG+68z81q1xhkYAcEyHd VI2LmKusbZsT0Q== )
2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. NSEC3 1 1 12 aabbccdd ( 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG )
2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  OmBvJ1Vgg1hCKMXHFiNeIYHK9XVW0iLDLwJN 4TFoNxZuP03gAXEI634YwOc4YBNITrj413iq NI6mRk/r1dOSUw== )
)")));
}

BOOST_AUTO_TEST_CASE(b21_no_data_empty_non_terminal) {
  Rfc5155Server s;
  const Message r = s.server.respond(query("y.w.example.", rrtype::A));
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);
  BOOST_TEST(r.aa);
  BOOST_TEST((lines(r.authority) == rfc(R"(
example. SOA ns1.example. bugs.x.w.example. 1 3600 300 ( 3600000 3600 )
example. RRSIG SOA 7 1 3600 20150420235959 20051021000000 ( 40430 example.  Hu25UIyNPmvPIVBrldN+9Mlp9Zql39qaUd8i q4ZLlYWfUUbbAS41pG+68z81q1xhkYAcEyHd VI2LmKusbZsT0Q== )
ji6neoaepv8b5o6k4ev33abha8ht9fgc.example. NSEC3 1 1 12 aabbccdd ( k8udemvp1j2f7eg6jebps17vp3n8i58h )
ji6neoaepv8b5o6k4ev33abha8ht9fgc.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  gPkFp1s2QDQ6wQzcg1uSebZ61W33rUBDcTj7 2F3kQ490fEdp7k1BUIfbcZtPbX3YCpE+sIt0 MpzVSKfTwx4uYA== )
)")));
}

BOOST_AUTO_TEST_CASE(b3_referral_to_an_opt_out_unsigned_zone) {
  Rfc5155Server s;
  const Message r = s.server.respond(query("mc.c.example.", rrtype::MX));
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);
  BOOST_TEST(!r.aa);
  BOOST_TEST(r.answer.empty());
  BOOST_TEST((lines(r.authority) == rfc(R"(
c.example. NS ns1.c.example.
c.example. NS ns2.c.example.
35mthgpgcu1qg68fab165klnsnk3dpvl.example. NSEC3 1 1 12 aabbccdd ( b4um86eghhds6nea196smvmlo4ors995 NS DS RRSIG )
35mthgpgcu1qg68fab165klnsnk3dpvl.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  g6jPUUpduAJKRljUsN8gB4UagAX0NxY9shwQ Aynzo8EUWH+z6hEIBlUTPGj15eZll6VhQqgZ XtAIR3chwgW+SA== )
0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3 1 1 12 aabbccdd ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG )
0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  OSgWSm26B+cS+dDL8b5QrWr/dEWhtCsKlwKL IBHYH6blRxK9rC0bMJPwQ4mLIuw85H2EY762 BOCXJZMnpuwhpA== )
)")));
  BOOST_TEST((lines(r.additional) == rfc("ns1.c.example. A 192.0.2.7\nns2.c.example. A 192.0.2.8\n")));
}

BOOST_AUTO_TEST_CASE(b4_wildcard_expansion) {
  // RFC 5155 B.4 also puts the apex NS RRset in the authority section and
  // ai.example.'s addresses in the additional section; this server gives
  // minimal responses, so only the answer and the NSEC3 proof are compared.
  Rfc5155Server s;
  const Message r = s.server.respond(query("a.z.w.example.", rrtype::MX));
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);
  BOOST_TEST(r.aa);
  BOOST_TEST((lines(r.answer) == rfc(R"(
a.z.w.example. MX 1 ai.example.
a.z.w.example. RRSIG MX 7 2 3600 20150420235959 20051021000000 ( 40430 example.  CikebjQwGQPwijVcxgcZcSJKtfynugtlBiKb 9FcBTrmOoyQ4InoWVudhCWsh/URX3lc4WRUM ivEBP6+4KS3ldA== )
)")));
  BOOST_TEST((lines(r.authority) == rfc(R"(
q04jkcevqvmu85r014c7dkba38o0ji5r.example. NSEC3 1 1 12 aabbccdd ( r53bq7cc2uvmubfu5ocmm6pers9tk9en A RRSIG )
q04jkcevqvmu85r014c7dkba38o0ji5r.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  hV5I89b+4FHJDATp09g4bbN0R1F845CaXpL3 ZxlMKimoPAyqletMlEWwLfFia7sdpSzn+ZlN NlkxWcLsIlMmUg== )
)")));
}

BOOST_AUTO_TEST_CASE(b5_wildcard_no_data) {
  Rfc5155Server s;
  const Message r = s.server.respond(query("a.z.w.example.", rrtype::AAAA));
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);
  BOOST_TEST(r.aa);
  BOOST_TEST(r.answer.empty());
  BOOST_TEST((lines(r.authority) == rfc(R"(
example. SOA ns1.example. bugs.x.w.example. 1 3600 300 ( 3600000 3600 )
example. RRSIG SOA 7 1 3600 20150420235959 20051021000000 ( 40430 example.  Hu25UIyNPmvPIVBrldN+9Mlp9Zql39qaUd8i q4ZLlYWfUUbbAS41pG+68z81q1xhkYAcEyHd VI2LmKusbZsT0Q== )
k8udemvp1j2f7eg6jebps17vp3n8i58h.example. NSEC3 1 1 12 aabbccdd ( kohar7mbb8dc2ce8a9qvl8hon4k53uhi )
k8udemvp1j2f7eg6jebps17vp3n8i58h.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  FtXGbvF0+wf8iWkyo73enAuVx03klN+pILBK S6qCcftVtfH4yVzsEZquJ27NHR7ruxJWDNMt Otx7w9WfcIg62A== )
q04jkcevqvmu85r014c7dkba38o0ji5r.example. NSEC3 1 1 12 aabbccdd ( r53bq7cc2uvmubfu5ocmm6pers9tk9en A RRSIG )
q04jkcevqvmu85r014c7dkba38o0ji5r.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  hV5I89b+4FHJDATp09g4bbN0R1F845CaXpL3 ZxlMKimoPAyqletMlEWwLfFia7sdpSzn+ZlN NlkxWcLsIlMmUg== )
r53bq7cc2uvmubfu5ocmm6pers9tk9en.example. NSEC3 1 1 12 aabbccdd ( t644ebqk9bibcna874givr6joj62mlhv MX RRSIG )
r53bq7cc2uvmubfu5ocmm6pers9tk9en.example. RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 ( 40430 example.  aupviViruXs4bDg9rCbezzBMf9h1ZlDvbW/C ZFKulIGXXLj8B/fsDJarXVDA9bnUoRhEbKp+ HF1FWKW7RIJdtQ== )
)")));
}

BOOST_AUTO_TEST_CASE(dnssec_records_only_with_do) {
  Rfc5155Server s;
  const Message r = s.server.respond(query("a.c.x.w.example.", rrtype::A, false));
  BOOST_TEST(r.rcode == dns::rcode::NXDOMAIN);
  BOOST_TEST((lines(r.authority) == rfc("example. SOA ns1.example. bugs.x.w.example. 1 3600 300 ( 3600000 3600 )\n")));
  const Message w = s.server.respond(query("a.z.w.example.", rrtype::MX, false));
  BOOST_TEST((lines(w.answer) == rfc("a.z.w.example. MX 1 ai.example.\n")));
  BOOST_TEST(w.authority.empty());
  // Asked for by type, NSEC3PARAM and DNSKEY come without DO too.
  const Message k = s.server.respond(query("example.", rrtype::DNSKEY, false));
  BOOST_TEST(k.answer.size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

const Time inception = parse_time("2026-01-01");
const Time expiration = parse_time("2026-03-01");
const Time now = parse_time("2026-02-01");

enum class Denial { Nsec, Nsec3, Nsec3OptOut };

/// A root zone delegating to example. (signed, DS in the root), which holds
/// a wildcard, CNAMEs, an empty non-terminal, a signed child sec.example.
/// (with DS) and an unsigned child plain.example. (no DS). One server holds
/// the root, example. and sec.example.
struct SignedWorld {
  dnssec::SigningKey root_key = dnssec::SigningKey::generate(13, 257, 11);
  dnssec::SigningKey example_key = dnssec::SigningKey::generate(13, 257, 12);
  dnssec::SigningKey sec_key = dnssec::SigningKey::generate(13, 257, 13);
  std::vector<RR> root, example, sec;
  Clock clock{now};
  std::shared_ptr<QueryLog> log = std::make_shared<QueryLog>();
  AuthoritativeServer server{"ns.example.", clock, Random(7), log};

  std::vector<RR> sign(const std::string& text, const Name& apex, const dnssec::SigningKey& key,
                       std::vector<RR> extra, Denial denial) {
    dnssec::ZoneSigningOptions o;
    o.window = {inception, expiration};
    o.nsec3 = denial != Denial::Nsec;
    o.opt_out = denial == Denial::Nsec3OptOut;
    auto records = dns::parse_zone(text, apex);
    records.insert(records.end(), extra.begin(), extra.end());
    return dnssec::sign_zone(records, apex, std::span(&key, 1), o);
  }

  static RR ds(const std::string& owner, const dnssec::SigningKey& key) {
    return RR{Name::parse(owner), rrtype::DS, dns::class_in, 3600,
              dnssec::make_ds(Name::parse(owner), key.dnskey(), 2).rdata()};
  }

  explicit SignedWorld(Denial denial = Denial::Nsec) {
    root = sign(". 3600 IN SOA a.root. nobody.invalid. 1 3600 600 86400 300\n"
                ". 3600 IN NS a.root.\n"
                "a.root. 3600 IN A 192.0.2.1\n"
                "example. 3600 IN NS ns.example.\n"
                "ns.example. 3600 IN A 192.0.2.53\n",
                Name(), root_key, {ds("example.", example_key)}, denial);
    std::string big;
    for (int i = 0; i < 20; ++i) big += "big.example. 3600 IN TXT \"" + std::string(100, static_cast<char>('a' + i)) + "\"\n";
    example = sign("example. 3600 IN SOA ns.example. hostmaster.example. 1 3600 600 86400 300\n"
                   "example. 3600 IN NS ns.example.\n"
                   "ns.example. 3600 IN A 192.0.2.53\n"
                   "www.example. 3600 IN A 192.0.2.80\n"
                   "www.example. 3600 IN TXT \"web\"\n"
                   "alias.example. 3600 IN CNAME www.example.\n"
                   "away.example. 3600 IN CNAME mail.elsewhere.test.\n"
                   "loop1.example. 3600 IN CNAME loop2.example.\n"
                   "loop2.example. 3600 IN CNAME loop1.example.\n"
                   "a.b.ent.example. 3600 IN A 192.0.2.7\n"
                   "*.wild.example. 3600 IN A 192.0.2.99\n"
                   "sec.example. 3600 IN NS ns.sec.example.\n"
                   "ns.sec.example. 3600 IN A 192.0.2.54\n"
                   "plain.example. 3600 IN NS ns.plain.example.\n"
                   "ns.plain.example. 3600 IN A 192.0.2.55\n"
                   "ns.plain.example. 3600 IN AAAA 2001:db8::55\n" + big,
                   Name::parse("example."), example_key, {ds("sec.example.", sec_key)}, denial);
    sec = sign("sec.example. 3600 IN SOA ns.sec.example. h.example. 1 3600 600 86400 300\n"
               "sec.example. 3600 IN NS ns.sec.example.\n"
               "ns.sec.example. 3600 IN A 192.0.2.54\n"
               "mail.sec.example. 3600 IN A 192.0.2.25\n",
               Name::parse("sec.example."), sec_key, {}, denial);
    server.add_zone(Zone{Name(), root});
    server.add_zone(Zone{Name::parse("example."), example});
    server.add_zone(Zone{Name::parse("sec.example."), sec});
  }

  dnssec::RecordPool pool() const {
    dnssec::RecordPool p(root);
    p.add(example);
    p.add(sec);
    return p;
  }
  dnssec::Validator validator() const { return dnssec::Validator({dnssec::TrustAnchor{Name(), {}, {root_key.dnskey()}}}); }

  /// The answer validated as validate_answer does it.
  dnssec::Security answer_status(const Message& r) {
    auto p = pool();
    auto v = validator();
    const auto chain = v.validate_answer(r.question->name, r.question->type, dnssec::group_signed(r.answer),
                                         dnssec::group_signed(r.authority), p, now);
    BOOST_TEST_MESSAGE(chain.validation.explain());
    return chain.validation.status;
  }
  dnssec::Security denial_status(const Message& r, dnssec::DenialClaim claim, const std::string& qname = "",
                                 std::uint16_t qtype = 0) {
    auto p = pool();
    auto v = validator();
    const auto res = v.validate_denial(qname.empty() ? r.question->name : Name::parse(qname),
                                       qtype == 0 ? r.question->type : qtype, claim,
                                       dnssec::group_signed(r.authority), p, now);
    BOOST_TEST_MESSAGE(res.explain());
    return res.status;
  }
};

/// The owners and types of a section, as "owner TYPE" strings.
std::multiset<std::string> shape(const std::vector<RR>& rrs) {
  std::multiset<std::string> out;
  for (const RR& rr : rrs) {
    std::string t = dns::type_to_string(rr.type);
    if (rr.type == rrtype::RRSIG) t += "(" + dns::type_to_string(static_cast<std::uint16_t>((rr.rdata[0] << 8) | rr.rdata[1])) + ")";
    out.insert(rr.owner.to_string() + " " + t);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rfc4035_rules_by_hand)

// Canonical order of example.'s NSEC owners (RFC 4034 §6.1):
// example. < alias < away < big < a.b.ent < loop1 < loop2 < ns < plain < sec < *.wild < www
// (ent., b.ent., wild. are empty non-terminals; ns.plain., ns.sec. are glue: no NSEC).

BOOST_AUTO_TEST_CASE(positive_answer_with_rrsig) {
  SignedWorld w;
  const Message r = w.server.respond(query("www.example.", rrtype::A));
  BOOST_TEST(r.aa);
  BOOST_TEST((shape(r.answer) == std::multiset<std::string>{"www.example. A", "www.example. RRSIG(A)"}));
  BOOST_TEST(r.authority.empty());
  BOOST_TEST(w.answer_status(r) == dnssec::Security::Secure);
}

BOOST_AUTO_TEST_CASE(nxdomain_nsec_covering_name_and_wildcard) {
  // nope.example. falls between loop2. and ns. (o < s); *.example. between the apex and alias.
  SignedWorld w;
  const Message r = w.server.respond(query("nope.example.", rrtype::A));
  BOOST_TEST(r.rcode == dns::rcode::NXDOMAIN);
  BOOST_TEST(r.aa);
  BOOST_TEST((shape(r.authority) ==
              std::multiset<std::string>{"example. SOA", "example. RRSIG(SOA)", "loop2.example. NSEC",
                                         "loop2.example. RRSIG(NSEC)", "example. NSEC", "example. RRSIG(NSEC)"}));
  BOOST_TEST(r.authority.front().ttl == 300u);  // RFC 2308 §3: min(SOA TTL, MINIMUM)
  BOOST_TEST(w.denial_status(r, dnssec::DenialClaim::NxDomain) == dnssec::Security::Secure);
}

BOOST_AUTO_TEST_CASE(nodata_nsec_at_the_name) {
  SignedWorld w;
  const Message r = w.server.respond(query("www.example.", rrtype::AAAA));
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);
  BOOST_TEST(r.answer.empty());
  BOOST_TEST((shape(r.authority) == std::multiset<std::string>{"example. SOA", "example. RRSIG(SOA)",
                                                               "www.example. NSEC", "www.example. RRSIG(NSEC)"}));
  BOOST_TEST(w.denial_status(r, dnssec::DenialClaim::NoData) == dnssec::Security::Secure);
}

BOOST_AUTO_TEST_CASE(nodata_at_an_empty_non_terminal) {
  // ent.example. lies between big. and a.b.ent. (RFC 4035 §3.1.3.2 / RFC 4592 §2.2.2).
  SignedWorld w;
  const Message r = w.server.respond(query("ent.example.", rrtype::A));
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);
  BOOST_TEST((shape(r.authority) == std::multiset<std::string>{"example. SOA", "example. RRSIG(SOA)",
                                                               "big.example. NSEC", "big.example. RRSIG(NSEC)"}));
  BOOST_TEST(w.denial_status(r, dnssec::DenialClaim::NoData) == dnssec::Security::Secure);
}

BOOST_AUTO_TEST_CASE(wildcard_answer_and_its_proof) {
  // x.y.wild.example.: the closest encloser is wild.example.; the NSEC at
  // *.wild. (next www.) covers the query name.
  SignedWorld w;
  const Message r = w.server.respond(query("x.y.wild.example.", rrtype::A));
  BOOST_TEST(r.aa);
  BOOST_TEST((shape(r.answer) == std::multiset<std::string>{"x.y.wild.example. A", "x.y.wild.example. RRSIG(A)"}));
  for (const RR& rr : r.answer) {
    if (rr.type == rrtype::RRSIG) BOOST_TEST(dnssec::Rrsig::from_rdata(rr.rdata).labels == 2);  // *.wild.example.
  }
  BOOST_TEST((shape(r.authority) == std::multiset<std::string>{"*.wild.example. NSEC", "*.wild.example. RRSIG(NSEC)"}));
  BOOST_TEST(w.answer_status(r) == dnssec::Security::Secure);
}

BOOST_AUTO_TEST_CASE(wildcard_nodata) {
  SignedWorld w;
  const Message r = w.server.respond(query("x.wild.example.", rrtype::TXT));
  BOOST_TEST(r.rcode == dns::rcode::NOERROR);
  BOOST_TEST(r.answer.empty());
  // The NSEC at *.wild. both covers x.wild. and shows the wildcard has no TXT.
  BOOST_TEST((shape(r.authority) == std::multiset<std::string>{"example. SOA", "example. RRSIG(SOA)",
                                                               "*.wild.example. NSEC", "*.wild.example. RRSIG(NSEC)"}));
  BOOST_TEST(w.denial_status(r, dnssec::DenialClaim::NoData) == dnssec::Security::Secure);
}

BOOST_AUTO_TEST_CASE(referral_with_signed_ds) {
  SignedWorld w;
  const Message r = w.server.respond(query("mail.sec.example.", rrtype::A));
  // The server holds sec.example. too: the longest match answers.
  BOOST_TEST(r.aa);
  BOOST_TEST((shape(r.answer) == std::multiset<std::string>{"mail.sec.example. A", "mail.sec.example. RRSIG(A)"}));
  BOOST_TEST(w.answer_status(r) == dnssec::Security::Secure);

  SignedWorld parent_only;
  AuthoritativeServer p("ns.", parent_only.clock, Random(1));
  p.add_zone(Zone{Name::parse("example."), parent_only.example});
  const Message ref = p.respond(query("mail.sec.example.", rrtype::A));
  BOOST_TEST(!ref.aa);
  BOOST_TEST(ref.answer.empty());
  BOOST_TEST((shape(ref.authority) ==
              std::multiset<std::string>{"sec.example. NS", "sec.example. DS", "sec.example. RRSIG(DS)"}));
  BOOST_TEST((shape(ref.additional) == std::multiset<std::string>{"ns.sec.example. A"}));
  dnssec::SignedRRset ds;
  for (const auto& s : dnssec::group_signed(ref.authority))
    if (s.rrset.type == rrtype::DS) ds = s;
  auto pool = parent_only.pool();
  auto v = parent_only.validator();
  BOOST_TEST(v.validate_rrset(ds, pool, now).status == dnssec::Security::Secure);
}

BOOST_AUTO_TEST_CASE(referral_with_no_ds_proof) {
  SignedWorld w;
  const Message r = w.server.respond(query("host.plain.example.", rrtype::A));
  BOOST_TEST(!r.aa);
  BOOST_TEST((shape(r.authority) ==
              std::multiset<std::string>{"plain.example. NS", "plain.example. NSEC", "plain.example. RRSIG(NSEC)"}));
  BOOST_TEST((shape(r.additional) == std::multiset<std::string>{"ns.plain.example. A", "ns.plain.example. AAAA"}));
  BOOST_TEST(w.denial_status(r, dnssec::DenialClaim::NoDs, "plain.example.", rrtype::DS) == dnssec::Security::Secure);
}

BOOST_AUTO_TEST_CASE(ds_queries_go_to_the_parent_side) {
  SignedWorld w;  // holds example. and sec.example.: RFC 4035 §3.1.4.1
  const Message r = w.server.respond(query("sec.example.", rrtype::DS));
  BOOST_TEST(r.aa);
  BOOST_TEST((shape(r.answer) == std::multiset<std::string>{"sec.example. DS", "sec.example. RRSIG(DS)"}));
  for (const RR& rr : r.answer) {
    if (rr.type == rrtype::RRSIG) BOOST_TEST(dnssec::Rrsig::from_rdata(rr.rdata).signer.to_string() == "example.");
  }
  const Message n = w.server.respond(query("plain.example.", rrtype::DS));
  BOOST_TEST(n.aa);
  BOOST_TEST(n.answer.empty());
  BOOST_TEST((shape(n.authority) == std::multiset<std::string>{"example. SOA", "example. RRSIG(SOA)",
                                                               "plain.example. NSEC", "plain.example. RRSIG(NSEC)"}));
  // Only the child held: the child's apex has no DS (NODATA from the child).
  AuthoritativeServer child("ns.sec.example.", w.clock, Random(1));
  child.add_zone(Zone{Name::parse("sec.example."), w.sec});
  const Message c = child.respond(query("sec.example.", rrtype::DS));
  BOOST_TEST(c.aa);
  BOOST_TEST(c.answer.empty());
  BOOST_TEST((shape(c.authority) == std::multiset<std::string>{"sec.example. SOA", "sec.example. RRSIG(SOA)",
                                                               "sec.example. NSEC", "sec.example. RRSIG(NSEC)"}));
}

BOOST_AUTO_TEST_CASE(cname_chains_stay_in_the_zone_and_are_bounded) {
  SignedWorld w;
  const Message r = w.server.respond(query("alias.example.", rrtype::A));
  BOOST_TEST(r.aa);
  BOOST_TEST((shape(r.answer) == std::multiset<std::string>{"alias.example. CNAME", "alias.example. RRSIG(CNAME)",
                                                            "www.example. A", "www.example. RRSIG(A)"}));
  BOOST_TEST(w.answer_status(r) == dnssec::Security::Secure);
  const Message away = w.server.respond(query("away.example.", rrtype::A, false));
  BOOST_TEST((shape(away.answer) == std::multiset<std::string>{"away.example. CNAME"}));
  const Message loop = w.server.respond(query("loop1.example.", rrtype::A, false));
  BOOST_TEST((shape(loop.answer) == std::multiset<std::string>{"loop1.example. CNAME", "loop2.example. CNAME"}));
  const Message cname = w.server.respond(query("alias.example.", rrtype::CNAME, false));
  BOOST_TEST((shape(cname.answer) == std::multiset<std::string>{"alias.example. CNAME"}));
}

BOOST_AUTO_TEST_CASE(refused_outside_its_zones) {
  Clock clock(now);
  AuthoritativeServer s("ns.", clock, Random(1));
  s.add_zone(Zone{Name::parse("example."), dns::parse_zone("example. 3600 IN SOA ns.example. h.example. 1 2 3 4 5\n")});
  const Message r = s.respond(query("example.org.", rrtype::A));
  BOOST_TEST(r.rcode == dns::rcode::REFUSED);
  BOOST_TEST(!r.aa);
  BOOST_TEST(r.qr);
}

BOOST_AUTO_TEST_CASE(header_and_edns_echo) {
  SignedWorld w;
  Message q = query("www.example.", rrtype::A);
  q.rd = true;
  q.cd = true;
  q.id = 0xbeef;
  const Message r = w.server.respond(q);
  BOOST_TEST(r.qr);
  BOOST_TEST(r.id == 0xbeef);
  BOOST_TEST(r.rd);
  BOOST_TEST(r.cd);
  BOOST_TEST(!r.ra);
  BOOST_REQUIRE(r.edns.has_value());
  BOOST_TEST(r.edns->udp_payload_size == 1232);
  BOOST_TEST(r.edns->dnssec_ok);
  BOOST_TEST((r.question == q.question));
  const Message plain = w.server.respond(query("www.example.", rrtype::A, false, false));
  BOOST_TEST(!plain.edns.has_value());
  BOOST_TEST((shape(plain.answer) == std::multiset<std::string>{"www.example. A"}));
  Message v1 = query("www.example.", rrtype::A);
  v1.edns->version = 1;
  BOOST_TEST(w.server.respond(v1).rcode == dns::rcode::BADVERS);  // RFC 6891 §6.1.3
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nsec3_zones_validate)

BOOST_AUTO_TEST_CASE(every_kind_of_answer_validates) {
  for (Denial d : {Denial::Nsec3, Denial::Nsec3OptOut}) {
    BOOST_TEST_CONTEXT((d == Denial::Nsec3 ? "NSEC3" : "NSEC3 opt-out")) {
      SignedWorld w(d);
      using dnssec::DenialClaim;
      using dnssec::Security;
      // RFC 5155 §9.2: when the NSEC3 covering the next closer name has
      // Opt-Out set, an unsigned delegation may exist there, so proofs that
      // rest on it (NXDOMAIN, wildcard expansion) are only Insecure (Unbound's
      // val_nsec3_b1_nameerror: the RFC's own B.1 answer gets no AD bit).
      const Security covered = d == Denial::Nsec3 ? Security::Secure : Security::Insecure;
      BOOST_TEST(w.answer_status(w.server.respond(query("www.example.", rrtype::A))) == Security::Secure);
      const Message nx = w.server.respond(query("nope.example.", rrtype::A));
      BOOST_TEST(nx.rcode == dns::rcode::NXDOMAIN);
      // Closest encloser example.: matching NSEC3, NSEC3 covering nope., NSEC3 covering *.example.
      BOOST_TEST(std::count_if(nx.authority.begin(), nx.authority.end(), [](const RR& rr) { return rr.type == rrtype::NSEC3; }) >= 2);
      BOOST_TEST(w.denial_status(nx, DenialClaim::NxDomain) == covered);
      BOOST_TEST(w.denial_status(w.server.respond(query("www.example.", rrtype::AAAA)), DenialClaim::NoData) ==
                 Security::Secure);
      BOOST_TEST(w.denial_status(w.server.respond(query("ent.example.", rrtype::A)), DenialClaim::NoData) ==
                 Security::Secure);
      const Message wild = w.server.respond(query("x.y.wild.example.", rrtype::A));
      BOOST_TEST(wild.answer.size() == 2u);
      BOOST_TEST(w.answer_status(wild) == covered);
      BOOST_TEST(w.denial_status(w.server.respond(query("x.wild.example.", rrtype::TXT)), DenialClaim::NoData) ==
                 covered);
      BOOST_TEST(w.answer_status(w.server.respond(query("sec.example.", rrtype::DS))) == Security::Secure);
      const Message ref = w.server.respond(query("host.plain.example.", rrtype::A));
      BOOST_TEST(!ref.aa);
      const auto n3 = std::count_if(ref.authority.begin(), ref.authority.end(), [](const RR& rr) { return rr.type == rrtype::NSEC3; });
      // RFC 5155 §7.2.7: the matching NSEC3, or (opt-out, none) the closest
      // provable encloser example. and the NSEC3 covering plain.example.
      BOOST_TEST(n3 == (d == Denial::Nsec3 ? 1 : 2));
      const auto s = w.denial_status(ref, DenialClaim::NoDs, "plain.example.", rrtype::DS);
      // RFC 5155 §8.9: an opt-out span proves the delegation insecure (it may be unsigned), never bogus.
      BOOST_TEST((s == Security::Secure || (d == Denial::Nsec3OptOut && s == Security::Insecure)));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(network_side)

namespace {

Request request(const Message& q, Transport t = Transport::Udp) {
  return Request{Endpoint{"192.0.2.53", 41234}, Endpoint{"198.51.100.1", 53}, t, q.to_wire()};
}

Message reply(const std::optional<std::vector<std::uint8_t>>& wire) {
  BOOST_REQUIRE(wire.has_value());
  return Message::from_wire(*wire);
}

}  // namespace

BOOST_AUTO_TEST_CASE(udp_truncates_to_the_buffer_tcp_does_not) {
  SignedWorld w;
  // 20 TXT strings of 100 octets: over 2000 octets.
  const Message small = reply(w.server.handle(request(query("big.example.", rrtype::TXT, false, false))));
  BOOST_TEST(small.tc);
  BOOST_TEST(w.server.handle(request(query("big.example.", rrtype::TXT, false, false)))->size() <= 512u);
  Message q = query("big.example.", rrtype::TXT, false);
  q.edns->udp_payload_size = 1232;
  const auto mid = w.server.handle(request(q));
  BOOST_TEST(reply(mid).tc);
  BOOST_TEST(mid->size() <= 1232u);
  q.edns->udp_payload_size = 4096;
  const Message big = reply(w.server.handle(request(q)));
  BOOST_TEST(!big.tc);
  BOOST_TEST(big.answer.size() == 20u);
  const Message tcp = reply(w.server.handle(request(query("big.example.", rrtype::TXT, false, false), Transport::Tcp)));
  BOOST_TEST(!tcp.tc);
  BOOST_TEST(tcp.answer.size() == 20u);
}

BOOST_AUTO_TEST_CASE(unparsable_queries) {
  SignedWorld w;
  Request r = request(query("www.example.", rrtype::A));
  r.payload.resize(11);
  BOOST_TEST(!w.server.handle(r).has_value());  // not even a header: silence
  r.payload = query("www.example.", rrtype::A).to_wire();
  r.payload.resize(20);  // the question is cut short
  const Message m = reply(w.server.handle(r));
  BOOST_TEST(m.rcode == dns::rcode::FORMERR);
  BOOST_TEST(m.id == 0x1234);
  BOOST_TEST(m.qr);
  BOOST_TEST(!m.question.has_value());
  Message resp = query("www.example.", rrtype::A);
  resp.qr = true;  // a response is not answered
  BOOST_TEST(!w.server.handle(request(resp)).has_value());
}

BOOST_AUTO_TEST_CASE(each_fault_action_is_observed) {
  using A = FaultRule::Action;
  const auto with = [](A a, Transport t = Transport::Udp, bool dnssec_ok = true) {
    SignedWorld w;
    w.server.add_fault(FaultRule{a, {}, {}, {}, 1.0});
    return w.server.handle(request(query("www.example.", rrtype::A, dnssec_ok), t));
  };
  BOOST_TEST(!with(A::Drop).has_value());
  BOOST_TEST(reply(with(A::Refused)).rcode == dns::rcode::REFUSED);
  BOOST_TEST(reply(with(A::NotImp)).rcode == dns::rcode::NOTIMP);
  BOOST_TEST(reply(with(A::ServFail)).rcode == dns::rcode::SERVFAIL);
  const Message fe = reply(with(A::FormErr));
  BOOST_TEST(fe.rcode == dns::rcode::FORMERR);
  BOOST_TEST(!fe.edns.has_value());  // EDNS-intolerant: no OPT back
  const Message tc = reply(with(A::Truncate));
  BOOST_TEST(tc.tc);
  BOOST_TEST(tc.answer.empty());
  const Message tc_tcp = reply(with(A::Truncate, Transport::Tcp));
  BOOST_TEST(!tc_tcp.tc);
  BOOST_TEST(tc_tcp.answer.size() == 2u);
  const Message lame = reply(with(A::Lame));
  BOOST_TEST(!lame.aa);
  BOOST_TEST(lame.rcode == dns::rcode::NOERROR);
  BOOST_TEST((lame.answer.empty() && lame.authority.empty()));
  const Message nod = reply(with(A::NoDnssec));
  BOOST_TEST((shape(nod.answer) == std::multiset<std::string>{"www.example. A"}));
  BOOST_TEST(nod.aa);
}

BOOST_AUTO_TEST_CASE(fault_filters_and_probability) {
  SignedWorld w;
  FaultRule tlsa{FaultRule::Action::NotImp, rrtype::TLSA, {}, {}, 1.0};
  FaultRule under{FaultRule::Action::ServFail, {}, Name::parse("sec.example."), Transport::Udp, 1.0};
  w.server.add_fault(tlsa);
  w.server.add_fault(under);
  BOOST_TEST(reply(w.server.handle(request(query("_25._tcp.www.example.", rrtype::TLSA)))).rcode == dns::rcode::NOTIMP);
  BOOST_TEST(reply(w.server.handle(request(query("www.example.", rrtype::A)))).rcode == dns::rcode::NOERROR);
  BOOST_TEST(reply(w.server.handle(request(query("mail.sec.example.", rrtype::A)))).rcode == dns::rcode::SERVFAIL);
  BOOST_TEST(reply(w.server.handle(request(query("mail.sec.example.", rrtype::A), Transport::Tcp))).rcode ==
             dns::rcode::NOERROR);

  SignedWorld p;
  p.server.add_fault(FaultRule{FaultRule::Action::Drop, {}, {}, {}, 0.25});
  int dropped = 0;
  for (int i = 0; i < 400; ++i) dropped += p.server.handle(request(query("www.example.", rrtype::A))).has_value() ? 0 : 1;
  BOOST_TEST(std::abs(dropped - 100) < 35);
  BOOST_TEST(p.server.queries() == 400u);
  BOOST_TEST(p.log->entries().size() == 400u);  // logged on receipt, dropped or not
}

BOOST_AUTO_TEST_CASE(fault_action_names) {
  BOOST_TEST(to_string(FaultRule::Action::NoDnssec) == "nodnssec");
  BOOST_TEST((fault_action_from_string("servfail") == FaultRule::Action::ServFail));
  BOOST_TEST((fault_action_from_string("NotImp") == FaultRule::Action::NotImp));
  BOOST_CHECK_THROW(fault_action_from_string("explode"), InputError);
}

BOOST_AUTO_TEST_CASE(bind_query_log_lines) {
  // Written by hand from BIND 9's log_query() format; the @0x value is the
  // first 6 octets of SHA-256("192.0.2.53#41234") (Python hashlib).
  QueryLogEntry e;
  e.time = Instant(std::chrono::sys_days(std::chrono::November / 22 / 2026)) + 22h + 54min + 50s + 123ms;
  e.client = Endpoint{"192.0.2.53", 41234};
  e.server = "198.51.100.1";
  e.question = dns::Question{Name::parse("example.com."), rrtype::TLSA};
  e.rd = true;
  e.edns = true;
  e.dnssec_ok = true;
  e.cd = true;
  BOOST_TEST(e.to_bind() ==
             "22-Nov-2026 22:54:50.123 queries: info: client @0xb14dfcdeae4e 192.0.2.53#41234 (example.com): "
             "query: example.com IN TLSA +E(0)DC (198.51.100.1)");
  QueryLogEntry root;
  root.time = Instant(std::chrono::sys_days(std::chrono::January / 5 / 2026)) + 3h + 4min + 5s + 6ms;
  root.client = Endpoint{"2001:db8::53", 53};
  root.server = "2001:db8::1";
  root.question = dns::Question{Name(), rrtype::NS};
  root.tcp = true;
  BOOST_TEST(root.to_bind() ==
             "05-Jan-2026 03:04:05.006 queries: info: client @0x4a88f1c59a1d 2001:db8::53#53 (.): query: . IN NS -T "
             "(2001:db8::1)");
}

BOOST_AUTO_TEST_CASE(served_over_the_network_and_logged_on_arrival) {
  SignedWorld w;
  Network net(w.clock, Random(3));
  auto server = std::shared_ptr<AuthoritativeServer>(&w.server, [](AuthoritativeServer*) {});
  net.serve(Endpoint{"198.51.100.1", 53}, Transport::Udp, server);
  const auto start = w.clock.now_ms();
  Message q = query("www.example.", rrtype::A);
  q.rd = true;
  const auto x = net.exchange("192.0.2.53", Endpoint{"198.51.100.1", 53}, Transport::Udp, q.to_wire(), 2000ms);
  BOOST_REQUIRE((x.status == ExchangeResult::Status::Reply));
  BOOST_TEST(Message::from_wire(x.reply).answer.size() == 2u);
  BOOST_REQUIRE(w.log->entries().size() == 1u);
  const QueryLogEntry& e = w.log->entries().front();
  BOOST_TEST((e.time == start + 10ms));  // one way of the default 10 ms link
  BOOST_TEST((e.client == x.client));
  BOOST_TEST(e.server == "198.51.100.1");
  BOOST_TEST(e.rd);
  BOOST_TEST(e.dnssec_ok);
  BOOST_TEST(!e.tcp);
  BOOST_TEST(w.log->to_string().find("query: www.example IN A +E(0)D (198.51.100.1)\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(zone_checks) {
  Clock clock(now);
  AuthoritativeServer s("ns.", clock, Random(1));
  BOOST_CHECK_THROW(s.add_zone(Zone{Name::parse("example."), dns::parse_zone("www.example. 3600 IN A 192.0.2.1\n")}),
                    InputError);  // no SOA
  BOOST_CHECK_THROW(s.add_zone(Zone{Name::parse("example."),
                                    dns::parse_zone("example. 3600 IN SOA ns.example. h.example. 1 2 3 4 5\n"
                                                    "www.example.org. 3600 IN A 192.0.2.1\n")}),
                    InputError);  // outside the apex
  const auto soa = dns::parse_zone("example. 3600 IN SOA ns.example. h.example. 1 2 3 4 5\n");
  s.add_zone(Zone{Name::parse("example."), soa});
  BOOST_CHECK_THROW(s.add_zone(Zone{Name::parse("example."), soa}), InputError);  // served already
  auto v2 = soa;
  v2.push_back(RR::parse("www.example. 3600 IN A 192.0.2.9"));
  BOOST_TEST(s.respond(query("www.example.", rrtype::A)).rcode == dns::rcode::NXDOMAIN);
  s.replace_zone(Zone{Name::parse("example."), v2});
  BOOST_TEST(s.respond(query("www.example.", rrtype::A)).answer.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
