#include "deadlined/rules/correlation_key.hpp"

#include <algorithm>
#include <cctype>

#include "deadlined/rules/title_reference.hpp"

namespace deadlined::rules {

std::string_view fact_title(const fact& f) {
  const auto* title = f.attr("title");
  return title != nullptr && !title->empty() ? std::string_view{*title} : std::string_view{f.subject};
}

std::string normalize_url(std::string_view url) {
  std::string out{url.substr(0, url.find('#'))};
  const auto scheme_end = out.find("://");
  if (scheme_end == std::string::npos) return out;
  const auto host_end = out.find('/', scheme_end + 3);
  const auto lower_to = host_end == std::string::npos ? out.size() : host_end;
  std::transform(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(lower_to), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (host_end == std::string::npos) out.push_back('/');
  return out;
}

std::string correlation_key(const fact& trigger, const std::vector<correlation>& methods) {
  for (const auto& m : methods) {
    switch (m.how) {
      case correlation::method::attribute: {
        const auto* value = trigger.attr(m.attribute);
        if (value != nullptr && !value->empty()) return m.attribute + ":" + *value;
        break;
      }
      case correlation::method::link: {
        const auto* url = trigger.attr("url");
        if (url != nullptr && !url->empty()) return "url:" + normalize_url(*url);
        break;
      }
      case correlation::method::title: {
        const auto key = document_title_key(fact_title(trigger));
        if (!key.empty()) return "title:" + key;
        break;
      }
    }
  }
  return "fact:" + trigger.id;
}

bool correlates_directly(const fact& trigger, const fact& follow_up, const correlation& method) {
  switch (method.how) {
    case correlation::method::attribute: {
      const auto* a = trigger.attr(method.attribute);
      const auto* b = follow_up.attr(method.attribute);
      return a != nullptr && b != nullptr && !a->empty() && *a == *b;
    }
    case correlation::method::link: {
      const auto* url = trigger.attr("url");
      const auto* links = follow_up.attr("links");
      if (url == nullptr || url->empty() || links == nullptr) return false;
      const auto target = normalize_url(*url);
      std::string_view rest = *links;
      while (!rest.empty()) {
        const auto nl = rest.find('\n');
        if (normalize_url(rest.substr(0, nl)) == target) return true;
        if (nl == std::string_view::npos) break;
        rest.remove_prefix(nl + 1);
      }
      return false;
    }
    case correlation::method::title:
      return false;
  }
  return false;
}

}  // namespace deadlined::rules
