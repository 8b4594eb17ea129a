#include "linked_shards.hpp"

#include <algorithm>
#include <utility>

#include "deadlined/rules/correlation_key.hpp"
#include "deadlined/rules/title_reference.hpp"

namespace deadlined::rules::detail {

namespace {

std::string reversed(std::string_view text) {
  return {text.rbegin(), text.rend()};
}

bool starts_character(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0U) != 0x80U;
}

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
  if (by_link) {
    // A trigger's own address and the addresses a follow-up links to meet in one token.
    if (const auto* url = f.attr("url"); url != nullptr && !url->empty()) out.push_back("u\x1f" + normalize_url(*url));
    if (const auto* links = f.attr("links")) {
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
    if (const auto key = document_title_key(title); !key.empty()) {
      out.push_back("t\x1f" + key);
      reversed_titles_.insert(reversed(key));
      for (std::size_t i = 0; i < key.size(); ++i) {
        if (!starts_character(key[i])) continue;
        if (const auto suffix = key.substr(i); quoted_.contains(suffix)) out.push_back("q\x1f" + suffix);
      }
    }
    // As a follow-up: each quoted title, and every document key ending with it.
    for (const auto& q : quoted_titles(title)) {
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

std::string linked_shards::find(std::string shard) {
  std::string root = shard;
  for (auto it = parent_.find(root); it != parent_.end(); it = parent_.find(root))
    root = it->second;
  // Shorten the path for the next look-up.
  while (shard != root) {
    auto& up = parent_.at(shard);
    shard = std::exchange(up, root);
  }
  return root;
}

linked_shards::placement linked_shards::place(const fact& f) {
  const auto own = tokens(f);
  std::vector<std::string> joined;
  auto join = [&](const std::string& shard) {
    auto root = find(shard);
    if (std::find(joined.begin(), joined.end(), root) == joined.end()) joined.push_back(std::move(root));
  };
  for (const auto& token : own) {
    if (const auto it = owner_.find(token); it != owner_.end()) join(it->second);
  }
  const auto known = fact_shard_.find(f.id);
  if (known != fact_shard_.end()) join(known->second);

  placement out;
  if (joined.empty()) {
    out.shard = "linked#" + std::to_string(next_++);
  } else {
    // The largest shard stays; the others are merged into it.
    const auto largest = std::max_element(joined.begin(), joined.end(),
                                          [this](const auto& a, const auto& b) { return size_[a] < size_[b]; });
    out.shard = *largest;
    for (auto& shard : joined) {
      if (shard == out.shard) continue;
      parent_[shard] = out.shard;
      size_[out.shard] += size_[shard];
      size_.erase(shard);
      out.absorbed.push_back(std::move(shard));
    }
  }
  for (const auto& token : own)
    owner_.insert_or_assign(token, out.shard);
  if (known == fact_shard_.end()) {
    fact_shard_.emplace(f.id, out.shard);
    ++size_[out.shard];
  } else {
    known->second = out.shard;
  }
  return out;
}

std::string linked_shards::shard_of(const fact& f) {
  const auto it = fact_shard_.find(f.id);
  return it == fact_shard_.end() ? std::string{} : find(it->second);
}

}  // namespace deadlined::rules::detail
