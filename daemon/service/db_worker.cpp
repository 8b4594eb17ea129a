#include "deadlined/daemon/db_worker.hpp"

#include "deadlined/daemon/free_memory.hpp"
#include "deadlined/daemon/notification_queue.hpp"
#include "deadlined/daemon/obligation_withdrawal.hpp"
#include "deadlined/rules/notice_plan.hpp"
#include "deadlined/rules/obligation_changes.hpp"

#include <filesystem>
#include <utility>

#include "deadlined/daemon/spool.hpp"
#include "deadlined/rules/evaluation.hpp"

namespace deadlined::daemon {

db_worker::db_worker(std::shared_ptr<const config_snapshot> config) : config_(std::move(config)) {
  const auto dir = std::filesystem::path{config_->database}.parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir);
  store_ = std::make_unique<store>(config_->database);
  evidence_ = std::make_unique<evidence_store>(config_->polling.evidence_dir);
}

std::pair<poll_state, bool> db_worker::poll_state_for(const source_settings& source, rules::instant now) {
  return {store_->poll_state_of(source.id), ipv6_probe_due(*store_, source, now, config_->calendar.zone())};
}

poll_report db_worker::record(const config_snapshot& config, const source_settings& source, const fetched_page& page,
                              page_digest digest) {
  return record_digest(*store_, *evidence_, config, source, page, std::move(digest));
}

db_worker::~db_worker() {
  stop();
}

void db_worker::stop() {
  pool_.stop();
  pool_.join();
}

std::shared_ptr<const status_view> db_worker::check(rules::instant now) {
  const auto started = std::chrono::steady_clock::now();
  const auto& config = *config_;
  ingest_spool(config.spool, config, *store_, now, now, true);
  if (now - last_pruned_ >= std::chrono::hours{24}) {
    prune_poll_history(*store_, *evidence_, config.polling, now, nullptr);
    last_pruned_ = now;
  }
  auto obligations = evaluate_warm(now);
  queue_report queued;
  store::obligations_saved saved;
  // Every obligation is recorded at the first check, after a new configuration, once a day
  // (putting right whatever another writer did to the table meanwhile) and after the clock
  // was set back; in between only what changed since the last recorded check.
  const auto recorded = std::exchange(recorded_, nullptr);  // null again should this check fail
  const bool whole = !recorded || now - recorded_whole_at_ >= std::chrono::hours{24} || now < recorded_whole_at_;
  {
    // The outbox rows go in with the states they follow from (SPEC §7).
    store::transaction tx{*store_};
    if (whole) {
      saved = store_->save_obligations(obligations, now, withdrawn_when_missing(config.rules));
      queued = queue_notices(*store_, config, obligations, now);
    } else {
      const auto changes = rules::changes_between(recorded->obligations, obligations);
      saved = store_->save_changes(changes.changed, changes.gone, now, withdrawn_when_missing(config.rules));
      queued = queue_notices(*store_, config, obligations, changes.changed, now);
    }
    tx.commit();
  }
  if (whole) recorded_whole_at_ = now;
  if (log_ && saved.withdrawn > 0) {
    log_->info("check.withdrawn: {} obligations no longer follow from the facts, removed; {} queued notices dropped",
               saved.withdrawn, saved.notices_dropped);
  }
  const auto delivered = deliver_due(*store_, config, now, limiter_, send_message, log_.get());
  auto view = std::make_shared<status_view>();
  view->notices_queued = queued.queued;
  view->delivery = delivered;
  view->outbox = store_->outbox_counts();
  // The next exact wake-up: a reminder or due instant (a 20:00 cutoff fires at 20:00), or the
  // next retry or digest window of a queued notice.
  view->next_notice_at = rules::next_notice_time(obligations, now);
  if (const auto next_attempt = store_->next_outbox_attempt(); next_attempt && *next_attempt > now) {
    if (!view->next_notice_at || *next_attempt < *view->next_notice_at) view->next_notice_at = next_attempt;
  }
  view->config = config_;
  view->obligations = std::move(obligations);
  view->evaluated_at = now;
  view->fact_count = static_cast<std::int64_t>(warm_->fact_count());
  view->evaluation_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const auto today = config.calendar.zone().local_date(now);
  if (config.calendar.next_year_missing(today)) {
    const int next = static_cast<int>(std::chrono::year_month_day{today}.year()) + 1;
    view->degraded.push_back("calendar: no holiday schedule for " + std::to_string(next) +
                             " yet; add config/calendars/cn-" + std::to_string(next) +
                             ".yaml when the State Council publishes it");
  }
  view->status_body = status_body(*view);
  recorded_ = view;
  return view;
}

std::vector<rules::obligation> db_worker::evaluate_warm(rules::instant now) {
  const bool starting = !warm_ || warm_config_ != config_;
  if (starting) {
    // The evaluator points into the configuration it was made with: made first, so a
    // failure leaves the old pair as it was.
    auto fresh = std::make_unique<rules::incremental_evaluator>(config_->rules, config_->calendar, config_->units, now);
    warm_ = std::move(fresh);
    warm_config_ = config_;
    recorded_ = nullptr;  // recorded under the old configuration: the next check records all
    facts_seen_ = 0;
  }
  std::int64_t latest = 0;
  auto changed = store_->facts_changed_since(facts_seen_, latest);
  // The clock first: on a new day everything is evaluated once, then the new facts.
  const auto whole_before = warm_->whole_evaluations();
  warm_->set_now(now);
  warm_->add_facts(std::move(changed));
  facts_seen_ = latest;
  if (starting || warm_->whole_evaluations() != whole_before) give_back_free_memory();
  return warm_->obligations();
}

ingest_report db_worker::ingest(const record_batch& batch, const std::string& via, rules::instant now) {
  return daemon::ingest(batch, *config_, *store_, via, now);
}

std::optional<rules::obligation> db_worker::explain(const std::string& id, rules::instant now) {
  const auto& config = *config_;
  rules::evaluation_context context{config.rules, config.calendar, config.units, now};
  context.explain = true;
  if (const auto wanted = rules::obligation_id::parse(id)) {
    for (auto& o : rules::evaluate(store_->facts(), context)) {
      if (o.id == *wanted) return std::move(o);
    }
  }
  return store_->obligation(id);
}

std::optional<rules::instant> db_worker::withdrawn_at(const std::string& id) {
  return store_->withdrawn_at(id);
}

std::shared_ptr<const report_data> db_worker::report(const std::vector<rules::obligation>& obligations,
                                                     const rules::period& period, const std::string& unit,
                                                     rules::instant now) {
  auto built = build_report(*config_, store_->facts(), obligations, period, unit, now);
  built.board_url.clear();  // served by this daemon: links relative to it
  return std::make_shared<const report_data>(std::move(built));
}

void db_worker::use_config(std::shared_ptr<const config_snapshot> config) {
  // A new database path takes effect at the next start; the store stays open.
  config_ = std::move(config);
}

}  // namespace deadlined::daemon
