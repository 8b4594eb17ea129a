#pragma once
// Which sites are reached without the proxy: the no_proxy list, read as curl reads it.

#include <string>
#include <vector>

#include "deadlined/daemon/web_address.hpp"

namespace deadlined::daemon {

/// Whether `address` is reached directly by the `no_proxy` entries: `*` for every site; a
/// name matches itself and every name below it (`conghua.gov.cn`, `.conghua.gov.cn` and
/// `*.conghua.gov.cn` all match conghua.gov.cn and www.conghua.gov.cn); an address matches
/// itself (`127.0.0.1`, `::1`, `[::1]`), a CIDR block the addresses in it (`10.0.0.0/8`,
/// `fd00::/8`); with `:PORT` only that port. An entry may hold several, separated by
/// commas; case and spaces do not matter.
bool reached_directly(const web_address& address, const std::vector<std::string>& no_proxy);

}  // namespace deadlined::daemon
