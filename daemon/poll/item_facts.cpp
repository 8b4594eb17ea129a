// Items to facts. Everything that must stay stable across polls (first-seen time, the
// backdated verdict, the evidence of the first sighting) is carried over from the stored
// fact, so re-polling an unchanged page changes nothing and a changed item is a revision.

#include "deadlined/daemon/item_facts.hpp"

#include <set>

#include "deadlined/daemon/store.hpp"

namespace deadlined::daemon {

namespace {

std::string date_text(const rules::timestamp& t, const rules::zone_offsets& zone) {
  return t.format(zone);
}

bool same_content(const rules::fact& a, const rules::fact& b) {
  return a.type == b.type && a.unit == b.unit && a.subject == b.subject && a.time == b.time && a.attrs == b.attrs;
}

/// Builds the fact, reusing what must not change from `previous` (same external id).
rules::fact settle(rules::fact f, const rules::fact* previous, const std::string& evidence) {
  if (previous == nullptr) {
    f.attrs["evidence"] = evidence;
    return f;
  }
  for (const char* stable : {"first_seen", "backdated"}) {
    if (const auto* v = previous->attr(stable)) {
      f.attrs[stable] = *v;
    } else {
      f.attrs.erase(stable);
    }
  }
  if (const auto* first_seen = previous->attr("date_source");
      first_seen != nullptr && *first_seen == "first_seen" && f.attrs["date_source"] == "first_seen") {
    f.time = previous->time;  // still undated: keep the time it was first seen
  }
  if (const auto* old_evidence = previous->attr("evidence")) f.attrs["evidence"] = *old_evidence;
  if (!same_content(f, *previous)) f.attrs["evidence"] = evidence;
  return f;
}

const rules::fact* find(const std::map<std::string, rules::fact, std::less<>>& known, const std::string& id) {
  const auto it = known.find(id);
  return it == known.end() ? nullptr : &it->second;
}

}  // namespace

std::vector<rules::fact> item_facts(const std::vector<extracted_item>& items, const item_fact_context& context,
                                    const std::map<std::string, rules::fact, std::less<>>& known) {
  const auto& source = context.source;
  const std::string type = source.emits.empty() ? default_item_type : source.emits;
  const bool messages = type == "message.received";
  std::vector<rules::fact> out;
  std::set<std::string> seen;
  for (const auto& item : items) {
    // Website items key on their link; a row without one on its title.
    const std::string external_id = item.url.empty() ? "title:" + item.title : item.url;
    if (!seen.insert(external_id).second) continue;  // a pinned copy of a row further down
    const auto* previous = find(known, external_id);

    rules::fact f;
    f.source = source.id;
    f.external_id = external_id;
    f.type = type;
    f.unit = source.unit;
    f.subject = item.title;
    f.observed_at = context.fetched_at;
    f.attrs = {source.attrs.begin(), source.attrs.end()};
    f.attrs["title"] = item.title;
    if (!item.url.empty()) f.attrs["url"] = item.url;
    if (!source.column.empty()) f.attrs["column"] = source.column;
    if (item.pinned) f.attrs["pinned"] = "true";
    if (!item.status.empty()) f.attrs["status"] = item.status;
    f.attrs["first_seen"] = utc_text(context.fetched_at);
    // The parsers date an undated row by the time they read it (date_source first_seen):
    // that is no page date, and taken as one every poll would revise the fact.
    if (item.date && item.date_source != "first_seen") {
      f.time = *item.date;
      f.attrs["date_source"] = item.date_source.empty() ? "page" : item.date_source;
      f.attrs["page_date"] = date_text(*item.date, context.zone);
      // Backdated: dated before the day of the last successful fetch before it was first
      // seen, minus the slack — it should have been there already.
      if (context.previous_success) {
        const auto last_day = context.zone.local_date(*context.previous_success);
        const auto item_day = item.date->local_date(context.zone);
        if (item_day < last_day - context.backdated_slack) {
          f.attrs["backdated"] = "true";
        }
      }
    } else {
      f.time = rules::timestamp::at(context.fetched_at);
      f.attrs["date_source"] = "first_seen";
    }
    out.push_back(settle(std::move(f), previous, context.evidence));
    const auto& main = out.back();

    // A column with a class also records the update itself, whatever the item is, so that
    // freshness rules (item.published by column) see a 政策文件 column too.
    if (type != default_item_type && !source.column.empty() && !messages) {
      rules::fact update = main;
      update.external_id = external_id + "#item";
      update.type = default_item_type;
      out.push_back(settle(std::move(update), find(known, external_id + "#item"), context.evidence));
    }

    // A 留言 shown as answered is its own reply: dated by the reply date the row shows,
    // else by when the answer was first seen; tied to the message by its link.
    if (messages && item.status == "replied") {
      const auto reply_id = external_id + "#replied";
      const auto* previous_reply = find(known, reply_id);
      rules::fact reply;
      reply.source = source.id;
      reply.external_id = reply_id;
      reply.type = "message.replied";
      reply.unit = source.unit;
      reply.subject = item.title;
      reply.observed_at = context.fetched_at;
      reply.attrs["title"] = item.title;
      if (!item.url.empty()) reply.attrs["links"] = item.url;
      reply.attrs["first_seen"] = utc_text(context.fetched_at);
      if (item.reply_date) {
        reply.time = *item.reply_date;
        reply.attrs["date_source"] = "page";
      } else {
        reply.time = rules::timestamp::at(context.fetched_at);
        reply.attrs["date_source"] = "first_seen";
      }
      out.push_back(settle(std::move(reply), previous_reply, context.evidence));
    }
  }
  return out;
}

}  // namespace deadlined::daemon
