/*
 * dane::sim survey: the domain sources, the worker threads and the in-order
 * merge (results leave in domain order whatever the number of workers).
 */
#include <algorithm>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "dane/dns/name.hpp"
#include "dane/error.hpp"
#include "survey_worker.hpp"

namespace dane::sim {

namespace {

class GeneratedSource final : public DomainSource {
 public:
  explicit GeneratedSource(std::uint64_t count) : count_(count) {}
  bool next(std::size_t max, std::uint64_t& first, std::vector<std::string>& names) override {
    names.clear();
    if (next_ >= count_) return false;
    first = next_;
    const std::uint64_t n = std::min<std::uint64_t>(max, count_ - next_);
    names.assign(static_cast<std::size_t>(n), std::string());
    next_ += n;
    return true;
  }

 private:
  std::uint64_t count_, next_ = 0;
};

class ListSource final : public DomainSource {
 public:
  ListSource(std::istream& in, std::string source) : in_(in), source_(std::move(source)) {}
  bool next(std::size_t max, std::uint64_t& first, std::vector<std::string>& names) override {
    names.clear();
    first = count_;
    std::string line;
    while (names.size() < max && read_line(line)) {
      ++line_no_;
      const auto b = line.find_first_not_of(" \t\r");
      if (b == std::string::npos || line[b] == '#') continue;
      const auto e = line.find_last_not_of(" \t\r");
      std::string name = line.substr(b, e - b + 1);
      if (name.size() > 1 && name.back() == '.') name.pop_back();
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      try {
        const dns::Name parsed = dns::Name::parse(name);
        if (parsed.is_root() || name.find_first_of(" \t") != std::string::npos) throw InputError("", "", "", "");
      } catch (const InputError&) {
        throw InputError(fmt::format("{}:{}", source_, line_no_), "domain", name, "is not a valid domain name");
      }
      if (count_ >= max_survey_domains) {
        throw InputError(source_, "domains", std::to_string(count_),
                         fmt::format("more than {} domains", max_survey_domains));
      }
      ++count_;
      names.push_back(std::move(name));
    }
    return !names.empty();
  }

 private:
  /// One line of at most max_domain_file_line octets; false at the end.
  bool read_line(std::string& line) {
    line.clear();
    char c = 0;
    bool any = false;
    while (in_.get(c)) {
      any = true;
      if (c == '\n') return true;
      if (line.size() >= max_domain_file_line) {
        throw InputError(fmt::format("{}:{}", source_, line_no_ + 1), "line", line.substr(0, 40) + "...",
                         fmt::format("is longer than {} octets", max_domain_file_line));
      }
      if (c == '\0') {
        throw InputError(fmt::format("{}:{}", source_, line_no_ + 1), "line", "", "contains a NUL octet");
      }
      line.push_back(c);
    }
    return any;
  }

  std::istream& in_;
  std::string source_;
  std::uint64_t count_ = 0, line_no_ = 0;
};

/// Accumulates results in domain order (deterministic for any number of workers).
class Merger {
 public:
  explicit Merger(SurveySummary& s, std::size_t operators) : s_(s), op_seen_(operators, false) {}
  void add(const DomainResult& r) {
    ++s_.domains;
    if (!r.session) return;
    ++s_.with_mx;
    if (r.tls_class != smtp::TlsLogClass::None) {
      ++s_.sessions_tls;
      s_.sessions.add(r.tls_class);
    }
    if (!r.tls_failure.empty()) ++s_.session_tls_failures;
    if (!r.dane_failure.empty()) ++s_.dane_failures;
    if (r.status == "sent") ++s_.delivered;
    else if (r.status == "bounced") ++s_.bounced;
    else ++s_.deferred;
    if (r.profile.is_signed) ++s_.signed_domains;
    if (r.profile.tlsa != TlsaKind::None) ++s_.tlsa_domains;
    // Distinct MX hosts: an operator's host counts once, at its first session.
    if (r.profile.operator_id) {
      const std::size_t id = *r.profile.operator_id;
      if (id >= op_seen_.size() || op_seen_[id]) return;
      op_seen_[id] = true;
    }
    ++s_.hosts;
    if (r.profile.host == HostTls::Plain) return;
    ++s_.hosts_tls;
    if (r.tls_class != smtp::TlsLogClass::None) s_.host_classes.add(r.tls_class);
    if (!r.tls_failure.empty()) ++s_.host_tls_failures;
  }

 private:
  SurveySummary& s_;
  std::vector<bool> op_seen_;
};

}  // namespace

void ClassCounts::add(smtp::TlsLogClass c) noexcept {
  switch (c) {
    case smtp::TlsLogClass::Anonymous: ++anonymous; break;
    case smtp::TlsLogClass::Untrusted: ++untrusted; break;
    case smtp::TlsLogClass::Trusted: ++trusted; break;
    case smtp::TlsLogClass::Verified: ++verified; break;
    case smtp::TlsLogClass::None: break;
  }
}

std::unique_ptr<DomainSource> generated_domains(std::uint64_t count) {
  if (count > max_survey_domains) {
    throw InputError("--domains", "count", std::to_string(count), fmt::format("is above {}", max_survey_domains));
  }
  return std::make_unique<GeneratedSource>(count);
}

std::unique_ptr<DomainSource> domain_list(std::istream& in, std::string source) {
  return std::make_unique<ListSource>(in, std::move(source));
}

SurveySummary run_survey(const SurveyOptions& options, DomainSource& source,
                         const std::function<void(const DomainResult&)>& on_result) {
  if (options.jobs < 1 || options.jobs > max_survey_jobs) {
    throw UsageError(fmt::format("survey jobs must be 1..{}, got {}", max_survey_jobs, options.jobs));
  }
  const std::size_t chunk = std::clamp<std::size_t>(options.chunk, 1, 65'536);
  const std::size_t window = options.jobs * 4;  // chunks in flight: bounds memory

  SurveySummary summary;
  summary.population = options.population.name;
  summary.seed = options.seed;
  Merger merger(summary, options.population.operators);

  std::mutex m;
  std::condition_variable cv;
  std::map<std::uint64_t, std::vector<DomainResult>> done;
  std::uint64_t next_take = 0, next_emit = 0;
  bool source_done = false;
  unsigned running = options.jobs;
  std::exception_ptr error;
  detail::SurveyWork work;

  auto worker_main = [&]() {
    try {
      detail::SurveyWorker w(options.population, options.seed);
      std::vector<std::string> names;
      for (;;) {
        std::uint64_t first = 0, no = 0;
        {
          std::unique_lock lock(m);
          cv.wait(lock, [&] { return source_done || error || next_take < next_emit + window; });
          if (source_done || error) break;
          if (!source.next(chunk, first, names)) {
            source_done = true;
            cv.notify_all();
            break;
          }
          no = next_take++;
        }
        std::vector<DomainResult> results;
        results.reserve(names.size());
        for (std::size_t i = 0; i < names.size(); ++i) {
          results.push_back(w.run(generate_domain(options.population, options.seed, first + i, names[i])));
        }
        std::lock_guard lock(m);
        done.emplace(no, std::move(results));
        cv.notify_all();
      }
      std::lock_guard lock(m);
      work.add(w.work());
    } catch (...) {
      std::lock_guard lock(m);
      if (!error) error = std::current_exception();
    }
    std::lock_guard lock(m);
    --running;
    cv.notify_all();
  };

  std::vector<std::thread> threads;
  for (unsigned j = 0; j < options.jobs; ++j) threads.emplace_back(worker_main);
  auto stop_and_join = [&] {
    {
      std::lock_guard lock(m);
      source_done = true;
      cv.notify_all();
    }
    for (auto& t : threads) t.join();
  };
  std::uint64_t emitted = 0;
  try {
  for (;;) {
    std::vector<DomainResult> batch;
    {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return done.count(next_emit) > 0 || running == 0 || error; });
      if (error) break;
      auto it = done.find(next_emit);
      if (it == done.end()) break;  // every worker finished and nothing is left
      batch = std::move(it->second);
      done.erase(it);
      ++next_emit;
      cv.notify_all();
    }
    for (const DomainResult& r : batch) {
      merger.add(r);
      if (on_result) on_result(r);
    }
    emitted += batch.size();
    if (options.progress) options.progress(emitted);
  }
  } catch (...) {
    stop_and_join();  // a failing callback: stop the workers before leaving
    throw;
  }
  stop_and_join();
  if (error) std::rethrow_exception(error);
  summary.handshakes = work.handshakes;
  summary.handshake_signatures = work.handshake_signatures;
  summary.pkix_validations = work.pkix_validations;
  summary.pkix_signatures = work.pkix_signatures;
  summary.dnssec_signatures = work.dnssec_signatures;
  summary.dns_worlds = work.dns_worlds;
  summary.cache_hits = work.cache_hits;
  summary.modelled = work.modelled;
  return summary;
}

}  // namespace dane::sim
