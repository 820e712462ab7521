// --xsb_rounds and its companions: how many paired rounds a run has
// (docs/user-guide.md, "Rounds"). A round runs every registered case once;
// the verdict rests on the per-round paired ratios.
#ifndef XSB_BENCH_CLI_ROUND_OPTIONS_H_
#define XSB_BENCH_CLI_ROUND_OPTIONS_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bench/cli/flag_setters.h"

namespace xsb {

struct RoundOptions {
  bool automatic = false;  // --xsb_rounds=auto: until decisive or max_rounds
  int rounds = 1;          // --xsb_rounds=N
  // auto: the first look; empty: from the scenarios (DefaultMinRounds).
  std::optional<int> min_rounds;
  int max_rounds = 14;  // auto: the last round
  // --xsb_standalone_rounds=all: the Standalone references in every round,
  // not only the first.
  bool standalone_every_round = false;
};

// --xsb_rounds, --xsb_rounds_min, --xsb_rounds_max, --xsb_standalone_rounds.
std::vector<Flag> MakeRoundFlags(RoundOptions* options);

// One line per contradiction: _min or _max without auto (named in
// `given`, the --xsb_* flags given, without prefix), min above max.
void ValidateRounds(const RoundOptions& options,
                    const std::set<std::string>& given,
                    std::vector<std::string>* problems);

// --benchmark_repetitions=N other than 1 (Google Benchmark's flag, parsed
// by it): N rounds, unless --xsb_rounds was given too. False with *error.
bool TakeRepetitionsAsRounds(int repetitions,
                             const std::set<std::string>& given,
                             RoundOptions* options, std::string* error);

// "3" or "auto" (the xsb_rounds context key).
std::string RoundsDescription(const RoundOptions& options);

}  // namespace xsb

#endif  // XSB_BENCH_CLI_ROUND_OPTIONS_H_
