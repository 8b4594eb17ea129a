#include "deadlined/daemon/column_state.hpp"

#include <algorithm>
#include <array>

#include "deadlined/daemon/store.hpp"

namespace deadlined::daemon {

namespace {

/// What portals print in a column without content.
constexpr std::array<std::string_view, 6> empty_column_phrases{"暂无信息", "暂无数据",     "暂无内容",
                                                               "暂无记录", "暂无相关信息", "没有相关信息"};

bool says_empty(std::string_view page) {
  for (const auto phrase : empty_column_phrases) {
    if (page.find(phrase) != std::string_view::npos) return true;
  }
  return false;
}

/// The external id of the blank episode still open (no `column.filled` names it), if any.
std::optional<std::string> open_episode(const std::map<std::string, rules::fact, std::less<>>& known) {
  std::optional<std::string> open;
  for (const auto& [id, f] : known) {
    if (f.type != column_blank_type) continue;
    const bool closed = std::any_of(known.begin(), known.end(), [&id](const auto& entry) {
      const auto* episode = entry.second.attr("episode");
      return entry.second.type == column_filled_type && episode != nullptr && *episode == id;
    });
    // The ids end in the UTC time the episode opened, so the greatest is the latest.
    if (!closed && (!open || id > *open)) open = id;
  }
  return open;
}

}  // namespace

column_fill column_fill_of(const extraction& extracted, std::string_view page_utf8, bool parse_problems) {
  if (!extracted.items.empty()) return column_fill::filled;
  if (parse_problems) return column_fill::unknown;
  // A feed that parsed is a list with nothing in it; HTML that is not a feed says nothing.
  const bool feed = extracted.method.starts_with("rss") || extracted.method.starts_with("atom");
  if (feed || says_empty(page_utf8)) return column_fill::blank;
  return column_fill::unknown;
}

std::optional<rules::fact> column_state_fact(const source_settings& source, column_fill fill, rules::instant at,
                                             const std::map<std::string, rules::fact, std::less<>>& known) {
  if (fill == column_fill::unknown) return std::nullopt;
  const auto open = open_episode(known);
  // Blank and already open, or filled with nothing open: nothing changes.
  if ((fill == column_fill::blank) == open.has_value()) return std::nullopt;
  rules::fact f;
  f.source = source.id;
  f.type = std::string{fill == column_fill::blank ? column_blank_type : column_filled_type};
  f.external_id = f.type + "@" + utc_text(at);
  f.unit = source.unit;
  f.subject = source.column.empty() ? source.url : source.column;
  f.time = rules::timestamp::at(at);
  f.observed_at = at;
  f.attrs["episode"] = open ? *open : f.external_id;
  f.attrs["source"] = source.id;
  f.attrs["url"] = source.url;
  if (!source.column.empty()) f.attrs["column"] = source.column;
  return f;
}

}  // namespace deadlined::daemon
