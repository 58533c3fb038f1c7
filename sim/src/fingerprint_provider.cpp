// Providers for fingerprinting: the spec syntax and the study's presets
// (smtp-dane-scenarios.md §1.4, the provider table).
#include <algorithm>
#include <string>
#include <vector>

#include "dane/error.hpp"
#include "dane/sim/fingerprint.hpp"
#include "dane/smtp/profiles.hpp"

namespace dane::sim {

namespace {

Provider preset(std::string name, std::string profile, ResolverKind kind, bool same_op, bool starttls,
                bool tlsa_pub) {
  Provider p;
  p.name = std::move(name);
  p.profile = std::move(profile);
  p.resolver = kind;
  p.same_operator = same_op;
  p.starttls = starttls;
  p.tlsa_published = tlsa_pub;
  return p;
}

bool parse_yes_no(std::string_view key, std::string_view value) {
  if (value == "yes" || value == "true") return true;
  if (value == "no" || value == "false") return false;
  throw InputError("provider spec", std::string(key), std::string(value), "must be yes or no");
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

const Provider* find_preset(std::string_view name) {
  const auto& all = provider_presets();
  const auto it = std::find_if(all.begin(), all.end(), [&](const Provider& p) { return p.name == name; });
  return it == all.end() ? nullptr : &*it;
}

Provider preset_or_throw(std::string_view key, std::string_view name) {
  if (const Provider* p = find_preset(name)) return *p;
  std::string known;
  for (const auto& p : provider_presets()) known += (known.empty() ? "" : ", ") + p.name;
  throw InputError("provider spec", std::string(key), std::string(name), "is not a preset (known: " + known + ")");
}

/// "a.b.c.d/len" with an IPv4 address and 8 <= len <= 30 (room for .25 and .53).
void check_network(std::string_view value) {
  const auto slash = value.find('/');
  const std::string addr(value.substr(0, slash));
  int dots = static_cast<int>(std::count(addr.begin(), addr.end(), '.'));
  const bool ok = slash != std::string_view::npos && dots == 3 && value.substr(slash + 1) == "24";
  if (!ok) throw InputError("provider spec", "network", std::string(value), "must be an IPv4 /24 such as 198.51.100.0/24");
}

}  // namespace

const std::vector<Provider>& provider_presets() {
  using K = ResolverKind;
  // Columns of the study's table that configure a provider: DO/DNSKEY/DS/Valid
  // come from the resolver kind, Same Op. from where it sits, STARTTLS from the
  // MTA, the DANE columns from the sender profile; TLSA Pub. is a fact.
  static const std::vector<Provider> presets = [] {
    std::vector<Provider> v;
    v.push_back(preset("mail.com", "legacy-usage1-as-3", K::Validating, true, true, true));
    v.push_back(preset("comcast.net", "postfix-dane", K::Validating, true, true, true));
    v.push_back(preset("gmx.com", "postfix-dane", K::Validating, true, true, true));
    v.push_back(preset("tutanota.com", "legacy-usage1-as-3", K::Validating, false, true, true));
    v.push_back(preset("mynet.com", "postfix-may", K::CdSetting, false, true, false));
    v.push_back(preset("sapo.pt", "postfix-may", K::CdSetting, false, true, false));
    v.push_back(preset("sina.com", "postfix-may", K::CdSetting, false, false, false));
    v.push_back(preset("protonmail.com", "postfix-may", K::DoNoValidate, false, true, true));
    for (const char* n : {"aol.com", "fastmail.com", "mail.ru", "naver.com", "rediffmail.com", "yahoo.com",
                          "daum.net", "interia.pl", "inbox.lv", "icloud.com", "seznam.cz"})
      v.push_back(preset(n, "postfix-may", K::DoNoValidate, true, true, false));
    for (const char* n : {"freemail.hu", "zoho.in", "runbox.com"})
      v.push_back(preset(n, "postfix-may", K::DoNoValidate, false, true, false));
    for (const char* n : {"o2.pl", "wp.pl", "t-online.de"})
      v.push_back(preset(n, "postfix-may", K::DoNoValidate, true, false, false));
    v.push_back(preset("sohu.com", "postfix-may", K::DoNoValidate, false, false, false));
    v.push_back(preset("excite.com", "postfix-may", K::NoDo, true, false, false));
    v.push_back(preset("gmail.com", "postfix-may", K::NoDo, true, true, false));
    v.push_back(preset("outlook.com", "postfix-may", K::NoDo, true, true, false));
    return v;
  }();
  return presets;
}

Provider parse_provider(std::string_view spec) {
  if (spec.size() > max_provider_spec)
    throw InputError("provider spec", "length", std::to_string(spec.size()), "exceeds " + std::to_string(max_provider_spec) + " characters");
  spec = trim(spec);
  if (spec.empty()) throw InputError("provider spec", "spec", "", "is empty");
  if (spec.find('=') == std::string_view::npos) return preset_or_throw("preset", spec);

  Provider p;
  bool named = false;
  std::size_t pos = 0;
  std::size_t pairs = 0;
  while (pos <= spec.size()) {
    const std::size_t comma = std::min(spec.find(',', pos), spec.size());
    const std::string_view item = trim(spec.substr(pos, comma - pos));
    pos = comma + 1;
    if (++pairs > 16) throw InputError("provider spec", "spec", std::string(spec), "has more than 16 key=value pairs");
    const auto eq = item.find('=');
    if (eq == std::string_view::npos)
      throw InputError("provider spec", "item", std::string(item), "is not key=value");
    const std::string key(trim(item.substr(0, eq)));
    const std::string value(trim(item.substr(eq + 1)));
    if (key == "preset") {
      const std::string keep = p.name;
      p = preset_or_throw(key, value);
      if (named) p.name = keep;
    } else if (key == "name") {
      if (value.empty()) throw InputError("provider spec", key, value, "is empty");
      p.name = value;
      named = true;
    } else if (key == "profile") {
      p.profile = smtp::profile(value).name;  // throws InputError listing the profiles
    } else if (key == "resolver") {
      p.resolver = resolver_kind_from_string(value);
    } else if (key == "same-operator") {
      p.same_operator = parse_yes_no(key, value);
    } else if (key == "starttls") {
      p.starttls = parse_yes_no(key, value);
    } else if (key == "tlsa-published") {
      p.tlsa_published = parse_yes_no(key, value);
    } else if (key == "network") {
      check_network(value);
      p.network = value;
    } else {
      throw InputError("provider spec", "key", key,
                       "is unknown (keys: name, preset, profile, resolver, same-operator, starttls, tlsa-published, network)");
    }
  }
  return p;
}

std::string to_spec(const Provider& p) {
  auto yn = [](bool b) { return b ? "yes" : "no"; };
  return "name=" + p.name + ",profile=" + p.profile + ",resolver=" + std::string(to_string(p.resolver)) +
         ",same-operator=" + yn(p.same_operator) + ",starttls=" + yn(p.starttls) +
         ",tlsa-published=" + yn(p.tlsa_published) + ",network=" + p.network;
}

}  // namespace dane::sim
