// RSS/Atom feeds as unit websites serve them (any charset, any damage): parsed into items
// or nothing, never a crash or a hang.

#include <cstdint>

#include "deadlined/daemon/parser_fuzz_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)deadlined::daemon::fuzz_feed_parser(std::string_view{reinterpret_cast<const char*>(data), size});
  return 0;
}
