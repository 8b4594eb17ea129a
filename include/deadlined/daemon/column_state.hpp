#pragma once
// Blank columns (国办秘函〔2019〕19号: ≥ 5 blank columns is a veto). Each time a polled column
// is found blank a `column.blank` fact opens an episode; when items appear again a
// `column.filled` fact closes it. Both carry `episode` (the opening fact's external id), so
// the rule `column-blank` ties them like a trigger and its follow-up, and a column blank
// again later is a new episode with its own obligation.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "deadlined/daemon/extracted_item.hpp"
#include "deadlined/daemon/page_parser.hpp"
#include "deadlined/daemon/source_settings.hpp"
#include "deadlined/rules/fact.hpp"

namespace deadlined::daemon {

inline constexpr std::string_view column_blank_type = "column.blank";
inline constexpr std::string_view column_filled_type = "column.filled";

enum class column_fill { blank, filled, unknown };

/// What a successfully fetched page says of its column. A valid feed with no entry is
/// blank; a list page is blank only when it says so (暂无信息, 暂无数据 …): a selector list
/// without rows or a page the detector finds no list on may as well be a redesign, and a
/// parse that reported problems says nothing.
column_fill column_fill_of(const extraction& extracted, std::string_view page_utf8, bool parse_problems);

/// The fact to store for `fill`, given the source's stored facts by external id: a
/// `column.blank` opening an episode when none is open, a `column.filled` closing the open
/// one; none when nothing changes.
std::optional<rules::fact> column_state_fact(const source_settings& source, column_fill fill, rules::instant at,
                                             const std::map<std::string, rules::fact, std::less<>>& known);

}  // namespace deadlined::daemon
