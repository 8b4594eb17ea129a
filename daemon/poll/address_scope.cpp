#include "deadlined/daemon/address_scope.hpp"

#include <array>
#include <cstdint>

namespace deadlined::daemon {

namespace {

struct v4_block {
  std::uint32_t network;
  int prefix;
};

constexpr std::uint32_t v4(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
  return (a << 24U) | (b << 16U) | (c << 8U) | d;
}

// IANA's special-purpose registry, the blocks no public website lives in.
constexpr std::array<v4_block, 12> internal_v4{{
    {v4(0, 0, 0, 0), 8},       // "this network"
    {v4(10, 0, 0, 0), 8},      // RFC 1918
    {v4(100, 64, 0, 0), 10},   // carrier-grade NAT (RFC 6598)
    {v4(127, 0, 0, 0), 8},     // loopback
    {v4(169, 254, 0, 0), 16},  // link-local
    {v4(172, 16, 0, 0), 12},   // RFC 1918
    {v4(192, 0, 0, 0), 24},    // IETF protocol assignments
    {v4(192, 168, 0, 0), 16},  // RFC 1918
    {v4(198, 18, 0, 0), 15},   // benchmarking (RFC 2544)
    {v4(224, 0, 0, 0), 4},     // multicast
    {v4(240, 0, 0, 0), 4},     // reserved, broadcast
    {v4(192, 0, 2, 0), 24},    // documentation
}};

bool internal(const boost::asio::ip::address_v4& address) {
  const auto value = address.to_uint();
  for (const auto& block : internal_v4) {
    const auto mask = block.prefix == 0 ? 0U : ~std::uint32_t{0} << (32 - block.prefix);
    if ((value & mask) == block.network) return true;
  }
  return false;
}

bool internal(const boost::asio::ip::address_v6& address) {
  if (address.is_v4_mapped()) return internal(boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address));
  const auto bytes = address.to_bytes();
  return address.is_loopback() || address.is_unspecified() || address.is_link_local() || address.is_multicast() ||
         (bytes[0] & 0xfeU) == 0xfcU;  // unique local fc00::/7
}

}  // namespace

bool is_internal_address(const boost::asio::ip::address& address) {
  return address.is_v4() ? internal(address.to_v4()) : internal(address.to_v6());
}

}  // namespace deadlined::daemon
