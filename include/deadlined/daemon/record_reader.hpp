#pragma once
// Records as users submit them — JSON Lines or CSV (English headers, attrs.x columns, or
// the Chinese template), UTF-8 or GBK/GB18030 — read into uniform raw records. Nothing
// is checked here but the syntax; validation decides what a record means.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deadlined::daemon {

/// One record before validation; `where` names it in messages (`records.csv:88`).
struct raw_record {
  std::string where;
  int index = 0;                                ///< position in its batch, from 0 (for API answers)
  std::map<std::string, std::string> envelope;  ///< id, type, unit, time, subject as given
  std::map<std::string, std::string> attrs;     ///< values as text; lists joined by newlines
};

/// A record is a few lines of text and links to material, never the material itself: one
/// larger than this (a pasted document, a runaway export) is rejected on its own.
inline constexpr std::size_t largest_record = 1024 * 1024;

/// A record, or a line, that was not accepted.
struct rejection {
  std::string where;  ///< FILE:LINE, or empty for API records
  int index = 0;
  std::string field;  ///< id, type, unit, time, attrs.x, or `line` for syntax
  std::string reason;
};

struct record_batch {
  std::vector<raw_record> records;
  std::vector<rejection> rejected;  ///< lines that are not records at all
};

/// Decodes a records file: BOM, else valid UTF-8, else GB18030; or the named encoding
/// (utf-8, gbk, gb2312, gb18030). Returns nullopt for an unknown encoding name.
std::optional<std::string> decode_records(std::string_view bytes, std::string_view encoding);

/// Where a reader hands each record and each rejected line, as it reads: large files are
/// streamed, never held as a whole batch of records.
struct record_sink {
  std::function<void(raw_record&&)> record;
  std::function<void(rejection&&)> rejected;
};

/// JSON Lines: one object per line, `{"id","type","unit","time","subject"?,"attrs"}`.
void read_json_lines(std::string_view utf8, const std::string& file, const record_sink& sink);
/// CSV with a header row (RFC 4180 quoting; a quoted field may span lines).
void read_csv(std::string_view utf8, const std::string& file, const record_sink& sink);

record_batch read_json_lines(std::string_view utf8, const std::string& file);
record_batch read_csv(std::string_view utf8, const std::string& file);
/// A JSON array of such objects (the HTTP API's body).
record_batch read_json_array(std::string_view utf8);

}  // namespace deadlined::daemon
