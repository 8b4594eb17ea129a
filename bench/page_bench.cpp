// What recording one polled column page costs, stage by stage: decoding, the HTML parse,
// list detection, hashing and compressing the evidence. The page is one of
// bench/poll_bench/generate.py's (pass its path), so these figures explain the poll bench's.
//
// Usage: build/release/bench/page_bench PAGE.html [--benchmark_filter=…]

#include <benchmark/benchmark.h>
#include <libxml/HTMLparser.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "deadlined/daemon/charset.hpp"
#include "deadlined/daemon/content_coding.hpp"
#include "deadlined/daemon/evidence_store.hpp"
#include "deadlined/daemon/page_parser.hpp"
#include "deadlined/daemon/xml_document.hpp"

namespace {

using namespace deadlined;

std::string page_bytes;  // NOLINT: the page under test, read once in main

const rules::zone_offsets& shanghai() {
  static const auto zone = rules::zone_offsets::fixed("Asia/Shanghai", std::chrono::hours{8});
  return zone;
}

daemon::page_context context() {
  return {"http://127.0.0.1/zwgk/c0/", rules::instant{std::chrono::sys_days{std::chrono::year{2026} / 11 / 28}},
          shanghai()};
}

void Decode(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(daemon::decode_page(page_bytes, "text/html; charset=utf-8"));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(page_bytes.size()));
}
BENCHMARK(Decode);

void HtmlParse(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(daemon::xml_document::html(page_bytes, "http://127.0.0.1/zwgk/c0/"));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(page_bytes.size()));
}
BENCHMARK(HtmlParse);

/// libxml2's HTML tokenizer alone: the parse with SAX callbacks that do nothing (no tree).
/// The least any reading through libxml2 can cost a page (docs/benchmarks.md, polling).
void HtmlTokenizeOnly(benchmark::State& state) {
  htmlSAXHandler nothing{};
  for (auto _ : state) {
    htmlParserCtxtPtr parser = htmlCreateMemoryParserCtxt(page_bytes.data(), static_cast<int>(page_bytes.size()));
    htmlCtxtUseOptions(parser, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    *parser->sax = nothing;
    htmlParseDocument(parser);
    htmlFreeParserCtxt(parser);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(page_bytes.size()));
}
BENCHMARK(HtmlTokenizeOnly);

void ParsePageAuto(benchmark::State& state) {
  const auto ctx = context();
  std::vector<std::string> problems;
  std::size_t items = 0;
  for (auto _ : state) {
    auto found = daemon::parse_page(page_bytes, "text/html; charset=utf-8", daemon::parser_spec{}, ctx, problems);
    items = found.items.size();
    benchmark::DoNotOptimize(found);
  }
  state.counters["items"] = static_cast<double>(items);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(page_bytes.size()));
}
BENCHMARK(ParsePageAuto);

void Sha256(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(daemon::sha256_hex(page_bytes));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(page_bytes.size()));
}
BENCHMARK(Sha256);

void EvidenceCompress(benchmark::State& state) {
  std::size_t size = 0;
  for (auto _ : state) {
    const auto packed = daemon::gzip_compress(page_bytes, R"({"url":"http://127.0.0.1/zwgk/c0/"})");
    size = packed.size();
    benchmark::DoNotOptimize(packed);
  }
  state.counters["ratio"] = static_cast<double>(page_bytes.size()) / static_cast<double>(size);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(page_bytes.size()));
}
BENCHMARK(EvidenceCompress);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc != 2) {
    std::cerr << "usage: page_bench PAGE.html [benchmark options]\n";
    return 2;
  }
  std::ifstream in{argv[1], std::ios::binary};
  std::ostringstream bytes;
  bytes << in.rdbuf();
  page_bytes = bytes.str();
  if (!in || page_bytes.empty()) {
    std::cerr << "page_bench: cannot read " << argv[1] << "\n";
    return 2;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
