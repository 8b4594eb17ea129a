#pragma once
// An obligation's explanation: Chinese lines, one per step. Written only when explaining
// (`deadlined explain`, the board's obligation page), so an obligation holds one pointer,
// not a vector's three words, until there is a line.

#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace deadlined::rules {

class explanation_lines {
 public:
  using value_type = std::string;
  using const_iterator = std::vector<std::string>::const_iterator;
  using iterator = const_iterator;

  explanation_lines() = default;
  explanation_lines(std::initializer_list<std::string> lines);
  explanation_lines(const explanation_lines& other);
  explanation_lines(explanation_lines&&) noexcept = default;
  explanation_lines& operator=(const explanation_lines& other);
  explanation_lines& operator=(explanation_lines&&) noexcept = default;
  ~explanation_lines() = default;

  void push_back(std::string line);

  const_iterator begin() const { return lines().begin(); }
  const_iterator end() const { return lines().end(); }
  bool empty() const { return lines().empty(); }
  std::size_t size() const { return lines().size(); }
  const std::string& front() const { return lines().front(); }
  const std::string& at(std::size_t i) const { return lines().at(i); }

  friend bool operator==(const explanation_lines& a, const explanation_lines& b) { return a.lines() == b.lines(); }

 private:
  const std::vector<std::string>& lines() const;
  std::unique_ptr<std::vector<std::string>> lines_;
};

}  // namespace deadlined::rules
