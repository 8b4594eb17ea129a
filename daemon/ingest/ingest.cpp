#include "deadlined/daemon/ingest.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <fstream>

#include "deadlined/daemon/charset.hpp"

#include "deadlined/rules/evaluation.hpp"

namespace deadlined::daemon {

namespace {

const RE2& dotted_type() {
  static const RE2 re{R"([a-z][a-z0-9_]*(\.[a-z0-9_]+)+)"};
  return re;
}

// Excel's date forms: 2019/9/27, 2019-9-27, 2019.9.27, 2019年9月27日, each with an optional time.
const RE2& excel_date() {
  static const RE2 re{
      R"(\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*)"};
  return re;
}

std::string two(const std::string& digits) {
  return digits.size() == 1 ? "0" + digits : digits;
}

}  // namespace

std::string ingest_report::summary() const {
  return "imported " + std::to_string(imported) + " duplicate " + std::to_string(duplicate) + " revised " +
         std::to_string(revised) + " rejected " + std::to_string(rejected.size());
}

void ingest_report::add(const ingest_report& other) {
  imported += other.imported;
  duplicate += other.duplicate;
  revised += other.revised;
  rejected.insert(rejected.end(), other.rejected.begin(), other.rejected.end());
}

std::variant<rules::timestamp, std::string> parse_record_time(std::string_view text, const rules::zone_offsets& zone) {
  auto iso = rules::parse_timestamp(text, zone);
  if (auto* ts = std::get_if<rules::timestamp>(&iso)) return *ts;
  std::string y, m, d, hh, mm, ss;
  if (!RE2::FullMatch(re2::StringPiece{text.data(), text.size()}, excel_date(), &y, &m, &d, &hh, &mm, &ss)) {
    // Shaped like YYYY-MM-DD: the core's reason says what is wrong with it.
    const bool iso_shaped = text.size() >= 5 && text[4] == '-';
    return iso_shaped ? "not a date: " + std::get<rules::parse_error>(iso).message : std::string{"not a date"};
  }
  std::string normal = y + "-" + two(m) + "-" + two(d);
  if (!hh.empty()) normal += "T" + two(hh) + ":" + mm + (ss.empty() ? "" : ":" + ss);
  auto parsed = rules::parse_timestamp(normal, zone);
  if (auto* ts = std::get_if<rules::timestamp>(&parsed)) return *ts;
  return "not a date: " + std::get<rules::parse_error>(parsed).message;
}

std::optional<rules::fact> validate_record(const raw_record& record, const config_snapshot& config,
                                           std::vector<rejection>& rejected) {
  auto reject = [&](std::string field, std::string reason) {
    rejected.push_back({record.where, record.index, std::move(field), std::move(reason)});
    return std::nullopt;
  };
  auto field = [&record](const char* name) -> std::string {
    const auto it = record.envelope.find(name);
    return it == record.envelope.end() ? std::string{} : it->second;
  };
  const auto id = field("id");
  if (id.empty()) return reject("id", "missing");
  const auto type = field("type");
  if (type.empty()) return reject("type", "missing");
  if (!RE2::FullMatch(type, dotted_type())) {
    return reject("type", "not a dotted name such as document.published: \"" + type + "\"");
  }
  const auto unit_name = field("unit");
  if (unit_name.empty()) return reject("unit", "missing");
  const auto* unit = config.units.find(unit_name);
  if (unit == nullptr) return reject("unit", "unknown unit \"" + unit_name + "\"");
  const auto time_text = field("time");
  if (time_text.empty()) return reject("time", "missing");
  const auto parsed_time = parse_record_time(time_text, config.calendar.zone());
  if (const auto* why = std::get_if<std::string>(&parsed_time)) return reject("time", *why);
  const auto* time = &std::get<rules::timestamp>(parsed_time);

  if (const auto it = config.rules.required_attributes.find(type); it != config.rules.required_attributes.end()) {
    for (const auto& name : it->second) {
      const auto attr = record.attrs.find(name);
      if (attr == record.attrs.end() || attr->second.empty()) {
        return reject("attrs." + name, "missing (required for " + type + ")");
      }
    }
  }
  if (type.starts_with("waiver.") && record.attrs.find("obligation") == record.attrs.end()) {
    return reject("attrs.obligation", "missing (the id of the obligation the waiver is for)");
  }

  rules::fact f;
  f.source = record_source;
  f.external_id = id;
  f.id = f.source + "/" + id;
  f.type = type;
  f.unit = unit->name;
  f.subject = field("subject");
  f.time = *time;
  for (const auto& [k, v] : record.attrs)
    f.attrs[k] = v;
  return f;
}

namespace {

/// Validates and stores records one at a time inside the caller's transaction.
class record_writer {
 public:
  record_writer(ingest_report& report, const config_snapshot& config, store& db, const std::string& via,
                rules::instant now)
      : report_(report), config_(config), db_(db), via_(via), now_(now) {}

  void operator()(raw_record&& record) {
    auto f = validate_record(record, config_, report_.rejected);
    if (!f) return;
    f->observed_at = now_;
    switch (db_.put_fact(*f, via_, now_)) {
      case fact_outcome::imported:
        ++report_.imported;
        break;
      case fact_outcome::duplicate:
        ++report_.duplicate;
        break;
      case fact_outcome::revised:
        ++report_.revised;
        break;
    }
  }

 private:
  ingest_report& report_;
  const config_snapshot& config_;
  store& db_;
  const std::string& via_;
  rules::instant now_;
};

void finish(ingest_report& report, store& db, const std::string& via, rules::instant now) {
  db.audit(now, via, "import", via, report.summary());
  std::stable_sort(report.rejected.begin(), report.rejected.end(),
                   [](const rejection& a, const rejection& b) { return a.index < b.index; });
}

std::string read_whole_file(const std::string& path, bool& ok) {
  std::ifstream in{path, std::ios::binary | std::ios::ate};
  ok = static_cast<bool>(in);
  if (!ok) return {};
  std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

}  // namespace

ingest_report ingest(const record_batch& batch, const config_snapshot& config, store& db, const std::string& via,
                     rules::instant now) {
  ingest_report report;
  report.rejected = batch.rejected;
  store::transaction tx{db};
  record_writer write{report, config, db, via, now};
  for (const auto& record : batch.records)
    write(raw_record{record});
  finish(report, db, via, now);
  tx.commit();
  return report;
}

ingest_report import_file(const std::string& path, const std::string& encoding, const config_snapshot& config,
                          store& db, const std::string& via, rules::instant now) {
  ingest_report report;
  bool readable = false;
  std::string bytes = read_whole_file(path, readable);
  if (!readable) {
    report.rejected.push_back({path, 0, "file", "cannot read"});
    return report;
  }
  // Valid UTF-8 without a BOM (the common case) is used as it is, without a copy.
  const bool plain_utf8 =
      (encoding == "auto" || encoding.empty()) && !bytes.starts_with("\xEF\xBB\xBF") && is_valid_utf8(bytes);
  std::optional<std::string> decoded;
  if (!plain_utf8) {
    decoded = decode_records(bytes, encoding);
    if (!decoded) {
      report.rejected.push_back(
          {path, 0, "encoding", "unknown encoding \"" + encoding + "\"; expected utf-8, gbk or gb18030"});
      return report;
    }
  }
  const std::string_view text = plain_utf8 ? std::string_view{bytes} : std::string_view{*decoded};
  const bool csv = path.ends_with(".csv") || path.ends_with(".CSV");

  // One file is one transaction: a crash leaves all of it or none.
  store::transaction tx{db};
  const record_sink sink{record_writer{report, config, db, via, now},
                         [&report](rejection&& r) { report.rejected.push_back(std::move(r)); }};
  if (csv) {
    read_csv(text, path, sink);
  } else {
    read_json_lines(text, path, sink);
  }
  finish(report, db, via, now);
  tx.commit();
  return report;
}

}  // namespace deadlined::daemon
