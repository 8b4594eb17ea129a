#include "deadlined/daemon/store.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "deadlined/daemon/checkpoint_thread.hpp"
#include "deadlined/rules/obligation_changes.hpp"
#include "schema.hpp"

namespace deadlined::daemon {

namespace {

constexpr const char* history_insert =
    "INSERT INTO obligation_history (obligation_id, at, from_state, to_state, due_at) VALUES (?,?,?,?,?)";
/// What history needs of a stored obligation: the state and due time it moves from.
constexpr const char* stored_state_select = "SELECT state, due_at FROM obligations WHERE id = ?";

namespace json = boost::json;

std::string attrs_json(const rules::fact& f) {
  json::object o;
  for (const auto& [k, v] : f.attrs)
    o[k] = v;
  return json::serialize(o);
}

void read_attrs(const std::string& text, rules::fact& f) {
  boost::system::error_code ec;
  const auto value = json::parse(text, ec);
  if (ec || !value.is_object()) return;
  f.attrs.reserve(value.as_object().size());
  for (const auto& [k, v] : value.as_object()) {
    if (v.is_string()) f.attrs[std::string{k}] = std::string{v.as_string()};
  }
}

/// What makes two versions of a fact the same fact: every field a rule can see.
std::string content_hash(const rules::fact& f, const std::string& attrs) {
  return rules::stable_id({f.type, f.unit, f.subject, stored_time(f.time), attrs});
}

std::optional<std::string> optional_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

/// A stored JSON array, by value (a range-for over a temporary's member would dangle).
json::array json_array(const std::string& text) {
  boost::system::error_code ec;
  auto value = json::parse(text, ec);
  if (ec || !value.is_array()) throw store_error("database holds unreadable JSON: " + text.substr(0, 80));
  return std::move(value.as_array());
}

rules::obligation read_obligation(SQLite::Statement& q) {
  rules::obligation o;
  const auto id = q.getColumn(0).getString();
  const auto parsed_id = rules::obligation_id::parse(id);
  if (!parsed_id) throw store_error("database holds an unreadable obligation id \"" + id + "\"");
  o.id = *parsed_id;
  o.rule = q.getColumn(1).getString();
  o.rule_version = q.getColumn(2).getInt();
  o.unit = q.getColumn(3).getString();
  o.original_unit = q.getColumn(4).getString();
  o.subject = q.getColumn(5).getString();
  o.title = q.getColumn(6).getString();
  o.clause = q.getColumn(7).getString();
  o.key = q.getColumn(8).getString();
  o.opened_at = parse_utc(q.getColumn(9).getString());
  o.due_at = parse_utc(q.getColumn(10).getString());
  if (auto t = optional_text(q.getColumn(11))) o.original_due_at = parse_utc(*t);
  o.provisional = q.getColumn(12).getInt() != 0;
  const std::string state = q.getColumn(13).getString();
  for (auto s : {rules::obligation_state::pending, rules::obligation_state::met, rules::obligation_state::met_late,
                 rules::obligation_state::overdue, rules::obligation_state::waived}) {
    if (rules::to_string(s) == state) o.state = s;
  }
  if (auto t = optional_text(q.getColumn(14))) o.met_at = parse_stored_time(*t);
  o.paused = q.getColumn(15).getInt() != 0;
  o.waiver_requested = q.getColumn(16).getInt() != 0;
  o.waiver_reason = q.getColumn(17).getString();
  o.hour_scale = q.getColumn(18).getInt() != 0;
  if (auto t = optional_text(q.getColumn(19))) o.escalate_at = parse_utc(*t);
  o.escalate_to = q.getColumn(20).getString();
  for (const auto& v : json_array(q.getColumn(21).getString()))
    o.reminders.push_back(parse_utc(std::string{v.as_string()}));
  for (const auto& v : json_array(q.getColumn(22).getString())) {
    const auto& e = v.as_object();
    // A role this version does not know can only come from a later version's database: the
    // link is left out rather than shown under a wrong role.
    if (const auto role = rules::evidence_role_named(e.at("role").as_string()))
      o.evidence.push_back({std::string{e.at("fact").as_string()}, *role});
  }
  for (const auto& v : json_array(q.getColumn(23).getString()))
    o.explanation.push_back(std::string{v.as_string()});
  return o;
}

/// What read_facts reads, in its order.
constexpr std::string_view select_facts =
    "SELECT source, external_id, type, unit, subject, time, attrs, observed_at FROM facts ";

constexpr const char* obligation_columns =
    "id, rule, rule_version, unit, original_unit, subject, title, clause, key, opened_at, due_at, original_due_at, "
    "provisional, state, met_at, paused, waiver_requested, waiver_reason, hour_scale, escalate_at, escalate_to, "
    "reminders, evidence, explanation";

/// Writes an obligation unless its stored row already says the same. The daemon saves every
/// obligation at every check; replacing unchanged rows rewrote the whole table (and its
/// index) into the WAL every few minutes — the size of the table each time, 200,000 rows
/// at a large district. `updated_at` is therefore when the row last changed.
std::string obligation_upsert_sql() {
  std::vector<std::string> columns;
  std::string_view rest = obligation_columns;
  while (!rest.empty()) {
    const auto comma = rest.find(", ");
    columns.emplace_back(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 2);
  }
  std::string sql = std::string{"INSERT INTO obligations ("} + obligation_columns + ", updated_at) VALUES (";
  for (std::size_t i = 0; i <= columns.size(); ++i)
    sql += i == 0 ? "?" : ",?";
  sql += ") ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at";
  std::string stored;
  std::string fresh;
  for (std::size_t i = 1; i < columns.size(); ++i) {  // every column but the id
    sql += ", " + columns[i] + " = excluded." + columns[i];
    stored += (i == 1 ? "obligations." : ", obligations.") + columns[i];
    fresh += (i == 1 ? "excluded." : ", excluded.") + columns[i];
  }
  return sql + " WHERE (" + stored + ") IS NOT (" + fresh + ")";
}

}  // namespace

std::string utc_text(rules::instant at) {
  auto text = rules::format_instant(at, std::chrono::seconds{0});
  return text.substr(0, 19) + "Z";
}

std::string stored_time(const rules::timestamp& t) {
  static const auto utc = rules::zone_offsets::fixed("UTC", std::chrono::seconds{0});
  return t.is_date_only() ? t.format(utc) : utc_text(t.counting_instant(utc));
}

rules::instant parse_utc(const std::string& text) {
  return parse_stored_time(text).counting_instant(rules::zone_offsets::fixed("UTC", std::chrono::seconds{0}));
}

rules::timestamp parse_stored_time(const std::string& text) {
  static const auto utc = rules::zone_offsets::fixed("UTC", std::chrono::seconds{0});
  auto parsed = rules::parse_timestamp(text, utc);
  if (auto* ts = std::get_if<rules::timestamp>(&parsed)) return *ts;
  throw store_error("database holds an unreadable time \"" + text + "\"");
}

store::store(const std::string& path) : path_(path) {
  try {
    db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db_->setBusyTimeout(5000);
    db_->exec("PRAGMA journal_mode = WAL");
    // NORMAL in WAL mode keeps every committed transaction across a process crash;
    // only a power loss can take back the last commits.
    db_->exec("PRAGMA synchronous = NORMAL");
    db_->exec("PRAGMA foreign_keys = ON");
    db_->exec("PRAGMA cache_size = -16384");  // 16 MiB; an import asks for more
    // Statement journals in memory: each fact's insert inside a large transaction keeps
    // one, and on disk (/var/tmp) they were half the writes of a poll pass.
    db_->exec("PRAGMA temp_store = MEMORY");
  } catch (const SQLite::Exception& e) {
    throw store_error("cannot open database " + path + ": " + e.what());
  }
  migrate();
}

store::~store() = default;

store::statement_lease store::prepared(std::unique_ptr<SQLite::Statement>& slot, const char* sql) const {
  if (!slot) slot = std::make_unique<SQLite::Statement>(*db_, sql);
  slot->clearBindings();
  return statement_lease{*slot};
}

store::statement_lease::~statement_lease() {
  q_.tryReset();  // a failed step's error was thrown already; the next use starts clean
}

void store::set_cache_mib(int mib) {
  db_->exec("PRAGMA cache_size = -" + std::to_string(mib * 1024));
}

void store::checkpoint_elsewhere(bool elsewhere) {
  db_->exec(writer_checkpoints(!elsewhere));
}

void store::migrate() {
  for (;;) {
    // The version is read under the write lock: the daemon and a command may open an old
    // database at the same moment, and only one of them may run each migration.
    SQLite::Transaction tx{*db_, SQLite::TransactionBehavior::IMMEDIATE};
    const int version = db_->execAndGet("PRAGMA user_version").getInt();
    if (version > schema_version) {
      throw store_error("database " + path_ + " has schema version " + std::to_string(version) +
                        ", newer than this deadlined understands (" + std::to_string(schema_version) +
                        "); run the newer deadlined or restore a backup");
    }
    if (version == schema_version) return;  // nothing written: the transaction rolls back
    db_->exec(std::string{detail::migrations[static_cast<std::size_t>(version)]});
    db_->exec("PRAGMA user_version = " + std::to_string(version + 1));
    tx.commit();
  }
}

// Savepoints nest, so a dry run can wrap a whole check (whose steps have their own
// transactions) in one that is rolled back at the end.
store::transaction::transaction(store& s) : store_(s) {
  store_.db_->exec("SAVEPOINT deadlined");
}

store::transaction::~transaction() {
  if (done_) return;
  try {
    store_.db_->exec("ROLLBACK TO deadlined");
    store_.db_->exec("RELEASE deadlined");
  } catch (const SQLite::Exception&) {
    // Nothing more to do: the transaction is gone either way.
  }
}

void store::transaction::commit() {
  store_.db_->exec("RELEASE deadlined");
  done_ = true;
}

fact_outcome store::put_fact(const rules::fact& f, const std::string& via, rules::instant now) {
  const std::string attrs = attrs_json(f);
  const std::string hash = content_hash(f, attrs);
  const std::string time = stored_time(f.time);
  const std::string now_text = utc_text(now);
  const std::string observed = utc_text(f.observed_at == rules::instant{} ? now : f.observed_at);

  const auto insert =
      prepared(insert_fact_,
               "INSERT INTO facts (source, external_id, via, type, unit, subject, time, attrs, content_hash, "
               "observed_at, updated_at, change_seq) VALUES (?,?,?,?,?,?,?,?,?,?,?, "
               "(SELECT coalesce(max(change_seq), 0) + 1 FROM facts)) "
               "ON CONFLICT (source, external_id) DO NOTHING");
  insert->bindNoCopy(1, f.source);
  insert->bindNoCopy(2, f.external_id);
  insert->bindNoCopy(3, via);
  insert->bindNoCopy(4, f.type);
  insert->bindNoCopy(5, f.unit);
  insert->bindNoCopy(6, f.subject);
  insert->bindNoCopy(7, time);
  insert->bindNoCopy(8, attrs);
  insert->bindNoCopy(9, hash);
  insert->bindNoCopy(10, observed);
  insert->bindNoCopy(11, now_text);
  if (insert->exec() == 1) return fact_outcome::imported;

  const auto existing = prepared(find_fact_,
                                 "SELECT id, revision, type, unit, subject, time, attrs, content_hash FROM facts "
                                 "WHERE source = ? AND external_id = ?");
  existing->bind(1, f.source);
  existing->bind(2, f.external_id);
  existing->executeStep();
  const std::string previous_hash = existing->getColumn(7).getString();
  if (previous_hash == hash) return fact_outcome::duplicate;

  const auto id = existing->getColumn(0).getInt64();
  const int revision = existing->getColumn(1).getInt();
  SQLite::Statement keep{
      *db_,
      "INSERT INTO fact_revisions (fact_id, revision, type, unit, subject, time, attrs, content_hash, "
      "replaced_at) VALUES (?,?,?,?,?,?,?,?,?)"};
  keep.bind(1, id);
  keep.bind(2, revision);
  for (int c = 2; c <= 7; ++c)
    keep.bind(c + 1, existing->getColumn(c).getString());
  existing->reset();
  keep.bind(9, now_text);
  keep.exec();
  SQLite::Statement update{
      *db_,
      "UPDATE facts SET via = ?, type = ?, unit = ?, subject = ?, time = ?, attrs = ?, content_hash = ?, "
      "revision = revision + 1, updated_at = ?, change_seq = (SELECT max(change_seq) + 1 FROM facts) WHERE id = ?"};
  update.bind(1, via);
  update.bind(2, f.type);
  update.bind(3, f.unit);
  update.bind(4, f.subject);
  update.bind(5, time);
  update.bind(6, attrs);
  update.bind(7, hash);
  update.bind(8, now_text);
  update.bind(9, id);
  update.exec();
  audit(now, via, "fact.revised", f.source + "/" + f.external_id,
        "revision " + std::to_string(revision + 1) + " replaces " + previous_hash);
  return fact_outcome::revised;
}

std::vector<rules::fact> store::facts() const {
  SQLite::Statement q{*db_, std::string{select_facts} + "ORDER BY id"};
  // Every fact is read: one allocation instead of a doubling's copy of half a million.
  return read_facts(q, static_cast<std::size_t>(fact_count()));
}

std::vector<rules::fact> store::facts_of_source(const std::string& source) const {
  static const std::string sql = std::string{select_facts} + "WHERE source = ? ORDER BY id";
  const auto q = prepared(facts_of_source_, sql.c_str());
  q->bind(1, source);
  return read_facts(*q);
}

std::vector<rules::fact> store::facts_changed_since(std::int64_t since, std::int64_t& latest) const {
  latest = std::max(since, db_->execAndGet("SELECT coalesce(max(change_seq), 0) FROM facts").getInt64());
  // From the start (0) every fact, also one an older deadlined wrote without a number.
  SQLite::Statement q{*db_, std::string{select_facts} +
                                "WHERE (change_seq > ?1 OR ?1 = 0) AND change_seq <= ?2 ORDER BY change_seq, id"};
  q.bind(1, since);
  q.bind(2, latest);
  return read_facts(q);
}

std::vector<rules::fact> store::read_facts(SQLite::Statement& q, std::size_t expected) {
  std::vector<rules::fact> out;
  out.reserve(expected);
  while (q.executeStep()) {
    rules::fact f;
    f.source = q.getColumn(0).getString();
    f.external_id = q.getColumn(1).getString();
    f.id = f.source + "/" + f.external_id;
    f.type = q.getColumn(2).getString();
    f.unit = q.getColumn(3).getString();
    f.subject = q.getColumn(4).getString();
    f.time = parse_stored_time(q.getColumn(5).getString());
    read_attrs(q.getColumn(6).getString(), f);
    f.observed_at = parse_utc(q.getColumn(7).getString());
    out.push_back(std::move(f));
  }
  return out;
}

std::int64_t store::fact_count() const {
  return db_->execAndGet("SELECT count(*) FROM facts").getInt64();
}

store::obligations_saved store::save_obligations(const std::vector<rules::obligation>& obligations, rules::instant now,
                                                 const withdrawal_test& withdrawn) {
  const std::string now_text = utc_text(now);
  record_obligations(rules::changes_between({}, obligations).changed, now_text);  // against nothing, all are new
  if (!withdrawn) return {};
  return withdraw_missing(obligations, now_text, withdrawn);
}

store::obligations_saved store::save_changes(std::span<const rules::obligation* const> changed,
                                             std::span<const rules::obligation* const> gone, rules::instant now,
                                             const withdrawal_test& withdrawn) {
  const std::string now_text = utc_text(now);
  record_obligations(changed, now_text);
  if (!withdrawn || gone.empty()) return {};
  std::vector<stored_obligation> rows;
  SQLite::Statement stored{*db_, stored_state_select};
  for (const auto* o : gone) {
    if (!withdrawn(o->rule)) continue;
    stored.reset();
    const std::string id = o->id.str();
    stored.bind(1, id);
    if (stored.executeStep()) rows.push_back({id, stored.getColumn(0).getString(), stored.getColumn(1).getString()});
  }
  return withdraw_rows(rows, now_text);
}

void store::record_obligations(std::span<const rules::obligation* const> obligations, const std::string& now_text) {
  SQLite::Statement previous{*db_, stored_state_select};
  static const std::string upsert_sql = obligation_upsert_sql();
  SQLite::Statement upsert{*db_, upsert_sql};
  SQLite::Statement history{*db_, history_insert};
  for (const auto* each : obligations) {
    const auto& o = *each;
    previous.reset();
    previous.bind(1, o.id);
    std::optional<std::string> old_state;
    std::string old_due;
    if (previous.executeStep()) {
      old_state = previous.getColumn(0).getString();
      old_due = previous.getColumn(1).getString();
    }
    const std::string state{rules::to_string(o.state)};
    const std::string due = utc_text(o.due_at);
    if (!old_state || *old_state != state || old_due != due) {
      history.reset();
      history.bind(1, o.id);
      history.bind(2, now_text);
      if (old_state) {
        history.bind(3, *old_state);
      } else {
        history.bind(3);  // NULL: the obligation opened
      }
      history.bind(4, state);
      history.bind(5, due);
      history.exec();
    }
    json::array reminders;
    for (auto r : o.reminders)
      reminders.emplace_back(utc_text(r));
    json::array evidence;
    for (const auto& e : o.evidence)
      evidence.push_back(json::object{{"fact", e.fact_id}, {"role", rules::to_string(e.role)}});
    json::array explanation;
    for (const auto& line : o.explanation)
      explanation.emplace_back(line);

    upsert.reset();
    int i = 0;
    upsert.bind(++i, o.id);
    upsert.bind(++i, o.rule);
    upsert.bind(++i, o.rule_version);
    upsert.bind(++i, o.unit);
    upsert.bind(++i, o.original_unit);
    upsert.bind(++i, o.subject.str());
    upsert.bind(++i, o.title);
    upsert.bind(++i, o.clause);
    upsert.bind(++i, o.key.str());
    upsert.bind(++i, utc_text(o.opened_at));
    upsert.bind(++i, due);
    if (o.original_due_at)
      upsert.bind(++i, utc_text(*o.original_due_at));
    else
      upsert.bind(++i);
    upsert.bind(++i, o.provisional ? 1 : 0);
    upsert.bind(++i, state);
    if (o.met_at)
      upsert.bind(++i, stored_time(*o.met_at));
    else
      upsert.bind(++i);
    upsert.bind(++i, o.paused ? 1 : 0);
    upsert.bind(++i, o.waiver_requested ? 1 : 0);
    upsert.bind(++i, o.waiver_reason);
    upsert.bind(++i, o.hour_scale ? 1 : 0);
    if (o.escalate_at)
      upsert.bind(++i, utc_text(*o.escalate_at));
    else
      upsert.bind(++i);
    upsert.bind(++i, o.escalate_to);
    upsert.bind(++i, json::serialize(reminders));
    upsert.bind(++i, json::serialize(evidence));
    upsert.bind(++i, json::serialize(explanation));
    upsert.bind(++i, now_text);
    upsert.exec();
  }
}

store::obligations_saved store::withdraw_missing(const std::vector<rules::obligation>& obligations,
                                                 const std::string& now_text, const withdrawal_test& withdrawn) {
  std::vector<rules::obligation_id> current;
  current.reserve(obligations.size());
  for (const auto& o : obligations)
    current.push_back(o.id);
  std::sort(current.begin(), current.end());
  std::vector<stored_obligation> missing;
  {
    SQLite::Statement stored{*db_, "SELECT id, rule, state, due_at FROM obligations"};
    while (stored.executeStep()) {
      auto id = stored.getColumn(0).getString();
      const auto number = rules::obligation_id::parse(id);
      if (number && std::binary_search(current.begin(), current.end(), *number)) continue;
      if (!withdrawn(stored.getColumn(1).getString())) continue;
      missing.push_back({std::move(id), stored.getColumn(2).getString(), stored.getColumn(3).getString()});
    }
  }
  return withdraw_rows(missing, now_text);
}

store::obligations_saved store::withdraw_rows(const std::vector<stored_obligation>& rows, const std::string& now_text) {
  obligations_saved saved;
  if (rows.empty()) return saved;
  SQLite::Statement history{*db_, history_insert};
  SQLite::Statement remove{*db_, "DELETE FROM obligations WHERE id = ?"};
  SQLite::Statement drop{*db_, "DELETE FROM outbox WHERE obligation_id = ? AND state = 'queued'"};
  for (const auto& row : rows) {
    history.reset();
    history.bind(1, row.id);
    history.bind(2, now_text);
    history.bind(3, row.state);
    history.bind(4, std::string{withdrawn_state});
    history.bind(5, row.due_at);
    history.exec();
    remove.reset();
    remove.bind(1, row.id);
    remove.exec();
    drop.reset();
    drop.bind(1, row.id);
    saved.notices_dropped += drop.exec();
    ++saved.withdrawn;
  }
  return saved;
}

std::vector<rules::obligation> store::obligations() const {
  std::vector<rules::obligation> out;
  SQLite::Statement q{*db_, std::string{"SELECT "} + obligation_columns + " FROM obligations ORDER BY id"};
  while (q.executeStep())
    out.push_back(read_obligation(q));
  return out;
}

std::optional<rules::instant> store::withdrawn_at(const std::string& id) const {
  // Only while it is still withdrawn: the last step is the withdrawal.
  SQLite::Statement q{
      *db_, "SELECT at, to_state FROM obligation_history WHERE obligation_id = ? ORDER BY rowid DESC LIMIT 1"};
  q.bind(1, id);
  if (!q.executeStep() || q.getColumn(1).getString() != withdrawn_state) return std::nullopt;
  return parse_utc(q.getColumn(0).getString());
}

std::optional<rules::obligation> store::obligation(const std::string& id) const {
  SQLite::Statement q{*db_, std::string{"SELECT "} + obligation_columns + " FROM obligations WHERE id = ?"};
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_obligation(q);
}

void store::audit(rules::instant at, const std::string& actor, const std::string& action, const std::string& target,
                  const std::string& detail) {
  SQLite::Statement q{*db_, "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?,?,?,?,?)"};
  q.bind(1, utc_text(at));
  q.bind(2, actor);
  q.bind(3, action);
  q.bind(4, target);
  q.bind(5, detail);
  q.exec();
}

std::optional<std::string> store::meta(const std::string& key) const {
  SQLite::Statement q{*db_, "SELECT value FROM meta WHERE key = ?"};
  q.bind(1, key);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

void store::set_meta(const std::string& key, const std::string& value) {
  SQLite::Statement q{
      *db_, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"};
  q.bind(1, key);
  q.bind(2, value);
  q.exec();
}

void store::backup_to(const std::string& destination) {
  try {
    SQLite::Database target{destination, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
    SQLite::Backup backup{target, *db_};
    // Copy in steps so that writers are not locked out for the whole copy.
    while (backup.executeStep(256) != SQLITE_DONE) {
    }
  } catch (const SQLite::Exception& e) {
    throw store_error("backup to " + destination + " failed: " + e.what());
  }
}

}  // namespace deadlined::daemon
