#include "deadlined/rules/evidence_list.hpp"

#include <array>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace deadlined::rules {
namespace {

constexpr std::array<std::pair<evidence_role, std::string_view>, 9> role_names{{
    {evidence_role::trigger, "trigger"},
    {evidence_role::repeat_trigger, "repeat_trigger"},
    {evidence_role::closing, "closing"},
    {evidence_role::follow_up, "follow_up"},
    {evidence_role::extension, "extension"},
    {evidence_role::pause, "pause"},
    {evidence_role::resume, "resume"},
    {evidence_role::restart, "restart"},
    {evidence_role::waiver, "waiver"},
}};

constexpr std::size_t count_size = sizeof(std::uint32_t);

/// The length at `at` and where the id starts.
std::pair<std::size_t, std::size_t> read_length(const char* bytes, std::size_t at) {
  std::size_t length = 0;
  int shift = 0;
  for (;;) {
    const auto byte = static_cast<unsigned char>(bytes[at++]);
    length |= static_cast<std::size_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return {length, at};
    shift += 7;
  }
}

}  // namespace

std::string_view to_string(evidence_role role) {
  for (const auto& [r, name] : role_names)
    if (r == role) return name;
  return "";
}

std::optional<evidence_role> evidence_role_named(std::string_view name) {
  for (const auto& [r, known] : role_names)
    if (known == name) return r;
  return std::nullopt;
}

evidence_link evidence_list::iterator::operator*() const {
  const auto role = static_cast<evidence_role>(bytes_[at_]);
  const auto [length, id_at] = read_length(bytes_, at_ + 1);
  return {std::string_view{bytes_ + id_at, length}, role};
}

evidence_list::iterator& evidence_list::iterator::operator++() {
  const auto [length, id_at] = read_length(bytes_, at_ + 1);
  at_ = id_at + length;
  return *this;
}

evidence_list::evidence_list(std::initializer_list<evidence_link> links) {
  for (const auto& link : links)
    push_back(link);
}

evidence_list::evidence_list(const evidence_list& other) {
  if (!other.block_) return;
  const auto size = count_size + other.used();
  block_ = std::make_unique_for_overwrite<char[]>(size);
  std::memcpy(block_.get(), other.block_.get(), size);
}

evidence_list& evidence_list::operator=(const evidence_list& other) {
  if (this != &other) *this = evidence_list{other};
  return *this;
}

bool operator==(const evidence_list& a, const evidence_list& b) {
  return a.used() == b.used() && (a.used() == 0 || std::memcmp(a.bytes(), b.bytes(), a.used()) == 0);
}

std::size_t evidence_list::used() const {
  if (!block_) return 0;
  std::uint32_t used = 0;
  std::memcpy(&used, block_.get(), count_size);
  return used;
}

const char* evidence_list::bytes() const {
  return block_ ? block_.get() + count_size : nullptr;
}

void evidence_list::push_back(evidence_link link) {
  // The id's length in 7-bit groups, then the id.
  std::array<char, 10> length_bytes{};
  std::size_t length_size = 0;
  std::size_t length = link.fact_id.size();
  do {
    const auto low = static_cast<unsigned char>(length & 0x7F);
    length >>= 7;
    length_bytes[length_size++] = static_cast<char>(length != 0 ? (low | 0x80) : low);
  } while (length != 0);
  const std::size_t before = used();
  const std::size_t after = before + 1 + length_size + link.fact_id.size();
  if (after > UINT32_MAX) throw std::length_error("evidence_list: more than 4 GiB of fact ids");
  // Grown to the exact size each time: a list has two or three links, and most never grow.
  auto grown = std::make_unique_for_overwrite<char[]>(count_size + after);
  if (before != 0) std::memcpy(grown.get() + count_size, bytes(), before);
  char* out = grown.get() + count_size + before;
  *out++ = static_cast<char>(link.role);
  std::memcpy(out, length_bytes.data(), length_size);
  out += length_size;
  if (!link.fact_id.empty()) std::memcpy(out, link.fact_id.data(), link.fact_id.size());
  const auto count = static_cast<std::uint32_t>(after);
  std::memcpy(grown.get(), &count, count_size);
  block_ = std::move(grown);
}

evidence_link evidence_list::at(std::size_t index) const {
  auto it = begin();
  for (; index > 0 && it != end(); --index)
    ++it;
  if (it == end()) throw std::out_of_range("evidence_list::at");
  return *it;
}

}  // namespace deadlined::rules
