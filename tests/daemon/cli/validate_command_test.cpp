#include <gtest/gtest.h>

#include <sstream>

#include "deadlined/daemon/cli.hpp"

namespace deadlined::daemon {
namespace {

struct run_result {
  int code;
  std::string out;
};

run_result validate(const std::string& config) {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  command_io io{in, out, err, nullptr};
  const int code = run_cli({"validate", "--config", config}, io);
  return {code, out.str()};
}

TEST(ValidateCommand, TheShippedExampleIsValidAndPrintsNothing) {
  const auto r = validate(std::string{DEADLINED_SOURCE_DIR} + "/config/deadlined.yaml");
  EXPECT_EQ(r.code, exit_ok);
  EXPECT_EQ(r.out, "");
}

TEST(ValidateCommand, ProblemsGoToStdoutOneLineEachAndExitOne) {
  const std::string data = DEADLINED_TEST_DATA;
  const auto r = validate(data + "/calendars/bad-zone.yaml");
  EXPECT_EQ(r.code, exit_input_problems);
  EXPECT_EQ(r.out, data + "/calendars/bad-zone.yaml:3:9: calendar.zone: unknown time zone \"Asia/Beijing\"\n");
}

}  // namespace
}  // namespace deadlined::daemon
