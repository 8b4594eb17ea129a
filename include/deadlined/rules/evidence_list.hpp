#pragma once
// The facts that bear on an obligation, each with the part it plays: kept as one packed
// block of bytes of exactly the size needed, behind one pointer. An obligation has about
// two; as a vector of (string, role) pairs they took 24 bytes in place and a heap block
// of 80–160 bytes (more for ids longer than a short string), in every one of a city's
// 300,000 obligations.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <ostream>
#include <string_view>

namespace deadlined::rules {

/// The part a fact plays for an obligation. Stored and shown by its name.
enum class evidence_role : std::uint8_t {
  trigger,
  repeat_trigger,
  closing,
  follow_up,
  extension,
  pause,
  resume,
  restart,
  waiver,
};

/// `trigger`, `repeat_trigger`, `closing`, `follow_up`, `extension`, `pause`, `resume`,
/// `restart`, `waiver`
std::string_view to_string(evidence_role role);
/// The role of that name; nullopt for a name this version does not know.
std::optional<evidence_role> evidence_role_named(std::string_view name);

/// A fact that bears on the obligation, and in what role. The id is a view: into the
/// list it was read from, or into the fact it is added from.
struct evidence_link {
  std::string_view fact_id;
  evidence_role role = evidence_role::trigger;

  friend bool operator==(const evidence_link&, const evidence_link&) = default;
  friend std::ostream& operator<<(std::ostream& out, const evidence_link& link) {
    return out << to_string(link.role) << ' ' << link.fact_id;
  }
};

class evidence_list {
 public:
  /// Reads the links in the order they were added.
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = evidence_link;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = evidence_link;

    iterator() = default;
    evidence_link operator*() const;
    iterator& operator++();
    iterator operator++(int) {
      auto before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const iterator&, const iterator&) = default;

   private:
    friend class evidence_list;
    iterator(const char* bytes, std::size_t at) : bytes_(bytes), at_(at) {}
    const char* bytes_ = nullptr;
    std::size_t at_ = 0;
  };
  using const_iterator = iterator;
  using value_type = evidence_link;

  evidence_list() = default;
  evidence_list(std::initializer_list<evidence_link> links);
  evidence_list(const evidence_list& other);
  evidence_list(evidence_list&&) noexcept = default;
  evidence_list& operator=(const evidence_list& other);
  evidence_list& operator=(evidence_list&&) noexcept = default;
  ~evidence_list() = default;

  /// Copies the id in.
  void push_back(evidence_link link);

  iterator begin() const { return {bytes(), 0}; }
  iterator end() const { return {bytes(), used()}; }
  bool empty() const { return used() == 0; }
  std::size_t size() const { return static_cast<std::size_t>(std::distance(begin(), end())); }
  evidence_link front() const { return *begin(); }
  /// The `index`th link; std::out_of_range past the end.
  evidence_link at(std::size_t index) const;

  friend bool operator==(const evidence_list& a, const evidence_list& b);

 private:
  std::size_t used() const;
  const char* bytes() const;

  // The links' bytes after their count of bytes (4). Per link: the role's byte, the id's
  // length in 7-bit groups (low first, the high bit saying another follows), the id.
  std::unique_ptr<char[]> block_;
};

}  // namespace deadlined::rules
