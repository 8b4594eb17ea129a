#include "deadlined/daemon/record_reader.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include "chinese_template.hpp"
#include "deadlined/daemon/charset.hpp"

namespace deadlined::daemon {

namespace {

namespace json = boost::json;

constexpr std::string_view envelope_fields[] = {"id", "type", "unit", "time", "subject"};

bool is_envelope(std::string_view name) {
  for (auto f : envelope_fields) {
    if (f == name) return true;
  }
  return false;
}

std::string scalar_text(const json::value& v) {
  if (v.is_string()) return std::string{v.as_string()};
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_array()) {
    // A list of strings (links) is its items, one per line; anything else stays JSON.
    std::string joined;
    for (const auto& item : v.as_array()) {
      if (!item.is_string()) return json::serialize(v);
      if (!joined.empty()) joined += "\n";
      joined += item.as_string();
    }
    return joined;
  }
  return json::serialize(v);
}

/// One JSON object as a record; problems are rejections of that record.
std::optional<raw_record> read_object(const json::value& value, raw_record record, std::vector<rejection>& rejected) {
  if (!value.is_object()) {
    rejected.push_back({record.where, record.index, "record", "expected a JSON object"});
    return std::nullopt;
  }
  for (const auto& [key, v] : value.as_object()) {
    const std::string name{key};
    if (is_envelope(name)) {
      if (!v.is_string()) {
        rejected.push_back({record.where, record.index, name, "expected a string"});
        return std::nullopt;
      }
      record.envelope[name] = std::string{v.as_string()};
    } else if (name == "attrs") {
      if (!v.is_object()) {
        rejected.push_back({record.where, record.index, "attrs", "expected an object"});
        return std::nullopt;
      }
      for (const auto& [attr, attr_value] : v.as_object()) {
        if (attr_value.is_null()) continue;
        record.attrs[std::string{attr}] = scalar_text(attr_value);
      }
    } else {
      rejected.push_back({record.where, record.index, name, "unknown field; attributes go inside \"attrs\""});
      return std::nullopt;
    }
  }
  return record;
}

/// RFC 4180 fields of one record starting at `pos`; advances `pos` and `line`.
std::vector<std::string> csv_record(std::string_view text, std::size_t& pos, int& line) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c == '"') {
        if (pos < text.size() && text[pos] == '"') {
          field.push_back('"');
          ++pos;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      ++line;
      break;
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  fields.push_back(std::move(field));
  return fields;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return std::string{s};
}

}  // namespace

std::optional<std::string> decode_records(std::string_view bytes, std::string_view encoding) {
  if (encoding.empty() || encoding == "auto") {
    if (bytes.starts_with("\xEF\xBB\xBF")) return std::string{bytes.substr(3)};
    if (is_valid_utf8(bytes)) return std::string{bytes};
    return decode_page(bytes, "text/plain; charset=gb18030").utf8;
  }
  if (encoding == "utf-8" || encoding == "utf8") {
    return std::string{bytes.starts_with("\xEF\xBB\xBF") ? bytes.substr(3) : bytes};
  }
  if (encoding == "gbk" || encoding == "gb2312" || encoding == "gb18030") {
    return decode_page(bytes, "text/plain; charset=gb18030").utf8;
  }
  return std::nullopt;
}

namespace {

std::string too_large(std::size_t bytes) {
  return "record of " + fmt::format("{:.1f}", static_cast<double>(bytes) / (1024.0 * 1024.0)) +
         " MiB; at most 1 MiB is taken (link to large material instead of pasting it)";
}

}  // namespace

void read_json_lines(std::string_view utf8, const std::string& file, const record_sink& sink) {
  int line = 0;
  int index = 0;
  std::size_t start = 0;
  std::vector<rejection> rejected;
  while (start < utf8.size()) {
    const auto end = std::min(utf8.find('\n', start), utf8.size());
    ++line;
    auto text = utf8.substr(start, end - start);
    start = end + 1;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (trim(text).empty()) continue;
    raw_record record;
    record.where = file + ":" + std::to_string(line);
    record.index = index++;
    if (text.size() > largest_record) {
      sink.rejected({record.where, record.index, "line", too_large(text.size())});
      continue;
    }
    boost::system::error_code ec;
    const auto value = json::parse(json::string_view{text.data(), text.size()}, ec);
    if (ec) {
      sink.rejected({record.where, record.index, "line", "not valid JSON (" + ec.message() + ")"});
      continue;
    }
    if (auto r = read_object(value, std::move(record), rejected)) sink.record(std::move(*r));
    for (auto& x : rejected)
      sink.rejected(std::move(x));
    rejected.clear();
  }
}

record_batch read_json_lines(std::string_view utf8, const std::string& file) {
  record_batch batch;
  read_json_lines(utf8, file,
                  {[&batch](raw_record&& r) { batch.records.push_back(std::move(r)); },
                   [&batch](rejection&& r) { batch.rejected.push_back(std::move(r)); }});
  return batch;
}

record_batch read_json_array(std::string_view utf8) {
  record_batch batch;
  boost::system::error_code ec;
  const auto value = json::parse(json::string_view{utf8.data(), utf8.size()}, ec);
  if (ec || !value.is_array()) {
    batch.rejected.push_back(
        {"", 0, "body", ec ? "not valid JSON (" + ec.message() + ")" : "expected a JSON array of records"});
    return batch;
  }
  int index = 0;
  for (const auto& item : value.as_array()) {
    raw_record record;
    record.index = index++;
    // Only a body over the limit can hold a record over it: smaller bodies skip the measuring.
    if (const auto size = utf8.size() > largest_record ? json::serialize(item).size() : 0; size > largest_record) {
      batch.rejected.push_back({"", record.index, "record", too_large(size)});
      continue;
    }
    if (auto r = read_object(item, std::move(record), batch.rejected)) batch.records.push_back(std::move(*r));
  }
  return batch;
}

void read_csv(std::string_view utf8, const std::string& file, const record_sink& sink) {
  int index = 0;
  std::size_t pos = 0;
  int line = 1;
  const auto header = csv_record(utf8, pos, line);
  std::vector<std::string> columns;
  for (const auto& raw : header) {
    const auto name = trim(raw);
    if (name.starts_with("attrs.") || is_envelope(name)) {
      columns.push_back(name);
    } else if (auto mapped = detail::template_column(name)) {
      columns.push_back(*mapped);
    } else {
      // An extra column (序号, 备注 …) is kept as an attribute of the same name.
      columns.push_back("attrs." + name);
    }
  }
  while (pos < utf8.size()) {
    const int first_line = line;
    const auto first_byte = pos;
    const auto fields = csv_record(utf8, pos, line);
    bool blank = true;
    for (const auto& f : fields)
      blank = blank && trim(f).empty();
    if (blank) continue;
    raw_record record;
    record.where = file + ":" + std::to_string(first_line);
    record.index = index++;
    if (pos - first_byte > largest_record) {
      sink.rejected({record.where, record.index, "line", too_large(pos - first_byte)});
      continue;
    }
    if (fields.size() > columns.size()) {
      sink.rejected(
          {record.where, record.index, "line",
           "has " + std::to_string(fields.size()) + " fields, the header has " + std::to_string(columns.size())});
      continue;
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const auto value = trim(fields[i]);
      if (value.empty()) continue;
      const auto& column = columns[i];
      if (column.starts_with("attrs.")) {
        record.attrs[column.substr(6)] = detail::template_value(column, value);
      } else {
        record.envelope[column] = column == "type" ? detail::template_type(value) : value;
        // The template's 标题 is both the subject and the title attribute rules match on.
        if (column == "subject" && record.attrs.find("title") == record.attrs.end()) record.attrs["title"] = value;
      }
    }
    sink.record(std::move(record));
  }
}

record_batch read_csv(std::string_view utf8, const std::string& file) {
  record_batch batch;
  read_csv(utf8, file,
           {[&batch](raw_record&& r) { batch.records.push_back(std::move(r)); },
            [&batch](rejection&& r) { batch.rejected.push_back(std::move(r)); }});
  return batch;
}

}  // namespace deadlined::daemon
