#pragma once
// Internal: shards of a rule that ties facts by links or titles (or by several attributes):
// facts sharing a token — an attribute value, a page address, a document's title, a title
// quoted in 《…》 that the document's title ends with — are in one shard, and shards
// merge as facts join them (union–find over shard names).

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "deadlined/rules/fact.hpp"
#include "deadlined/rules/rule.hpp"

namespace deadlined::rules::detail {

class linked_shards {
 public:
  explicit linked_shards(std::vector<correlation> methods) : methods_(std::move(methods)) {}

  struct placement {
    std::string shard;                  ///< where the fact now is
    std::vector<std::string> absorbed;  ///< shards merged into it, gone from now on
  };
  /// Puts `f` in the shard of the facts it shares a token with (merging those shards), or
  /// a new one. A fact placed again (a revision) stays joined to its old shard too.
  placement place(const fact& f);
  /// The shard of a fact placed before.
  std::string shard_of(const fact& f);
  /// Room for the tables to double before they rehash (see the warm evaluator).
  void reserve_for_growth();

 private:
  /// Shards are numbered inside; outside they are named `linked#N`.
  using shard_number = std::uint32_t;
  static std::string name(shard_number shard);

  std::vector<std::string> tokens(const fact& f);
  shard_number find(shard_number shard);

  std::vector<correlation> methods_;
  std::unordered_map<std::string, shard_number> owner_;       // token → shard (maybe merged since)
  std::unordered_map<std::string, shard_number> fact_shard_;  // fact id → shard (maybe merged since)
  std::vector<shard_number> parent_;                          // by shard: the one it was merged into, or itself
  std::vector<std::size_t> size_;                             // by shard: its facts while it is live
  std::set<std::string> reversed_titles_;                     // document title keys, bytes reversed
  /// Hashes titles, looked up by view without a copy.
  struct title_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_set<std::string, title_hash, std::equal_to<>> quoted_;  // titles quoted by some fact
};

}  // namespace deadlined::rules::detail
