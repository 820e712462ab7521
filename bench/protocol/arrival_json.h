// An arrival process as a JSON object, {"process": "gamma", "cv": 4}: the
// form scenario files and the worker config share (docs/metrics.md,
// "Arrival processes").
#ifndef XSB_BENCH_PROTOCOL_ARRIVAL_JSON_H_
#define XSB_BENCH_PROTOCOL_ARRIVAL_JSON_H_

#include <nlohmann/json.hpp>
#include <string>

#include "bench/measure/arrival_schedule.h"

namespace xsb {

// {"process": NAME} plus the process's own parameters: gamma "cv"; onoff
// "burst" and "period_ms" (when > 0); replay "file" and "unit". Never the
// replay's times.
nlohmann::json ArrivalToJson(const ArrivalSpec& spec);

// The object back; false with *error naming the field and what is allowed
// ("arrival.cv must be > 0 and <= 100", "arrival: unknown field 'cvv'").
// Does not read a replay file.
bool ArrivalFromJson(const nlohmann::json& j, ArrivalSpec* out,
                     std::string* error);

// Reads spec->replay_path into spec->replay_ns (ParseReplayTimes); false
// with *error "PATH: line 3: 'x' is not a time" when the file cannot be
// read or parsed. Shared by xsb_bench (which checks the file before any
// case) and the worker (which builds its schedule from it).
bool LoadReplayTimes(ArrivalSpec* spec, std::string* error);

}  // namespace xsb

#endif  // XSB_BENCH_PROTOCOL_ARRIVAL_JSON_H_
