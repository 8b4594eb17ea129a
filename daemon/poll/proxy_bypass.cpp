#include "deadlined/daemon/proxy_bypass.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string_view>

namespace deadlined::daemon {

namespace ip = boost::asio::ip;

namespace {

struct no_proxy_entry {
  std::string host;  ///< lower case, without brackets, `*.` or a leading dot
  std::optional<int> prefix;
  std::optional<int> port;
};

std::optional<int> number(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

/// One entry taken apart; nullopt for one that cannot mean anything (a bad port).
std::optional<no_proxy_entry> entry_of(std::string text) {
  std::erase_if(text, [](unsigned char c) { return std::isspace(c) != 0; });
  std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  no_proxy_entry out;
  std::string_view rest = text;
  if (rest.starts_with('[')) {  // [::1] or [::1]:8080
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = rest.substr(1, close - 1);
    rest.remove_prefix(close + 1);
    if (rest.starts_with(':')) {
      out.port = number(rest.substr(1));
      if (!out.port) return std::nullopt;
    }
  } else if (std::ranges::count(rest, ':') == 1) {  // host:port (an IPv6 address has more)
    const auto colon = rest.find(':');
    out.port = number(rest.substr(colon + 1));
    if (!out.port) return std::nullopt;
    out.host = rest.substr(0, colon);
  } else {
    out.host = rest;
  }
  if (const auto slash = out.host.find('/'); slash != std::string::npos) {
    out.prefix = number(std::string_view{out.host}.substr(slash + 1));
    if (!out.prefix) return std::nullopt;
    out.host.erase(slash);
  }
  if (out.host.starts_with("*.")) out.host.erase(0, 2);
  if (out.host.starts_with('.')) out.host.erase(0, 1);
  return out;
}

bool in_block(const ip::address& host, const ip::address& block, int prefix) {
  if (host.is_v4() && block.is_v4() && prefix >= 0 && prefix <= 32) {
    return ip::network_v4{host.to_v4(), static_cast<unsigned short>(prefix)}.canonical() ==
           ip::network_v4{block.to_v4(), static_cast<unsigned short>(prefix)}.canonical();
  }
  if (host.is_v6() && block.is_v6() && prefix >= 0 && prefix <= 128) {
    return ip::network_v6{host.to_v6(), static_cast<unsigned short>(prefix)}.canonical() ==
           ip::network_v6{block.to_v6(), static_cast<unsigned short>(prefix)}.canonical();
  }
  return false;
}

bool matches(const web_address& address, const no_proxy_entry& entry) {
  if (entry.port && *entry.port != address.port) return false;
  boost::system::error_code not_address;
  const auto host = ip::make_address(address.host, not_address);
  boost::system::error_code not_block;
  const auto block = ip::make_address(entry.host, not_block);
  if (!not_address && !not_block) return entry.prefix ? in_block(host, block, *entry.prefix) : host == block;
  if (entry.prefix || entry.host.empty()) return false;
  return address.host == entry.host || (address.host.size() > entry.host.size() && address.host.ends_with(entry.host) &&
                                        address.host[address.host.size() - entry.host.size() - 1] == '.');
}

}  // namespace

bool reached_directly(const web_address& address, const std::vector<std::string>& no_proxy) {
  for (const auto& listed : no_proxy) {
    std::size_t start = 0;
    while (start <= listed.size()) {
      const auto comma = std::min(listed.find(',', start), listed.size());
      const auto text = listed.substr(start, comma - start);
      start = comma + 1;
      if (text.find_first_not_of(" \t") == std::string::npos) continue;
      if (text.find('*') != std::string::npos && text.find_first_not_of(" \t*") == std::string::npos) return true;
      if (const auto entry = entry_of(text); entry && matches(address, *entry)) return true;
    }
  }
  return false;
}

}  // namespace deadlined::daemon
