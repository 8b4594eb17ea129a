// In-process throughput of due computations over 10 million (date, N) pairs, for
// docs/benchmarks.md beside numpy.busday_offset (bench/numpy_busday.py) on the same pairs.

#include <benchmark/benchmark.h>

#include <vector>

#include "deadlined/rules/due_computation.hpp"

namespace {

using namespace deadlined::rules;

constexpr std::size_t pair_count = 10'000'000;

const working_calendar& calendar() {
  static const working_calendar cal{builtin_cn_calendar(), zone_offsets::fixed("Asia/Shanghai", std::chrono::hours{8})};
  return cal;
}

/// The same pairs as bench/numpy_busday.py: dates spread over 2019-01-01..2026-12-31, N in 1..30.
struct pairs {
  std::vector<civil_date> dates;
  std::vector<int> counts;
};

const pairs& workload() {
  static const pairs p = [] {
    pairs out;
    out.dates.reserve(pair_count);
    out.counts.reserve(pair_count);
    const civil_date first{std::chrono::year{2019} / 1 / 1};
    const std::int64_t span = (civil_date{std::chrono::year{2026} / 12 / 31} - first).count() + 1;
    for (std::size_t i = 0; i < pair_count; ++i) {
      out.dates.push_back(first + std::chrono::days{static_cast<std::int64_t>(i * 7919) % span});
      out.counts.push_back(1 + static_cast<int>((i * 31) % 30));
    }
    return out;
  }();
  return p;
}

void BM_AddWorkingDays(benchmark::State& state) {
  const auto& cal = calendar();
  const auto& p = workload();
  for (auto _ : state) {
    std::int64_t checksum = 0;
    for (std::size_t i = 0; i < pair_count; ++i) {
      checksum += cal.add_working_days(p.dates[i], p.counts[i]).time_since_epoch().count();
    }
    benchmark::DoNotOptimize(checksum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pair_count));
}
BENCHMARK(BM_AddWorkingDays)->Unit(benchmark::kMillisecond);

void BM_ComputeDueWorkingDays(benchmark::State& state) {
  const auto& cal = calendar();
  const auto& p = workload();
  deadline_expr expr;
  expr.kind = deadline_kind::working_days;
  for (auto _ : state) {
    std::int64_t checksum = 0;
    for (std::size_t i = 0; i < pair_count; ++i) {
      expr.count = p.counts[i];
      const auto result = compute_due(timestamp::on_date(p.dates[i]), expr, cal);
      checksum += std::get<due_result>(result).due.time_since_epoch().count();
    }
    benchmark::DoNotOptimize(checksum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pair_count));
}
BENCHMARK(BM_ComputeDueWorkingDays)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
