#include "deadlined/rules/explanation_lines.hpp"

#include <utility>

namespace deadlined::rules {

explanation_lines::explanation_lines(std::initializer_list<std::string> lines)
    : lines_(lines.size() == 0 ? nullptr : std::make_unique<std::vector<std::string>>(lines)) {}

explanation_lines::explanation_lines(const explanation_lines& other)
    : lines_(other.lines_ ? std::make_unique<std::vector<std::string>>(*other.lines_) : nullptr) {}

explanation_lines& explanation_lines::operator=(const explanation_lines& other) {
  if (this != &other) *this = explanation_lines{other};
  return *this;
}

void explanation_lines::push_back(std::string line) {
  if (!lines_) lines_ = std::make_unique<std::vector<std::string>>();
  lines_->push_back(std::move(line));
}

const std::vector<std::string>& explanation_lines::lines() const {
  static const std::vector<std::string> none;  // constant: what an obligation without lines reads
  return lines_ ? *lines_ : none;
}

}  // namespace deadlined::rules
