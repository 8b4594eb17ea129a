#pragma once
// Reading the `notifications:` section of the configuration.

#include <yaml-cpp/yaml.h>

#include "deadlined/daemon/notification_settings.hpp"
#include "deadlined/daemon/yaml_reader.hpp"
#include "deadlined/rules/unit_directory.hpp"
#include "deadlined/rules/zone_offsets.hpp"

namespace deadlined::daemon {

/// Fills `out`, reporting every problem through `reader` (FILE:LINE:COL: path: message).
void read_notifications(yaml_reader& reader, const YAML::Node& node, const rules::unit_directory& units,
                        const rules::zone_offsets& zone, notification_settings& out);

/// The default Chinese message template of an event (reminder, overdue, escalation, resolved).
const std::string& default_template(const std::string& event);

/// Formats `template_text` with the message fields; throws fmt::format_error on a bad one.
std::string format_template(const std::string& template_text, const std::map<std::string, std::string>& fields);

}  // namespace deadlined::daemon
