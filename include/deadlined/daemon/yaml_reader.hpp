#pragma once
// Reading YAML into plain structs while keeping every value's place, so each problem is
// reported as `FILE:LINE:COL: dotted.path: message` and loading goes on to find the rest.

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "deadlined/rules/civil_time.hpp"
#include "deadlined/rules/diagnostic.hpp"
#include "deadlined/rules/parse_error.hpp"

namespace deadlined::daemon {

class yaml_reader {
 public:
  yaml_reader(std::string file, rules::diagnostics& out) : file_(std::move(file)), out_(out) {}

  const std::string& file() const { return file_; }
  /// Problems reported so far (all files), to tell whether a part added any.
  std::size_t problem_count() const { return out_.size(); }
  /// Parses the file; on a syntax error or unreadable file reports it and returns null.
  std::optional<YAML::Node> load();

  rules::source_position where(const YAML::Node& node) const;
  void error(const YAML::Node& at, std::string_view path, std::string message);
  void error_at(rules::source_position where, std::string_view path, std::string message);

  static std::string join(std::string_view path, std::string_view key);
  static std::string join(std::string_view path, std::size_t index);

  /// Reports a non-map (`what` names the expected content) and returns false.
  bool expect_map(const YAML::Node& node, std::string_view path);
  bool expect_sequence(const YAML::Node& node, std::string_view path);
  /// Reports an exception yaml-cpp threw past the checks above (a place the loader failed
  /// to check: a fault in deadlined), so one bad file cannot take the others down with it.
  void fault(const YAML::Exception& e);
  /// A map key as text; a key that is a list, a map or null is reported and gives nullopt.
  std::optional<std::string> key(const YAML::Node& key, std::string_view path);
  /// Reports every key of `map` that is not in `allowed`.
  void check_keys(const YAML::Node& map, std::string_view path, std::initializer_list<std::string_view> allowed);
  /// The scalar at `map[key]`; reports a missing required key or a non-scalar.
  std::optional<std::string> scalar(const YAML::Node& map, std::string_view path, std::string_view key, bool required);
  /// Reports a core parser's error at the character it names inside the scalar `node`.
  void error_inside(const YAML::Node& node, std::string_view path, const rules::parse_error& e);
  /// The date (YYYY-MM-DD) at `map[key]`; reports a missing required key or a bad date.
  std::optional<rules::civil_date> date(const YAML::Node& map, std::string_view path, std::string_view key,
                                        bool required);
  /// An optional whole number at `map[key]` from `minimum` on; `unit` names it in the error
  /// ("seconds" → "expected a whole number of seconds from 1").
  std::optional<long long> whole_number(const YAML::Node& map, std::string_view path, std::string_view key,
                                        long long minimum, std::string_view unit);
  /// A path written in this file: relative to the file's directory.
  std::string path_of(const std::string& written) const;
  /// A secret given inline (`key`) or in a file (`file_key`; a bare name is looked up in
  /// systemd's $CREDENTIALS_DIRECTORY first, else it is relative to this file); the first
  /// line of the file. Reports neither given when `required`. Never logged.
  std::optional<std::string> secret(const YAML::Node& map, std::string_view path, std::string_view key,
                                    std::string_view file_key, bool required);
  /// An optional true/false at `map[key]`.
  std::optional<bool> boolean(const YAML::Node& map, std::string_view path, std::string_view key);
  /// An optional list of single values (or one value) at `map[key]`.
  std::optional<std::vector<std::string>> string_list(const YAML::Node& map, std::string_view path,
                                                      std::string_view key);

 private:
  std::string file_;
  rules::diagnostics& out_;
};

/// A path written in `file`: relative to its directory unless absolute.
std::string path_relative_to(const std::string& file, const std::string& written);

}  // namespace deadlined::daemon
