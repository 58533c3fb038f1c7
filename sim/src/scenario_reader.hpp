/*
 * dane::sim (internal): reading the delivery sections of a scenario with
 * yaml-cpp; every failure is an InputError naming the file and the path.
 */
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "dane/error.hpp"

namespace dane::sim::detail {

/// The file being read; every error names it and the path of the entry.
struct ScenarioReader {
  std::string source;

  /// @throws InputError(source, path, value, problem).
  [[noreturn]] void fail(const std::string& path, const std::string& value, const std::string& problem) const {
    throw InputError(source, path, value, problem);
  }

  static std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }
  static std::string index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

  /// Fails on a key outside allowed (node must be a map).
  void check_keys(const YAML::Node& node, const std::string& path, std::initializer_list<std::string_view> allowed) const {
    if (!node.IsMap()) fail(path, "", "must be a map");
    for (const auto& kv : node) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
      bool known = false;
      for (auto a : allowed) known = known || a == key;
      if (!known) fail(join(path, key), "", "unknown key");
    }
  }

  /// The text of a scalar node.
  std::string scalar(const YAML::Node& node, const std::string& path) const {
    if (!node.IsScalar()) fail(path, "", "must be a scalar");
    return node.Scalar();
  }

  /// true / false.
  bool boolean(const YAML::Node& node, const std::string& path) const {
    const std::string text = scalar(node, path);
    try {
      return node.as<bool>();
    } catch (const YAML::Exception&) {
      fail(path, text, "is not true or false");
    }
  }

  /// A sequence node with at most max entries.
  const YAML::Node& sequence(const YAML::Node& node, const std::string& path, std::size_t max) const {
    if (!node.IsSequence()) fail(path, "", "must be a list");
    if (node.size() > max) fail(path, "", "has more than " + std::to_string(max) + " entries");
    return node;
  }

  /// A map node with at most max entries.
  const YAML::Node& map(const YAML::Node& node, const std::string& path, std::size_t max) const {
    if (!node.IsMap()) fail(path, "", "must be a map");
    if (node.size() > max) fail(path, "", "has more than " + std::to_string(max) + " entries");
    return node;
  }

  /// A reserved section's YAML text parsed back into a node.
  YAML::Node load(const std::string& text, const std::string& path) const {
    try {
      return YAML::Load(text);
    } catch (const YAML::Exception& e) {
      fail(path, "", "is not valid YAML: " + e.msg);
    }
  }
};

}  // namespace dane::sim::detail
