// Notifications end to end against real peers on 127.0.0.1: the in-test webhook receiver
// (generic webhook, DingTalk, Feishu, WeCom — signatures checked, errors and rate limits
// answered like the platforms), aiosmtpd with STARTTLS and AUTH, and Alertmanager.

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "deadlined/daemon/notification_delivery.hpp"
#include "deadlined/daemon/notification_queue.hpp"
#include "support/cn_calendar.hpp"
#include "support/scratch_dir.hpp"
#include "support/site_server.hpp"

namespace deadlined::daemon {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using deadlined::testing::site_server;
using deadlined::testing::test_ca;
using deadlined::testing::ts;

// CTest runs each test in its own process, in parallel: each process has its own directory.
const deadlined::testing::scratch_dir scratch{"deadlined-notify-test"};
const fs::path& work = scratch.path();

std::string slurp(const fs::path& p) {
  std::ifstream in{p, std::ios::binary};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

rules::instant at(std::string_view text) {
  return ts(text).counting_instant(deadlined::testing::cn_calendar().zone());
}

std::string base64_decode(const std::string& text) {
  std::string clean;
  for (const char c : text)
    if (c != '\r' && c != '\n') clean += c;
  std::string out(clean.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(clean.data()), static_cast<int>(clean.size()));
  out.resize(static_cast<std::size_t>(std::max(n, 0)));
  while (!clean.empty() && clean.back() == '=') {  // EVP_DecodeBlock keeps padding zeros
    clean.pop_back();
    out.pop_back();
  }
  return out;
}

/// Two obligations of 区财政局 — an interpretation reminded on 2019-10-08 and a request
/// overdue since 10-07 and escalated to the office — as evaluation would give them.
std::vector<rules::obligation> obligations() {
  rules::obligation reminder;
  reminder.id = rules::obligation_id{0x1111111111111111};
  reminder.rule = "interpretation-linked";
  reminder.unit = "区财政局";
  reminder.title = "规范性文件网上公布后3个工作日内关联公开解读材料";
  reminder.clause = "一、（一）2";
  reminder.subject = "关于印发《从化区政府投资项目代建管理办法》的通知";
  reminder.opened_at = at("2019-10-07T10:00:00+08:00");
  reminder.due_at = at("2019-10-10T23:59:59+08:00");
  reminder.reminders = {at("2019-10-09T08:30:00+08:00")};
  rules::obligation overdue;
  overdue.id = rules::obligation_id{0x2222222222222222};
  overdue.rule = "request-answered";
  overdue.unit = "区财政局";
  overdue.title = "依申请公开20个工作日内答复";
  overdue.clause = "五、（二）3";
  overdue.subject = "申请公开2019年部门预算明细\r\nBcc: victim@example.com";  // a hostile title
  overdue.opened_at = at("2019-09-06T10:00:00+08:00");
  overdue.due_at = at("2019-10-08T23:59:59+08:00");
  overdue.state = rules::obligation_state::overdue;
  overdue.escalate_at = at("2019-10-09T23:59:59+08:00");
  overdue.escalate_to = "区政府办公室";
  return {reminder, overdue};
}

class NotificationDelivery : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(work);
    ca_ = std::make_unique<test_ca>(work / "ca");
    receiver_ = std::make_unique<site_server>(work, std::vector<std::string>{}, "127.0.0.1", "webhook_receiver.py");
    smtp_ = std::make_unique<site_server>(
        work,
        std::vector<std::string>{"--maildir", (work / "mail").string(), "--tls", ca_->server_cert.string(),
                                 ca_->server_key.string(), "--require-starttls", "--auth", "deadlined:s3cret-pass"},
        "127.0.0.1", "smtp_server.py");
  }
  static void TearDownTestSuite() {
    receiver_.reset();
    smtp_.reset();
    fs::remove_all(work);
  }

  void SetUp() override {
    request("/_reset", "{}");
    request("/_config",
            R"({"h1": {"secret": "hook-secret"}, "d1": {"secret": "SECding"}, "f1": {"secret": "feishu-secret"}})");
    fs::remove_all(work / "case");
    for (const auto& f : fs::directory_iterator{work / "mail"})  // each test counts its own mails
      if (f.path().extension() == ".eml" || f.path().extension() == ".json") fs::remove(f.path());
    fs::create_directories(work / "case");
    std::ofstream{work / "case" / "deadlined.yaml"}
        << "district: 测试区\n"
        << "units:\n  - {name: 区政府办公室, kind: office}\n  - {name: 区财政局}\n"
        << "notifications:\n"
        << "  notify_since: 2019-10-01\n  max_attempts: 3\n  retry_base_seconds: 60\n"
        << "  channels:\n"
        << "    - {id: hook, type: webhook, url: '" << receiver_->url("/hook/h1") << "', secret: hook-secret}\n"
        << "    - {id: ding, type: dingtalk, url: '" << receiver_->url("/dingtalk/d1?access_token=T")
        << "', secret: SECding}\n"
        << "    - {id: fei, type: feishu, url: '" << receiver_->url("/feishu/f1") << "', secret: feishu-secret}\n"
        << "    - {id: wecom, type: wecom, url: '" << receiver_->url("/wecom/w1?key=K") << "'}\n"
        << "    - {id: mail, type: email, url: 'smtp://127.0.0.1:" << smtp_->port()
        << "', from: deadlined@conghua.gov.cn, username: deadlined, password: s3cret-pass, ca_file: '"
        << ca_->ca_cert.string() << "'}\n"
        << "  contacts:\n"
        << "    区财政局:\n"
        << "      - {name: 张三, email: zs@czj.test, mobile: '13800000002', channels: [hook, ding, fei, wecom, mail]}\n"
        << "    区政府办公室:\n"
        << "      - {name: 政务公开科, email: zwgk@office.test, channels: [mail]}\n";
    auto loaded = load_config((work / "case" / "deadlined.yaml").string(), (work / "case" / "state.db").string());
    for (const auto& p : loaded.problems)
      ADD_FAILURE() << rules::to_string(p);
    config_ = loaded.snapshot;
    db_ = std::make_unique<store>((work / "case" / "state.db").string());
  }

  /// The receiver's control endpoints (curl is installed with the build dependencies).
  static json::value request(const std::string& path, const std::string& body) {
    const auto out = work / "control.out";
    const std::string command = "curl -s -X " + std::string{body.empty() ? "GET" : "POST"} + " -d '" + body + "' " +
                                receiver_->url(path) + " > " + out.string();
    if (std::system(command.c_str()) != 0) return nullptr;  // NOLINT
    const auto text = slurp(out);
    return text.empty() ? json::value{} : json::parse(text);
  }

  static json::array received() { return request("/_log", "").as_array(); }

  delivery_report deliver(rules::instant now) {
    rate_limiter limiter;
    return deliver_due(*db_, *config_, now, limiter, send_message, nullptr);
  }

  std::shared_ptr<const config_snapshot> config_;
  std::unique_ptr<store> db_;
  static inline std::unique_ptr<test_ca> ca_;
  static inline std::unique_ptr<site_server> receiver_, smtp_;
};

TEST_F(NotificationDelivery, PlanningAgainQueuesNothingTwice) {
  const auto now = at("2019-10-10T09:00:00+08:00");
  const auto first = queue_notices(*db_, *config_, obligations(), now);
  // 区财政局: a reminder and an overdue notice on 5 channels; the office: the escalation by mail.
  EXPECT_EQ(first.queued, 11);
  EXPECT_EQ(queue_notices(*db_, *config_, obligations(), now + std::chrono::hours{1}).queued, 0);
  EXPECT_EQ(db_->outbox_counts().at("queued"), 11);
}

TEST_F(NotificationDelivery, NoticesBeforeNotifySinceAreRecordedButNeverSent) {
  auto settings = *config_;
  settings.notifications.notify_since = at("2019-10-09T00:00:00+08:00");
  const auto report = queue_notices(*db_, settings, obligations(), at("2019-10-10T09:00:00+08:00"));
  EXPECT_EQ(report.suppressed, 5);  // the overdue notice (due 10-08) on every channel
  EXPECT_EQ(report.queued, 6);      // the reminder (10-09 08:30) and the escalation
  EXPECT_EQ(deliver(at("2019-10-10T09:00:00+08:00")).sent, 6);
  EXPECT_EQ(db_->outbox_counts().at("suppressed"), 5);
}

TEST_F(NotificationDelivery, EveryChannelDeliversOneDigestWithValidSignatures) {
  const auto now = at("2019-10-10T09:00:00+08:00");
  queue_notices(*db_, *config_, obligations(), now);
  const auto report = deliver(now);
  EXPECT_EQ(report.sent, 11);
  EXPECT_EQ(report.failed, 0);
  EXPECT_EQ(report.messages, 6);  // one digest per channel for 张三, one mail to the office
  const auto log = received();
  ASSERT_EQ(log.size(), 4U);
  for (const auto& entry : log) {
    const auto& e = entry.as_object();
    const std::string kind{e.at("kind").as_string()};
    EXPECT_EQ(e.at("answer_status").as_int64(), 200) << kind;
    if (kind == "hook") {
      EXPECT_TRUE(e.at("signature_ok").as_bool());
      const auto body = e.at("json").as_object();
      EXPECT_EQ(body.at("schema").as_string(), "deadlined.notification/v1");
      EXPECT_EQ(body.at("notices").as_array().size(), 2U);
      EXPECT_EQ(e.at("idempotency_key").as_string(), body.at("key").as_string());
    } else if (kind == "dingtalk") {
      EXPECT_EQ(e.at("answer").at("errcode").as_int64(), 0);
      const auto body = e.at("json").as_object();
      EXPECT_EQ(body.at("at").at("atMobiles").as_array().at(0).as_string(), "13800000002");
      const std::string text{body.at("markdown").at("text").as_string()};
      EXPECT_NE(text.find("@13800000002"), std::string::npos);
      EXPECT_NE(text.find("【提醒】区财政局"), std::string::npos);
      EXPECT_NE(text.find("【逾期】区财政局"), std::string::npos);
    } else if (kind == "feishu") {
      EXPECT_EQ(e.at("answer").at("code").as_int64(), 0);
    } else if (kind == "wecom") {
      EXPECT_EQ(e.at("answer").at("errcode").as_int64(), 0);
      EXPECT_EQ(e.at("json").at("text").at("mentioned_mobile_list").as_array().at(0).as_string(), "13800000002");
    } else {
      ADD_FAILURE() << "unexpected " << kind;
    }
  }
  // Delivered once: another pass sends nothing.
  EXPECT_EQ(deliver(now + std::chrono::minutes{5}).messages, 0);
}

TEST_F(NotificationDelivery, EmailGoesThroughStarttlsAndAuthAsProperMime) {
  const auto now = at("2019-10-10T09:00:00+08:00");
  queue_notices(*db_, *config_, obligations(), now);
  deliver(now);
  std::vector<fs::path> mails;
  for (const auto& f : fs::directory_iterator{work / "mail"})
    if (f.path().extension() == ".eml") mails.push_back(f.path());
  ASSERT_EQ(mails.size(), 2U);  // 张三's digest and the office's escalation
  std::string raw;
  json::object meta;
  for (auto mail : mails) {
    auto m = json::parse(slurp(fs::path{mail}.replace_extension(".json"))).as_object();
    if (m.at("rcpt_tos").as_array().at(0).as_string() == "zs@czj.test") {
      raw = slurp(mail);
      meta = m;
    }
  }
  ASSERT_FALSE(raw.empty());
  EXPECT_TRUE(meta.at("tls").as_bool());
  EXPECT_EQ(meta.at("authenticated_as").as_string(), "deadlined");
  EXPECT_EQ(meta.at("rcpt_tos").as_array().at(0).as_string(), "zs@czj.test");
  const auto head = raw.substr(0, raw.find("\r\n\r\n"));
  EXPECT_NE(head.find("\r\nFrom: deadlined@conghua.gov.cn\r\n"), std::string::npos);
  EXPECT_NE(head.find("\r\nMIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(head.find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
  EXPECT_NE(head.find("\r\nMessage-ID: <"), std::string::npos);
  EXPECT_TRUE(head.starts_with("Date: Thu, 10 Oct 2019 09:00:00 +0800"));
  // The hostile title's CR LF did not make a header.
  EXPECT_EQ(head.find("\r\nBcc:"), std::string::npos);
  // Subject: RFC 2047 encoded words that decode to the Chinese title.
  const auto subject_at = head.find("Subject: ");
  std::string subject;
  for (std::size_t p = head.find("=?UTF-8?B?", subject_at); p != std::string::npos && p < head.find("\r\nMessage-ID");
       p = head.find("=?UTF-8?B?", p + 1)) {
    const auto start = p + 10;
    subject += base64_decode(head.substr(start, head.find("?=", start) - start));
  }
  EXPECT_EQ(subject, "【测试区政务公开】区财政局 共 2 项期限提醒");
  const auto body = base64_decode(raw.substr(raw.find("\r\n\r\n") + 4));
  EXPECT_NE(body.find("【提醒】区财政局：规范性文件网上公布后3个工作日内关联公开解读材料（一、（一）2）"),
            std::string::npos);
  EXPECT_NE(body.find("将于 2019-10-10 23:59 到期，还剩 1 个工作日"), std::string::npos);
}

TEST_F(NotificationDelivery, AReceiverThatIsDownIsRetriedWithBackoffThenDeadLettered) {
  request("/_config", R"({"h1": {"fail_next": 2, "fail_status": 503}})");
  const auto now = at("2019-10-10T09:00:00+08:00");
  queue_notices(*db_, *config_, obligations(), now);
  auto first = deliver(now);
  EXPECT_EQ(first.failed, 2);  // the webhook's two rows
  // Retried after about a minute (60 s ± 20 %), not before.
  EXPECT_EQ(deliver(now + std::chrono::seconds{40}).messages, 0);
  const auto second = deliver(now + std::chrono::minutes{2});
  EXPECT_EQ(second.failed, 2);
  const auto third = deliver(now + std::chrono::minutes{10});
  EXPECT_EQ(third.sent, 2);  // the receiver is back
  EXPECT_EQ(db_->outbox_counts().count("dead"), 0U);

  request("/_config", R"({"h1": {"fail_next": 5, "fail_status": 503}})");
  rules::obligation later = obligations()[0];
  later.id = rules::obligation_id{0x3333333333333333};
  later.reminders = {at("2019-10-10T08:30:00+08:00")};
  queue_notices(*db_, *config_, {later}, now);
  for (int hour = 1; hour <= 6; ++hour)
    deliver(now + std::chrono::hours{hour});
  const auto dead = db_->outbox_entries("dead");
  ASSERT_EQ(dead.size(), 1U);  // after max_attempts (3)
  EXPECT_EQ(dead[0].channel, "hook");
  EXPECT_EQ(dead[0].attempts, 3);
  EXPECT_NE(dead[0].last_error.find("HTTP 503"), std::string::npos);
}

TEST_F(NotificationDelivery, ARobotsErrorCodeIsAFailureAndItsRateLimitAPause) {
  request("/_config",
          R"({"d1": {"fail_next": 1, "fail_errcode": 310000}, "f1": {"fail_next": 1, "fail_errcode": 11232}})");
  const auto now = at("2019-10-10T09:00:00+08:00");
  queue_notices(*db_, *config_, obligations(), now);
  const auto report = deliver(now);
  EXPECT_EQ(report.failed, 2);    // DingTalk answered HTTP 200 with errcode 310000
  EXPECT_EQ(report.deferred, 2);  // Feishu said "frequency limited": held, no attempt counted
  for (const auto& row : db_->outbox_entries("queued")) {
    if (row.channel == "ding") {
      EXPECT_EQ(row.attempts, 1);
    }
    if (row.channel == "fei") {
      EXPECT_EQ(row.attempts, 0);
    }
  }
}

TEST(NotificationRateLimit, TwentyMessagesAMinutePerDingTalkRobot) {
  channel_settings robot;
  robot.id = "ding";
  robot.per_minute = 20;
  rate_limiter limiter;
  const auto t0 = at("2019-10-10T09:00:00+08:00");
  for (int i = 0; i < 20; ++i)
    limiter.sent("ding", t0 + std::chrono::seconds{i});
  EXPECT_EQ(limiter.earliest(robot, t0 + std::chrono::seconds{20}), t0 + std::chrono::seconds{60});
  EXPECT_EQ(limiter.earliest(robot, t0 + std::chrono::seconds{61}), t0 + std::chrono::seconds{61});
}

TEST(NotificationMessage, LongDigestsAreSplitAtLines) {
  notification_message m;
  m.title = "【测试区政务公开】区财政局 共 3 项期限提醒";
  m.lines = {std::string(1500, 'a'), std::string(1500, 'b'), std::string(1500, 'c')};
  const auto parts = split_message(m, 4000);
  ASSERT_EQ(parts.size(), 2U);
  EXPECT_EQ(parts[0].lines.size(), 2U);
  EXPECT_LE(parts[0].text().size(), 4000U + 10);
  EXPECT_TRUE(parts[1].title.ends_with("（2/2）"));
}

}  // namespace
}  // namespace deadlined::daemon

namespace deadlined::daemon {
namespace {

/// A free TCP port on 127.0.0.1 (bound and released; good enough for a test peer).
int free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor{io, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  return acceptor.local_endpoint().port();
}

TEST(AlertmanagerChannel, OverdueNoticesBecomeAlertsInARealAlertmanager) {
  const auto dir = work / "alertmanager";
  fs::create_directories(dir / "data");
  std::ofstream{dir / "alertmanager.yml"} << "route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n";
  const int port = free_port();
  const auto listen = "--web.listen-address=127.0.0.1:" + std::to_string(port);
  std::vector<std::string> args{"/usr/bin/prometheus-alertmanager",
                                "--config.file=" + (dir / "alertmanager.yml").string(),
                                "--storage.path=" + (dir / "data").string(),
                                listen,
                                "--cluster.listen-address=",
                                "--log.level=error"};
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);
  const auto base = "http://127.0.0.1:" + std::to_string(port);
  const auto out = dir / "answer.json";
  bool ready = false;
  for (int i = 0; i < 100 && !ready; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
    ready = std::system(("curl -sf " + base + "/-/ready >/dev/null").c_str()) == 0;  // NOLINT
  }
  ASSERT_TRUE(ready) << "alertmanager did not start";

  channel_settings channel;
  channel.id = "am";
  channel.type = channel_type::alertmanager;
  channel.url = base;
  notification_message m;
  m.key = "k1";
  m.title = "逾期";
  json::object notice{{"obligation", "2222222222222222"},
                      {"unit", "区财政局"},
                      {"rule", "request-answered"},
                      {"clause", "五、（二）3"},
                      {"kind", "overdue"},
                      {"title", "依申请公开20个工作日内答复"},
                      {"text", "【逾期】区财政局：依申请公开20个工作日内答复"},
                      {"due_at", "2019-10-08T23:59:59+08:00"},
                      {"at", "2019-10-08T23:59:59+08:00"},
                      {"link", "http://127.0.0.1:8080/api/v1/obligations/2222222222222222"}};
  m.notices.push_back(notice);
  const auto& zone = deadlined::testing::cn_calendar().zone();
  const send_context context{"", "", {}, rules::instant{}, zone};
  const auto outcome = send_message(channel, m, context);
  EXPECT_TRUE(outcome.ok) << outcome.error;

  ASSERT_EQ(std::system(("curl -s " + base + "/api/v2/alerts > " + out.string()).c_str()), 0);  // NOLINT
  const auto alerts = json::parse(slurp(out)).as_array();
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_EQ(alerts.size(), 1U);
  const auto& labels = alerts[0].at("labels").as_object();
  EXPECT_EQ(labels.at("alertname").as_string(), "DeadlineObligation");
  EXPECT_EQ(labels.at("unit").as_string(), "区财政局");
  EXPECT_EQ(labels.at("rule").as_string(), "request-answered");
  EXPECT_EQ(labels.at("clause").as_string(), "五、（二）3");
  EXPECT_EQ(labels.at("severity").as_string(), "critical");
  EXPECT_EQ(alerts[0].at("annotations").at("description").as_string(), "【逾期】区财政局：依申请公开20个工作日内答复");
  EXPECT_EQ(alerts[0].at("generatorURL").as_string(), "http://127.0.0.1:8080/api/v1/obligations/2222222222222222");
}

}  // namespace
}  // namespace deadlined::daemon

namespace deadlined::daemon {
namespace {

TEST_F(NotificationDelivery, AContactCanAskForSomeEventsOnly) {
  auto settings = *config_;
  settings.notifications.contacts["区财政局"][0].events = {"overdue"};
  const auto report = queue_notices(*db_, settings, obligations(), at("2019-10-10T09:00:00+08:00"));
  EXPECT_EQ(report.queued, 6);  // the overdue notice on 5 channels, the escalation to the office
  for (const auto& row : db_->outbox_entries("queued"))
    EXPECT_NE(row.event, "reminder-1");
}

TEST_F(NotificationDelivery, SmsGoesToTheGatewayFromTheOperatorsTemplate) {
  auto settings = *config_;
  channel_settings sms;
  sms.id = "sms";
  sms.type = channel_type::sms;
  sms.url = receiver_->url("/sms/s1");
  sms.body_template = R"({{"phone": "{mobile}", "content": "{text}"}})";
  settings.notifications.channels.push_back(sms);
  settings.notifications.contacts["区财政局"][0].channels = {"sms"};
  const auto now = at("2019-10-10T09:00:00+08:00");
  queue_notices(*db_, settings, obligations(), now);
  rate_limiter limiter;
  deliver_due(*db_, settings, now, limiter, send_message, nullptr);
  const auto log = received();
  ASSERT_EQ(log.size(), 1U);
  ASSERT_TRUE(log[0].at("json").is_object()) << log[0].at("body");
  const auto body = log[0].at("json").as_object();  // valid JSON although the text has quotes and CR LF
  EXPECT_EQ(body.at("phone").as_string(), "13800000002");
  const std::string content{body.at("content").as_string()};
  EXPECT_NE(content.find("【提醒】区财政局"), std::string::npos);
}

TEST_F(NotificationDelivery, SendmailGetsTheSameMimeMessageOnItsStandardInput) {
  const auto script = work / "case" / "sendmail";
  const auto output = work / "case" / "sendmail.out";
  std::ofstream{script} << "#!/bin/sh\n# records its arguments and the message\necho \"$@\" > " << output.string()
                        << ".args\ncat > " << output.string() << "\n";
  fs::permissions(script, fs::perms::owner_all);
  auto settings = *config_;
  channel_settings local;
  local.id = "local";
  local.type = channel_type::sendmail;
  local.from = "deadlined@conghua.gov.cn";
  local.sendmail_path = script.string();
  settings.notifications.channels.push_back(local);
  settings.notifications.contacts["区财政局"][0].channels = {"local"};
  const auto now = at("2019-10-10T09:00:00+08:00");
  queue_notices(*db_, settings, obligations(), now);
  rate_limiter limiter;
  const auto report = deliver_due(*db_, settings, now, limiter, send_message, nullptr);
  EXPECT_EQ(report.failed, 0);
  EXPECT_EQ(report.sent, 3);  // 张三's two notices through sendmail, the office's escalation by SMTP
  const auto message = slurp(output);
  EXPECT_EQ(slurp(fs::path{output.string() + ".args"}), "-t -i\n");
  EXPECT_NE(message.find("\r\nTo: zs@czj.test\r\n"), std::string::npos);
  EXPECT_NE(message.find("Subject: =?UTF-8?B?"), std::string::npos);
}

}  // namespace
}  // namespace deadlined::daemon

namespace deadlined::daemon {
namespace {

TEST_F(NotificationDelivery, EmailAlsoGoesOverImplicitTls) {
  const auto maildir = work / "case" / "smtps-mail";
  const site_server smtps{work / "case",
                          {"--maildir", maildir.string(), "--tls", ca_->server_cert.string(), ca_->server_key.string(),
                           "--implicit-tls", "--auth", "deadlined:s3cret-pass"},
                          "127.0.0.1",
                          "smtp_server.py"};
  auto settings = *config_;
  channel_settings smtps_channel = *settings.notifications.find_channel("mail");
  smtps_channel.id = "smtps";
  smtps_channel.url = "smtps://127.0.0.1:" + std::to_string(smtps.port());
  settings.notifications.channels.push_back(smtps_channel);
  settings.notifications.contacts["区财政局"][0].channels = {"smtps"};
  settings.notifications.contacts.erase("区政府办公室");
  const auto now = at("2019-10-10T09:00:00+08:00");
  queue_notices(*db_, settings, obligations(), now);
  rate_limiter limiter;
  const auto report = deliver_due(*db_, settings, now, limiter, send_message, nullptr);
  EXPECT_EQ(report.sent, 2);
  const auto meta = json::parse(slurp(maildir / "0001.json")).as_object();
  EXPECT_TRUE(meta.at("tls").as_bool());
  EXPECT_EQ(meta.at("authenticated_as").as_string(), "deadlined");
}

}  // namespace
}  // namespace deadlined::daemon
