#pragma once
// Internal: finds, for one obligation, the facts of a type that belong to it (follow-ups,
// extensions, pauses) through indexes by attribute value, link and title reference.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "deadlined/rules/fact.hpp"
#include "deadlined/rules/rule.hpp"

namespace deadlined::rules::detail {

/// The triggers of a rule by title, for title references: keys reversed and sorted, so that
/// "which documents end with this quoted title" is a range lookup, not a scan.
class title_index {
 public:
  /// Adds the next trigger, earliest first (as it is selected, while it is in the cache).
  void add(const fact* trigger);
  /// Orders what was added: before the first look-up.
  void finish();

  /// The document a follow-up's quoted titles name: of those whose title ends with a
  /// quoted title, the latest one not after the follow-up; failing that, the earliest one.
  const fact* referenced_document(const fact& follow_up, const zone_offsets& zone) const;

 private:
  struct entry {
    std::uint32_t key_at;  ///< where the byte-reversed key starts in `keys_`
    std::uint32_t key_size;
    std::size_t order;  ///< position among the triggers, earliest first
    const fact* trigger;
  };
  std::string_view key_of(const entry& e) const { return {keys_.data() + e.key_at, e.key_size}; }

  /// The keys back to back: the look-ups' comparisons read one buffer of a few megabytes,
  /// not a string of its own per document, each out of the cache.
  std::string keys_;
  std::vector<entry> entries_;
  std::size_t added_ = 0;
};

class correlated_facts {
 public:
  /// `candidates` earliest first, kept by reference (they outlive the index); `titles`
  /// indexes the rule's triggers for title references.
  correlated_facts(const std::vector<const fact*>& candidates, const std::vector<correlation>& methods,
                   const title_index& titles, const zone_offsets& zone);

  /// The facts `trigger`'s correlating attribute values may find (not by links or
  /// titles), replacing `out`, each asked of the processor: `of` confirms them a few
  /// obligations later, and their attribute entries can be asked for in between.
  void fetch_candidates(const fact& trigger, const std::vector<correlation>& methods,
                        std::vector<const fact*>& out) const;

  /// Facts tied to `trigger` (or any of `repeats`) by one of `methods`, earliest first.
  std::vector<const fact*> of(const fact& trigger, const std::vector<const fact*>& repeats,
                              const std::vector<correlation>& methods) const;

 private:
  // Candidates are kept as positions in `candidates_`: sorting positions puts the facts
  // tied to an obligation in canonical order without a table of each fact's rank.
  using positions = std::vector<std::uint32_t>;
  /// A candidate's value of one correlating attribute, by its hash. Sorted flat arrays,
  /// not hash maps of lists: a rule of the city bench indexes 100,000 follow-ups, and a
  /// map allocated a node and a list for each, then compared keys inside facts long out
  /// of the cache at every look-up. Here a look-up reads the array; only a matching hash
  /// reads the candidate, which the obligation reads next anyway.
  struct hashed_position {
    std::size_t hash;
    std::uint32_t position;
    auto operator<=>(const hashed_position&) const = default;
  };
  /// Sorted by hash, with a table of where each run of hashes sharing their top bits
  /// starts: a look-up reads the table and a few entries where a binary search over a
  /// hundred thousand read seventeen, the last ones out of the cache.
  struct attribute_index {
    std::string name;
    std::vector<hashed_position> entries;  ///< sorted
    std::vector<std::uint32_t> starts;     ///< by the hash's top bits; one more at the end
    unsigned shift = 64;

    void sort_and_plan();
    /// The entries of `hash`.
    std::span<const hashed_position> of(std::size_t hash) const;
  };
  /// A title reference: the trigger (document) a candidate names, and the candidate.
  struct document_reference {
    const fact* document;
    std::uint32_t position;
  };

  void add_attribute(const attribute_index& index, const std::string& value, positions& found) const;
  void add_document(const fact* document, positions& found) const;

  const std::vector<const fact*>* candidates_;
  /// The positions a look-up gathers, kept between look-ups: one per trigger and related
  /// type, most finding one fact or none, each allocated a list of its own before.
  mutable positions found_;
  std::vector<attribute_index> by_attribute_;
  std::unordered_map<std::string, positions> by_link_;
  std::vector<document_reference> by_document_;  ///< sorted by document
};

}  // namespace deadlined::rules::detail
