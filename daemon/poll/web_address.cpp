// URL handling through Boost.URL: RFC 3986 parsing and reference resolution, so redirects
// and relative Location headers resolve as browsers do.

#include "deadlined/daemon/web_address.hpp"

#include <boost/url.hpp>

#include <algorithm>
#include <cctype>

namespace deadlined::daemon {

namespace urls = boost::urls;

namespace {

std::string lower(std::string_view s) {
  std::string out{s};
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string web_address::authority(bool always_port) const {
  std::string out = ipv6_literal ? "[" + host + "]" : host;
  const std::uint16_t default_port = tls() ? 443 : 80;
  if (always_port || port != default_port) out += ":" + std::to_string(port);
  return out;
}

std::string web_address::url() const {
  return scheme + "://" + authority() + target;
}

std::optional<web_address> parse_web_address(std::string_view url, std::string& why) {
  const auto parsed = urls::parse_uri(url);
  if (!parsed) {
    why = "not a URL: \"" + std::string{url} + "\"";
    return std::nullopt;
  }
  web_address out;
  out.scheme = lower(parsed->scheme());
  if (out.scheme != "http" && out.scheme != "https") {
    why = "not an http(s) URL: \"" + std::string{url} + "\"";
    return std::nullopt;
  }
  out.ipv6_literal = parsed->host_type() == urls::host_type::ipv6;
  out.host = lower(out.ipv6_literal ? std::string{parsed->host_address()} : std::string{parsed->host()});
  if (out.host.empty()) {
    why = "no host in \"" + std::string{url} + "\"";
    return std::nullopt;
  }
  if (parsed->has_port() && !parsed->port().empty()) {
    const auto number = parsed->port_number();
    if (number == 0) {
      why = "bad port in \"" + std::string{url} + "\"";
      return std::nullopt;
    }
    out.port = number;
  } else {
    out.port = out.tls() ? 443 : 80;
  }
  if (parsed->has_userinfo()) out.userinfo = std::string{parsed->userinfo()};
  out.target = std::string{parsed->encoded_target()};
  if (out.target.empty() || out.target.front() != '/') out.target.insert(0, "/");
  return out;
}

std::string resolve_reference(std::string_view base, std::string_view reference_raw) {
  // Servers (IIS among them) send Location headers with raw UTF-8 or GBK bytes, spaces,
  // backslashes and stray %s, which no URL may hold: as in browsers, a backslash is a
  // slash and the rest is %-escaped, bytes as they are.
  const auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  std::string reference;
  for (std::size_t i = 0; i < reference_raw.size(); ++i) {
    const char c = reference_raw[i];
    const auto byte = static_cast<unsigned char>(c);
    const bool stray_percent =
        c == '%' && !(i + 2 < reference_raw.size() && is_hex(reference_raw[i + 1]) && is_hex(reference_raw[i + 2]));
    if (c == '\\') {
      reference += '/';
    } else if (byte >= 0x80 || byte <= 0x20 || stray_percent ||
               std::string_view{"\"<>^`{|}"}.find(c) != std::string_view::npos) {
      constexpr std::string_view hex = "0123456789ABCDEF";
      reference += '%';
      reference += hex[byte >> 4];
      reference += hex[byte & 0xF];
    } else {
      reference += c;
    }
  }
  const auto base_url = urls::parse_uri(base);
  const auto ref = urls::parse_uri_reference(reference);
  if (!base_url || !ref) return {};
  urls::url out;
  if (!urls::resolve(*base_url, *ref, out)) return {};
  out.remove_fragment();
  return std::string{out.buffer()};
}

std::string file_url_path(std::string_view url) {
  const auto parsed = urls::parse_uri(url);
  if (!parsed || lower(parsed->scheme()) != "file")
    return std::string{url.substr(std::min<std::size_t>(url.size(), 7))};
  return std::string{parsed->path()};
}

std::optional<web_address> parse_proxy_address(std::string_view url, std::string& why) {
  const std::string full = url.find("://") == std::string_view::npos ? "http://" + std::string{url} : std::string{url};
  std::string unused;
  auto address = parse_web_address(full, unused);
  if (!address) {
    why = "not an http:// URL";
    return std::nullopt;
  }
  if (address->target != "/") {
    why = "a proxy URL has no path (a / in the password is written %2F)";
    return std::nullopt;
  }
  return address;
}

std::string without_credentials(std::string_view url) {
  const auto at = url.rfind('@');
  if (at == std::string_view::npos) return std::string{url};
  const auto scheme_end = url.find("://");
  const auto start = scheme_end == std::string_view::npos || scheme_end > at ? 0 : scheme_end + 3;
  return std::string{url.substr(0, start)} + "***" + std::string{url.substr(at)};
}

std::string url_scheme(std::string_view url) {
  const auto parsed = urls::parse_uri(url);
  return parsed ? lower(parsed->scheme()) : std::string{};
}

}  // namespace deadlined::daemon
