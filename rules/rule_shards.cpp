#include "rule_shards.hpp"

#include <algorithm>

#include "deadlined/rules/correlation_key.hpp"

namespace deadlined::rules::detail {

namespace {

bool same_correlation(const std::vector<correlation>& a, const std::vector<correlation>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const correlation& x, const correlation& y) {
    return x.how == y.how && x.attribute == y.attribute;
  });
}

/// The correlation every version shares, or nullptr when the versions differ.
const std::vector<correlation>* shared_correlation(const rule_versions& versions) {
  const auto& first = versions.front()->correlate;
  for (const rule* v : versions) {
    if (!same_correlation(v->correlate, first)) return nullptr;
  }
  return &first;
}

}  // namespace

shard_plan::shard_plan(const rule_versions& versions) {
  const rule& first = *versions.front();
  switch (first.kind) {
    case rule_kind::violation:
      // No related facts: an obligation is its (unit, key) and the triggers that share it.
      if (const auto* methods = shared_correlation(versions)) {
        how_ = by::correlation;
        correlate_ = *methods;
      }
      break;
    case rule_kind::deadline:
      // Related facts are found by every method; one attribute (or none) keeps them in
      // the trigger's shard. Links and titles reach across keys.
      if (const auto* methods = shared_correlation(versions)) {
        const bool one_attribute =
            methods->size() <= 1 && std::all_of(methods->begin(), methods->end(),
                                                [](const auto& m) { return m.how == correlation::method::attribute; });
        how_ = one_attribute ? by::correlation : by::linked;
        correlate_ = *methods;
      }
      for (const rule* v : versions) {
        trigger_types_.insert(v->trigger.type);
        related_types_.insert(v->follow_up.type);
        if (v->extension) related_types_.insert(v->extension->type);
        if (v->pause) related_types_.insert({v->pause->pause_type, v->pause->resume_type});
        if (!v->restart_type.empty()) related_types_.insert(v->restart_type);
      }
      break;
    case rule_kind::recurring:
      how_ = by::unit;
      break;
    case rule_kind::freshness:
      if (std::all_of(versions.begin(), versions.end(), [&first](const rule* v) { return v->per == first.per; }))
        how_ = first.per == rule::grouping::source ? by::source : by::unit;
      break;
    case rule_kind::availability:
      how_ = by::probe_source;
      break;
    case rule_kind::verdict:
      break;
  }
}

std::string shard_plan::shard_of(const fact& f) const {
  switch (how_) {
    case by::whole:
    case by::linked:
      return {};
    case by::correlation:
      // The trigger's key; a follow-up without the attribute gets its own id, and meets no one.
      return correlation_key(f, correlate_);
    case by::unit:
      return f.unit;
    case by::source:
      return f.source;
    case by::probe_source: {
      const auto* source = f.attr("source");
      return source != nullptr && !source->empty() ? *source : f.source;
    }
  }
  return {};
}

bool may_affect(const rule_versions& versions, const fact& f) {
  for (const rule* v : versions) {
    if (v->trigger.type == f.type && v->trigger.selects(f)) return true;
    if (v->follow_up.type == f.type && v->follow_up.selects(f)) return true;
    if (v->extension && v->extension->type == f.type) return true;
    if (v->pause && (v->pause->pause_type == f.type || v->pause->resume_type == f.type)) return true;
    if (!v->restart_type.empty() && v->restart_type == f.type) return true;
  }
  return false;
}

}  // namespace deadlined::rules::detail
