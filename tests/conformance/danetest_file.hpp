/*
 * Reader for OpenSSL's DANE test vector format (test/danetest.in,
 * test/dane-cross.in), following the parser in OpenSSL's test/danetest.c.
 *
 *   file   := { blank | comment | case }      comments/blanks only where a header is expected
 *   case   := header TLSA{ntlsa} CERT{ncert}
 *   header := "<ntlsa> <ncert> <nonamechecks> <want_err> <want_depth>"
 *   TLSA   := exactly the next ntlsa lines, "<usage> <selector> <mtype> <hex>"
 *   CERT   := a PEM CERTIFICATE block; any text before BEGIN is skipped as
 *             junk (like PEM_read_bio). Cases 43-46 rely on that: their
 *             header says ntlsa=1 but a second TLSA-looking line follows,
 *             which OpenSSL never reads as a record.
 *
 * Every problem is reported with the line it was found on; parsing goes on
 * with the next case so that one run shows all of them.
 */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dane/cert.hpp"
#include "dane/tlsa.hpp"

namespace conformance {

/// One test case of a danetest file.
struct DanetestCase {
  int number = 0;               ///< 1-based position in the file (OpenSSL's test number)
  std::size_t line = 0;         ///< line of the header
  int ntlsa = 0;                ///< header field 1
  int ncert = 0;                ///< header field 2
  bool nonamechecks = false;    ///< header field 3: DANE_FLAG_NO_DANE_EE_NAMECHECKS
  int want_err = 0;             ///< header field 4: expected X509_V_ERR_* value
  int want_depth = -1;          ///< header field 5: expected SSL_get0_dane_authority() depth
  std::vector<dane::Tlsa> tlsa; ///< the ntlsa records, in file order
  std::vector<std::size_t> tlsa_lines;  ///< line of each record
  dane::Chain chain;            ///< the ncert certificates, leaf first
  /// Non-blank lines skipped as junk before a PEM block that start like a
  /// TLSA record (e.g. the ignored second records of cases 43-46).
  std::vector<std::size_t> ignored_record_lines;
  bool complete = false;        ///< false when a problem was found inside this case
};

/// A problem found in a file, with its line (0 when it concerns the whole file).
struct ParseProblem {
  std::size_t line = 0;
  std::string message;
};

/// The parsed content of one danetest file.
struct DanetestFile {
  std::string name;                    ///< as given to parse_danetest, used in messages
  /// Every case, in order; a case with a problem (even in its header) is
  /// kept with complete == false, so later cases keep OpenSSL's numbers.
  std::vector<DanetestCase> cases;
  std::vector<ParseProblem> problems;  ///< empty when the file is well-formed
};

/**
 * Parses the text of a danetest file.
 * @param text the whole file
 * @param name names the file in certificate error messages ("danetest.in")
 * Never throws for bad content: every problem goes into DanetestFile::problems.
 */
DanetestFile parse_danetest(std::string_view text, std::string_view name);

/// "name:line: message" (or "name: message" for line 0).
std::string describe(const DanetestFile& file, const ParseProblem& problem);

}  // namespace conformance
