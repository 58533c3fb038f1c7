// DNS messages (dns/message.hpp): wire parsing and writing.
// Expected values come from hand-assembled bytes following RFC 1035 §4.1
// (header, question, RR layout, compression §4.1.4), RFC 6891 §6.1 (OPT) and
// RFC 8914 §2 (EDE option), from a query captured from dig 9.18, and from
// ldns (an independent implementation) reading what we write and vice versa.
#define BOOST_TEST_MODULE libdane DNS messages
#include <boost/test/unit_test.hpp>

#include <botan/hex.h>
#include <stdbool.h>  // first: otherwise ldns/common.h defines bool as a macro
#include <ldns/ldns.h>

#include <ostream>
#include <string>
#include <vector>

#include "dane/dns/message.hpp"
#include "dane/error.hpp"

namespace dane::dns {
inline std::ostream& boost_test_print_type(std::ostream& os, const Message& m) { return os << m.to_string(); }
inline std::ostream& boost_test_print_type(std::ostream& os, const RR& rr) { return os << rr.to_string(); }
}  // namespace dane::dns

using namespace dane;
using namespace dane::dns;

namespace {

std::vector<std::uint8_t> hex(const std::string& h) { return Botan::hex_decode(h); }

/// The message must be refused with an InputError whose text contains needle.
void expect_refused(const std::vector<std::uint8_t>& wire, const std::string& needle) {
  try {
    Message::from_wire(wire);
    BOOST_ERROR("accepted, expected an error containing: " + needle);
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find(needle) != std::string::npos, e.what());
  }
}

// A query captured from `dig +dnssec +nocookie _25._tcp.mail.example.com TLSA`
// (DiG 9.18.49): ID 0x39ec, RD and AD set, one question, an OPT RR with UDP
// size 1232 and DO.
const std::string dig_query =
    "39ec01200001000000000001"
    "035f3235045f746370046d61696c076578616d706c6503636f6d00" "0034" "0001"
    "00" "0029" "04d0" "00" "00" "8000" "0000";

// A response to it, assembled by hand. Name offsets: _25 at 12, example at 26.
//   answer     C00C TLSA IN 3600 rdlen 35: 3 1 1 <32 octets 0xAB>
//   authority  C01A (example.com.) NS IN 3600 rdlen 6: "ns1" + pointer C01A
//   additional C066 (ns1 in the NS RDATA, offset 102) A IN 3600 192.0.2.53
//              OPT 1232, DO, EDE INFO-CODE 3 (Stale Answer) EXTRA-TEXT "old"
const std::string response =
    "39ec81a00001000100010002"
    "035f3235045f746370046d61696c076578616d706c6503636f6d00" "0034" "0001"
    "c00c" "0034" "0001" "00000e10" "0023" "030101"
    "abababababababababababababababababababababababababababababababab"
    "c01a" "0002" "0001" "00000e10" "0006" "036e7331c01a"
    "c066" "0001" "0001" "00000e10" "0004" "c0000235"
    "00" "0029" "04d0" "00" "00" "8000" "0009" "000f" "0005" "0003" "6f6c64";

Message a_query(const std::string& qname, std::uint16_t type) {
  Message m;
  m.id = 0x1234;
  m.rd = true;
  m.question = Question{Name::parse(qname), type, class_in};
  return m;
}

RR a_record(const std::string& owner, const std::string& address) {
  return RR::parse(owner + " 300 IN A " + address);
}

}  // namespace

BOOST_AUTO_TEST_CASE(dig_query_parses_and_is_written_back_byte_for_byte) {
  const auto wire = hex(dig_query);
  const Message m = Message::from_wire(wire);
  BOOST_TEST(m.id == 0x39ec);
  BOOST_TEST(!m.qr);
  BOOST_TEST(m.rd);
  BOOST_TEST(m.ad);
  BOOST_TEST(!m.cd);
  BOOST_TEST(m.opcode == opcode::QUERY);
  BOOST_TEST(m.rcode == rcode::NOERROR);
  BOOST_REQUIRE(m.question.has_value());
  BOOST_TEST(m.question->name.to_string() == "_25._tcp.mail.example.com.");
  BOOST_TEST(m.question->type == rrtype::TLSA);
  BOOST_TEST(m.question->qclass == class_in);
  BOOST_REQUIRE(m.edns.has_value());
  BOOST_TEST(m.edns->udp_payload_size == 1232);
  BOOST_TEST(m.edns->dnssec_ok);
  BOOST_TEST(m.edns->version == 0);
  BOOST_TEST(m.edns->errors.empty());
  BOOST_TEST(m.additional.empty());  // the OPT RR is not an additional record

  // Built field by field, the same query gives dig's bytes.
  Message q;
  q.id = 0x39ec;
  q.rd = q.ad = true;
  q.question = Question{Name::parse("_25._tcp.mail.example.com."), rrtype::TLSA, class_in};
  q.edns = Edns{1232, 0, true, {}, {}};
  BOOST_TEST(q.to_wire() == wire);
  BOOST_TEST(q == m);
}

BOOST_AUTO_TEST_CASE(response_with_compression_and_ede) {
  const Message m = Message::from_wire(hex(response));
  BOOST_TEST(m.qr);
  BOOST_TEST(m.rd);
  BOOST_TEST(m.ra);
  BOOST_TEST(m.ad);
  BOOST_REQUIRE(m.answer.size() == 1u);
  BOOST_TEST(m.answer[0].owner.to_string() == "_25._tcp.mail.example.com.");
  BOOST_TEST(m.answer[0].type == rrtype::TLSA);
  BOOST_TEST(m.answer[0].ttl == 3600u);
  BOOST_TEST(m.answer[0].rdata.size() == 35u);
  BOOST_REQUIRE(m.authority.size() == 1u);
  BOOST_TEST(m.authority[0].owner.to_string() == "example.com.");
  // The NS RDATA's compressed name comes back uncompressed.
  BOOST_TEST(m.authority[0].rdata == hex("036e7331076578616d706c6503636f6d00"));
  BOOST_REQUIRE(m.additional.size() == 1u);
  BOOST_TEST(m.additional[0].owner.to_string() == "ns1.example.com.");
  BOOST_TEST(m.additional[0].rdata == hex("c0000235"));
  BOOST_REQUIRE(m.edns.has_value());
  BOOST_REQUIRE(m.edns->errors.size() == 1u);
  BOOST_TEST(m.edns->errors[0].info_code == 3);
  BOOST_TEST(m.edns->errors[0].extra_text == "old");
  // Written back and read again: the same message.
  BOOST_TEST(Message::from_wire(m.to_wire()) == m);
}

BOOST_AUTO_TEST_CASE(rfc1035_compression_example) {
  // RFC 1035 §4.1.4: F.ISI.ARPA at offset 20, FOO.F.ISI.ARPA as "FOO" + a
  // pointer to 20, and the root. Here: the question F.ISI.ARPA. A at 12,
  // answers owned by FOO.F.ISI.ARPA. (pointer to 12) and ARPA. (pointer to 18).
  const auto wire = hex("0001" "8400" "0001" "0002" "0000" "0000"
                        "0146" "03495349" "0441525041" "00" "0001" "0001"
                        "03464f4f" "c00c" "0001" "0001" "00000000" "0004" "0a000001"
                        "c012" "0001" "0001" "00000000" "0004" "0a000002");
  const Message m = Message::from_wire(wire);
  BOOST_TEST(m.aa);
  BOOST_TEST(m.question->name.to_string() == "F.ISI.ARPA.");
  BOOST_REQUIRE(m.answer.size() == 2u);
  BOOST_TEST(m.answer[0].owner.to_string() == "FOO.F.ISI.ARPA.");
  BOOST_TEST(m.answer[1].owner.to_string() == "ARPA.");
  // Writing compresses the same way: FOO + pointer to 12, then a pointer to 18.
  BOOST_TEST(m.to_wire() == wire);
}

BOOST_AUTO_TEST_CASE(ede_options_per_rfc8914) {
  // SERVFAIL with two EDE options: INFO-CODE 6 (DNSSEC Bogus) "RRSIG expired",
  // and INFO-CODE 9 (DNSKEY Missing) without EXTRA-TEXT; and a cookie option.
  // (EXTRA-TEXT "RRSIG expired!" is 14 octets: OPTION-LENGTH 2 + 14 = 16; RDLENGTH 20 + 6 + 12 = 38.)
  const auto fixed = hex("abcd" "8182" "0001" "0000" "0000" "0001"
                   "076578616d706c6503636f6d00" "0001" "0001"
                   "00" "0029" "1000" "00" "00" "8000" "0026"
                   "000f" "0010" "0006" "5252534947206578706972656421"
                   "000f" "0002" "0009"
                   "000a" "0008" "0102030405060708");
  const Message m = Message::from_wire(fixed);
  BOOST_TEST(m.rcode == rcode::SERVFAIL);
  BOOST_REQUIRE(m.edns.has_value());
  BOOST_TEST(m.edns->udp_payload_size == 4096);
  BOOST_REQUIRE(m.edns->errors.size() == 2u);
  BOOST_TEST(m.edns->errors[0].info_code == 6);
  BOOST_TEST(m.edns->errors[0].extra_text == "RRSIG expired!");
  BOOST_TEST(m.edns->errors[1].info_code == 9);
  BOOST_TEST(m.edns->errors[1].extra_text.empty());
  BOOST_REQUIRE(m.edns->options.size() == 1u);
  BOOST_TEST(m.edns->options[0].code == 10);
  BOOST_TEST(m.edns->options[0].data == hex("0102030405060708"));
  // EDE first, then the other options: the same bytes as assembled.
  BOOST_TEST(m.to_wire() == fixed);
  // An EDE option shorter than its INFO-CODE.
  expect_refused(hex("abcd81820000000000000001" "00" "0029" "1000" "00" "00" "8000" "0005" "000f" "0001" "00"),
                 "INFO-CODE needs 2");
}

BOOST_AUTO_TEST_CASE(extended_rcode_uses_the_opt_ttl) {
  // RFC 6891 §6.1.3: EXTENDED-RCODE 1 with header RCODE 0 is 16 (BADVERS).
  const Message m = Message::from_wire(hex("0000" "8000" "0000" "0000" "0000" "0001" "00" "0029" "0200" "01" "00"
                                           "0000" "0000"));
  BOOST_TEST(m.rcode == rcode::BADVERS);
  BOOST_TEST(Message::from_wire(m.to_wire()) == m);
  Message plain;
  plain.rcode = 16;
  BOOST_CHECK_THROW(plain.to_wire(), UsageError);  // needs EDNS
}

BOOST_AUTO_TEST_CASE(every_truncation_of_a_real_message_is_refused) {
  for (const auto& text : {response, dig_query}) {
    const auto wire = hex(text);
    for (std::size_t n = 0; n < wire.size(); ++n) {
      const std::vector<std::uint8_t> cut(wire.begin(), wire.begin() + static_cast<std::ptrdiff_t>(n));
      BOOST_CHECK_THROW(Message::from_wire(cut), InputError);
    }
  }
}

BOOST_AUTO_TEST_CASE(compression_loops_and_forward_pointers_are_refused) {
  const std::string header = "0000" "0000" "0001" "0000" "0000" "0000";
  // The question name is a pointer to itself (offset 12).
  expect_refused(hex(header + "c00c" "0001" "0001"), "compression pointer at offset 12 to offset 12");
  // A label, then a pointer back to that label: a loop through offset 12.
  expect_refused(hex(header + "0161c00c" "0001" "0001"), "compression pointer at offset 14 to offset 12, not before 12");
  // A pointer forward (to the QTYPE), and one past the end.
  expect_refused(hex(header + "c00e" "0001" "0001"), "earlier name");
  expect_refused(hex(header + "c3ff" "0001" "0001"), "earlier name");
  // Labels types 0x40 and 0x80 (RFC 6891 §5) are refused.
  expect_refused(hex(header + "4100" "0001" "0001"), "label type 0x40");
}

BOOST_AUTO_TEST_CASE(malformed_messages_name_the_problem) {
  // QDCOUNT 2.
  expect_refused(hex("000000000002000000000000" "00" "0001" "0001" "00" "0001" "0001"), "QDCOUNT");
  // ANCOUNT 1000 in a short message: refused before any record is read.
  expect_refused(hex("00000000000003e800000000" "00" "0001" "0001"), "claim");
  // RDLENGTH runs past the end.
  expect_refused(hex("000080000000000100000000" "00" "0001" "0001" "00000000" "0005" "c0000201"),
                 "answer RR #1 RDATA");
  // An NS whose RDATA has an octet after the name.
  expect_refused(hex("000080000000000100000000" "00" "0002" "0001" "00000000" "0002" "0000"), "after the NS fields");
  // Octets after the last record.
  expect_refused(hex("000000000000000000000000ff"), "after the last record");
  // OPT in the answer section; two OPTs; OPT not owned by the root.
  expect_refused(hex("000080000000000100000000" "00" "0029" "0200" "00000000" "0000"), "outside the additional");
  expect_refused(hex("000080000000000000000002" "00" "0029" "0200" "00000000" "0000" "00" "0029" "0200" "00000000" "0000"), "second OPT");
  expect_refused(hex("000080000000000000000001" "0161" "00" "0029" "0200" "00000000" "0000"), "not the root");
  // A name over 255 octets (five 63-octet labels) and a message over 65535 octets.
  std::string long_name;
  for (int i = 0; i < 5; ++i) long_name += "3f" + std::string(126, '6');
  expect_refused(hex("000000000001000000000000" + long_name + "00" "0001" "0001"), "over 255 octets");
  expect_refused(std::vector<std::uint8_t>(65536, 0), "more than the 65535 allowed");
}

BOOST_AUTO_TEST_CASE(truncating_to_a_size_drops_whole_rrs_and_sets_tc) {
  Message m = a_query("www.example.com.", rrtype::A);
  m.qr = true;
  for (int i = 1; i <= 10; ++i) m.answer.push_back(a_record("www.example.com.", "192.0.2." + std::to_string(i)));
  m.additional.push_back(a_record("ns.example.com.", "192.0.2.53"));
  // Header 12 + question 17 + 4 = 33; each answer: pointer 2 + 10 + RDATA 4 = 16.
  // 33 + 16 * 4 = 97 <= 100 < 113.
  const auto cut = m.to_wire(100);
  BOOST_TEST(cut.size() == 97u);
  const Message t = Message::from_wire(cut);
  BOOST_TEST(t.tc);
  BOOST_TEST(t.answer.size() == 4u);
  BOOST_TEST(t.additional.empty());
  BOOST_TEST(t.answer[3].rdata == hex("c0000204"));
  // With EDNS the OPT RR (11 octets) is kept: 33 + 11 + 16 * 3 = 92.
  m.edns = Edns{};
  const Message e = Message::from_wire(m.to_wire(100));
  BOOST_TEST(e.tc);
  BOOST_TEST(e.answer.size() == 3u);
  BOOST_TEST(e.edns.has_value());
  // Room for everything: not truncated. Too small for the question: refused.
  BOOST_TEST(!Message::from_wire(m.to_wire(512)).tc);
  BOOST_CHECK_THROW(m.to_wire(40), UsageError);
}

BOOST_AUTO_TEST_CASE(ldns_reads_what_we_write_and_we_read_what_ldns_writes) {
  Message m = a_query("_25._tcp.mail.example.com.", rrtype::TLSA);
  m.qr = m.aa = true;
  m.answer.push_back(RR::parse("_25._tcp.mail.example.com. 300 IN TLSA 3 1 1 " + std::string(64, 'a')));
  m.authority.push_back(RR::parse("example.com. 300 IN NS ns1.example.com."));
  m.authority.push_back(RR::parse("example.com. 300 IN SOA ns1.example.com. h.example.com. 1 2 3 4 5"));
  m.additional.push_back(a_record("ns1.example.com.", "192.0.2.53"));
  m.edns = Edns{4096, 0, true, {{18, "prohibited"}}, {}};
  const auto wire = m.to_wire();

  ldns_pkt* pkt = nullptr;
  BOOST_REQUIRE(ldns_wire2pkt(&pkt, wire.data(), wire.size()) == LDNS_STATUS_OK);
  BOOST_TEST(ldns_pkt_id(pkt) == 0x1234);
  BOOST_TEST(ldns_pkt_aa(pkt));
  BOOST_TEST(ldns_pkt_ancount(pkt) == 1);
  BOOST_TEST(ldns_pkt_nscount(pkt) == 2);
  BOOST_TEST(ldns_pkt_arcount(pkt) == 1);  // ldns counts the OPT RR apart
  BOOST_TEST(ldns_pkt_edns_udp_size(pkt) == 4096);
  BOOST_TEST(ldns_pkt_edns_do(pkt));
  char* owner = ldns_rdf2str(ldns_rr_owner(ldns_rr_list_rr(ldns_pkt_answer(pkt), 0)));
  BOOST_TEST(std::string(owner) == "_25._tcp.mail.example.com.");
  free(owner);

  // And back: ldns writes the packet (compressing the NS and SOA RDATA names).
  std::uint8_t* out = nullptr;
  std::size_t out_size = 0;
  BOOST_REQUIRE(ldns_pkt2wire(&out, pkt, &out_size) == LDNS_STATUS_OK);
  const std::vector<std::uint8_t> from_ldns(out, out + out_size);
  free(out);
  ldns_pkt_free(pkt);
  const Message back = Message::from_wire(from_ldns);
  BOOST_TEST(back.answer == m.answer);
  BOOST_TEST(back.authority == m.authority);
  BOOST_TEST(back.additional == m.additional);
  BOOST_TEST(back.edns->udp_payload_size == 4096);
  BOOST_TEST(back.edns->dnssec_ok);
}

BOOST_AUTO_TEST_CASE(presentation_is_dig_like) {
  const std::string text = Message::from_wire(hex(response)).to_string();
  BOOST_TEST(text.find("opcode: QUERY, status: NOERROR, id: 14828") != std::string::npos, text);
  BOOST_TEST(text.find("flags: qr rd ra ad; QUERY: 1, ANSWER: 1, AUTHORITY: 1, ADDITIONAL: 2") != std::string::npos,
             text);
  BOOST_TEST(text.find("; EDE: 3: (old)") != std::string::npos, text);
  BOOST_TEST(text.find("ns1.example.com.") != std::string::npos, text);
}
