#include "bench/cli/round_options.h"

namespace xsb {
namespace {

constexpr long kMaxRounds = 1000;

}  // namespace

std::vector<Flag> MakeRoundFlags(RoundOptions* o) {
  return {
      {"rounds", "N|auto (paired rounds; auto: until decisive)",
       [o](const std::string& v, std::string* error) {
         o->automatic = v == "auto";
         return o->automatic || IntInRange(&o->rounds, 1, kMaxRounds)(v, error);
       }},
      {"rounds_min", "N (auto: the first round that may stop)",
       [o](const std::string& v, std::string* error) {
         int rounds = 0;
         if (!IntInRange(&rounds, 2, kMaxRounds)(v, error)) return false;
         o->min_rounds = rounds;
         return true;
       }},
      {"rounds_max", "N (auto: the last round)",
       IntInRange(&o->max_rounds, 2, kMaxRounds)},
      {"standalone_rounds", "first|all (the Standalone references' rounds)",
       [o](const std::string& v, std::string* error) {
         if (v != "first" && v != "all") {
           *error = "'" + v + "' is not first or all";
           return false;
         }
         o->standalone_every_round = v == "all";
         return true;
       }},
  };
}

void ValidateRounds(const RoundOptions& o, const std::set<std::string>& given,
                    std::vector<std::string>* problems) {
  if (!o.automatic) {
    for (const char* name : {"rounds_min", "rounds_max"}) {
      if (given.count(name)) {
        problems->push_back(std::string("--xsb_") + name +
                            " applies only with --xsb_rounds=auto");
      }
    }
    return;
  }
  if (o.min_rounds && *o.min_rounds > o.max_rounds) {
    problems->push_back(
        "--xsb_rounds_min=" + std::to_string(*o.min_rounds) +
        " is more than --xsb_rounds_max=" + std::to_string(o.max_rounds) +
        (given.count("rounds_max") ? "" : " (its default)"));
  }
}

bool TakeRepetitionsAsRounds(int repetitions,
                             const std::set<std::string>& given,
                             RoundOptions* o, std::string* error) {
  if (repetitions == 1) return true;
  if (repetitions > kMaxRounds) {
    *error =
        "--benchmark_repetitions: must be <= " + std::to_string(kMaxRounds) +
        " (rounds), got " + std::to_string(repetitions);
    return false;
  }
  if (given.count("rounds")) {
    *error = "--benchmark_repetitions=" + std::to_string(repetitions) +
             " and --xsb_rounds both set the rounds; give only --xsb_rounds";
    return false;
  }
  o->automatic = false;
  o->rounds = repetitions;
  return true;
}

std::string RoundsDescription(const RoundOptions& o) {
  return o.automatic ? "auto" : std::to_string(o.rounds);
}

}  // namespace xsb
