// TLSA owner names (RFC 6698 §3) and the time parser.
#include <boost/test/unit_test.hpp>

#include "support.hpp"

using namespace dane;
using dane::test::date;

BOOST_AUTO_TEST_SUITE(owner_name)

BOOST_AUTO_TEST_CASE(rfc6698_section3_form) {
  BOOST_TEST(tlsa_owner_name("mail.example.com", 25) == "_25._tcp.mail.example.com.");
  BOOST_TEST(tlsa_owner_name("mail.example.com") == "_25._tcp.mail.example.com.");
  BOOST_TEST(tlsa_owner_name("www.example.com", 443) == "_443._tcp.www.example.com.");
  BOOST_TEST(tlsa_owner_name("sip.example.com", 5061, "udp") == "_5061._udp.sip.example.com.");
  BOOST_TEST(tlsa_owner_name("sip.example.com", 5061, "sctp") == "_5061._sctp.sip.example.com.");
  BOOST_TEST(tlsa_owner_name("mx.example", 0) == "_0._tcp.mx.example.");
  BOOST_TEST(tlsa_owner_name("mx.example", 65535) == "_65535._tcp.mx.example.");
}

BOOST_AUTO_TEST_CASE(lower_cased_and_absolute) {
  BOOST_TEST(tlsa_owner_name("Mail.Example.COM.", 465) == "_465._tcp.mail.example.com.");
  BOOST_TEST(tlsa_owner_name("localhost", 25) == "_25._tcp.localhost.");
}

BOOST_AUTO_TEST_CASE(label_length_limits) {
  const std::string label63(63, 'a');
  BOOST_TEST(tlsa_owner_name(label63 + ".example", 25) == "_25._tcp." + label63 + ".example.");
  BOOST_CHECK_THROW(tlsa_owner_name(std::string(64, 'a') + ".example", 25), InputError);
  // Five 60-octet labels: over 255 octets (RFC 1035 §2.3.4).
  std::string long_name;
  for (int i = 0; i < 5; ++i) long_name += std::string(60, 'b') + ".";
  long_name += "example";
  BOOST_CHECK_THROW(tlsa_owner_name(long_name, 25), InputError);
}

BOOST_AUTO_TEST_CASE(bad_hosts_and_protocols) {
  BOOST_CHECK_THROW(tlsa_owner_name("", 25), InputError);
  BOOST_CHECK_THROW(tlsa_owner_name(".", 25), InputError);
  BOOST_CHECK_THROW(tlsa_owner_name("mail..example.com", 25), InputError);
  BOOST_CHECK_THROW(tlsa_owner_name(".mail.example.com", 25), InputError);
  BOOST_CHECK_THROW(tlsa_owner_name("mail.example.com..", 25), InputError);
  BOOST_CHECK_THROW(tlsa_owner_name("mail.example.com", 25, "icmp"), InputError);
  BOOST_CHECK_THROW(tlsa_owner_name("mail.example.com", 25, ""), InputError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(time_text)

BOOST_AUTO_TEST_CASE(accepted_forms) {
  using namespace std::chrono;
  const Time midnight = date(2024, 1, 31);
  BOOST_TEST(parse_time("2024-01-31").time_since_epoch().count() == midnight.time_since_epoch().count());
  BOOST_TEST((parse_time("2024-01-31T12:00") == midnight + hours(12)));
  BOOST_TEST((parse_time("2024-01-31T12:00:05Z") == midnight + hours(12) + seconds(5)));
  BOOST_TEST((parse_time("2024-01-31 12:00:05") == midnight + hours(12) + seconds(5)));
  BOOST_TEST((parse_time("2024-01-31T23:59:59Z") == midnight + hours(24) - seconds(1)));
  // 2024-01-31T00:00:00Z is 19753 days after the epoch: 1706659200 (date -u -d 2024-01-31 +%s).
  BOOST_TEST(midnight.time_since_epoch().count() == 1706659200);
  BOOST_TEST(parse_time("@0").time_since_epoch().count() == 0);
  BOOST_TEST(parse_time("@1706659200").time_since_epoch().count() == 1706659200);
  BOOST_TEST((parse_time("2024-02-29") == date(2024, 2, 29)));
  BOOST_TEST((parse_time("2000-02-29") == date(2000, 2, 29)));
}

BOOST_AUTO_TEST_CASE(format) {
  using namespace std::chrono;
  BOOST_TEST(format_time(date(2024, 1, 31) + hours(12) + seconds(5)) == "2024-01-31T12:00:05Z");
  BOOST_TEST(format_time(Time{}) == "1970-01-01T00:00:00Z");
  BOOST_TEST(format_time(date(2049, 12, 31) + hours(23) + minutes(59) + seconds(59)) == "2049-12-31T23:59:59Z");
}

BOOST_AUTO_TEST_CASE(round_trips) {
  using namespace std::chrono;
  for (const Time t : {Time{}, date(2024, 6, 1), date(2024, 2, 29) + hours(7) + minutes(8) + seconds(9),
                       date(2100, 3, 1), date(1999, 12, 31) + hours(23) + minutes(59) + seconds(59)}) {
    BOOST_TEST(parse_time(format_time(t)).time_since_epoch().count() == t.time_since_epoch().count());
  }
  for (const char* s : {"2024-06-01T00:00:00Z", "2024-02-29T07:08:09Z", "1970-01-01T00:00:00Z"}) {
    BOOST_TEST(format_time(parse_time(s)) == s);
  }
}

BOOST_AUTO_TEST_CASE(invalid_dates_throw) {
  for (const char* s : {"2024-02-30", "2023-02-29", "2100-02-29", "2024-13-01", "2024-00-10", "2024-01-32",
                        "2024-04-31", "2024-01-00", "2024-01-31T24:00", "2024-01-31T12:60", "2024-01-31T12:00:61",
                        "", "yesterday", "2024/01/31", "2024-1-31", "24-01-31", "2024-01-31X", "@", "@12x",
                        "2024-01-31T12", "2024-01-31T12:00:05+02:00x"}) {
    BOOST_TEST_CONTEXT(s) {
      try {
        (void)parse_time(s);
        BOOST_ERROR("no InputError for '" << s << "'");
      } catch (const InputError& e) {
        BOOST_TEST(e.value() == s, "value() '" << e.value() << "' should name the input");
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
