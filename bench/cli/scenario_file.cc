#include "bench/cli/scenario_file.h"

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>

#include "bench/measure/arrival_schedule.h"
#include "shim_env/base/program_path.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kMaxTenants = 16;

// Reading state: the file's name for messages and the first error.
class Reader {
 public:
  Reader(const std::string& source, const std::string& file_dir,
         std::string* error)
      : source_(source), file_dir_(file_dir), error_(error) {}

  const std::string& file_dir() const { return file_dir_; }

  bool Fail(const std::string& field, const std::string& what) {
    *error_ = source_ + ": " + (field.empty() ? "" : field + ": ") + what;
    return false;
  }

  bool WrongType(const Json& node, const std::string& field,
                 const std::string& wanted) {
    const std::string type = node.type_name();
    const char* article = type.find_first_of("aeiou") == 0 ? "an " : "a ";
    const std::string got = node.is_string()
                                ? "'" + node.get<std::string>() + "'"
                            : node.is_number() ? node.dump()
                                               : article + type;
    return Fail(field, "must be " + wanted + ", got " + got);
  }

  // Only the fields in `allowed`: a misspelt one is an error, not ignored.
  bool Fields(const Json& node, const std::string& field,
              std::initializer_list<const char*> allowed) {
    if (!node.is_object()) return WrongType(node, field, "an object");
    std::string list;
    for (const char* name : allowed)
      list += (list.empty() ? "" : ", ") + std::string(name);
    for (const auto& item : node.items()) {
      bool known = false;
      for (const char* name : allowed) known = known || item.key() == name;
      if (!known) {
        return Fail(Join(field, item.key()), "unknown field; allowed: " + list);
      }
    }
    return true;
  }

  bool Required(const Json& node, const std::string& field, const char* key) {
    if (node.contains(key)) return true;
    return Fail(Join(field, key), "is required");
  }

  bool String(const Json& node, const std::string& field, std::string* out) {
    if (!node.is_string()) return WrongType(node, field, "a string");
    *out = node.get<std::string>();
    return true;
  }

  // A string matching `pattern`, described by `what` in the message.
  bool Name(const Json& node, const std::string& field, const char* pattern,
            const std::string& what, std::string* out) {
    if (!node.is_string() ||
        !std::regex_match(node.get<std::string>(), std::regex(pattern))) {
      return WrongType(node, field, what);
    }
    *out = node.get<std::string>();
    return true;
  }

  // A number > 0 (>= 0 with allow_zero).
  bool Positive(const Json& node, const std::string& field, bool allow_zero,
                double* out) {
    if (!node.is_number() || node.get<double>() < 0 ||
        (!allow_zero && node.get<double>() == 0)) {
      return WrongType(node, field,
                       allow_zero ? "a number >= 0" : "a number > 0");
    }
    *out = node.get<double>();
    return true;
  }

  bool Count(const Json& node, const std::string& field, int* out) {
    if (!node.is_number_integer() || node.get<int64_t>() < 1 ||
        node.get<int64_t>() > (1 << 20)) {
      return WrongType(node, field, "an integer from 1 to 1048576");
    }
    *out = static_cast<int>(node.get<int64_t>());
    return true;
  }

  static std::string Join(const std::string& field, const std::string& key) {
    return field.empty() ? key : field + "." + key;
  }

 private:
  std::string source_;
  std::string file_dir_;
  std::string* error_;
};

// `path` made absolute against the file's folder (a built-in's stays).
std::string AgainstFile(const Reader& r, const std::string& path) {
  if (r.file_dir().empty() || path.empty() || path[0] == '/') return path;
  return r.file_dir() + "/" + path;
}

// "high" (level 1), "low" (level 0) or an integer level.
bool ParsePriority(Reader& r, const Json& node, const std::string& field,
                   Tenant* t) {
  int level = 0;
  if (node.is_string() && node.get<std::string>() == "high") {
    level = 1;
  } else if (node.is_string() && node.get<std::string>() == "low") {
    level = 0;
  } else if (node.is_number_integer() && node.get<int64_t>() >= -1000 &&
             node.get<int64_t>() <= 1000) {
    level = static_cast<int>(node.get<int64_t>());
  } else {
    return r.WrongType(node, field,
                       "high, low or an integer level from -1000 to 1000");
  }
  t->priority =
      node.is_string() ? node.get<std::string>() : std::to_string(level);
  t->scheduler_role = level >= 1 ? WorkerRole::kHp : WorkerRole::kLp;
  return true;
}

bool ParseModel(Reader& r, const Json& node, const std::string& field,
                TenantModel* m) {
  if (node.is_string() && node.get<std::string>() == "mlp") return true;
  const std::string wanted =
      "\"mlp\" or an object with one of trace, exec, example";
  if (!node.is_object()) return r.WrongType(node, field, wanted);
  if (!r.Fields(node, field, {"trace", "exec", "example", "python_modules"})) {
    return false;
  }
  const int kinds =
      node.contains("trace") + node.contains("exec") + node.contains("example");
  if (kinds != 1) return r.Fail(field, "must be " + wanted);
  if (node.contains("trace")) {
    if (!r.String(node["trace"], field + ".trace", &m->trace)) return false;
    m->trace = AgainstFile(r, m->trace);
  }
  if (node.contains("exec")) {
    if (!r.String(node["exec"], field + ".exec", &m->exec)) return false;
    std::vector<std::string> words;
    std::string why;
    if (!SplitCommandWords(m->exec, &words, &why) || words.empty()) {
      return r.Fail(field + ".exec", "must name a program and its arguments");
    }
    if (words[0].find('/') != std::string::npos) {
      words[0] = AgainstFile(r, words[0]);
      m->exec = JoinCommandWords(words);
    }
  }
  if (node.contains("example") &&
      !r.String(node["example"], field + ".example", &m->example)) {
    return false;
  }
  if (node.contains("python_modules")) {
    const Json& list = node["python_modules"];
    if (!list.is_array()) {
      return r.WrongType(list, field + ".python_modules", "an array of names");
    }
    for (const Json& module : list) {
      std::string name;
      if (!r.String(module, field + ".python_modules", &name)) return false;
      m->python_modules.push_back(name);
    }
  }
  return true;
}

// The arrival text handed to the worker (see Tenant::arrival). On this
// build, the processes the worker knows: uniform and poisson, without
// parameters.
bool CheckArrivalText(Reader& r, const std::string& field,
                      const std::string& text) {
  ArrivalSpec spec;
  std::string error;
  if (ParseArrivalSpec(text, &spec, &error) &&
      ValidateArrivalSpec(spec, &error)) {
    return true;
  }
  return r.Fail(field, error +
                           " (allowed: {\"process\": \"uniform\"}, "
                           "\"poisson\", \"gamma\" with cv, \"onoff\" "
                           "with burst and period_ms, \"replay\" with "
                           "path and unit; docs/scenarios.md)");
}

// {"process": NAME, PARAM: VALUE...} -> "NAME" or "NAME:k=v,k=v".
bool ParseArrival(Reader& r, const Json& node, const std::string& field,
                  std::string* out) {
  if (!node.is_object()) {
    return r.WrongType(node, field, "an object {\"process\": NAME, ...}");
  }
  if (!r.Required(node, field, "process")) return false;
  std::string text;
  if (!r.String(node["process"], field + ".process", &text)) return false;
  std::string params;
  for (const auto& item : node.items()) {
    if (item.key() == "process") continue;
    const Json& v = item.value();
    std::string value;
    if (v.is_number()) {
      value = FormatNumber(v.get<double>());
    } else if (v.is_string()) {
      value = item.key() == "path" ? AgainstFile(r, v.get<std::string>())
                                   : v.get<std::string>();
    } else {
      return r.WrongType(v, Reader::Join(field, item.key()),
                         "a number or a string");
    }
    // The flag's form names a replay file first, without a key.
    const std::string param =
        item.key() == "path" ? value : item.key() + "=" + value;
    params = item.key() == "path"
                 ? param + (params.empty() ? "" : "," + params)
                 : params + (params.empty() ? "" : ",") + param;
  }
  *out = params.empty() ? text : text + ":" + params;
  return CheckArrivalText(r, field, *out);
}

bool ParseSlo(Reader& r, const Json& node, const std::string& field,
              double* p99_ms) {
  return r.Fields(node, field, {"p99_ms"}) &&
         r.Required(node, field, "p99_ms") &&
         r.Positive(node["p99_ms"], field + ".p99_ms", false, p99_ms);
}

// The fields that only one kind of tenant has.
bool CheckKindFields(Reader& r, const Json& node, const std::string& field,
                     const Tenant& t) {
  const bool latency = t.kind == TenantKind::kLatency;
  if (latency) return r.Required(node, field, "rate_per_s");
  for (const char* key : {"rate_per_s", "arrival", "slo"}) {
    if (node.contains(key)) {
      return r.Fail(Reader::Join(field, key),
                    "only a latency tenant has one (this one's kind is "
                    "throughput)");
    }
  }
  return r.Required(node, field, "batch");
}

bool ParseTenant(Reader& r, const Json& node, const std::string& field,
                 Tenant* t) {
  if (!r.Fields(node, field,
                {"name", "kind", "priority", "model", "rate_per_s", "batch",
                 "arrival", "slo"}) ||
      !r.Required(node, field, "name") || !r.Required(node, field, "kind") ||
      !r.Name(node["name"], field + ".name", "[a-z][a-z0-9]{0,23}",
              "a name of a-z and 0-9, a letter first, at most 24", &t->name)) {
    return false;
  }
  const Json& kind = node["kind"];
  if (kind == "latency") {
    t->kind = TenantKind::kLatency;
  } else if (kind == "throughput") {
    t->kind = TenantKind::kThroughput;
  } else {
    return r.WrongType(kind, field + ".kind", "one of latency, throughput");
  }
  const bool latency = t->kind == TenantKind::kLatency;
  const Json priority = node.value("priority", Json(latency ? "high" : "low"));
  return CheckKindFields(r, node, field, *t) &&
         ParsePriority(r, priority, field + ".priority", t) &&
         (!node.contains("model") ||
          ParseModel(r, node["model"], field + ".model", &t->model)) &&
         (!node.contains("rate_per_s") ||
          r.Positive(node["rate_per_s"], field + ".rate_per_s", false,
                     &t->rate_per_s)) &&
         (!node.contains("batch") ||
          r.Count(node["batch"], field + ".batch", &t->batch)) &&
         (!node.contains("arrival") ||
          ParseArrival(r, node["arrival"], field + ".arrival", &t->arrival)) &&
         (!node.contains("slo") ||
          ParseSlo(r, node["slo"], field + ".slo", &t->slo_p99_ms));
}

bool ParseTenants(Reader& r, const Json& node, Scenario* s) {
  if (!node.is_array() || node.empty() || node.size() > kMaxTenants) {
    return r.WrongType(
        node, "tenants",
        "an array of 1 to " + std::to_string(kMaxTenants) + " tenants");
  }
  for (size_t i = 0; i < node.size(); ++i) {
    const std::string field = "tenants[" + std::to_string(i) + "]";
    Tenant t;
    if (!ParseTenant(r, node[i], field, &t)) return false;
    for (const Tenant& earlier : s->tenants) {
      if (earlier.name == t.name) {
        return r.Fail(field + ".name",
                      "'" + t.name + "' names an earlier tenant too");
      }
    }
    s->tenants.push_back(t);
  }
  return true;
}

// The pair's tenants copied to the hp_* and lp_* fields the DualModel
// cases read.
void FillPairFields(Scenario* s) {
  const Tenant& hp = s->tenants[0];
  const Tenant& lp = s->tenants[1];
  s->hp_rate_per_s = hp.rate_per_s;
  s->lp_batch = lp.batch;
  s->hp_trace = hp.model.trace;
  s->lp_trace = lp.model.trace;
  s->hp_example = hp.model.example;
  s->lp_example = lp.model.example;
  s->hp_exec = hp.model.exec;
  s->lp_exec = lp.model.exec;
  s->example_modules = hp.model.python_modules;
  for (const std::string& m : lp.model.python_modules) {
    if (std::find(s->example_modules.begin(), s->example_modules.end(), m) ==
        s->example_modules.end()) {
      s->example_modules.push_back(m);
    }
  }
}

bool ParseTop(Reader& r, const Json& root, Scenario* s) {
  if (!r.Fields(root, "",
                {"schema", "name", "description", "duration_s", "warmup_s",
                 "tenants"})) {
    return false;
  }
  for (const char* key : {"schema", "name", "duration_s", "tenants"}) {
    if (!r.Required(root, "", key)) return false;
  }
  if (root["schema"] != kScenarioSchema) {
    return r.WrongType(root["schema"], "schema",
                       std::string("\"") + kScenarioSchema + "\"");
  }
  s->warmup_s = 1;
  return r.Name(root["name"], "name", "[a-z0-9][a-z0-9._-]{0,63}",
                "a name of a-z, 0-9, '.', '_' and '-', at most 64", &s->name) &&
         (!root.contains("description") ||
          r.String(root["description"], "description", &s->description)) &&
         r.Positive(root["duration_s"], "duration_s", false, &s->duration_s) &&
         (!root.contains("warmup_s") ||
          r.Positive(root["warmup_s"], "warmup_s", true, &s->warmup_s)) &&
         ParseTenants(r, root["tenants"], s);
}

}  // namespace

bool ParseScenarioFile(const std::string& text, const std::string& source,
                       const std::string& file_dir, Scenario* out,
                       std::string* error) {
  Reader r(source, file_dir, error);
  const Json root = Json::parse(text, nullptr, /*allow_exceptions=*/false,
                                /*ignore_comments=*/false);
  if (root.is_discarded()) {
    return r.Fail("", "is not JSON (check commas, quotes and brackets)");
  }
  Scenario s{"", 0, 0, 0, 0};
  s.source = source;
  if (!ParseTop(r, root, &s)) return false;
  if (IsPair(s)) FillPairFields(&s);
  *out = s;
  return true;
}

bool LoadScenarioFile(const std::string& path, Scenario* out,
                      std::string* error) {
  std::ifstream in(path);
  if (path.empty() || !in) {
    *error = "'" + path + "': cannot read it";
    return false;
  }
  const std::string text((std::istreambuf_iterator<char>(in)),
                         std::istreambuf_iterator<char>());
  return ParseScenarioFile(text, path, FolderOf(path), out, error);
}

}  // namespace xsb
