#include "deadlined/daemon/yaml_reader.hpp"

#include "deadlined/rules/timestamp.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace deadlined::daemon {

namespace {

// Configuration, packs and calendars are written by hand: far below this. A larger file, or
// a device such as /dev/zero named by mistake, would only exhaust memory.
constexpr std::uintmax_t largest_file = 8U * 1024U * 1024U;

}  // namespace

std::optional<YAML::Node> yaml_reader::load() {
  std::ifstream in{file_, std::ios::binary};
  const auto unreadable = [this](std::string why) {
    rules::diagnostic d;
    d.where.file = file_;
    d.message = "cannot read: " + std::move(why);
    out_.push_back(std::move(d));
    return std::nullopt;
  };
  if (!in) return unreadable(std::strerror(errno));
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file_, ec)) return unreadable("not a regular file");
  if (std::filesystem::file_size(file_, ec) > largest_file) return unreadable("larger than 8 MiB");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return YAML::Load(text.str());
  } catch (const YAML::ParserException& e) {
    out_.push_back({{file_, e.mark.line + 1, e.mark.column + 1}, "", "YAML syntax: " + e.msg});
    return std::nullopt;
  }
}

rules::source_position yaml_reader::where(const YAML::Node& node) const {
  // A key that is not there has no place (and yaml-cpp throws when asked for it).
  if (!node.IsDefined()) return {file_, 0, 0};
  const auto mark = node.Mark();
  if (mark.is_null()) return {file_, 0, 0};
  return {file_, mark.line + 1, mark.column + 1};
}

void yaml_reader::error(const YAML::Node& at, std::string_view path, std::string message) {
  error_at(where(at), path, std::move(message));
}

void yaml_reader::error_at(rules::source_position where, std::string_view path, std::string message) {
  out_.push_back({std::move(where), std::string{path}, std::move(message)});
}

std::string yaml_reader::join(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string{key};
  return std::string{path} + "." + std::string{key};
}

std::string yaml_reader::join(std::string_view path, std::size_t index) {
  return join(path, std::to_string(index));
}

bool yaml_reader::expect_map(const YAML::Node& node, std::string_view path) {
  if (node.IsMap()) return true;
  error(node, path, "expected a mapping of keys to values");
  return false;
}

bool yaml_reader::expect_sequence(const YAML::Node& node, std::string_view path) {
  if (node.IsSequence()) return true;
  error(node, path, "expected a list");
  return false;
}

void yaml_reader::fault(const YAML::Exception& e) {
  const rules::source_position at = e.mark.is_null()
                                        ? rules::source_position{file_, 0, 0}
                                        : rules::source_position{file_, e.mark.line + 1, e.mark.column + 1};
  error_at(at, "", "cannot be read here (" + e.msg + "); this is a fault in deadlined, please report it");
}

std::optional<std::string> yaml_reader::key(const YAML::Node& key, std::string_view path) {
  if (key.IsScalar()) return key.Scalar();
  error(key, path, "a key must be text, not a list, a map or null");
  return std::nullopt;
}

void yaml_reader::check_keys(const YAML::Node& map, std::string_view path,
                             std::initializer_list<std::string_view> allowed) {
  for (const auto& entry : map) {
    const auto key = this->key(entry.first, path);
    if (!key) continue;
    bool known = false;
    for (auto a : allowed)
      known = known || *key == a;
    if (known) continue;
    std::string expected;
    for (auto a : allowed)
      expected += (expected.empty() ? "" : ", ") + std::string{a};
    error(entry.first, join(path, *key), "unknown key \"" + *key + "\"; expected one of: " + expected);
  }
}

std::optional<std::string> yaml_reader::scalar(const YAML::Node& map, std::string_view path, std::string_view key,
                                               bool required) {
  const auto node = map[std::string{key}];
  if (!node) {
    if (required) error(map, join(path, key), "missing required key");
    return std::nullopt;
  }
  if (!node.IsScalar()) {
    error(node, join(path, key), "expected a single value");
    return std::nullopt;
  }
  return node.Scalar();
}

void yaml_reader::error_inside(const YAML::Node& node, std::string_view path, const rules::parse_error& e) {
  auto at = where(node);
  // A plain scalar starts at its mark; a quoted one has its quote there ("!" is yaml-cpp's tag
  // for quoted scalars).
  if (at.column > 0) at.column += e.column - 1 + (node.Tag() == "!" ? 1 : 0);
  error_at(at, path, e.message);
}

std::optional<long long> yaml_reader::whole_number(const YAML::Node& map, std::string_view path, std::string_view key,
                                                   long long minimum, std::string_view unit) {
  const auto text = scalar(map, path, key, false);
  if (!text) return std::nullopt;
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(*text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text->size() || value < minimum) {
    error(map[std::string{key}], join(path, key),
          "expected a whole number of " + std::string{unit} + " from " + std::to_string(minimum));
    return std::nullopt;
  }
  return value;
}

std::string path_relative_to(const std::string& file, const std::string& written) {
  const std::filesystem::path p{written};
  if (p.is_absolute()) return p.string();
  return (std::filesystem::path{file}.parent_path() / p).lexically_normal().string();
}

std::string yaml_reader::path_of(const std::string& written) const {
  return path_relative_to(file_, written);
}

std::optional<std::string> yaml_reader::secret(const YAML::Node& map, std::string_view path, std::string_view key,
                                               std::string_view file_key, bool required) {
  if (auto inline_secret = scalar(map, path, key, false)) return inline_secret;
  const auto file = scalar(map, path, file_key, false);
  if (!file) {
    if (required) error(map, join(path, key), "missing: give " + std::string{key} + " or " + std::string{file_key});
    return std::nullopt;
  }
  std::string resolved = path_of(*file);
  // NOLINTNEXTLINE(concurrency-mt-unsafe): configuration is read on one thread
  if (const char* credentials = std::getenv("CREDENTIALS_DIRECTORY");
      credentials != nullptr && file->find('/') == std::string::npos) {
    resolved = std::string{credentials} + "/" + *file;
  }
  std::ifstream in{resolved};
  std::string value;
  std::getline(in, value);
  if (!in && value.empty()) {
    error(map[std::string{file_key}], join(path, file_key), "cannot read " + resolved);
    return std::nullopt;
  }
  return value;
}

std::optional<bool> yaml_reader::boolean(const YAML::Node& map, std::string_view path, std::string_view key) {
  const auto text = scalar(map, path, key, false);
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  error(map[std::string{key}], join(path, key), "expected true or false");
  return std::nullopt;
}

std::optional<std::vector<std::string>> yaml_reader::string_list(const YAML::Node& map, std::string_view path,
                                                                 std::string_view key) {
  const auto node = map[std::string{key}];
  if (!node) return std::nullopt;
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  if (!expect_sequence(node, join(path, key))) return std::nullopt;
  for (std::size_t i = 0; i < node.size(); ++i) {
    if (!node[i].IsScalar()) {
      error(node[i], join(join(path, key), i), "expected a single value");
      continue;
    }
    out.push_back(node[i].Scalar());
  }
  return out;
}

std::optional<rules::civil_date> yaml_reader::date(const YAML::Node& map, std::string_view path, std::string_view key,
                                                   bool required) {
  const auto text = scalar(map, path, key, required);
  if (!text) return std::nullopt;
  auto parsed = rules::parse_date(*text);
  if (const auto* e = std::get_if<rules::parse_error>(&parsed)) {
    error_inside(map[std::string{key}], join(path, key), *e);
    return std::nullopt;
  }
  return std::get<rules::civil_date>(parsed);
}

}  // namespace deadlined::daemon
