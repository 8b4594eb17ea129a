#pragma once
// Running the real deadlined binary from tests: arguments in, exit code and output back.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace deadlined::testing {

struct process_result {
  int code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in{p, std::ios::binary};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Starts `deadlined ARGS` with stdout and stderr going to files in `work`; returns the pid.
inline pid_t start_deadlined(const std::vector<std::string>& args, const std::filesystem::path& work,
                             const std::string& stdin_file = "/dev/null", const std::string& cwd = "") {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawn_file_actions_addopen(&actions, 0, stdin_file.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, (work / "stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, (work / "stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> all{DEADLINED_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  posix_spawn(&pid, DEADLINED_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

inline process_result finish(pid_t pid, const std::filesystem::path& work) {
  int status = 0;
  waitpid(pid, &status, 0);
  process_result r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(work / "stdout");
  r.err = slurp(work / "stderr");
  return r;
}

inline process_result run_deadlined(const std::vector<std::string>& args, const std::filesystem::path& work,
                                    const std::string& stdin_file = "/dev/null", const std::string& cwd = "") {
  return finish(start_deadlined(args, work, stdin_file, cwd), work);
}

}  // namespace deadlined::testing
