#pragma once
// The Chinese CSV template (config/templates/records-zh.csv): column headers and type
// names as an office clerk writes them, mapped to the record vocabulary.

#include <optional>
#include <string>
#include <string_view>

namespace deadlined::daemon::detail {

/// `单位` → `unit`, `文号` → `attrs.document_id`; nullopt for a header it does not know.
std::optional<std::string> template_column(std::string_view header);
/// `文件发布` → `document.published`; the text itself when it is not a template name.
std::string template_type(std::string_view value);
/// 是/否 in yes-no columns become true/false.
std::string template_value(std::string_view column, std::string_view value);

}  // namespace deadlined::daemon::detail
