// The replay corpora as a ctest: runs every FILE.rpl of a folder whose name
// starts with a prefix, and checks the failures against a list of known
// differences ("file<TAB>reason" per line, '#' comments).
//   dane_replay_check --dir D --prefix val_ --known LIST --min-pass N
// Exit 0: the failures are exactly the listed ones and at least N passed;
// 1 otherwise (the differences are printed); 77 when D does not exist; 2 for
// bad arguments or an unreadable list.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dane/sim/replay.hpp"

namespace fs = std::filesystem;
using dane::sim::replay::FileResult;

int main(int argc, char** argv) {
  std::string dir, prefix, known_path;
  std::size_t min_pass = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--dir") dir = v;
    else if (k == "--prefix") prefix = v;
    else if (k == "--known") known_path = v;
    else if (k == "--min-pass") min_pass = static_cast<std::size_t>(std::stoul(v));
    else {
      std::cerr << "unknown argument " << k << '\n';
      return 2;
    }
  }
  if (dir.empty() || !fs::is_directory(dir)) {
    std::cout << "skipped: the replay corpus " << dir << " does not exist (set DANE_SHARED_DIR)\n";
    return 77;
  }
  std::map<std::string, std::string> known;
  if (!known_path.empty()) {
    std::ifstream f(known_path);
    if (!f) {
      std::cerr << "cannot read " << known_path << '\n';
      return 2;
    }
    for (std::string line; std::getline(f, line);) {
      if (line.empty() || line[0] == '#') continue;
      const auto tab = line.find('\t');
      known[line.substr(0, tab)] = tab == std::string::npos ? "" : line.substr(tab + 1);
    }
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".rpl" && e.path().filename().string().starts_with(prefix)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::size_t pass = 0, skipped = 0;
  std::vector<std::string> problems;
  for (const auto& p : files) {
    const std::string name = p.filename().string();
    const FileResult r = dane::sim::replay::run_file(p.string());
    const bool listed = known.contains(name);
    switch (r.status) {
      case FileResult::Status::Pass:
        ++pass;
        if (listed)
          problems.push_back(fmt::format("{} passes now: remove it from the known list", name));
        break;
      case FileResult::Status::Skipped:
        ++skipped;
        std::cout << fmt::format("skipped {}: {}\n", name, r.detail);
        break;
      default:
        if (!listed) problems.push_back(fmt::format("{} {}: {}", name, dane::sim::replay::to_string(r.status), r.detail));
        else std::cout << fmt::format("known   {}: {}\n", name, known[name]);
    }
  }
  std::cout << fmt::format("{} of {} files passed, {} skipped, {} known differences\n", pass, files.size(), skipped,
                           known.size());
  if (pass < min_pass) problems.push_back(fmt::format("only {} files passed; at least {} must", pass, min_pass));
  for (const auto& p : problems) std::cout << "PROBLEM " << p << "\n\n";
  return problems.empty() ? 0 : 1;
}
