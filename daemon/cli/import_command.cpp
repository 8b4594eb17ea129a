// `deadlined import FILE...`: records from JSON Lines or CSV files into the database.

#include <ostream>

#include "deadlined/daemon/command_context.hpp"
#include "deadlined/daemon/ingest.hpp"

namespace deadlined::daemon {

/// `FILE:LINE: field: reason`
std::string format_rejection(const rejection& r) {
  return (r.where.empty() ? "record " + std::to_string(r.index) : r.where) + ": " + r.field + ": " + r.reason;
}

int run_import_command(const std::vector<std::string>& args, command_io& io) {
  auto visible = common_options();
  visible.add_options()("encoding", po::value<std::string>()->value_name("E"),
                        "utf-8, gbk or gb18030 (default: detected: BOM, valid UTF-8, else GB18030)");
  po::options_description hidden;
  hidden.add_options()("files", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("files", -1);
  int exit = exit_ok;
  const auto vm = parse_command_line(args, "import",
                                     "deadlined import [--encoding E] FILE...\n\n"
                                     "FILE: JSON Lines (one record per line) or CSV (.csv) with a header row:\n"
                                     "      id,type,unit,time,subject,attrs.x… or the Chinese template headers",
                                     visible, hidden, positional, io, exit);
  if (!vm) return exit;
  if (vm->count("files") == 0) {
    io.err << "deadlined import: name at least one file\nTry 'deadlined import --help'.\n";
    return exit_usage;
  }
  auto context = load_command_context(*vm, "import", true, io, exit);
  if (!context) return exit;
  const std::string encoding = vm->count("encoding") != 0 ? (*vm)["encoding"].as<std::string>() : "auto";
  if (!decode_records("", encoding)) {
    io.err << "deadlined import: --encoding: unknown encoding \"" << encoding << "\"; expected utf-8, gbk or gb18030\n";
    return exit_usage;
  }
  ingest_report total;
  try {
    context->db->set_cache_mib(64);  // a big import's transaction spills fewer pages early
    for (const auto& file : (*vm)["files"].as<std::vector<std::string>>()) {
      const auto report = import_file(file, encoding, *context->config, *context->db, "cli:" + file, wall_now());
      for (const auto& r : report.rejected)
        io.err << format_rejection(r) << "\n";
      total.add(report);
    }
  } catch (const std::exception& e) {
    io.err << "deadlined import: " << e.what() << "\n";
    return exit_runtime;
  }
  io.out << total.summary() << "\n";
  if (io.log) io.log->info("import.done: {} into {}", total.summary(), context->config->database);
  return total.rejected.empty() ? exit_ok : exit_input_problems;
}

}  // namespace deadlined::daemon
