#include "linked_shards.hpp"

#include <algorithm>
#include <utility>

#include "deadlined/rules/correlation_key.hpp"
#include "deadlined/rules/parse_error.hpp"
#include "deadlined/rules/title_reference.hpp"

namespace deadlined::rules::detail {

namespace {

std::string reversed(std::string_view text) {
  return {text.rbegin(), text.rend()};
}

bool starts_character(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0U) != 0x80U;
}

constexpr std::uint64_t hash_base = 0x100000001b3ULL;

}  // namespace

std::vector<std::string> linked_shards::tokens(const fact& f) {
  std::vector<std::string> out;
  bool by_link = false;
  bool by_title = false;
  for (const auto& m : methods_) {
    switch (m.how) {
      case correlation::method::attribute:
        if (const auto* value = f.attr(m.attribute); value != nullptr && !value->empty())
          out.push_back("a\x1f" + m.attribute + "=" + *value);
        break;
      case correlation::method::link:
        by_link = true;
        break;
      case correlation::method::title:
        by_title = true;
        break;
    }
  }
  // A fact of a type the rule does not name in either role (none reach here) gets both.
  const bool as_trigger = trigger_types_.contains(f.type) || !related_types_.contains(f.type);
  const bool as_related = related_types_.contains(f.type) || !trigger_types_.contains(f.type);
  if (by_link) {
    // A trigger's own address and the addresses a follow-up links to meet in one token.
    if (const auto* url = f.attr("url"); as_trigger && url != nullptr && !url->empty())
      out.push_back("u\x1f" + normalize_url(*url));
    if (const auto* links = f.attr("links"); as_related && links != nullptr) {
      std::string_view rest = *links;
      while (!rest.empty()) {
        const auto nl = rest.find('\n');
        if (const auto link = rest.substr(0, nl); !link.empty()) out.push_back("u\x1f" + normalize_url(link));
        if (nl == std::string_view::npos) break;
        rest.remove_prefix(nl + 1);
      }
    }
  }
  if (by_title) {
    const auto title = fact_title(f);
    // As a document: its key, and every title already quoted that the key ends with.
    if (const auto key = as_trigger ? document_title_key(title) : std::string{}; !key.empty()) {
      out.push_back("t\x1f" + key);
      reversed_titles_.insert(reversed(key));
      // Only suffixes long enough to be quoted titles: a look-up each, from the shortest,
      // each suffix's hash from the one before.
      const std::string_view whole = key;
      const auto first_found = out.size();
      std::uint64_t suffix_polynomial = 0;
      std::uint64_t power = 1;
      int characters = 0;
      for (std::size_t i = whole.size(); i-- > 0;) {
        suffix_polynomial += static_cast<unsigned char>(whole[i]) * power;
        power *= hash_base;
        if (!starts_character(whole[i]) || ++characters < shortest_title_reference) continue;
        if (const auto suffix = whole.substr(i); quoted_.contains(suffix_hashed{suffix, suffix_polynomial}))
          out.push_back("q\x1f" + std::string{suffix});
      }
      std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first_found), out.end());  // longest first
    }
    // As a follow-up: each quoted title, and every document key ending with it.
    for (const auto& q : as_related ? quoted_titles(title) : std::vector<std::string>{}) {
      if (q.empty()) continue;
      out.push_back("q\x1f" + q);
      quoted_.insert(q);
      const auto prefix = reversed(q);
      for (auto it = reversed_titles_.lower_bound(prefix); it != reversed_titles_.end() && it->starts_with(prefix);
           ++it)
        out.push_back("t\x1f" + reversed(*it));
    }
  }
  return out;
}

std::uint64_t linked_shards::quoted_hash::polynomial(std::string_view text) {
  std::uint64_t h = 0;
  for (const char c : text)
    h = h * hash_base + static_cast<unsigned char>(c);
  return h;
}

std::size_t linked_shards::quoted_hash::mixed(std::uint64_t polynomial) {
  // The polynomial's low bits depend only on the last bytes: mix before bucketing.
  polynomial ^= polynomial >> 33U;
  polynomial *= 0xff51afd7ed558ccdULL;
  polynomial ^= polynomial >> 33U;
  return static_cast<std::size_t>(polynomial);
}

std::string linked_shards::name(shard_number shard) {
  return "linked#" + std::to_string(shard);
}

linked_shards::shard_number linked_shards::find(shard_number shard) {
  shard_number root = shard;
  while (parent_[root] != root)
    root = parent_[root];
  // Shorten the path for the next look-up.
  while (shard != root)
    shard = std::exchange(parent_[shard], root);
  return root;
}

linked_shards::placement linked_shards::place(const fact& f) {
  const auto own = tokens(f);
  std::vector<shard_number> joined;
  auto join = [&](shard_number shard) {
    const auto root = find(shard);
    if (std::find(joined.begin(), joined.end(), root) == joined.end()) joined.push_back(root);
  };
  for (const auto& token : own) {
    if (const auto it = owner_.find(token); it != owner_.end()) join(it->second);
  }
  const auto known = fact_shard_.find(f.id);
  if (known != fact_shard_.end()) join(known->second);

  placement out;
  shard_number shard = 0;
  if (joined.empty()) {
    shard = static_cast<shard_number>(parent_.size());
    parent_.push_back(shard);
    size_.push_back(0);
  } else {
    // The largest shard stays; the others are merged into it.
    shard = *std::max_element(joined.begin(), joined.end(),
                              [this](shard_number a, shard_number b) { return size_[a] < size_[b]; });
    for (const auto other : joined) {
      if (other == shard) continue;
      parent_[other] = shard;
      size_[shard] += std::exchange(size_[other], 0);
      out.absorbed.push_back(name(other));
    }
  }
  for (const auto& token : own)
    owner_.insert_or_assign(token, shard);
  if (known == fact_shard_.end()) {
    fact_shard_.emplace(f.id, shard);
    ++size_[shard];
  } else {
    known->second = shard;
  }
  out.shard = name(shard);
  return out;
}

void linked_shards::reserve_for_growth() {
  owner_.reserve(2 * owner_.size());
  fact_shard_.reserve(2 * fact_shard_.size());
  quoted_.reserve(2 * quoted_.size());
}

std::string linked_shards::shard_of(const fact& f) {
  const auto it = fact_shard_.find(f.id);
  return it == fact_shard_.end() ? std::string{} : name(find(it->second));
}

}  // namespace deadlined::rules::detail
