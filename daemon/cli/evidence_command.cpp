// `deadlined evidence HASH`: a stored page snapshot, as fetched, on standard output — the
// page a fact's `evidence` names ("published on day 4" shown from the page itself).

#include <ostream>

#include "deadlined/daemon/command_context.hpp"
#include "deadlined/daemon/evidence_store.hpp"

namespace deadlined::daemon {

int run_evidence_command(const std::vector<std::string>& args, command_io& io) {
  auto visible = common_options();
  visible.add_options()("info", "print where and when the page was fetched instead of the page");
  po::options_description hidden;
  hidden.add_options()("hash", po::value<std::string>());
  po::positional_options_description positional;
  positional.add("hash", 1);
  int exit = exit_ok;
  const auto vm =
      parse_command_line(args, "evidence", "deadlined evidence HASH [--info]", visible, hidden, positional, io, exit);
  if (!vm) return exit;
  if (vm->count("hash") == 0) {
    io.err << "deadlined evidence: need the snapshot's hash (a fact's `evidence` attribute)\n";
    return exit_usage;
  }
  auto context = load_command_context(*vm, "evidence", false, io, exit);
  if (!context) return exit;
  const auto& hash = (*vm)["hash"].as<std::string>();
  try {
    const evidence_store evidence{context->config->polling.evidence_dir};
    const auto page = evidence.get(hash);
    if (!page) {
      io.err << "deadlined evidence: no snapshot " << hash << " in " << evidence.directory() << "\n";
      return exit_runtime;
    }
    if (vm->count("info") > 0) {
      io.out << "hash: " << page->hash << "\nurl: " << page->url << "\ncontent_type: " << page->content_type
             << "\nfetched_at: " << page->fetched_at << "\nbytes: " << page->bytes.size() << "\n";
    } else {
      io.out.write(page->bytes.data(), static_cast<std::streamsize>(page->bytes.size()));
    }
  } catch (const std::exception& e) {
    io.err << "deadlined evidence: " << e.what() << "\n";
    return exit_runtime;
  }
  return exit_ok;
}

}  // namespace deadlined::daemon
