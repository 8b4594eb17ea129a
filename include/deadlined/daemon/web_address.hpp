#pragma once
// An http(s) URL taken apart for a request: where to connect and what to ask for.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace deadlined::daemon {

struct web_address {
  std::string scheme;  ///< http or https (lower case)
  std::string host;    ///< lower case; an IPv6 literal without brackets
  std::uint16_t port = 0;
  std::string target;  ///< path and query, at least "/"
  bool ipv6_literal = false;
  std::string userinfo;  ///< "user:password" before the @, decoded (a proxy's credentials)

  bool tls() const { return scheme == "https"; }
  /// host[:port] as the Host header and CONNECT want it (port only when not the default).
  std::string authority(bool always_port = false) const;
  /// scheme://authority/target, without the fragment.
  std::string url() const;
};

/// Takes an absolute http(s) URL apart; nullopt with the reason in `why` otherwise.
std::optional<web_address> parse_web_address(std::string_view url, std::string& why);

/// The absolute URL a Location header (or any reference) points to from `base`; empty when
/// the reference is not a URL. Raw non-ASCII bytes, spaces and the characters a URL may not
/// hold are %-escaped first, as browsers do.
std::string resolve_reference(std::string_view base, std::string_view reference);

/// The local path a file:// URL names, %-escapes decoded (file:///srv/%E9%95%9C%E5%83%8F/a.html
/// is /srv/镜像/a.html); the text after file:// when it is no URL.
std::string file_url_path(std::string_view url);

/// A proxy's URL taken apart (http://[user:password@]host:port; http:// may be left out);
/// nullopt with the reason in `why` (no URL in it) when it is no use: it names no host, or
/// a path, which is how a / left unescaped in a password reads.
std::optional<web_address> parse_proxy_address(std::string_view url, std::string& why);

/// `url` fit to show in messages and logs: anything before an @ (a proxy's user and
/// password) becomes ***, whether or not the URL parses.
std::string without_credentials(std::string_view url);

/// The scheme of an absolute URL in lower case ("" when there is none).
std::string url_scheme(std::string_view url);

}  // namespace deadlined::daemon
