#pragma once
// The database schema as an ordered list of migrations; migration N brings the schema to
// version N. Never edit a released migration: add the next one.

#include <array>
#include <string_view>

namespace deadlined::daemon::detail {

inline constexpr std::array<std::string_view, 3> migrations{
    R"sql(
CREATE TABLE facts (
  id            INTEGER PRIMARY KEY,
  source        TEXT NOT NULL,            -- 'record' for CLI, spool and API records; else the source id
  external_id   TEXT NOT NULL,            -- the record id, or the website item's link
  via           TEXT NOT NULL,            -- cli:FILE, spool:FILE, api, poll
  type          TEXT NOT NULL,
  unit          TEXT NOT NULL,
  subject       TEXT NOT NULL DEFAULT '',
  time          TEXT NOT NULL,            -- YYYY-MM-DD (date precision) or ISO 8601 UTC
  attrs         TEXT NOT NULL,            -- JSON object of text values
  content_hash  TEXT NOT NULL,
  revision      INTEGER NOT NULL DEFAULT 0,
  observed_at   TEXT NOT NULL,            -- first seen by the daemon
  updated_at    TEXT NOT NULL,
  UNIQUE (source, external_id)
);

CREATE TABLE fact_revisions (
  fact_id       INTEGER NOT NULL REFERENCES facts (id),
  revision      INTEGER NOT NULL,
  type          TEXT NOT NULL,
  unit          TEXT NOT NULL,
  subject       TEXT NOT NULL,
  time          TEXT NOT NULL,
  attrs         TEXT NOT NULL,
  content_hash  TEXT NOT NULL,
  replaced_at   TEXT NOT NULL,
  PRIMARY KEY (fact_id, revision)
);

CREATE TABLE obligations (
  id               TEXT PRIMARY KEY,
  rule             TEXT NOT NULL,
  rule_version     INTEGER NOT NULL,
  unit             TEXT NOT NULL,
  original_unit    TEXT NOT NULL,
  subject          TEXT NOT NULL,
  title            TEXT NOT NULL,
  clause           TEXT NOT NULL,
  key              TEXT NOT NULL,
  opened_at        TEXT NOT NULL,
  due_at           TEXT NOT NULL,
  original_due_at  TEXT,
  provisional      INTEGER NOT NULL,
  state            TEXT NOT NULL,
  met_at           TEXT,
  paused           INTEGER NOT NULL,
  waiver_requested INTEGER NOT NULL,
  waiver_reason    TEXT NOT NULL,
  hour_scale       INTEGER NOT NULL,
  escalate_at      TEXT,
  escalate_to      TEXT NOT NULL,
  reminders        TEXT NOT NULL,         -- JSON array of UTC instants
  evidence         TEXT NOT NULL,         -- JSON array of {fact, role}
  explanation      TEXT NOT NULL,         -- JSON array of lines
  updated_at       TEXT NOT NULL
);
CREATE INDEX obligations_unit_state ON obligations (unit, state);

CREATE TABLE obligation_history (
  obligation_id  TEXT NOT NULL,
  at             TEXT NOT NULL,
  from_state     TEXT,                    -- NULL when the obligation opened
  to_state       TEXT NOT NULL,
  due_at         TEXT NOT NULL
);
CREATE INDEX obligation_history_id ON obligation_history (obligation_id, at);

CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  idempotency_key  TEXT NOT NULL UNIQUE,  -- obligation, event, contact
  obligation_id    TEXT NOT NULL,
  event            TEXT NOT NULL,         -- reminder, overdue, escalation, resolved
  contact          TEXT NOT NULL,
  channel          TEXT NOT NULL,
  payload          TEXT NOT NULL,
  due_at           TEXT NOT NULL,
  state            TEXT NOT NULL,         -- queued, sent, dead, suppressed
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  last_error       TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  sent_at          TEXT
);
CREATE INDEX outbox_pending ON outbox (state, next_attempt_at);

CREATE TABLE poll_state (
  source_id             TEXT PRIMARY KEY,
  etag                  TEXT NOT NULL DEFAULT '',
  last_modified         TEXT NOT NULL DEFAULT '',
  first_success_at      TEXT,
  last_success_at       TEXT,
  last_attempt_at       TEXT,
  consecutive_failures  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE fetches (
  id          INTEGER PRIMARY KEY,
  source_id   TEXT NOT NULL,
  at          TEXT NOT NULL,
  status      INTEGER NOT NULL,           -- HTTP status, 0 when no response
  latency_ms  INTEGER NOT NULL,
  bytes       INTEGER NOT NULL,
  error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX fetches_source_at ON fetches (source_id, at);

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,                  -- fact.revised, waiver.requested, import, …
  target  TEXT NOT NULL,
  detail  TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE meta (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
)sql",
    // 2: a change number on every fact, raised on each insert and revision, so the daemon's
    // warm evaluation reads only the facts changed since its last look.
    R"sql(
ALTER TABLE facts ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
UPDATE facts SET change_seq = id;
CREATE INDEX facts_by_change ON facts (change_seq);
)sql",
    // 3: how each source's page was last read (source_reading): its validators and
    // backdating history hold only while the configuration reads it the same way.
    R"sql(
ALTER TABLE poll_state ADD COLUMN reading TEXT NOT NULL DEFAULT '';
)sql",
};

}  // namespace deadlined::daemon::detail
