#pragma once
// Internal: shards of a rule that ties facts by links or titles (or by several attributes):
// facts sharing a token — an attribute value, a page address, a document's title, a title
// quoted in 《…》 that the document's title ends with — are in one shard, and shards
// merge as facts join them (union–find over shard names). A fact gives the tokens of its
// role: a trigger (a document) its address and title, a related fact (an interpretation)
// the addresses it links to and the titles it quotes — as the rule's evaluation reads them.

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
  using type_set = std::set<std::string, std::less<>>;
  linked_shards(std::vector<correlation> methods, type_set trigger_types, type_set related_types)
      : methods_(std::move(methods)),
        trigger_types_(std::move(trigger_types)),
        related_types_(std::move(related_types)) {}

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
  type_set trigger_types_;
  type_set related_types_;
  std::unordered_map<std::string, shard_number> owner_;       // token → shard (maybe merged since)
  std::unordered_map<std::string, shard_number> fact_shard_;  // fact id → shard (maybe merged since)
  std::vector<shard_number> parent_;                          // by shard: the one it was merged into, or itself
  std::vector<std::size_t> size_;                             // by shard: its facts while it is live
  std::set<std::string> reversed_titles_;                     // document title keys, bytes reversed
  /// Quoted titles are looked up for every suffix of a document's title: hashed so that
  /// the suffixes' hashes come one from the other, one step per byte (see `tokens`).
  struct suffix_hashed {
    std::string_view text;
    std::uint64_t polynomial;
  };
  struct quoted_hash {
    using is_transparent = void;
    static std::uint64_t polynomial(std::string_view text);
    static std::size_t mixed(std::uint64_t polynomial);
    std::size_t operator()(std::string_view text) const { return mixed(polynomial(text)); }
    std::size_t operator()(const suffix_hashed& s) const { return mixed(s.polynomial); }
  };
  struct quoted_equal {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
    bool operator()(const suffix_hashed& a, std::string_view b) const { return a.text == b; }
    bool operator()(std::string_view a, const suffix_hashed& b) const { return a == b.text; }
  };
  std::unordered_set<std::string, quoted_hash, quoted_equal> quoted_;  // titles quoted by some fact
};

}  // namespace deadlined::rules::detail
