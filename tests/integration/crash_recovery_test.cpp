// SIGKILL at random moments while records arrive over the API, are evaluated and their
// notices go out by webhook and by mail (real peers on 127.0.0.1), then a restart — over and
// over. Afterwards: no accepted record lost, one obligation per fact, every notice delivered
// at least once, and a notice delivered twice only when a kill fell between its sending and
// its recording (the sender works one message at a time, so that is the last message a peer
// received before the kill).
//
// DEADLINED_CRASH_KILLS sets the number of kills (CI: 5; scripts/crash-soak.sh: 50) and
// DEADLINED_CRASH_SEED the random moments (printed, to replay a failure).

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <date/date.h>
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "support/daemon_client.hpp"
#include "support/process.hpp"
#include "support/site_server.hpp"

namespace deadlined {
namespace {

namespace fs = std::filesystem;

int env_or(const char* name, int fallback) {
  const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read before threads start
  return value != nullptr && *value != '\0' ? std::stoi(value) : fallback;
}

std::string base64_decode(const std::string& text) {
  std::string compact;
  for (char c : text)
    if (c != '\r' && c != '\n') compact += c;
  std::string out(compact.size(), '\0');
  const int n =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(compact.data()), static_cast<int>(compact.size()));
  out.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  return out;
}

/// One delivery a peer received: the channel, the notice keys it carried (for mail: the
/// obligation ids in its lines, as the template prints them).
struct delivery {
  std::string channel;
  std::set<std::string> notices;
};

class CrashRecovery : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = fs::temp_directory_path() / ("deadlined-crash-recovery-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_ / "mail");
    receiver_ = std::make_unique<testing::site_server>(work_ / "receiver", std::vector<std::string>{}, "127.0.0.1",
                                                       "webhook_receiver.py");
    smtp_ = std::make_unique<testing::site_server>(work_ / "smtp",
                                                   std::vector<std::string>{"--maildir", (work_ / "mail").string()},
                                                   "127.0.0.1", "smtp_server.py");
    // The receiver logs a webhook, then waits 200 ms before answering: a kill in that window
    // leaves a notice sent but not recorded, the one case where a repeat is allowed.
    std::system(("curl -s -X POST -d '{\"czj\": {\"delay_ms\": 200}}' " + receiver_->url("/_config") +  // NOLINT
                 " >/dev/null")
                    .c_str());
    fs::copy(fs::path{DEADLINED_TEST_DATA} / "daemon", work_ / "config");
    std::ofstream config{work_ / "config" / "daemon.yaml", std::ios::app};
    config << "notifications:\n"
           << "  notify_since: 2020-01-01\n"
           << "  templates: {overdue: '{obligation} {title}'}\n"
           << "  channels:\n"
           << "    - {id: hook, type: webhook, url: '" << receiver_->url("/hook/czj") << "'}\n"
           << "    - {id: mail, type: email, url: 'smtp://127.0.0.1:" << smtp_->port()
           << "', starttls: false, from: deadlined@test.gov.cn}\n"
           << "  contacts:\n"
           << "    区财政局:\n"
           << "      - {name: 联络员, email: llr@czj.test, channels: [hook, mail]}\n";
  }
  void TearDown() override {
    receiver_.reset();
    smtp_.reset();
    if (!HasFailure()) fs::remove_all(work_);
  }

  std::vector<std::string> args() const {
    return {"run",      "--config",   (work_ / "config" / "daemon.yaml").string(), "--db", (work_ / "d.db").string(),
            "--listen", "127.0.0.1:0"};
  }

  /// Every delivery the peers have received so far, webhooks then mails, each in arrival order.
  std::pair<std::vector<delivery>, std::vector<delivery>> deliveries() const {
    const auto log_file = work_ / "hooks.json";
    std::system(("curl -s " + receiver_->url("/_log") + " > " + log_file.string()).c_str());  // NOLINT
    std::vector<delivery> hooks;
    const auto log = boost::json::parse(testing::slurp(log_file));
    for (const auto& entry : log.as_array()) {
      delivery d{"hook", {}};
      for (const auto& notice : entry.at("json").at("notices").as_array())
        d.notices.insert(std::string{notice.at("key").as_string()});
      hooks.push_back(std::move(d));
    }
    std::vector<fs::path> files;
    for (const auto& f : fs::directory_iterator{work_ / "mail"})
      if (f.path().extension() == ".eml") files.push_back(f.path());
    std::sort(files.begin(), files.end());
    std::vector<delivery> mails;
    for (const auto& f : files) {
      const auto raw = testing::slurp(f);
      const auto body = base64_decode(raw.substr(raw.find("\r\n\r\n") + 4));
      delivery d{"mail", {}};
      for (std::size_t at = 0; at < body.size();) {
        const auto end = body.find("\r\n", at);
        const auto line = body.substr(at, end - at);
        if (!line.empty()) d.notices.insert(line.substr(0, line.find(' ')));
        if (end == std::string::npos) break;
        at = end + 2;
      }
      mails.push_back(std::move(d));
    }
    return {hooks, mails};
  }

  fs::path work_;
  std::unique_ptr<testing::site_server> receiver_;
  std::unique_ptr<testing::site_server> smtp_;
};

/// A call not answered: overdue at once, so both notices go out at once. The same id always
/// gives the same record, so a repeat is a duplicate, not a revision.
std::string call_record(const std::string& id, std::chrono::sys_seconds made) {
  const auto time = date::format("%FT%TZ", made);
  return R"({"id":")" + id + R"(","type":"call.made","unit":"区财政局","time":")" + time +
         R"(","attrs":{"hotline":"020-)" + id + R"(","answered":false}})";
}

TEST_F(CrashRecovery, KillsDuringIngestEvaluationAndDeliveryLoseNothingAndRepeatOnlyTheMessageInFlight) {
  const int kills = env_or("DEADLINED_CRASH_KILLS", 5);
  const auto seed = static_cast<unsigned>(env_or("DEADLINED_CRASH_SEED", static_cast<int>(std::random_device{}())));
  std::mt19937 random{seed};
  SCOPED_TRACE("DEADLINED_CRASH_SEED=" + std::to_string(seed));
  const auto made = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());

  std::set<std::string> accepted;  // ids the daemon answered 200 for
  // For each killed round: how many deliveries each peer had received when the kill came.
  std::vector<std::pair<std::size_t, std::size_t>> seen_at_kill;
  int next_id = 0;
  for (int round = 0; round < kills; ++round) {
    const pid_t pid = testing::start_deadlined(args(), work_);
    const int port = testing::daemon_port(work_);
    ASSERT_NE(port, 0) << testing::slurp(work_ / "stderr");
    std::atomic<bool> stop{false};
    std::thread poster{[&] {
      // Batches of 5, the first repeating the previous batch (a client retrying after a
      // lost answer): the repeats are duplicates, never new facts.
      int first = std::max(0, next_id - 5);
      while (!stop) {
        std::string body = "[";
        for (int i = first; i < first + 5; ++i)
          body += (i == first ? "" : ",") + call_record("CALL-" + std::to_string(i), made);
        body += "]";
        if (testing::post_records(port, body, "czj-token-0123456789") != 200U) break;
        for (int i = first; i < first + 5; ++i)
          accepted.insert("CALL-" + std::to_string(i));
        next_id = std::max(next_id, first + 5);
        first = next_id;
      }
    }};
    // The kill falls anywhere from the first records to the middle of the deliveries.
    std::this_thread::sleep_for(std::chrono::milliseconds{std::uniform_int_distribution<int>{50, 1500}(random)});
    ::kill(pid, SIGKILL);
    stop = true;
    poster.join();
    EXPECT_EQ(testing::finish(pid, work_).code, 128 + SIGKILL);
    const auto [hooks, mails] = deliveries();
    seen_at_kill.emplace_back(hooks.size(), mails.size());
  }

  // A last, clean run: everything still owed goes out.
  const pid_t pid = testing::start_deadlined(args(), work_);
  ASSERT_NE(testing::daemon_port(work_), 0) << testing::slurp(work_ / "stderr");
  SQLite::Database db{(work_ / "d.db").string()};
  for (int i = 0; i < 600; ++i) {
    const int facts = db.execAndGet("SELECT count(*) FROM facts").getInt();
    if (db.execAndGet("SELECT count(*) FROM outbox WHERE state = 'queued'").getInt() == 0 &&
        db.execAndGet("SELECT count(*) FROM obligations").getInt() == facts &&
        db.execAndGet("SELECT count(*) FROM outbox").getInt() == 2 * facts) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  ::kill(pid, SIGTERM);
  EXPECT_EQ(testing::finish(pid, work_).code, 0) << testing::slurp(work_ / "stderr");

  // No accepted record lost; a repeated record is one fact.
  std::set<std::string> stored;
  SQLite::Statement facts{db, "SELECT external_id FROM facts WHERE source = 'record'"};
  while (facts.executeStep())
    stored.insert(facts.getColumn(0).getString());
  for (const auto& id : accepted)
    EXPECT_TRUE(stored.contains(id)) << id << " was accepted and is gone";
  EXPECT_GE(accepted.size(), 5U) << "no batch got through: the kills came too early to test anything";

  // One obligation per fact: none lost, none twice.
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM obligations WHERE rule = 'hotline-unanswered'").getInt(),
            static_cast<int>(stored.size()));

  // Every notice recorded in the outbox went out and is recorded as sent.
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM outbox").getInt(), 2 * static_cast<int>(stored.size()));
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM outbox WHERE state != 'sent'").getInt(), 0);
  const auto [hooks, mails] = deliveries();
  std::map<std::string, int> hook_count;
  std::map<std::string, int> mail_count;
  for (const auto& d : hooks)
    for (const auto& k : d.notices)
      ++hook_count[k];
  for (const auto& d : mails)
    for (const auto& k : d.notices)
      ++mail_count[k];
  SQLite::Statement outbox{db, "SELECT idempotency_key, obligation_id, channel FROM outbox"};
  while (outbox.executeStep()) {
    const auto key = outbox.getColumn(0).getString();
    const auto obligation = outbox.getColumn(1).getString();
    const bool hook = outbox.getColumn(2).getString() == "hook";
    EXPECT_GE(hook ? hook_count[key] : mail_count[obligation], 1) << key << " never arrived";
  }

  // A repeat comes only from a message in flight at a kill: the last one each peer received
  // before that kill.
  std::set<std::string> may_repeat;
  for (const auto& [hooks_seen, mails_seen] : seen_at_kill) {
    if (hooks_seen > 0) may_repeat.insert(hooks[hooks_seen - 1].notices.begin(), hooks[hooks_seen - 1].notices.end());
    if (mails_seen > 0) may_repeat.insert(mails[mails_seen - 1].notices.begin(), mails[mails_seen - 1].notices.end());
  }
  int repeats = 0;
  for (const auto* counts : {&hook_count, &mail_count}) {
    for (const auto& [key, n] : *counts) {
      if (n < 2) continue;
      repeats += n - 1;
      EXPECT_TRUE(may_repeat.contains(key)) << key << " arrived " << n << " times without a kill in flight";
    }
  }
  std::cout << "crash recovery: " << kills << " kills, " << accepted.size() << " records accepted, " << stored.size()
            << " stored, " << hooks.size() << " webhooks, " << mails.size() << " mails, " << repeats
            << " repeated notices\n";
}

}  // namespace
}  // namespace deadlined
