#pragma once
// Correlation: the key an obligation is known by, and whether a follow-up fact belongs to it.

#include <string>
#include <vector>

#include "deadlined/rules/fact.hpp"
#include "deadlined/rules/rule.hpp"

namespace deadlined::rules {

/// The trigger's key under the first method that yields one (`document_id:D-1`,
/// `url:http://…`, `title:…`); `fact:<id>` when none does.
std::string correlation_key(const fact& trigger, const std::vector<correlation>& methods);

/// The title a fact carries: its `title` attribute, else its subject.
std::string_view fact_title(const fact& f);

/// A URL as links are compared: fragment dropped, scheme and host lower-cased.
std::string normalize_url(std::string_view url);

/// Whether `follow_up` names `trigger` by attribute or link (title references need the
/// other documents too and are resolved by the caller).
bool correlates_directly(const fact& trigger, const fact& follow_up, const correlation& method);

}  // namespace deadlined::rules
