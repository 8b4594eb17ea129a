#include "list_item_reader.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>

#include "deadlined/daemon/page_date.hpp"
#include "deadlined/daemon/xml_document.hpp"
#include "deadlined/rules/parse_error.hpp"

namespace deadlined::daemon {

namespace {

struct status_word {
  std::string_view word;
  std::string_view status;
};

// Order matters: when a row shows several, the first here wins (未回复 before 已回复).
// Each begins with a character whose UTF-8 lead byte is E5 or E6 (interaction_status).
constexpr status_word status_words[] = {
    {"未回复", "unreplied"},  {"未答复", "unreplied"},  {"待回复", "unreplied"},    {"未办结", "processing"},
    {"办理中", "processing"}, {"处理中", "processing"}, {"正在办理", "processing"}, {"受理中", "processing"},
    {"已回复", "replied"},    {"已答复", "replied"},    {"已办结", "replied"},      {"已处理", "replied"},
};
static_assert(std::ranges::all_of(status_words,
                                  [](const status_word& w) {
                                    const auto lead = static_cast<unsigned char>(w.word.front());
                                    return lead == 0xE5 || lead == 0xE6;
                                  }),
              "interaction_status looks for the words only at E5 and E6");

void collect_links(xmlNodePtr node, std::vector<xmlNodePtr>& out) {
  for (xmlNodePtr child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (local_name(child) == "a" && !attribute(child, "href").empty()) out.push_back(child);
    collect_links(child, out);
  }
}

bool cut_short(std::string_view text) {
  return text.ends_with("...") || text.ends_with("…") || text.ends_with("..");
}

bool has_top_marker(xmlNodePtr node) {
  for (xmlNodePtr child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    for (const char* name : {"alt", "title", "class", "src"}) {
      const auto value = attribute(child, name);
      if (value.find("置顶") != std::string::npos) return true;
      if (std::string_view{name} == "class" &&
          (value == "top" || value == "zd" || value == "zhiding" || value.find("is-top") != std::string::npos ||
           value.find("zhiding") != std::string::npos)) {
        return true;
      }
    }
    if (has_top_marker(child)) return true;
  }
  return false;
}

}  // namespace

std::string interaction_status(std::string_view text) {
  // One pass noting which words occur, then the first of them in the list's order. Every
  // word begins with a character whose UTF-8 lead byte is E5 or E6, so the words are
  // compared only there (twelve memmem calls a row were a thirtieth of reading a page).
  std::uint32_t seen = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (bytes[i] != 0xE5 && bytes[i] != 0xE6) continue;
    const auto rest = text.substr(i);
    for (std::size_t w = 0; w < std::size(status_words); ++w)
      if (rest.starts_with(status_words[w].word)) seen |= 1U << w;
  }
  if (seen == 0) return {};
  return std::string{status_words[std::countr_zero(seen)].status};
}

std::string_view chinese_status(std::string_view status) {
  if (status == "replied") return "已回复";
  if (status == "unreplied") return "未回复";
  if (status == "processing") return "办理中";
  return "";
}

namespace detail {

xmlNodePtr title_link(xmlNodePtr row) {
  return titled_link(row).first;
}

std::pair<xmlNodePtr, std::string> titled_link(xmlNodePtr row) {
  std::vector<xmlNodePtr> links;
  if (local_name(row) == "a" && !attribute(row, "href").empty()) links.push_back(row);
  collect_links(row, links);
  std::pair<xmlNodePtr, std::string> best{nullptr, {}};
  int best_length = -1;
  for (xmlNodePtr link : links) {
    auto title = link_title(link);
    const int length = rules::character_count(title);
    if (length > best_length) {
      best = {link, std::move(title)};
      best_length = length;
    }
  }
  return best;
}

std::string link_title(xmlNodePtr link) {
  std::string text = node_text(link);
  const std::string full = collapse_whitespace(attribute(link, "title"));
  if ((text.empty() || cut_short(text)) && rules::character_count(full) > rules::character_count(text)) return full;
  return text;
}

bool pinned_row(xmlNodePtr row, xmlNodePtr link) {
  return pinned_row(row, link, node_text_except(row, link));
}

bool pinned_row(xmlNodePtr row, xmlNodePtr link, std::string_view row_text) {
  if (row_text.find("置顶") != std::string::npos) return true;
  if (link != nullptr && node_text(link).starts_with("[置顶]")) return true;
  const auto row_class = attribute(row, "class");
  if (row_class.find("top") != std::string::npos && row_class.find("stop") == std::string::npos) return true;
  return has_top_marker(row);
}

void fill_dates_and_status(extracted_item& item, std::string_view text, const page_context& context) {
  const auto today = context.zone.local_date(context.now);
  fill_dates_and_status(item, text, find_page_dates(text, today, context.zone), context);
}

void fill_dates_and_status(extracted_item& item, std::string_view text, const std::vector<rules::timestamp>& dates,
                           const page_context& context) {
  item.status = interaction_status(text);
  if (!dates.empty()) {
    item.date = dates.front();
    item.date_source = "page";
    // In 留言 lists the second date shown is the reply's.
    if (!item.status.empty() && dates.size() > 1) item.reply_date = dates[1];
  } else {
    item.date = rules::timestamp::at(context.now);
    item.date_source = "first_seen";
  }
}

extracted_item make_item(const row_parts& parts, const page_context& context) {
  extracted_item item;
  item.title = parts.title;
  if (parts.link != nullptr) item.url = absolute_url(context.base_url, attribute(parts.link, "href"));
  if (item.title.starts_with("[置顶]"))
    item.title = collapse_whitespace(item.title.substr(std::string_view{"[置顶]"}.size()));
  fill_dates_and_status(item, parts.text, parts.dates, context);
  item.pinned = pinned_row(parts.row, parts.link, parts.text);
  return item;
}

}  // namespace detail
}  // namespace deadlined::daemon
