#include "bench/output/summary_reporter.h"

#include <cmath>
#include <cstdio>
#include <ostream>
#include <utility>

#include "bench/protocol/counters.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

using Run = benchmark::BenchmarkReporter::Run;

// Google Benchmark's suffixes of every case name (Iterations(1),
// UseManualTime()): the same for every case, so left out.
std::string DisplayName(const Run& run) {
  std::string name = run.benchmark_name();
  for (const char* suffix : {"/iterations:1", "/manual_time", "/real_time"}) {
    const size_t at = name.find(suffix);
    if (at != std::string::npos) name.erase(at, std::string(suffix).size());
  }
  return name;
}

// The value a counter of this run shows, or NaN when the run lacks it.
// A coefficient-of-variation row holds fractions: shown in percent.
double Value(const Run& run, const std::string& name) {
  const auto it = run.counters.find(name);
  if (it == run.counters.end()) return std::nan("");
  return run.aggregate_unit == benchmark::kPercentage ? 100 * it->second.value
                                                      : it->second.value;
}

double Value(const Run& run, Counter counter) {
  return Value(run, CounterName(counter));
}

// 4 significant digits, never an exponent: "0.3051", "4.372", "766.2",
// "4544", "123456".
std::string Number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, std::fabs(v) >= 10000 ? "%.0f" : "%.4g", v);
  return text;
}

// "4.372 ms" (or "12.5 %" on a cv row).
std::string WithUnit(const Run& run, double v, const char* unit) {
  return Number(v) + " " +
         (run.aggregate_unit == benchmark::kPercentage ? "%" : unit);
}

// " [3.9, 5.2]" when the run has a valid confidence interval for the
// percentile `base` (e.g. "hp_p99"; docs/metrics.md).
std::string Interval(const Run& run, const std::string& base) {
  // An invalid percentile's high end is the largest latency, not a bound.
  if (Value(run, base + "_valid") == 0) return "";
  const double low = Value(run, base + "_ci_low_ms");
  const double high = Value(run, base + "_ci_high_ms");
  if (std::isnan(low) || std::isnan(high)) return "";
  return " [" + Number(low) + ", " + Number(high) + "]";
}

// "4.372 ms" for a counter of the run in `unit` (the table's unit when
// null), or "" when the run lacks it.
std::string Show(const Run& run, Counter counter, const char* unit = nullptr) {
  const double v = Value(run, counter);
  if (std::isnan(v)) return "";
  return WithUnit(run, v,
                  unit != nullptr ? unit : GetCounterInfo(counter).unit);
}

// Joins the non-empty parts with `separator`.
std::string Join(std::initializer_list<std::string> parts,
                 const char* separator) {
  std::string text;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!text.empty()) text += separator;
    text += part;
  }
  return text;
}

// "  HP latency  P50 0.3153 ms  P99 4.37 ms [3.9, 5.2]  P99.9 ...  max ..."
// and "  HP rate     200 of 200 req/s, 200 requests; send lag P99 604 us".
void AddHpLines(const Run& run, std::vector<std::string>* lines) {
  if (std::isnan(Value(run, Counter::kHpP99Ms))) return;
  auto labelled = [&run](const char* label, Counter counter) {
    const std::string value = Show(run, counter);
    return value.empty() ? value : label + value;
  };
  // Intervals make the line long: what does not fit goes on a second line
  // under the first figure.
  std::string line = "  HP latency  ";
  const std::string indent(line.size(), ' ');
  bool first = true;
  for (const std::string& part :
       {labelled("P50 ", Counter::kHpP50Ms) + Interval(run, "hp_p50"),
        labelled("P99 ", Counter::kHpP99Ms) + Interval(run, "hp_p99"),
        labelled("P99.9 ", Counter::kHpP999Ms) + Interval(run, "hp_p999"),
        labelled("max ", Counter::kHpMaxMs)}) {
    if (part.empty()) continue;
    if (!first && line.size() + 2 + part.size() > kSummaryWidth) {
      lines->push_back(line);
      line = indent + part;
    } else {
      line += (first ? "" : "  ") + part;
    }
    first = false;
  }
  lines->push_back(line);
  const std::string achieved = Show(run, Counter::kHpAchievedRps, "req/s");
  const std::string target = Show(run, Counter::kHpTargetRps, "req/s");
  lines->push_back(
      "  HP rate     " +
      Join({Join({achieved.substr(0, achieved.find(' ')), target}, " of "),
            Show(run, Counter::kHpRequests)},
           ", ") +
      "; send lag P99 " + Show(run, Counter::kHpSendLagP99Us));
}

// "  LP          866 it/s, 6928 samples/s, 866 iterations".
void AddLpLine(const Run& run, std::vector<std::string>* lines) {
  if (std::isnan(Value(run, Counter::kLpIterPerS))) return;
  lines->push_back(
      "  LP          " +
      Join({Show(run, Counter::kLpIterPerS, "it/s"),
            Show(run, Counter::kLpSamplesPerS), Show(run, Counter::kLpIters)},
           ", "));
}

// "  window 4 s; standalone forward HP 0.12 ms, LP 0.98 ms".
void AddWindowLine(const Run& run, std::vector<std::string>* lines) {
  std::string window;
  const std::string name = run.benchmark_name();
  const size_t at = name.find("/duration_s:");
  if (at != std::string::npos) {
    const size_t begin = at + std::string("/duration_s:").size();
    window = "window " +
             name.substr(begin, name.find_first_of("/_", begin) - begin) + " s";
  }
  const std::string hp = Show(run, Counter::kHpStandaloneForwardMs);
  const std::string lp = Show(run, Counter::kLpStandaloneForwardMs);
  const std::string standalone =
      Join({hp.empty() ? hp : "HP " + hp, lp.empty() ? lp : "LP " + lp}, ", ");
  const std::string line =
      Join({window, standalone.empty() ? standalone
                                       : "standalone forward " + standalone},
           "; ");
  if (!line.empty()) lines->push_back("  " + line);
}

// A coefficient-of-variation row: "  cv          HP P50 3.1 %, P99 12.5 %;
// LP it/s 2.4 %". Only the spread of the headline figures means something
// there: an interval's ends, a rate or a count vary on their own, and an
// all-zero counter's cv is undefined (NaN), so none of them is shown.
void AddCvLine(const Run& run, std::vector<std::string>* lines) {
  auto part = [&run](const char* label, Counter counter) {
    const double v = Value(run, counter);
    return std::isfinite(v) ? label + WithUnit(run, v, "") : std::string();
  };
  const std::string hp = Join(
      {part("P50 ", Counter::kHpP50Ms), part("P99 ", Counter::kHpP99Ms),
       part("P99.9 ", Counter::kHpP999Ms), part("max ", Counter::kHpMaxMs)},
      ", ");
  const std::string lp = part("it/s ", Counter::kLpIterPerS);
  const std::string line =
      Join({hp.empty() ? hp : "HP " + hp, lp.empty() ? lp : "LP " + lp}, "; ");
  if (!line.empty()) lines->push_back("  cv          " + line);
}

// The label, which names the scheduler and then each worker in brackets:
// one of them a line, each wrapped.
void AddLabelLines(const Run& run, std::vector<std::string>* lines) {
  std::vector<std::string> parts(1);
  int depth = 0;
  for (char c : run.report_label) {
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (c == ' ' && depth == 0) {
      parts.emplace_back();
      continue;
    }
    parts.back() += c;
  }
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    for (const std::string& line : WrapText("  " + part, kSummaryWidth, 6)) {
      lines->push_back(line);
    }
  }
}

}  // namespace

std::vector<std::string> WrapText(const std::string& text, size_t width,
                                  size_t indent) {
  std::vector<std::string> lines(1);
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find(' ', begin + 1);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(begin, end - begin);
    const size_t first = word.find_first_not_of(' ');
    if (lines.back().size() + word.size() > width &&
        lines.back().find_first_not_of(' ') != std::string::npos) {
      // A run of blanks at the break ends the line: nothing to carry.
      lines.push_back(std::string(indent, ' '));
      if (first != std::string::npos) lines.back() += word.substr(first);
    } else {
      lines.back() += word;
    }
    begin = end;
  }
  return lines;
}

std::vector<std::string> SummarizeRun(const Run& run) {
  std::string title = DisplayName(run);
  if (run.run_type == Run::RT_Aggregate) {
    title += " (" + run.aggregate_name + " of " +
             std::to_string(run.repetitions) + ")";
  } else if (run.repetitions > 1 || run.repetition_index > 0) {
    // Rounds come as repetitions (bench/output/round_reporter.h).
    title += " (round " + std::to_string(run.repetition_index + 1) + ")";
  }
  std::vector<std::string> lines = {title};
  if (run.error_occurred) {
    // One line, whatever its length, worded as Google Benchmark words it:
    // an error is one line (cause and remedy) that users search for.
    lines.push_back("  ERROR OCCURRED: '" + run.error_message + "'");
    return lines;
  }
  if (run.run_type == Run::RT_Aggregate &&
      run.aggregate_unit == benchmark::kPercentage) {
    AddCvLine(run, &lines);
    return lines;
  }
  AddHpLines(run, &lines);
  AddLpLine(run, &lines);
  AddWindowLine(run, &lines);
  if (run.run_type != Run::RT_Aggregate) AddLabelLines(run, &lines);
  return lines;
}

SummaryReporter::SummaryReporter(std::vector<std::string> context_lines)
    : context_lines_(std::move(context_lines)) {}

bool SummaryReporter::ReportContext(const Context& context) {
  std::ostream& err = GetErrorStream();
  for (const std::string& line : context_lines_) err << line << "\n";
  std::string load;
  for (double l : context.cpu_info.load_avg) {
    char text[16];
    std::snprintf(text, sizeof text, "%.2f", l);
    load += (load.empty() ? "" : ", ") + std::string(text);
  }
  const auto* custom = benchmark::internal::GetGlobalContext();
  err << "xsb: load average " << (load.empty() ? "unknown" : load)
      << "; full context (" << (custom ? custom->size() : 0)
      << " xsb_* keys) in the JSON (--benchmark_out)\n";
  return true;
}

void SummaryReporter::ReportRuns(const std::vector<Run>& runs) {
  std::ostream& out = GetOutputStream();
  for (const Run& run : runs) {
    for (const std::string& line : SummarizeRun(run)) out << line << "\n";
  }
  out.flush();
}

}  // namespace xsb
