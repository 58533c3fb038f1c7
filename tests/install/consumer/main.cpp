/*
 * A tiny program using an installed libdane, the way a downstream project
 * would: parse a TLSA record, print its canonical form and the TLSA owner
 * name for SMTP to mail.example.com. Exits 0 when both are as expected.
 *
 * Expected values: RFC 6698 §3 gives the owner name form "_25._tcp.<host>.";
 * the canonical form (tlsa.hpp) is "3 1 1 " and upper-case hex. The data is
 * SHA-256 of the empty string (FIPS 180-4 test value), written lower-case.
 */
#include <dane/dane.hpp>

#include <iostream>
#include <string>

int main() {
  const std::string input = "3 1 1 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  const std::string want_record = "3 1 1 E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
  const std::string want_owner = "_25._tcp.mail.example.com.";
  try {
    const dane::Tlsa record = dane::Tlsa::parse(input);
    const std::string owner = dane::tlsa_owner_name("mail.example.com", 25);
    std::cout << record.to_string() << '\n' << owner << '\n';
    bool ok = true;
    if (record.to_string() != want_record) {
      std::cerr << "to_string: expected " << want_record << '\n';
      ok = false;
    }
    if (owner != want_owner) {
      std::cerr << "tlsa_owner_name: expected " << want_owner << '\n';
      ok = false;
    }
    return ok ? 0 : 1;
  } catch (const dane::Error& e) {
    std::cerr << "dane::Error: " << e.what() << '\n';
    return 1;
  }
}
