#include "deadlined/daemon/column_state.hpp"

#include <array>

namespace deadlined::daemon {

namespace {

/// What portals print in a column without content.
constexpr std::array<std::string_view, 7> empty_column_phrases{
    "暂无信息", "暂无数据", "暂无内容", "暂无记录", "暂无相关信息", "没有相关信息", "没有找到相关"};

bool says_empty(std::string_view page) {
  for (const auto phrase : empty_column_phrases) {
    if (page.find(phrase) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

column_fill column_fill_of(const extraction& extracted, const parser_spec& parser, std::string_view page_utf8) {
  if (!extracted.items.empty()) return column_fill::filled;
  // An empty feed is a list with nothing in it, whoever recognised it as a feed.
  const bool feed = extracted.method.starts_with("rss") || extracted.method.starts_with("atom");
  if (parser.how != parser_spec::kind::automatic || feed || says_empty(page_utf8)) return column_fill::blank;
  return column_fill::unknown;
}

std::optional<rules::fact> column_state_fact(const source_settings& source, column_fill fill, rules::instant at,
                                             const rules::fact* previous) {
  if (fill == column_fill::unknown) return std::nullopt;
  const auto type = fill == column_fill::blank ? column_blank_type : column_filled_type;
  // A column that was never blank needs no state; a state already recorded keeps its time.
  if (previous == nullptr && fill == column_fill::filled) return std::nullopt;
  if (previous != nullptr && previous->type == type) return std::nullopt;
  rules::fact f;
  f.source = source.id;
  f.external_id = std::string{column_state_id};
  f.type = std::string{type};
  f.unit = source.unit;
  f.subject = source.column.empty() ? source.url : source.column;
  f.time = rules::timestamp::at(at);
  f.observed_at = at;
  f.attrs["source"] = source.id;
  f.attrs["url"] = source.url;
  if (!source.column.empty()) f.attrs["column"] = source.column;
  return f;
}

}  // namespace deadlined::daemon
