// Column pages as unit websites serve them: charset detection, then --auto (feed or list
// detection, inline JSON data, comments) and the date finders, on any bytes.

#include <cstdint>

#include "deadlined/daemon/parser_fuzz_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes{reinterpret_cast<const char*>(data), size};
  (void)deadlined::daemon::fuzz_page_parser(bytes);
  (void)deadlined::daemon::fuzz_page_dates(bytes);
  return 0;
}
