// libcurl for every channel: SMTP with STARTTLS/implicit TLS and AUTH, and HTTPS with
// proxy support, in one well-kept library. Robots answer HTTP 200 even on failure, so their
// JSON (`errcode` / `code`) decides.

#include "deadlined/daemon/channel_sender.hpp"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>

#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>

#include "deadlined/daemon/proxy_bypass.hpp"
#include "deadlined/daemon/web_address.hpp"

namespace deadlined::daemon {

namespace {

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct http_answer {
  long status = 0;
  std::string body;
  std::string error;
};

size_t collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

/// The proxy for `url` (empty: none), chosen as the poller chooses it.
std::string proxy_for(const std::string& url, const send_context& context) {
  std::string why;
  const auto address = parse_web_address(url, why);
  if (!address) return {};
  const auto& proxy = address->tls() ? context.https_proxy : context.http_proxy;
  return reached_directly(*address, context.no_proxy) ? std::string{} : proxy;
}

http_answer post(const std::string& url, const std::string& body, const std::vector<std::string>& headers,
                 const std::string& ca_file, const send_context& context) {
  init_curl_once();
  http_answer answer;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl{curl_easy_init(), curl_easy_cleanup};
  curl_slist* list = nullptr;
  for (const auto& h : headers)
    list = curl_slist_append(list, h.c_str());
  std::array<char, CURL_ERROR_SIZE> error{};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error.data());
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(context.timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "deadlined");
  const auto proxy = proxy_for(url, context);
  curl_easy_setopt(curl.get(), CURLOPT_PROXY, proxy.c_str());  // "": none, whatever the environment says
  curl_easy_setopt(curl.get(), CURLOPT_NOPROXY, "");  // no_proxy was applied above, not again from the environment
  if (!ca_file.empty()) curl_easy_setopt(curl.get(), CURLOPT_CAINFO, ca_file.c_str());
  const auto rc = curl_easy_perform(curl.get());
  curl_slist_free_all(list);
  if (rc != CURLE_OK) {
    answer.error = error[0] != '\0' ? std::string{error.data()} : std::string{curl_easy_strerror(rc)};
    return answer;
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

/// The URL without its query (tokens live there): for error messages.
std::string redacted(const std::string& url) {
  return url.substr(0, url.find('?'));
}

std::string url_encode(const std::string& text) {
  init_curl_once();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl{curl_easy_init(), curl_easy_cleanup};
  char* encoded = curl_easy_escape(curl.get(), text.c_str(), static_cast<int>(text.size()));
  std::string out{encoded};
  curl_free(encoded);
  return out;
}

/// A robot's answer: HTTP 200 with a JSON code (`errcode` for DingTalk and WeCom, `code`
/// for Feishu); anything else is a failure.
send_outcome robot_outcome(const http_answer& a, const char* code_field, std::initializer_list<long> rate_codes,
                           const std::string& url) {
  send_outcome out;
  if (!a.error.empty()) {
    out.error = redacted(url) + ": " + a.error;
    return out;
  }
  if (a.status != 200) {
    out.error = redacted(url) + ": HTTP " + std::to_string(a.status);
    return out;
  }
  try {
    const auto json = boost::json::parse(a.body).as_object();
    const auto code = json.at(code_field).to_number<long>();
    if (code == 0) {
      out.ok = true;
      return out;
    }
    for (const long rate : rate_codes)
      out.rate_limited = out.rate_limited || code == rate;
    const auto* msg = json.if_contains(std::string{code_field} == "code" ? "msg" : "errmsg");
    out.error = redacted(url) + ": " + code_field + " " + std::to_string(code) +
                (msg != nullptr && msg->is_string() ? " " + std::string{msg->as_string()} : "");
  } catch (const std::exception&) {
    out.error = redacted(url) + ": unreadable answer";
  }
  return out;
}

send_outcome http_outcome(const http_answer& a, const std::string& url) {
  send_outcome out;
  if (!a.error.empty()) {
    out.error = redacted(url) + ": " + a.error;
  } else if (a.status < 200 || a.status >= 300) {
    out.error = redacted(url) + ": HTTP " + std::to_string(a.status);
    out.rate_limited = a.status == 429;
  } else {
    out.ok = true;
  }
  return out;
}

std::string markdown(const notification_message& m, bool mention) {
  std::string out = "#### " + m.title + "\n";
  for (const auto& line : m.lines)
    out += "\n- " + line;
  if (mention) {
    out += "\n\n";
    for (const auto& mobile : m.mobiles)
      out += "@" + mobile + " ";
  }
  return out;
}

/// Robots accept a signature only within an hour of their own clock: signing uses the wall
/// clock at the moment of sending, whatever time the evaluation runs at.
std::chrono::system_clock::time_point signing_time() {
  return std::chrono::system_clock::now();
}

send_outcome send_webhook(const channel_settings& c, const notification_message& m, const send_context& ctx) {
  boost::json::array notices;
  for (const auto& n : m.notices)
    notices.push_back(n);
  const boost::json::object body{{"schema", "deadlined.notification/v1"}, {"key", m.key},     {"channel", c.id},
                                 {"recipient_unit", m.recipient_unit},    {"title", m.title}, {"text", m.text()},
                                 {"notices", std::move(notices)}};
  const auto text = boost::json::serialize(body);
  std::vector<std::string> headers{"Content-Type: application/json; charset=utf-8",
                                   "X-Deadlined-Idempotency-Key: " + m.key};
  if (!c.secret.empty()) headers.push_back("X-Deadlined-Signature: sha256=" + hex(hmac_sha256(c.secret, text)));
  return http_outcome(post(c.url, text, headers, c.ca_file, ctx), c.url);
}

send_outcome send_dingtalk(const channel_settings& c, const notification_message& m, const send_context& ctx) {
  std::string url = c.url;
  if (!c.secret.empty()) {
    // DingTalk: sign = base64(HMAC-SHA256(secret, timestamp_ms + "\n" + secret)), URL-encoded.
    const auto ms = std::to_string(
        std::chrono::duration_cast<std::chrono::milliseconds>(signing_time().time_since_epoch()).count());
    url += (url.find('?') == std::string::npos ? "?" : "&") + std::string{"timestamp="} + ms +
           "&sign=" + url_encode(base64(hmac_sha256(c.secret, ms + "\n" + c.secret)));
  }
  boost::json::array mobiles;
  for (const auto& mobile : m.mobiles)
    mobiles.emplace_back(mobile);
  const boost::json::object body{{"msgtype", "markdown"},
                                 {"markdown", {{"title", m.title}, {"text", markdown(m, !m.mobiles.empty())}}},
                                 {"at", {{"atMobiles", std::move(mobiles)}, {"isAtAll", false}}}};
  return robot_outcome(
      post(url, boost::json::serialize(body), {"Content-Type: application/json; charset=utf-8"}, c.ca_file, ctx),
      "errcode", {130101}, c.url);
}

send_outcome send_feishu(const channel_settings& c, const notification_message& m, const send_context& ctx) {
  boost::json::object body{{"msg_type", "text"}, {"content", {{"text", m.text()}}}};
  if (!c.secret.empty()) {
    // Feishu: sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")).
    const auto seconds =
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(signing_time().time_since_epoch()).count());
    body["timestamp"] = seconds;
    body["sign"] = base64(hmac_sha256(seconds + "\n" + c.secret, ""));
  }
  return robot_outcome(
      post(c.url, boost::json::serialize(body), {"Content-Type: application/json; charset=utf-8"}, c.ca_file, ctx),
      "code", {11232}, c.url);
}

send_outcome send_wecom(const channel_settings& c, const notification_message& m, const send_context& ctx) {
  boost::json::object body;
  if (m.mobiles.empty()) {
    body = {{"msgtype", "markdown"}, {"markdown", {{"content", markdown(m, false)}}}};
  } else {
    // Only text messages can @-mention by mobile number.
    boost::json::array mobiles;
    for (const auto& mobile : m.mobiles)
      mobiles.emplace_back(mobile);
    body = {{"msgtype", "text"}, {"text", {{"content", m.text()}, {"mentioned_mobile_list", std::move(mobiles)}}}};
  }
  return robot_outcome(
      post(c.url, boost::json::serialize(body), {"Content-Type: application/json; charset=utf-8"}, c.ca_file, ctx),
      "errcode", {45009}, c.url);
}

send_outcome send_sms(const channel_settings& c, const notification_message& m, const send_context& ctx) {
  for (const auto& mobile : m.mobiles) {
    // Values are JSON-escaped when the body is JSON, so a title cannot break the request.
    const bool json = c.content_type.find("json") != std::string::npos;
    const auto quote = [json](const std::string& v) {
      if (!json) return url_encode(v);
      const auto s = boost::json::serialize(boost::json::string(v));
      return s.substr(1, s.size() - 2);
    };
    std::string body;
    try {
      body = fmt::format(fmt::runtime(c.body_template), fmt::arg("mobile", quote(mobile)),
                         fmt::arg("text", quote(m.text())));
    } catch (const fmt::format_error& e) {
      return {false, false, "sms body template: " + std::string{e.what()}};
    }
    const auto outcome = http_outcome(post(c.url, body, {"Content-Type: " + c.content_type}, c.ca_file, ctx), c.url);
    if (!outcome.ok) return outcome;
  }
  return {true, false, {}};
}

send_outcome send_alertmanager(const channel_settings& c, const notification_message& m, const send_context& ctx) {
  boost::json::array alerts;
  for (const auto& n : m.notices) {
    const auto str = [&n](const char* k) {
      const auto* v = n.if_contains(k);
      return v != nullptr && v->is_string() ? std::string{v->as_string()} : std::string{};
    };
    boost::json::object alert{
        {"labels",
         {{"alertname", "DeadlineObligation"},
          {"obligation", str("obligation")},
          {"unit", str("unit")},
          {"rule", str("rule")},
          {"clause", str("clause")},
          {"event", str("kind")},
          {"severity", str("kind") == "reminder" ? "warning" : "critical"}}},
        {"annotations", {{"summary", str("title")}, {"description", str("text")}, {"due", str("due_at")}}},
        {"startsAt", str("at")},
        {"generatorURL", str("link")}};
    if (str("kind") == "resolved") alert["endsAt"] = ctx.zone.format(ctx.now);
    alerts.push_back(std::move(alert));
  }
  std::string url = c.url;
  if (url.find("/api/v2/alerts") == std::string::npos)
    url += (url.ends_with("/") ? "" : "/") + std::string{"api/v2/alerts"};
  return http_outcome(post(url, boost::json::serialize(alerts), {"Content-Type: application/json"}, c.ca_file, ctx),
                      url);
}

struct mail_source {
  std::string text;
  std::size_t at = 0;
};

size_t feed_mail(char* out, size_t size, size_t count, void* source) {
  auto* s = static_cast<mail_source*>(source);
  const std::size_t n = std::min(size * count, s->text.size() - s->at);
  std::memcpy(out, s->text.data() + s->at, n);
  s->at += n;
  return n;
}

send_outcome send_email(const channel_settings& c, const notification_message& m, const send_context& ctx) {
  if (m.emails.empty()) return {false, false, "no email address for " + m.recipient_unit};
  init_curl_once();
  mail_source source{mime_message(c, m, ctx.now, ctx.zone)};
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl{curl_easy_init(), curl_easy_cleanup};
  curl_slist* recipients = nullptr;
  for (const auto& to : m.emails)
    recipients = curl_slist_append(recipients, ("<" + to + ">").c_str());
  std::array<char, CURL_ERROR_SIZE> error{};
  const auto from = "<" + c.from + ">";
  curl_easy_setopt(curl.get(), CURLOPT_URL, c.url.c_str());
  if (c.url.starts_with("smtp://") && c.starttls)
    curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!c.username.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_USERNAME, c.username.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, c.password.c_str());
  }
  if (!c.ca_file.empty()) curl_easy_setopt(curl.get(), CURLOPT_CAINFO, c.ca_file.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, feed_mail);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &source);
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error.data());
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(ctx.timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  const auto rc = curl_easy_perform(curl.get());
  curl_slist_free_all(recipients);
  if (rc != CURLE_OK) {
    return {false, false, c.url + ": " + (error[0] != '\0' ? std::string{error.data()} : curl_easy_strerror(rc))};
  }
  return {true, false, {}};
}

send_outcome send_sendmail(const channel_settings& c, const notification_message& m, const send_context& ctx) {
  if (m.emails.empty()) return {false, false, "no email address for " + m.recipient_unit};
  // -t: recipients from the headers; -i: a lone dot is not the end.
  const std::string command = c.sendmail_path + " -t -i";
  FILE* pipe = ::popen(command.c_str(), "w");  // NOLINT(cert-env33-c): the operator's configured program
  if (pipe == nullptr) return {false, false, "cannot run " + c.sendmail_path};
  const auto text = mime_message(c, m, ctx.now, ctx.zone);
  std::fwrite(text.data(), 1, text.size(), pipe);
  const int status = ::pclose(pipe);
  if (status != 0) return {false, false, c.sendmail_path + " exited with status " + std::to_string(status)};
  return {true, false, {}};
}

/// RFC 2047 encoded words of at most 75 characters, split at UTF-8 character boundaries.
std::string encoded_words(const std::string& text) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = std::min(text.size(), at + 45);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(at, end - at)) + "?=";
    at = end;
  }
  return out;
}

std::string rfc5322_date(rules::instant now, const rules::zone_offsets& zone) {
  static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto local = zone.to_local(now);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  const auto offset = std::chrono::duration_cast<std::chrono::minutes>(zone.offset_at(now)).count();
  const unsigned weekday = std::chrono::weekday{day}.c_encoding();
  return fmt::format("{}, {} {} {} {:02}:{:02}:{:02} {}{:02}{:02}", days[weekday], static_cast<unsigned>(ymd.day()),
                     months[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count(), offset < 0 ? '-' : '+', std::abs(offset) / 60,
                     std::abs(offset) % 60);
}

}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), digest.data(), &length);
  return std::string{reinterpret_cast<const char*>(digest.data()), length};
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 0xF];
  }
  return out;
}

std::string mime_message(const channel_settings& channel, const notification_message& message, rules::instant now,
                         const rules::zone_offsets& zone) {
  std::string to;
  for (const auto& address : message.emails)
    to += (to.empty() ? "" : ", ") + address;
  // Header values come from configuration and templates; CR and LF are removed so no text
  // (a scraped title, say) can add a header.
  const auto clean = [](std::string v) {
    std::erase_if(v, [](char c) { return c == '\r' || c == '\n'; });
    return v;
  };
  std::string out;
  out += "Date: " + rfc5322_date(now, zone) + "\r\n";
  out += "From: " + clean(channel.from) + "\r\n";
  out += "To: " + clean(to) + "\r\n";
  out += "Subject: " + encoded_words(clean(message.title)) + "\r\n";
  out += "Message-ID: <" + message.key + "." + std::to_string(now.time_since_epoch().count()) + "@deadlined>\r\n";
  out += "X-Deadlined-Idempotency-Key: " + message.key + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  std::string body;
  for (const auto& line : message.lines)
    body += line + "\r\n\r\n";
  const auto encoded = base64(body);
  for (std::size_t i = 0; i < encoded.size(); i += 76)
    out += encoded.substr(i, 76) + "\r\n";
  return out;
}

send_outcome send_message(const channel_settings& channel, const notification_message& message,
                          const send_context& context) {
  switch (channel.type) {
    case channel_type::email:
      return send_email(channel, message, context);
    case channel_type::sendmail:
      return send_sendmail(channel, message, context);
    case channel_type::webhook:
      return send_webhook(channel, message, context);
    case channel_type::dingtalk:
      return send_dingtalk(channel, message, context);
    case channel_type::feishu:
      return send_feishu(channel, message, context);
    case channel_type::wecom:
      return send_wecom(channel, message, context);
    case channel_type::sms:
      return send_sms(channel, message, context);
    case channel_type::alertmanager:
      return send_alertmanager(channel, message, context);
  }
  return {false, false, "unknown channel type"};
}

}  // namespace deadlined::daemon
