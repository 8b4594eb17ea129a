#pragma once
// A fact: one thing the daemon knows happened (a document published, a call made), from a
// website item or a submitted record.

#include <string>
#include <string_view>

#include "deadlined/rules/attribute_map.hpp"
#include "deadlined/rules/timestamp.hpp"

namespace deadlined::rules {

struct fact {
  std::string id;           ///< unique within the store (source + external id, assigned by the shell)
  std::string source;       ///< `api`, `cli`, `spool` or a website source id
  std::string external_id;  ///< the record's `id`, or the item's link for website sources
  std::string type;         ///< dotted name: `document.published`, `request.received`, …
  std::string unit;         ///< the unit's full name
  std::string subject;
  timestamp time = timestamp::on_date(civil_date{});
  /// JSON values as text (`true`, `12`, `广州市…`); a list of strings is its items joined by `\n`.
  attribute_map attrs;
  instant observed_at{};

  /// A field (`type`, `unit`, `subject`, `source`, `id`) or an attribute; empty when absent.
  std::string_view label(std::string_view name) const;
  /// The attribute, or nullptr when the fact does not have it. Valid until the fact's
  /// attributes change (unlike a std::map's, an insertion or erasure moves them).
  const std::string* attr(std::string_view name) const;
};

/// Whether `a` happened no later than `b`, at the precision both have: when either is
/// date-only the local dates are compared.
bool not_after(const timestamp& a, const timestamp& b, const zone_offsets& zone);

}  // namespace deadlined::rules
