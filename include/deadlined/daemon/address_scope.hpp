#pragma once
// Which addresses belong to the machine or to a private network rather than the Internet:
// a public website may not redirect the poller to them (the daemon's own API, the office
// network's services), while a source an operator configures there directly is fetched.

#include <boost/asio/ip/address.hpp>

namespace deadlined::daemon {

/// Loopback, unspecified, private (RFC 1918, RFC 4193), shared (RFC 6598), link-local,
/// benchmarking (RFC 2544), multicast and reserved addresses; IPv4-mapped IPv6 by its IPv4.
bool is_internal_address(const boost::asio::ip::address& address);

}  // namespace deadlined::daemon
