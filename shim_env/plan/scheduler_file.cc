#include "shim_env/plan/scheduler_file.h"

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <regex>

#include "shim_env/base/text.h"
#include "shim_env/plan/substitution.h"

namespace xsb {
namespace {

using Json = nlohmann::ordered_json;

// Where in the file a string stands decides which names it may use.
enum class Scope { kFile, kRole, kProof };

constexpr const char* kRoleNames[] = {"role", "priority"};
constexpr const char* kXschedNames[] = {"xsched_lib", "level", "threshold",
                                        "batch_size"};
constexpr char kPidName[] = "pid";
constexpr char kStateDirName[] = "state_dir";
constexpr char kFileDirName[] = "file_dir";
constexpr char kXschedEngine[] = "xsched";

// Reading state: the file's name for messages, the first error, and what
// the names in {...} may be.
class Reader {
 public:
  Reader(const std::string& source, const std::string& file_dir,
         SchedulerSpec* spec, std::string* error)
      : source_(source), file_dir_(file_dir), spec_(spec), error_(error) {}

  SchedulerSpec& spec() { return *spec_; }

  bool Fail(const std::string& field, const std::string& what) {
    // The top level has no field name of its own.
    *error_ = source_ + ": " + (field.empty() ? "" : field + ": ") + what;
    return false;
  }

  // Only the fields in `allowed`: a misspelt one is an error, not ignored.
  bool Fields(const Json& node, const std::string& field,
              std::initializer_list<const char*> allowed) {
    if (!node.is_object()) return WrongType(node, field, "an object");
    for (const auto& item : node.items()) {
      bool known = false;
      for (const char* name : allowed) known = known || item.key() == name;
      if (known) continue;
      std::string list;
      for (const char* name : allowed)
        list += (list.empty() ? "" : ", ") + std::string(name);
      return Fail(Join(field, item.key()), "unknown field; allowed: " + list);
    }
    return true;
  }

  bool WrongType(const Json& node, const std::string& field,
                 const std::string& wanted) {
    return Fail(field,
                "must be " + wanted + ", got " +
                    (node.is_string() ? "'" + node.get<std::string>() + "'"
                                      : std::string("a ") + node.type_name()));
  }

  static std::string Join(const std::string& field, const std::string& key) {
    return field.empty() ? key : field + "." + key;
  }
  static std::string Index(const std::string& field, size_t i) {
    return field + "[" + std::to_string(i) + "]";
  }

  // A string whose {names} are all allowed in `scope`.
  bool String(const Json& node, const std::string& field, Scope scope,
              std::string* out) {
    if (!node.is_string()) return WrongType(node, field, "a string");
    *out = node.get<std::string>();
    for (const std::string& name : SubstitutionNames(*out)) {
      if (!NameAllowed(name, scope)) {
        return Fail(field, "{" + name + "} is not a substitution here; " +
                               "allowed: " + AllowedList(scope));
      }
      if (name == kStateDirName) spec_->uses_state_dir = true;
    }
    return true;
  }

  bool StringList(const Json& node, const std::string& field, Scope scope,
                  std::vector<std::string>* out) {
    if (!node.is_array()) return WrongType(node, field, "an array of strings");
    for (size_t i = 0; i < node.size(); ++i) {
      std::string value;
      if (!String(node[i], Index(field, i), scope, &value)) return false;
      out->push_back(value);
    }
    return true;
  }

  // A command: a non-empty array of strings, the program first.
  bool Argv(const Json& node, const std::string& field, Scope scope,
            std::vector<std::string>* out) {
    if (!StringList(node, field, scope, out)) return false;
    if (out->empty() || out->front().empty()) {
      return Fail(field, "must name a program: [\"PROGRAM\", \"ARG\", ...]");
    }
    return true;
  }

  bool Number(const Json& node, const std::string& field, double* out) {
    if (!node.is_number() || node.get<double>() <= 0) {
      return WrongType(node, field, "a number of seconds > 0");
    }
    *out = node.get<double>();
    return true;
  }

  bool Env(const Json& node, const std::string& field, Scope scope,
           std::vector<EnvironmentVariable>* out) {
    if (!node.is_object())
      return WrongType(node, field, "an object of strings");
    static const std::regex kName("[A-Za-z_][A-Za-z0-9_]*");
    for (const auto& item : node.items()) {
      const std::string& name = item.key();
      const std::string at = Join(field, name);
      if (!std::regex_match(name, kName)) {
        return Fail(at, "is not a variable name ([A-Za-z_][A-Za-z0-9_]*)");
      }
      if (name == "LD_PRELOAD" || name == "LD_LIBRARY_PATH") {
        return Fail(at,
                    "use \"preload\" or \"library_path\" of a role: they "
                    "go in front of the inherited value");
      }
      std::string value;
      if (!String(item.value(), at, scope, &value)) return false;
      out->emplace_back(name, value);
    }
    return true;
  }

  bool Backends(const Json& node, const std::string& field,
                std::vector<Backend>* out) {
    const std::string allowed = EnumNameList(kBackendNames);
    if (!node.is_array() || node.empty()) {
      return WrongType(node, field, "a non-empty array of " + allowed);
    }
    for (size_t i = 0; i < node.size(); ++i) {
      Backend backend;
      if (!node[i].is_string() ||
          !ParseBackend(node[i].get<std::string>(), &backend)) {
        return WrongType(node[i], Index(field, i), "one of " + allowed);
      }
      if (std::find(out->begin(), out->end(), backend) != out->end()) {
        return Fail(Index(field, i), std::string("'") + BackendName(backend) +
                                         "' appears twice");
      }
      out->push_back(backend);
    }
    return true;
  }

  // A regular expression, checked with every substitution standing in as 0.
  bool Regex(const Json& node, const std::string& field, Scope scope,
             std::string* out) {
    if (!String(node, field, scope, out)) return false;
    SubstitutionValues zeros;
    for (const std::string& name : SubstitutionNames(*out)) {
      zeros.values[name] = "0";
    }
    zeros.getenv = [](const char*) { return "0"; };
    std::string probe, unused;
    Substitute(*out, zeros, &probe, &unused);
    try {
      std::regex compiled(probe);
    } catch (const std::regex_error& e) {
      return Fail(field,
                  "is not a regular expression (ECMAScript, as "
                  "std::regex): " +
                      std::string(e.what()));
    }
    return true;
  }

  bool HasParam(const std::string& name) const {
    for (const SweptParam& p : spec_->params) {
      if (p.name == name) return true;
    }
    return false;
  }

  bool IsXsched() const { return spec_->engine == kXschedEngine; }
  bool HasFileDir() const { return !file_dir_.empty(); }

 private:
  bool NameAllowed(const std::string& name, Scope scope) const {
    if (StartsWith(name, kEnvSubstitutionPrefix) || name == kStateDirName ||
        HasParam(name)) {
      return true;
    }
    if (name == kFileDirName) return HasFileDir();
    if (scope == Scope::kFile) return false;
    for (const char* role_name : kRoleNames) {
      if (name == role_name) return true;
    }
    for (const char* xsched_name : kXschedNames) {
      if (name == xsched_name) return IsXsched();
    }
    return scope == Scope::kProof && name == kPidName;
  }

  std::string AllowedList(Scope scope) const {
    std::string list = std::string("{") + kStateDirName + "}";
    if (HasFileDir()) list += std::string(", {") + kFileDirName + "}";
    list += ", {env:NAME}";
    for (const SweptParam& p : spec_->params) list += ", {" + p.name + "}";
    if (scope == Scope::kFile) return list;
    for (const char* name : kRoleNames) list += ", {" + std::string(name) + "}";
    if (IsXsched()) {
      for (const char* name : kXschedNames) {
        list += ", {" + std::string(name) + "}";
      }
    }
    if (scope == Scope::kProof) list += ", {" + std::string(kPidName) + "}";
    return list;
  }

  const std::string& source_;
  const std::string& file_dir_;
  SchedulerSpec* spec_;
  std::string* error_;
};

bool ReadTextCheck(Reader& r, const Json& node, const std::string& field,
                   TextCheck* out) {
  if (!r.Fields(node, field, {"must", "must_not"})) return false;
  for (const char* key : {"must", "must_not"}) {
    if (!node.contains(key)) continue;
    const Json& list = node.at(key);
    const std::string at = Reader::Join(field, key);
    if (!list.is_array()) return r.WrongType(list, at, "an array of strings");
    std::vector<std::string>& target =
        std::string(key) == "must" ? out->must : out->must_not;
    for (size_t i = 0; i < list.size(); ++i) {
      std::string regex;
      if (!r.Regex(list[i], Reader::Index(at, i), Scope::kProof, &regex)) {
        return false;
      }
      target.push_back(regex);
    }
  }
  return true;
}

// [{KEY: ..., "must": [...], "must_not": [...]}], KEY read by `read_key`:
// the proof's files (a path) and commands (a command).
template <typename Check, typename ReadKey>
bool ReadChecks(Reader& r, const Json& node, const std::string& field,
                const char* key, ReadKey read_key, std::vector<Check>* out) {
  if (!node.is_array()) return r.WrongType(node, field, "an array of objects");
  for (size_t i = 0; i < node.size(); ++i) {
    const std::string at = Reader::Index(field, i);
    const Json& item = node[i];
    if (!r.Fields(item, at, {key, "must", "must_not"})) return false;
    if (!item.contains(key)) {
      return r.Fail(at, std::string("needs a \"") + key + "\"");
    }
    Check check;
    Json text = item;
    text.erase(key);
    if (!read_key(item.at(key), at + "." + key, &check) ||
        !ReadTextCheck(r, text, at, &check.text)) {
      return false;
    }
    out->push_back(check);
  }
  return true;
}

bool ReadProof(Reader& r, const Json& node, const std::string& field,
               ProofSpec* out) {
  if (!r.Fields(node, field,
                {"mapped", "stderr", "files", "commands", "daemon_log"})) {
    return false;
  }
  if (node.contains("daemon_log") &&
      !ReadTextCheck(r, node.at("daemon_log"), field + ".daemon_log",
                     &out->daemon_log)) {
    return false;
  }
  if (node.contains("mapped") &&
      !r.StringList(node.at("mapped"), field + ".mapped", Scope::kProof,
                    &out->mapped)) {
    return false;
  }
  if (node.contains("stderr") &&
      !ReadTextCheck(r, node.at("stderr"), field + ".stderr",
                     &out->stderr_text)) {
    return false;
  }
  const auto read_path = [&r](const Json& path, const std::string& at,
                              FileCheck* check) {
    return r.String(path, at, Scope::kProof, &check->path);
  };
  const auto read_run = [&r](const Json& run, const std::string& at,
                             CommandCheck* check) {
    return r.Argv(run, at, Scope::kProof, &check->run);
  };
  return (!node.contains("files") ||
          ReadChecks(r, node.at("files"), field + ".files", "path", read_path,
                     &out->files)) &&
         (!node.contains("commands") ||
          ReadChecks(r, node.at("commands"), field + ".commands", "run",
                     read_run, &out->commands));
}

// "PATH" or {"path": PATH, "backends": [...]}.
bool ReadBackendPaths(Reader& r, const Json& node, const std::string& field,
                      std::vector<BackendPath>* out) {
  if (!node.is_array()) {
    return r.WrongType(node, field, "an array of paths or {path, backends}");
  }
  for (size_t i = 0; i < node.size(); ++i) {
    const std::string at = Reader::Index(field, i);
    BackendPath entry;
    if (node[i].is_string()) {
      if (!r.String(node[i], at, Scope::kRole, &entry.path)) return false;
    } else {
      if (!r.Fields(node[i], at, {"path", "backends"})) return false;
      if (!node[i].contains("path")) return r.Fail(at, "needs a \"path\"");
      if (!r.String(node[i].at("path"), at + ".path", Scope::kRole,
                    &entry.path) ||
          (node[i].contains("backends") &&
           !r.Backends(node[i].at("backends"), at + ".backends",
                       &entry.backends))) {
        return false;
      }
    }
    out->push_back(entry);
  }
  return true;
}

bool ReadChoice(Reader& r, const Json& node, const std::string& field,
                std::initializer_list<const char*> allowed, std::string* out) {
  std::string list;
  for (const char* name : allowed) {
    list += (list.empty() ? "" : ", ") + std::string(name);
    if (node.is_string() && node.get<std::string>() == name) {
      *out = name;
      return true;
    }
  }
  return r.WrongType(node, field, "one of " + list);
}

bool ReadCuMask(Reader& r, const Json& node, const std::string& field,
                std::string* out) {
  if (node.is_number_integer()) {
    const int64_t percent = node.get<int64_t>();
    if (percent < 1 || percent > 100) {
      return r.Fail(field,
                    "must be a percentage of the compute units, 1 to "
                    "100, got " +
                        std::to_string(percent));
    }
    *out = std::to_string(percent);
    return true;
  }
  if (!node.is_string() || SubstitutionNames(node.get<std::string>()).empty()) {
    return r.WrongType(node, field,
                       "an integer 1-100 or a {parameter} that gives one");
  }
  return r.String(node, field, Scope::kRole, out);
}

bool ReadRole(Reader& r, const Json& node, const std::string& field,
              RoleSpec* out) {
  if (!r.Fields(node, field,
                {"env", "preload", "library_path", "cpu_policy",
                 "stream_priority", "cu_mask_percent", "proof"})) {
    return false;
  }
  const auto has = [&node](const char* key) { return node.contains(key); };
  const auto at = [&field](const char* key) { return field + "." + key; };
  return (!has("env") ||
          r.Env(node.at("env"), at("env"), Scope::kRole, &out->env)) &&
         (!has("preload") || ReadBackendPaths(r, node.at("preload"),
                                              at("preload"), &out->preload)) &&
         (!has("library_path") ||
          ReadBackendPaths(r, node.at("library_path"), at("library_path"),
                           &out->library_path)) &&
         (!has("cpu_policy") ||
          ReadChoice(r, node.at("cpu_policy"), at("cpu_policy"),
                     {"normal", "idle"}, &out->cpu_policy)) &&
         (!has("stream_priority") ||
          ReadChoice(r, node.at("stream_priority"), at("stream_priority"),
                     {"default", "highest", "lowest"},
                     &out->stream_priority)) &&
         (!has("cu_mask_percent") ||
          ReadCuMask(r, node.at("cu_mask_percent"), at("cu_mask_percent"),
                     &out->cu_mask_percent)) &&
         (!has("proof") ||
          ReadProof(r, node.at("proof"), at("proof"), &out->proof));
}

bool ReadReady(Reader& r, const Json& node, const std::string& field,
               ReadySpec* out) {
  if (!r.Fields(node, field, {"port", "file", "log", "timeout_s"})) {
    return false;
  }
  const int kinds = static_cast<int>(node.contains("port")) +
                    static_cast<int>(node.contains("file")) +
                    static_cast<int>(node.contains("log"));
  if (kinds != 1) {
    return r.Fail(field,
                  "needs exactly one of \"port\" (a TCP port on "
                  "127.0.0.1 accepts connections), \"file\" (a path "
                  "appears) or \"log\" (a line of the daemon's log)");
  }
  if (node.contains("timeout_s") &&
      !r.Number(node.at("timeout_s"), field + ".timeout_s", &out->timeout_s)) {
    return false;
  }
  if (node.contains("file")) {
    out->kind = ReadyKind::kFile;
    return r.String(node.at("file"), field + ".file", Scope::kFile, &out->file);
  }
  if (node.contains("log")) {
    out->kind = ReadyKind::kLog;
    return r.Regex(node.at("log"), field + ".log", Scope::kFile, &out->log);
  }
  out->kind = ReadyKind::kPort;
  const Json& port = node.at("port");
  if (port.is_number_integer() && port.get<int64_t>() > 0 &&
      port.get<int64_t>() < 65536) {
    out->port = std::to_string(port.get<int64_t>());
    return true;
  }
  if (port.is_string() && !SubstitutionNames(port.get<std::string>()).empty()) {
    return r.String(port, field + ".port", Scope::kFile, &out->port);
  }
  return r.WrongType(port, field + ".port",
                     "a port 1-65535 or a {parameter} that gives one");
}

bool ReadStop(Reader& r, const Json& node, const std::string& field,
              DaemonSpec* out) {
  if (!r.Fields(node, field, {"command", "signal", "timeout_s"})) return false;
  if (node.contains("command") &&
      !r.Argv(node.at("command"), field + ".command", Scope::kFile,
              &out->stop_command)) {
    return false;
  }
  if (node.contains("signal") &&
      !ReadChoice(r, node.at("signal"), field + ".signal",
                  {"TERM", "INT", "HUP", "QUIT", "USR1", "USR2", "KILL"},
                  &out->stop_signal)) {
    return false;
  }
  return !node.contains("timeout_s") ||
         r.Number(node.at("timeout_s"), field + ".timeout_s",
                  &out->stop_timeout_s);
}

bool ReadDaemon(Reader& r, const Json& node, DaemonSpec* out) {
  const std::string field = "daemon";
  if (!r.Fields(
          node, field,
          {"run", "env", "scope", "log_file", "ready", "stop", "cleanup"})) {
    return false;
  }
  if (!node.contains("run") || !node.contains("ready")) {
    return r.Fail(field,
                  "needs \"run\" (its command) and \"ready\" (how to "
                  "tell it serves)");
  }
  std::string scope = "case";
  if (!r.Argv(node.at("run"), "daemon.run", Scope::kFile, &out->run) ||
      (node.contains("env") &&
       !r.Env(node.at("env"), "daemon.env", Scope::kFile, &out->env)) ||
      (node.contains("scope") &&
       !ReadChoice(r, node.at("scope"), "daemon.scope", {"case", "run"},
                   &scope)) ||
      (node.contains("log_file") &&
       !r.String(node.at("log_file"), "daemon.log_file", Scope::kFile,
                 &out->log_file)) ||
      !ReadReady(r, node.at("ready"), "daemon.ready", &out->ready) ||
      (node.contains("stop") &&
       !ReadStop(r, node.at("stop"), "daemon.stop", out))) {
    return false;
  }
  out->scope = scope == "run" ? DaemonScope::kRun : DaemonScope::kCase;
  return !node.contains("cleanup") ||
         r.Argv(node.at("cleanup"), "daemon.cleanup", Scope::kFile,
                &out->cleanup);
}

bool ReadCommands(Reader& r, const Json& node, const std::string& field,
                  std::vector<std::vector<std::string>>* out) {
  if (!node.is_array()) return r.WrongType(node, field, "an array of commands");
  for (size_t i = 0; i < node.size(); ++i) {
    std::vector<std::string> argv;
    if (!r.Argv(node[i], Reader::Index(field, i), Scope::kFile, &argv)) {
      return false;
    }
    out->push_back(argv);
  }
  return true;
}

// A parameter value goes into case names: an integer or a plain word.
bool ReadParamValue(Reader& r, const Json& node, const std::string& field,
                    std::string* out) {
  static const std::regex kWord("[A-Za-z0-9._-]+");
  if (node.is_number_integer()) {
    *out = std::to_string(node.get<int64_t>());
    return true;
  }
  if (node.is_string() && std::regex_match(node.get<std::string>(), kWord)) {
    *out = node.get<std::string>();
    return true;
  }
  return r.WrongType(node, field,
                     "an integer or a word of [A-Za-z0-9._-] (it goes into "
                     "case names)");
}

bool ReadParams(Reader& r, const Json& node) {
  static const std::regex kName("[a-z][a-z0-9_]*");
  if (!node.is_array()) return r.WrongType(node, "params", "an array");
  std::vector<std::string> reserved = {kStateDirName, kFileDirName, kPidName,
                                       "env"};
  for (const char* name : kRoleNames) reserved.push_back(name);
  // The engine's names are free in a file without it.
  if (r.IsXsched()) {
    for (const char* name : kXschedNames) reserved.push_back(name);
  }
  for (size_t i = 0; i < node.size(); ++i) {
    const std::string at = Reader::Index("params", i);
    if (!r.Fields(node[i], at, {"name", "values"})) return false;
    if (!node[i].contains("name") || !node[i].contains("values")) {
      return r.Fail(at, "needs \"name\" and \"values\"");
    }
    SweptParam param;
    const Json& name = node[i].at("name");
    if (!name.is_string() ||
        !std::regex_match(name.get<std::string>(), kName)) {
      return r.WrongType(name, at + ".name", "a name of [a-z][a-z0-9_]*");
    }
    param.name = name.get<std::string>();
    if (r.HasParam(param.name) || std::find(reserved.begin(), reserved.end(),
                                            param.name) != reserved.end()) {
      return r.Fail(at + ".name", "'" + param.name +
                                      "' is taken (a substitution or "
                                      "another parameter)");
    }
    const Json& values = node[i].at("values");
    if (!values.is_array() || values.empty()) {
      return r.WrongType(values, at + ".values", "a non-empty array");
    }
    for (size_t v = 0; v < values.size(); ++v) {
      std::string value;
      const std::string value_at = Reader::Index(at + ".values", v);
      if (!ReadParamValue(r, values[v], value_at, &value)) return false;
      if (std::find(param.values.begin(), param.values.end(), value) !=
          param.values.end()) {
        return r.Fail(value_at, "'" + value +
                                    "' appears twice: its two "
                                    "cases would share a name");
      }
      param.values.push_back(value);
    }
    r.spec().params.push_back(param);
  }
  return true;
}

// schema, name, description, backends, default, engine: before anything
// whose {names} depend on them.
bool ReadHeader(Reader& r, const Json& root) {
  SchedulerSpec& spec = r.spec();
  if (!root.contains("schema") || root.at("schema") != kSchedulerSchema) {
    return r.Fail("schema", std::string("must be \"") + kSchedulerSchema +
                                "\" (the only schema this xsb_bench reads)");
  }
  static const std::regex kName("[a-z0-9][a-z0-9-]{0,39}");
  if (!root.contains("name") || !root.at("name").is_string() ||
      !std::regex_match(root.at("name").get<std::string>(), kName)) {
    return r.WrongType(root.value("name", Json()), "name",
                       "a name of [a-z0-9-], at most 40 characters (it goes "
                       "into case names)");
  }
  spec.name = root.at("name").get<std::string>();
  if (!root.contains("backends")) {
    return r.Fail("backends",
                  "is missing; allowed: " + EnumNameList(kBackendNames));
  }
  if (!r.Backends(root.at("backends"), "backends", &spec.backends)) {
    return false;
  }
  if (root.contains("description") &&
      !r.String(root.at("description"), "description", Scope::kFile,
                &spec.description)) {
    return false;
  }
  if (root.contains("default")) {
    if (!root.at("default").is_boolean()) {
      return r.WrongType(root.at("default"), "default", "true or false");
    }
    spec.is_default = root.at("default").get<bool>();
  }
  if (root.contains("engine") && !ReadChoice(r, root.at("engine"), "engine",
                                             {kXschedEngine}, &spec.engine)) {
    return false;
  }
  return !root.contains("params") || ReadParams(r, root.at("params"));
}

bool ReadRoles(Reader& r, const Json& root) {
  SchedulerSpec& spec = r.spec();
  if (root.contains("every_role") &&
      !ReadRole(r, root.at("every_role"), "every_role", &spec.every_role)) {
    return false;
  }
  if (!root.contains("roles")) return true;
  const Json& roles = root.at("roles");
  return r.Fields(roles, "roles", {"hp", "lp"}) &&
         (!roles.contains("hp") ||
          ReadRole(r, roles.at("hp"), "roles.hp", &spec.hp)) &&
         (!roles.contains("lp") ||
          ReadRole(r, roles.at("lp"), "roles.lp", &spec.lp));
}

// A CU-masked stream is created by hipExtStreamCreateWithCUMask, which
// takes no priority.
bool CheckCuMaskAlone(Reader& r) {
  const SchedulerSpec& spec = r.spec();
  for (const auto& [name, role] :
       {std::pair<const char*, const RoleSpec*>{"hp", &spec.hp},
        {"lp", &spec.lp}}) {
    const bool masked = !role->cu_mask_percent.empty() ||
                        !spec.every_role.cu_mask_percent.empty();
    const std::string& priority = role->stream_priority.empty()
                                      ? spec.every_role.stream_priority
                                      : role->stream_priority;
    if (masked && !priority.empty() && priority != "default") {
      return r.Fail(std::string("roles.") + name + ".stream_priority",
                    "a CU-masked stream keeps the normal priority "
                    "(hipExtStreamCreateWithCUMask takes none); leave it "
                    "\"default\" or give the priority to the other role");
    }
  }
  return true;
}

bool ReadBody(Reader& r, const Json& root) {
  SchedulerSpec& spec = r.spec();
  if (root.contains("requires") &&
      !r.StringList(root.at("requires"), "requires", Scope::kFile,
                    &spec.requires_files)) {
    return false;
  }
  if ((root.contains("dirs") &&
       !r.StringList(root.at("dirs"), "dirs", Scope::kFile, &spec.dirs)) ||
      (root.contains("env") &&
       !r.Env(root.at("env"), "env", Scope::kFile, &spec.env)) ||
      !ReadRoles(r, root) || !CheckCuMaskAlone(r)) {
    return false;
  }
  if (root.contains("daemon")) {
    spec.has_daemon = true;
    if (!ReadDaemon(r, root.at("daemon"), &spec.daemon)) return false;
  }
  for (const auto& [field, role] :
       {std::pair<const char*, const RoleSpec*>{"every_role", &spec.every_role},
        {"roles.hp", &spec.hp},
        {"roles.lp", &spec.lp}}) {
    const TextCheck& log = role->proof.daemon_log;
    if (!spec.has_daemon && (!log.must.empty() || !log.must_not.empty())) {
      return r.Fail(std::string(field) + ".proof.daemon_log",
                    "the file has no \"daemon\" whose log it could read");
    }
  }
  return (!root.contains("before_case") ||
          ReadCommands(r, root.at("before_case"), "before_case",
                       &spec.before_case)) &&
         (!root.contains("after_case") ||
          ReadCommands(r, root.at("after_case"), "after_case",
                       &spec.after_case)) &&
         (!root.contains("command_timeout_s") ||
          r.Number(root.at("command_timeout_s"), "command_timeout_s",
                   &spec.command_timeout_s));
}

}  // namespace

bool ParseSchedulerFile(const std::string& text, const std::string& source,
                        const std::string& file_dir, SchedulerSpec* out,
                        std::string* error) {
  Json root;
  try {
    root = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // The parser's own message names the line and column.
    *error = source + ": not JSON: " + e.what();
    return false;
  }
  SchedulerSpec spec;
  spec.source = source;
  spec.file_dir = file_dir;
  Reader r(source, file_dir, &spec, error);
  if (!r.Fields(
          root, "",
          {"schema", "name", "description", "backends", "default", "engine",
           "requires", "params", "dirs", "env", "every_role", "roles", "daemon",
           "before_case", "after_case", "command_timeout_s"})) {
    return false;
  }
  if (!ReadHeader(r, root) || !ReadBody(r, root)) return false;
  *out = std::move(spec);
  return true;
}

}  // namespace xsb
