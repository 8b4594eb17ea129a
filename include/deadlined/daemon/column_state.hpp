#pragma once
// Blank columns (国办秘函〔2019〕19号: ≥ 5 blank columns is a veto): each polled column keeps
// one state fact, `column.blank` while a successful fetch lists nothing and `column.filled`
// once it lists something again — a revision of the same fact, so its history is kept.

#include <optional>
#include <string_view>

#include "deadlined/daemon/extracted_item.hpp"
#include "deadlined/daemon/page_parser.hpp"
#include "deadlined/daemon/source_settings.hpp"
#include "deadlined/rules/fact.hpp"

namespace deadlined::daemon {

inline constexpr std::string_view column_blank_type = "column.blank";
inline constexpr std::string_view column_filled_type = "column.filled";
/// The state fact's external id (one per source).
inline constexpr std::string_view column_state_id = "column-state";

enum class column_fill { blank, filled, unknown };

/// What a successfully fetched page says of its column. A feed or a selector list with no
/// item is blank; automatic detection finding no list is blank only when the page says so
/// (暂无信息, 暂无数据 …): it may as well be a layout the detector does not know.
column_fill column_fill_of(const extraction& extracted, const parser_spec& parser, std::string_view page_utf8);

/// The state fact to store for `fill` (none when nothing changes: the column was never
/// blank, or the state is the one `previous` already records, or the fill is unknown).
std::optional<rules::fact> column_state_fact(const source_settings& source, column_fill fill, rules::instant at,
                                             const rules::fact* previous);

}  // namespace deadlined::daemon
