// `deadlined check`: one full pass — spool, evaluation, the report — as the overnight job.

#include <boost/json.hpp>

#include <ostream>

#include "deadlined/daemon/command_context.hpp"
#include "deadlined/daemon/notification_delivery.hpp"
#include "deadlined/daemon/notification_queue.hpp"
#include "deadlined/daemon/obligation_report.hpp"
#include "deadlined/daemon/obligation_withdrawal.hpp"
#include "deadlined/daemon/poll_pass.hpp"
#include "deadlined/daemon/spool.hpp"
#include "deadlined/rules/evaluation.hpp"

namespace deadlined::daemon {
namespace {

/// What one evaluation recorded.
struct recorded_evaluation {
  std::size_t facts = 0;
  std::size_t obligations = 0;
  store::obligations_saved saved;
  queue_report queued;
};

/// Evaluates every stored fact at `now` and records the obligations with the notices they
/// queue, in one transaction (SPEC §7: the outbox rows go in with the states they follow
/// from). The facts live only through the evaluation and the obligations only here: the
/// report reads the stored obligations afterwards, and holding all three at once was most
/// of a large district's peak memory.
recorded_evaluation evaluate_and_record(store& db, const config_snapshot& config, rules::instant now,
                                        std::optional<rules::instant> notify_from) {
  const rules::evaluation_context evaluation{config.rules, config.calendar, config.units, now};
  std::size_t fact_count = 0;
  const auto obligations = [&] {
    const auto facts = db.facts();
    fact_count = facts.size();
    return rules::evaluate(facts, evaluation);
  }();
  recorded_evaluation recorded{fact_count, obligations.size(), {}, {}};
  store::transaction tx{db};
  recorded.saved = db.save_obligations(obligations, now, withdrawn_when_missing(config.rules));
  recorded.queued = queue_notices(db, config, obligations, now, notify_from);
  tx.commit();
  return recorded;
}

}  // namespace

int run_check_command(const std::vector<std::string>& args, command_io& io) {
  auto visible = common_options();
  add_now_option(visible);
  visible.add_options()("dry-run",
                        "change nothing: read the spool without moving files, evaluate, report, print the messages "
                        "instead of sending, roll back")("no-poll", "do not poll the configured sources")(
      "no-spool", "do not ingest the spool directory")(
      "notify-since", po::value<std::string>()->value_name("T"),
      "notices that happened before T are recorded, never sent (default: notifications.notify_since, else the "
      "first check or start)")("format", po::value<std::string>()->value_name("text|json")->default_value("text"),
                               "text: by unit, overdue first, in Chinese; json: every obligation in the database");
  int exit = exit_ok;
  const auto vm = parse_command_line(
      args, "check",
      "deadlined check [--now T] [--dry-run] [--no-poll] [--no-spool] [--notify-since T] [--format text|json]", visible,
      {}, {}, io, exit);
  if (!vm) return exit;
  const auto format = (*vm)["format"].as<std::string>();
  if (format != "text" && format != "json") {
    io.err << "deadlined check: --format must be text or json, found \"" << format << "\"\n";
    return exit_usage;
  }
  auto context = load_command_context(*vm, "check", true, io, exit);
  if (!context) return exit;
  const auto& config = *context->config;
  auto& db = *context->db;
  const bool dry_run = vm->count("dry-run") != 0 || context->now_far_from_wall_clock;
  std::optional<rules::instant> notify_from;
  if (vm->count("notify-since") != 0) {
    const auto parsed = rules::parse_timestamp((*vm)["notify-since"].as<std::string>(), config.calendar.zone());
    if (const auto* e = std::get_if<rules::parse_error>(&parsed)) {
      io.err << "deadlined check: --notify-since: col " << e->column << ": " << e->message << "\n";
      return exit_usage;
    }
    const auto& t = std::get<rules::timestamp>(parsed);
    notify_from = t.is_date_only()
                      ? config.calendar.zone().at_local(t.local_date(config.calendar.zone()), std::chrono::seconds{0})
                      : t.counting_instant(config.calendar.zone());
  }
  if (dry_run && vm->count("dry-run") == 0 && io.log) {
    io.log->info("check.dry_run: --now is more than 5 minutes from the wall clock; nothing will be written or sent");
  }

  try {
    // A dry run does everything inside one transaction that is rolled back at the end.
    std::optional<store::transaction> rehearsal;
    if (dry_run) rehearsal.emplace(db);

    if (!dry_run) {
      evidence_store evidence{config.polling.evidence_dir};
      prune_poll_history(db, evidence, config.polling, context->now, io.log.get());
    }
    if (vm->count("no-poll") == 0 && !config.sources.empty()) {
      const auto polled = poll_all_once(config, db, context->now, io.log.get(), !dry_run);
      if (io.log) {
        io.log->info("check.polled: {} sources, {} failed, {} not modified, {} new facts, {} revised", polled.sources,
                     polled.failed, polled.not_modified, polled.new_facts, polled.revised);
      }
    }

    if (vm->count("no-spool") == 0) {
      const auto pass = ingest_spool(config.spool, config, db, context->now, wall_now(), !dry_run);
      for (const auto& r : pass.report.rejected)
        io.err << r.where << ": " << r.field << ": " << r.reason << "\n";
      if (io.log && (pass.report.imported + pass.report.duplicate + pass.report.revised +
                     static_cast<int>(pass.report.rejected.size())) > 0) {
        io.log->info("spool.ingested: {} from {}", pass.report.summary(), config.spool);
      }
    }

    const auto recorded = evaluate_and_record(db, config, context->now, notify_from);
    const auto& saved = recorded.saved;
    const auto& queued = recorded.queued;
    if (io.log && saved.withdrawn > 0) {
      io.log->info(
          "check.withdrawn: {} obligations no longer follow from the facts, removed; {} queued notices "
          "dropped{}",
          saved.withdrawn, saved.notices_dropped, dry_run ? " (dry run: nothing is written)" : "");
    }
    if (io.log && queued.queued + queued.suppressed + queued.cancelled > 0) {
      io.log->info(
          "notify.queued: {} notices, {} before notify_since (not sent), {} cancelled, {} for units without "
          "contacts",
          queued.queued, queued.suppressed, queued.cancelled, queued.unrouted);
    }
    // Delivery: for real, or printed in a dry run.
    std::vector<std::string> rehearsed;
    rate_limiter limiter;
    const message_sender printer = [&rehearsed](const channel_settings& channel, const notification_message& m,
                                                const send_context&) {
      rehearsed.push_back("[" + channel.id + "] " + m.text());
      return send_outcome{true, false, {}};
    };
    const auto delivered =
        deliver_due(db, config, context->now, limiter, dry_run ? printer : message_sender{send_message}, io.log.get());
    if (io.log && delivered.messages > 0) {
      io.log->info("notify.delivered: {} messages, {} notices sent, {} to retry, {} dead, {} held by rate limits{}",
                   delivered.messages, delivered.sent, delivered.failed, delivered.dead, delivered.deferred,
                   dry_run ? " (dry run: printed, not sent)" : "");
    }
    if (io.log) {
      io.log->info("check.evaluated: {} facts, {} obligations at {}{}", recorded.facts, recorded.obligations,
                   config.calendar.zone().format(context->now), dry_run ? " (dry run)" : "");
    }
    const auto stored = db.obligations();
    if (format == "json") {
      // One obligation at a time: a JSON document of them all took six times the memory of the
      // obligations themselves (1.4 GB for 200,000).
      io.out << '[';
      for (std::size_t i = 0; i < stored.size(); ++i)
        io.out << (i == 0 ? "" : ",") << boost::json::serialize(obligation_json(stored[i], config.calendar.zone()));
      io.out << "]\n";
    } else {
      io.out << check_text(stored, config.calendar, context->now, config.district);
      if (dry_run && !rehearsed.empty()) {
        io.out << "\n将发送的通知（演练，未发送）：\n";
        for (const auto& message : rehearsed)
          io.out << "\n" << message << "\n";
      }
    }
  } catch (const std::exception& e) {
    io.err << "deadlined check: " << e.what() << "\n";
    return exit_runtime;
  }
  return exit_ok;
}

/// The obligation `id` (or a unique prefix of it) in `list`; `ambiguous` counts other matches.
std::optional<rules::obligation> find_obligation(std::vector<rules::obligation> list, const std::string& id,
                                                 std::size_t& matches) {
  matches = 0;
  std::optional<rules::obligation> found;
  const auto exact = rules::obligation_id::parse(id);
  for (auto& o : list) {
    if (exact && o.id == *exact) {
      matches = 1;
      return std::move(o);
    }
    if (o.id.str().starts_with(id)) {
      ++matches;
      found = std::move(o);
    }
  }
  return matches == 1 ? found : std::nullopt;
}

int run_explain_command(const std::vector<std::string>& args, command_io& io) {
  auto visible = common_options();
  add_now_option(visible);
  po::options_description hidden;
  hidden.add_options()("id", po::value<std::string>());
  po::positional_options_description positional;
  positional.add("id", 1);
  int exit = exit_ok;
  const auto vm = parse_command_line(args, "explain",
                                     "deadlined explain [--now T] ID\n\n"
                                     "ID: an obligation id from check, or a unique prefix of it",
                                     visible, hidden, positional, io, exit);
  if (!vm) return exit;
  if (vm->count("id") == 0) {
    io.err << "deadlined explain: need an obligation id (from check)\n";
    return exit_usage;
  }
  auto context = load_command_context(*vm, "explain", true, io, exit);
  if (!context) return exit;
  const auto id = (*vm)["id"].as<std::string>();
  // The explanation is evaluated afresh (at --now, or now) from the stored facts, so it
  // matches what check would say; one the evaluation no longer reports (aged out of its
  // window) is shown as stored, a withdrawn one is said to be withdrawn.
  const auto& config = *context->config;
  std::size_t matches = 0;
  std::optional<rules::obligation> found;
  std::optional<rules::instant> withdrawn;
  try {
    rules::evaluation_context evaluation{config.rules, config.calendar, config.units, context->now};
    evaluation.explain = true;
    found = find_obligation(rules::evaluate(context->db->facts(), evaluation), id, matches);
    if (!found && matches == 0) found = find_obligation(context->db->obligations(), id, matches);
    if (!found && matches == 0) withdrawn = context->db->withdrawn_at(id);
  } catch (const std::exception& e) {
    io.err << "deadlined explain: " << e.what() << "\n";
    return exit_runtime;
  }
  if (matches > 1) {
    io.err << "deadlined explain: \"" << id << "\" matches " << matches << " obligations; give more of the id\n";
    return exit_input_problems;
  }
  if (!found) {
    if (withdrawn) {
      io.err << "deadlined explain: obligation \"" << id << "\" was withdrawn at "
             << config.calendar.zone().format(*withdrawn)
             << ": the facts no longer give rise to it (the record that opened it corrected, or its rule "
                "retired); its earlier states are in obligation_history\n";
      return exit_input_problems;
    }
    io.err << "deadlined explain: no obligation \"" << id << "\" in " << config.database << "\n";
    return exit_input_problems;
  }
  io.out << explain_text(*found, context->config->calendar.zone());
  return exit_ok;
}

int run_backup_command(const std::vector<std::string>& args, command_io& io) {
  const auto visible = common_options();
  po::options_description hidden;
  hidden.add_options()("target", po::value<std::string>());
  po::positional_options_description positional;
  positional.add("target", 1);
  int exit = exit_ok;
  const auto vm = parse_command_line(args, "backup", "deadlined backup FILE", visible, hidden, positional, io, exit);
  if (!vm) return exit;
  if (vm->count("target") == 0) {
    io.err << "deadlined backup: need the file to write the copy to\n";
    return exit_usage;
  }
  auto context = load_command_context(*vm, "backup", true, io, exit);
  if (!context) return exit;
  try {
    context->db->backup_to((*vm)["target"].as<std::string>());
  } catch (const std::exception& e) {
    io.err << "deadlined backup: " << e.what() << "\n";
    return exit_runtime;
  }
  if (io.log)
    io.log->info("backup.done: {} copied to {}", context->config->database, (*vm)["target"].as<std::string>());
  return exit_ok;
}

}  // namespace deadlined::daemon
