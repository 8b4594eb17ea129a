// Configuration written wrongly on purpose: keys that are lists, maps where text belongs,
// regexes RE2 refuses, devices and huge files named as packs. Each mistake is reported with
// its place; the rest of the file is still checked; nothing crashes or hangs.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "deadlined/daemon/config.hpp"

namespace deadlined::daemon {
namespace {

namespace fs = std::filesystem;

class HostileConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("deadlined-hostile-config-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    std::ofstream{dir_ / name} << text;
    return (dir_ / name).string();
  }
  std::vector<std::string> problems(const std::string& config) {
    std::vector<std::string> out;
    const auto loaded = load_config(config, (dir_ / "state.db").string());
    const auto prefix = dir_.string() + "/";
    for (const auto& p : loaded.problems) {
      auto text = rules::to_string(p);
      if (text.starts_with(prefix)) text.erase(0, prefix.size());
      out.push_back(std::move(text));
    }
    return out;
  }

  fs::path dir_;
};

const std::string district = "district: 测试区\nunits:\n  - {name: 区财政局}\n";

TEST_F(HostileConfig, KeysThatAreNotTextAndMapsWhereTextBelongsAreReported) {
  const auto config = write("c.yaml", district +
                                          "groups:\n  {[a, b]: x}: {all: true}\n"
                                          "calendar: cn\n"
                                          "office: 区政府办公室\n");
  EXPECT_EQ(problems(config),
            (std::vector<std::string>{
                "c.yaml:6:11: calendar: expected a mapping of keys to values",
                "c.yaml:5:3: groups: a key must be text, not a list, a map or null",
                "c.yaml:7:9: office: unknown unit \"区政府办公室\"; the office must be one of the units",
            }));
}

TEST_F(HostileConfig, APackWithWrongKeysAndAHugeRegexIsReportedInFullAndALinearTimeRegexLoads) {
  // RE2 matches in linear time, so `(a+)+$` (catastrophic for backtracking engines) is
  // harmless and loads; a repetition beyond RE2's limits is refused at load time.
  write("pack.yaml",
        "pack: p\n"
        "attributes:\n"
        "  [call.made]: [hotline]\n"
        "rules:\n"
        "  - id: r\n"
        "    title: 热线\n"
        "    clause: 一\n"
        "    kind: deadline\n"
        "    trigger: {type: call.made}\n"
        "    follow_up: {type: call.answered}\n"
        "    correlate: [{attribute: hotline}]\n"
        "    deadline: 3 days\n"
        "    escalate: {uo: 区财政局, after: 1 working day}\n"
        "    ~: 1\n"
        "  - id: huge\n"
        "    title: 二\n"
        "    clause: 二\n"
        "    kind: violation\n"
        "    trigger: {type: call.made, match: ['hotline=~\"(a+)+$\"', "
        "'hotline=~\"((((a{100}){100}){100}){100})\"']}\n");
  EXPECT_EQ(problems(write("c.yaml", district + "rules: [pack.yaml]\n")),
            (std::vector<std::string>{
                "pack.yaml:3:3: attributes: a key must be text, not a list, a map or null",
                "pack.yaml:14:5: rules.0: a key must be text, not a list, a map or null",
                "pack.yaml:13:16: rules.0.escalate.uo: unknown key \"uo\"; expected one of: to, after",
                "pack.yaml:13:15: rules.0.escalate.to: missing required key",
                "pack.yaml:19:71: rules.1.trigger.match.1: invalid regular expression: invalid repetition size: {100}",
            }));
}

TEST_F(HostileConfig, ADeviceOrAHugeFileNamedAsAPackIsRefusedWithoutReadingIt) {
  write("huge.yaml", "# " + std::string(9 * 1024 * 1024, 'x') + "\n");
  const auto p = problems(write("c.yaml", district + "rules: [/dev/zero, huge.yaml]\n"));
  ASSERT_EQ(p.size(), 2U) << ::testing::PrintToString(p);
  EXPECT_EQ(p[0].substr(p[0].find(": ")), ": cannot read: not a regular file");
  EXPECT_EQ(p[1], "huge.yaml: cannot read: larger than 8 MiB");
}

TEST_F(HostileConfig, DeeplyNestedYamlIsASyntaxErrorNotAStackOverflow) {
  const auto p = problems(write("c.yaml", "units: " + std::string(100000, '[') + std::string(100000, ']') + "\n"));
  ASSERT_EQ(p.size(), 1U);
  EXPECT_NE(p[0].find("YAML syntax"), std::string::npos) << p[0];
}

}  // namespace
}  // namespace deadlined::daemon
