#pragma once
// The database: facts with their revisions, obligations and their history, the
// notification outbox, per-source poll state and the audit log, in one SQLite file (WAL).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "deadlined/rules/fact.hpp"
#include "deadlined/rules/obligation.hpp"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace deadlined::daemon {

/// A database that cannot be opened or migrated (e.g. written by a newer deadlined).
class store_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class fact_outcome { imported, duplicate, revised };

/// One notification to one contact on one channel, as the durable outbox keeps it.
struct outbox_entry {
  std::int64_t id = 0;
  std::string key;  ///< idempotency key: obligation, event, contact, channel
  std::string obligation_id;
  std::string event;             ///< reminder-1, overdue, escalation, resolved
  std::string contact;           ///< unit/name
  std::string channel;           ///< channel id
  std::string payload;           ///< JSON: what the message says
  rules::instant due_at{};       ///< when the event happened
  std::string state = "queued";  ///< queued, sent, dead, suppressed, cancelled
  int attempts = 0;
  rules::instant next_attempt_at{};
  std::string last_error;
};

/// What polling remembers about a source between polls.
struct poll_state {
  std::string etag;
  std::string last_modified;
  /// source_reading() of the configuration that read the page the validators stand for;
  /// empty in databases older than schema 3.
  std::string reading;
  std::optional<rules::instant> first_success_at;
  std::optional<rules::instant> last_success_at;
  std::optional<rules::instant> last_attempt_at;
  int consecutive_failures = 0;
};

/// One fetch of a source, kept for availability and the fetch history.
struct fetch_record {
  rules::instant at{};
  int status = 0;  ///< HTTP status; 0 when no response came
  std::int64_t latency_ms = 0;
  std::int64_t bytes = 0;
  std::string error;  ///< empty when the fetch succeeded
};

class store {
 public:
  /// The schema version this binary writes.
  static constexpr int schema_version = 3;

  /// Opens (creating if needed) and migrates the database; throws store_error.
  explicit store(const std::string& path);
  ~store();
  store(const store&) = delete;
  store& operator=(const store&) = delete;

  const std::string& path() const { return path_; }
  SQLite::Database& database() { return *db_; }

  /// All-or-nothing work: commits when `commit()` is called, rolls back otherwise.
  class transaction {
   public:
    explicit transaction(store& s);
    ~transaction();
    void commit();

   private:
    store& store_;
    bool done_ = false;
  };

  /// Stores a fact keyed by (source, external id): new, the same again, or a revision
  /// (the previous content is kept in fact_revisions and the change audit-logged).
  fact_outcome put_fact(const rules::fact& f, const std::string& via, rules::instant now);
  /// Every fact, latest revision, as the core sees them (`id` is `source/external_id`).
  std::vector<rules::fact> facts() const;
  /// The facts a website source produced (latest revisions).
  std::vector<rules::fact> facts_of_source(const std::string& source) const;
  /// The facts added or revised after change number `since` (latest revisions; every fact
  /// when `since` is 0), and in `latest` the change number to ask from next time.
  std::vector<rules::fact> facts_changed_since(std::int64_t since, std::int64_t& latest) const;
  bool has_fact(const std::string& source, const std::string& external_id) const;
  /// The page snapshot a website fact was seen on (the hash in its `evidence` attribute), by
  /// the fact's id (`source/external_id`); none for records and unknown ids.
  std::optional<std::string> evidence_page_of(std::string_view fact_id) const;
  std::int64_t fact_count() const;

  /// What recording an evaluation did beyond writing its obligations.
  struct obligations_saved {
    int withdrawn = 0;        ///< stored obligations the evaluation no longer gives, removed
    int notices_dropped = 0;  ///< their notices still queued, removed unsent
  };
  /// Whether a stored obligation of this rule that an evaluation no longer gives has been
  /// withdrawn — rather than having aged out of what the evaluation reports.
  using withdrawal_test = std::function<bool(const std::string& rule)>;
  /// Records the evaluation — every obligation there is: upserts each, logs state changes in
  /// history. A stored obligation the evaluation no longer gives and `withdrawn` says was
  /// withdrawn (its trigger corrected, its rule retired) leaves the table: history records
  /// `withdrawn`, and its queued notices are removed unsent (planned afresh should it open
  /// again). Without a test nothing is withdrawn.
  obligations_saved save_obligations(const std::vector<rules::obligation>& obligations, rules::instant now,
                                     const withdrawal_test& withdrawn = {});
  /// Records what changed since the evaluation last recorded (rules::changes_between): the
  /// `changed` obligations as save_obligations records each, and of the `gone` ones those
  /// `withdrawn` says were withdrawn, as save_obligations withdraws them. The daemon's
  /// checks; equal to save_obligations of the whole evaluation when the previous one was
  /// recorded, at a cost that follows the changes, not the district's size.
  obligations_saved save_changes(std::span<const rules::obligation* const> changed,
                                 std::span<const rules::obligation* const> gone, rules::instant now,
                                 const withdrawal_test& withdrawn);
  std::vector<rules::obligation> obligations() const;
  std::optional<rules::obligation> obligation(const std::string& id) const;
  /// When the obligation was withdrawn, if that is the last thing its history says.
  std::optional<rules::instant> withdrawn_at(const std::string& id) const;
  /// `to_state` in obligation_history for an obligation the facts no longer give.
  static constexpr std::string_view withdrawn_state = "withdrawn";

  void audit(rules::instant at, const std::string& actor, const std::string& action, const std::string& target,
             const std::string& detail);
  std::optional<std::string> meta(const std::string& key) const;
  void set_meta(const std::string& key, const std::string& value);

  /// SQLite's page cache (default 16 MiB): a big import's transaction spills fewer pages
  /// with more.
  void set_cache_mib(int mib);
  /// Turns this connection's automatic WAL checkpoints off while a checkpoint_thread does
  /// them, and back on (SQLite's default, every 1000 pages) with `false`.
  void checkpoint_elsewhere(bool elsewhere);

  /// A consistent copy through SQLite's online backup, safe while others write.
  void backup_to(const std::string& destination);

  // The notification outbox (outbox_records.cpp).
  /// Adds the entry unless its key is already there; returns whether it was added.
  bool enqueue(const outbox_entry& entry, rules::instant now);
  /// Whether an entry with this key is there (in any state): a notice planned again at
  /// every check is looked up before its message is built.
  bool outbox_has(const std::string& key) const;
  /// Queued entries whose next attempt is due, oldest first.
  std::vector<outbox_entry> due_outbox(rules::instant now) const;
  void mark_sent(std::int64_t id, rules::instant at);
  /// A failed attempt: retried at `next_attempt_at`, or dead when `dead`.
  void mark_failed(std::int64_t id, int attempts, rules::instant next_attempt_at, const std::string& error, bool dead);
  /// Held back without counting an attempt (a rate limit).
  void defer(std::int64_t id, rules::instant next_attempt_at);
  /// Queued notices of an obligation that no longer calls for them (met, waived) are
  /// cancelled, except `keep_event`; returns how many.
  int cancel_queued(const std::string& obligation_id, const std::string& keep_event);
  /// Entries by state (queued, sent, dead, suppressed, cancelled).
  std::map<std::string, std::int64_t> outbox_counts() const;
  /// The earliest next attempt of a queued row.
  std::optional<rules::instant> next_outbox_attempt() const;
  std::vector<outbox_entry> outbox_entries(const std::string& state) const;

  // Polling bookkeeping (poll_records.cpp).
  poll_state poll_state_of(const std::string& source) const;
  void save_poll_state(const std::string& source, const poll_state& state);
  void record_fetch(const std::string& source, const fetch_record& fetch);
  /// Fetches of `source` from `since` on, oldest first.
  std::vector<fetch_record> fetches_of(const std::string& source, rules::instant since) const;
  /// Deletes fetch records older than `before`; returns how many.
  std::int64_t prune_fetches(rules::instant before);

 private:
  /// Upserts each, with a history row when its state or due time changed.
  void record_obligations(std::span<const rules::obligation* const> obligations, const std::string& now_text);
  obligations_saved withdraw_missing(const std::vector<rules::obligation>& obligations, const std::string& now_text,
                                     const withdrawal_test& withdrawn);
  /// A stored obligation's row as a withdrawal records it.
  struct stored_obligation {
    std::string id, state, due_at;
  };
  obligations_saved withdraw_rows(const std::vector<stored_obligation>& rows, const std::string& now_text);
  /// The facts `q` selects (with select_facts's columns); `expected` rows, when known, are reserved.
  static std::vector<rules::fact> read_facts(SQLite::Statement& q, std::size_t expected = 0);
  void migrate();
  /// A statement prepared once and reused (preparing costs more than running an insert),
  /// reset when the lease ends: a read left half-way would otherwise hold its snapshot of
  /// the database, and keep the WAL from being checkpointed, until the statement's next use.
  class statement_lease {
   public:
    explicit statement_lease(SQLite::Statement& q) : q_(q) {}
    ~statement_lease();
    statement_lease(const statement_lease&) = delete;
    statement_lease& operator=(const statement_lease&) = delete;
    SQLite::Statement* operator->() const { return &q_; }
    SQLite::Statement& operator*() const { return q_; }

   private:
    SQLite::Statement& q_;
  };
  statement_lease prepared(std::unique_ptr<SQLite::Statement>& slot, const char* sql) const;

  std::string path_;
  std::unique_ptr<SQLite::Database> db_;
  // Statements run once per fact, per poll or per obligation (a pass over 10,000 sources
  // spent 4 % of its time preparing them, a check of 200,000 obligations 13 %).
  mutable std::unique_ptr<SQLite::Statement> insert_fact_;
  mutable std::unique_ptr<SQLite::Statement> find_fact_;
  mutable std::unique_ptr<SQLite::Statement> poll_state_of_;
  mutable std::unique_ptr<SQLite::Statement> save_poll_state_;
  mutable std::unique_ptr<SQLite::Statement> record_fetch_;
  mutable std::unique_ptr<SQLite::Statement> facts_of_source_;
  mutable std::unique_ptr<SQLite::Statement> enqueue_;
  mutable std::unique_ptr<SQLite::Statement> cancel_queued_;
  mutable std::unique_ptr<SQLite::Statement> outbox_has_;
  mutable std::unique_ptr<SQLite::Statement> evidence_page_of_;
};

/// `2019-10-08T15:59:59Z`: how instants are stored (sortable as text).
std::string utc_text(rules::instant at);
/// The inverse of utc_text.
rules::instant parse_utc(const std::string& text);
/// A stored time back: `2019-09-27` (date precision) or `…Z`.
rules::timestamp parse_stored_time(const std::string& text);
/// How a fact's time is stored: its date, or its instant in UTC.
std::string stored_time(const rules::timestamp& t);

}  // namespace deadlined::daemon
