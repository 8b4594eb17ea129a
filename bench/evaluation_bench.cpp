// Evaluation at city scale: a seeded generator for a year of 500 units and 1 million facts
// in the seed pack's vocabulary, evaluated with the shipped packs. Prints:
//   full evaluation throughput (facts/s, one core), with the facts in arrival order as the
//   daemon holds them and in the generator's scattered order,
//   latency of adding 1,000 facts to the warm state (p50, p99),
//   resident memory per obligation.
// Usage: evaluation_bench [CONFIG] [FACTS] [BATCHES]

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

#include "deadlined/daemon/config.hpp"
#include "deadlined/daemon/free_memory.hpp"
#include "deadlined/rules/incremental_evaluator.hpp"

namespace {

using namespace deadlined;

/// A "Name:   123 kB" line of a /proc file, in KiB; 0 when absent.
long proc_kib(const char* file, std::string_view name) {
  std::ifstream in{file};
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(name) && line.size() > name.size() && line[name.size()] == ':')
      return std::stol(line.substr(name.size() + 1));
  }
  return 0;
}

long rss_kib() {
  return proc_kib("/proc/self/status", "VmRSS");
}

/// How much of the process's memory is in transparent huge pages: deadlined-check.service
/// sets GLIBC_TUNABLES=glibc.malloc.hugetlb=1, deadlined.service does not, and the figures
/// differ with and without.
long huge_page_kib() {
  return proc_kib("/proc/self/smaps_rollup", "AnonHugePages");
}

/// The facts as the daemon holds them. The store hands an evaluation its facts in arrival
/// order (by row id), and facts arrive as they happen: a poll finds an item when it is
/// published, records come in by day or month. The generator draws each fact's time at
/// random, so its own order scatters a year across memory, and an evaluation, which reads
/// each type in time order, would miss the cache at nearly every fact. Copied one by one,
/// attributes included, as the store's reader allocates them.
std::vector<rules::fact> in_arrival_order(const std::vector<rules::fact>& generated, const rules::zone_offsets& zone) {
  std::vector<std::pair<rules::instant, std::size_t>> order;
  order.reserve(generated.size());
  for (std::size_t i = 0; i < generated.size(); ++i)
    order.emplace_back(generated[i].time.counting_instant(zone), i);
  std::sort(order.begin(), order.end());
  std::vector<rules::fact> facts;
  facts.reserve(generated.size());
  for (const auto& [at, i] : order)
    facts.push_back(generated[i]);
  return facts;
}

/// The generator: deterministic for a seed. Each unit publishes documents (most with an
/// interpretation), receives requests (most answered), registers meeting topics, and its
/// hotline is called.
class year_generator {
 public:
  year_generator(std::vector<std::string> units, const rules::zone_offsets& zone, unsigned seed)
      : units_(std::move(units)), zone_(zone), random_(seed) {}

  rules::fact next() {
    const int n = count_++;
    const auto& unit = units_[random_() % units_.size()];
    const auto second = static_cast<long>(random_() % (365L * 24 * 3600));
    const rules::instant at = rules::instant{std::chrono::sys_days{std::chrono::year{2019} / 1 / 1}} +
                              std::chrono::seconds{second} - std::chrono::hours{8};
    rules::fact f;
    f.source = "record";
    f.external_id = "G" + std::to_string(n);
    f.id = "record/" + f.external_id;
    f.unit = unit;
    f.time = rules::timestamp::at(at);
    const std::string key = std::to_string(n / 2);  // pairs: trigger n, follow-up n+1
    switch (n % 10) {
      case 0:
        f.type = "document.published";
        f.attrs = {{"title", "关于印发第" + key + "号办法的通知"},
                   {"url", "http://g/" + key},
                   {"category", "normative"},
                   {"document_id", key}};
        break;
      case 1:
        f.type = "interpretation.published";
        f.attrs = {{"title", "《第" + key + "号办法》解读"}, {"url", "http://j/" + key}, {"document_id", key}};
        break;
      case 2:
        f.type = "request.received";
        f.attrs = {{"request_id", key}};
        break;
      case 3:
        f.type = "request.answered";
        f.attrs = {{"request_id", key}};
        break;
      case 4:
        f.type = "meeting.topic";
        f.attrs = {{"topic_id", key}, {"meeting_date", zone_.format(at).substr(0, 10)}};
        break;
      case 5:
        f.type = "news.reviewed";
        f.attrs = {{"topic_id", key}};
        break;
      case 6:
      case 7:
        f.type = "call.made";
        f.attrs = {{"hotline", std::to_string(random_() % 1000)}, {"answered", random_() % 20 == 0 ? "false" : "true"}};
        break;
      default:
        f.type = "evidence.submitted";
        f.time = rules::timestamp::on_date(zone_.local_date(at));
        f.attrs = {{"task", "一、（一）1"}};
        break;
    }
    return f;
  }

 private:
  std::vector<std::string> units_;
  const rules::zone_offsets& zone_;
  std::mt19937_64 random_;
  int count_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const std::string config_path = argc > 1 ? argv[1] : "config/deadlined.yaml";
  const int fact_count = argc > 2 ? std::stoi(argv[2]) : 1'000'000;
  // More batches make the incremental phase long enough to profile on its own; 0 stops
  // after the full evaluation (for valgrind's instruction and cache-miss counts, which do
  // not move with the host's load as times do).
  const int batches = argc > 3 ? std::max(0, std::stoi(argv[3])) : 100;
  const auto loaded = daemon::load_config(config_path);
  if (!loaded.snapshot) {
    for (const auto& p : loaded.problems)
      std::fprintf(stderr, "%s\n", rules::to_string(p).c_str());
    return 1;
  }
  const auto& config = *loaded.snapshot;
  // A large city: 500 units in the example's groups' kinds.
  std::vector<rules::unit> units;
  std::vector<std::string> names;
  for (int i = 0; i < 500; ++i) {
    const char* kind = i % 10 == 0 ? "town" : i % 10 == 1 ? "street" : "department";
    names.push_back("单位" + std::to_string(i));
    units.push_back({names.back(), kind, {}, std::nullopt, std::nullopt, ""});
  }
  units.push_back({"区政府办公室", "office", {}, std::nullopt, std::nullopt, ""});
  const rules::unit_directory directory{units, config.units.groups()};
  const auto& zone = config.calendar.zone();
  const rules::instant now =
      rules::instant{std::chrono::sys_days{std::chrono::year{2019} / 12 / 31}} + std::chrono::hours{10};

  year_generator generator{names, zone, 20191231};
  std::vector<rules::fact> generated;
  generated.reserve(static_cast<std::size_t>(fact_count));
  for (int i = 0; i < fact_count; ++i)
    generated.push_back(generator.next());
  const auto facts = in_arrival_order(generated, zone);

  // Profiling one phase alone: perf record -D -1 --control fifo:CTL … with PERF_CTL_FIFO=CTL
  // makes perf sample only the full evaluation (PERF_PHASE=full) or the batches (default).
  const char* perf_fifo = std::getenv("PERF_CTL_FIFO");
  const char* perf_phase = std::getenv("PERF_PHASE");
  const bool profile_full = perf_phase != nullptr && std::string_view{perf_phase} == "full";
  std::ofstream perf_control;
  if (perf_fifo != nullptr) perf_control.open(perf_fifo);

  const long rss_before = rss_kib();
  const rules::evaluation_context context{config.rules, config.calendar, directory, now};
  if (perf_control && profile_full) perf_control << "enable" << std::endl;
  const auto start = std::chrono::steady_clock::now();
  const auto obligations = rules::evaluate(facts, context);
  const double full_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (perf_control && profile_full) perf_control << "disable" << std::endl;
  const long rss_after = rss_kib();
  std::printf("full evaluation: %d facts -> %zu obligations in %.0f ms = %.0f facts/s\n", fact_count,
              obligations.size(), full_seconds * 1000, fact_count / full_seconds);
  std::printf("memory: RSS grew %ld KiB for %zu obligations = %.0f bytes per obligation\n", rss_after - rss_before,
              obligations.size(),
              static_cast<double>(rss_after - rss_before) * 1024.0 / static_cast<double>(obligations.size()));
  {
    // Where the growth beyond the obligations lies: freed memory the allocator keeps among
    // live blocks (returned by giving back, below) and what is mapped on its own.
    const auto info = mallinfo2();
    std::printf("memory: allocator holds %zu KiB free among live blocks, %zu KiB mapped apart\n", info.fordblks / 1024,
                info.hblkhd / 1024);
  }
  // What the daemon does after evaluating everything (at start, each new day).
  daemon::give_back_free_memory();
  const long rss_given_back = rss_kib();
  std::printf("memory: after giving freed memory back, RSS grew %ld KiB = %.0f bytes per obligation\n",
              rss_given_back - rss_before,
              static_cast<double>(rss_given_back - rss_before) * 1024.0 / static_cast<double>(obligations.size()));
  std::printf("memory: an obligation is %zu bytes in place, the rest on the heap\n", sizeof(rules::obligation));
  const long huge = huge_page_kib();
  std::printf("memory: %ld MiB in transparent huge pages (%s)\n", huge / 1024,
              huge > 0 ? "malloc asked for them, as deadlined-check.service does" : "none: 4 KiB pages");

  if (batches == 0) return 0;

  // The same facts as the generator made them, a year's times scattered across memory.
  const auto scattered_start = std::chrono::steady_clock::now();
  const auto scattered_count = rules::evaluate(generated, context).size();
  const double scattered_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - scattered_start).count();
  std::printf(
      "full evaluation, facts in the generator's order (worst case): %zu obligations in %.0f ms = %.0f facts/s\n",
      scattered_count, scattered_seconds * 1000, fact_count / scattered_seconds);
  generated = {};
  daemon::give_back_free_memory();

  const auto load_start = std::chrono::steady_clock::now();
  rules::incremental_evaluator warm{config.rules, config.calendar, directory, now};
  warm.add_facts(facts);
  const double load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
  std::printf("warm start: %d facts -> %zu obligations in %.0f ms (%zu shard evaluations)\n", fact_count,
              warm.obligation_count(), load_seconds * 1000, warm.shard_evaluations());

  // What the daemon does at each check: the facts of the last poll or import, then the clock.
  std::vector<double> adding;
  std::vector<double> ticking;
  const auto shards_before = warm.shard_evaluations();
  rules::instant clock = now;
  // Sampled around the timed calls only: generating a batch's facts is the bench's work.
  const bool profile_batches = perf_control && !profile_full;
  for (int batch = 0; batch < batches; ++batch) {
    std::vector<rules::fact> more;
    more.reserve(1000);
    for (int i = 0; i < 1000; ++i)
      more.push_back(generator.next());
    if (profile_batches) perf_control << "enable" << std::endl;
    const auto t0 = std::chrono::steady_clock::now();
    warm.add_facts(std::move(more));
    const auto t1 = std::chrono::steady_clock::now();
    clock += std::chrono::minutes{1};  // a check a minute, within the day
    warm.set_now(clock);
    const auto t2 = std::chrono::steady_clock::now();
    if (profile_batches) perf_control << "disable" << std::endl;
    adding.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    ticking.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
  }
  // Nearest rank: the p-th percentile of n values is the ceil(p·n)-th smallest (of 100
  // batches, p99 is the 99th, p50 the 50th); the slowest is printed as max.
  const auto percentile = [](std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
  };
  std::printf(
      "incremental: adding 1,000 facts to a warm %d-fact state: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu batches, "
      "%.0f shard evaluations per batch)\n",
      fact_count, percentile(adding, 0.5), percentile(adding, 0.99), percentile(adding, 1.0), adding.size(),
      static_cast<double>(warm.shard_evaluations() - shards_before) / static_cast<double>(adding.size()));
  std::printf("incremental: clock moved 1 minute: p50 %.2f ms, p99 %.2f ms\n", percentile(ticking, 0.5),
              percentile(ticking, 0.99));
  for (std::size_t i = 0; i < adding.size(); ++i) {
    if (adding[i] > 2 * percentile(adding, 0.5)) std::printf("  slow batch %zu: %.2f ms\n", i, adding[i]);
  }
  return 0;
}
