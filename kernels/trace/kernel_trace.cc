#include "kernels/trace/kernel_trace.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <fstream>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kernels/trace/other_exports.h"

namespace xsb {
namespace {

// Splits one CSV line; quoted fields may hold commas and doubled quotes.
// False when a quote is left open.
bool SplitCsvLine(const std::string& line, std::vector<std::string>* fields) {
  fields->clear();
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields->push_back(field);
      field.clear();
    } else if (c != '\r') {
      field += c;
    }
  }
  fields->push_back(field);
  return !quoted;
}

// Whether `name` contains one of the lower-case `words`, in any case.
bool NameContainsAny(const std::string& name,
                     std::initializer_list<const char*> words) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const char* word : words) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

// Where a format keeps what the replay needs. A column named "" is absent.
struct CsvLayout {
  TraceFormat format;
  std::string name, begin, end_or_duration;
  bool has_duration;  // end_or_duration is a duration, not an end
  // rocprof v1 and v2: grid and work-group sizes in work-items (one
  // column each); the others: three grid and three block columns.
  std::vector<std::string> grid, block;
  bool grid_in_items;  // blocks = grid / block (rocprof), else grid product
};

const std::vector<CsvLayout>& KnownLayouts() {
  static const std::vector<CsvLayout> kLayouts = {
      {TraceFormat::kRocprof,
       "KernelName",
       "BeginNs",
       "EndNs",
       false,
       {"grd"},
       {"wgr"},
       true},
      {TraceFormat::kRocprofV3,
       "Kernel_Name",
       "Start_Timestamp",
       "End_Timestamp",
       false,
       {"Grid_Size_X", "Grid_Size_Y", "Grid_Size_Z"},
       {"Workgroup_Size_X", "Workgroup_Size_Y", "Workgroup_Size_Z"},
       true},
      // rocprofv2's kernel trace (ROCm 5.5 to 6.1): its file plugin's
      // version 2 header, then the older one with GRD and WGR. After
      // rocprofv3's, whose per-dimension columns are the more specific.
      {TraceFormat::kRocprofV2,
       "Kernel_Name",
       "Start_Timestamp",
       "End_Timestamp",
       false,
       {"Grid_Size"},
       {"Workgroup_Size"},
       true},
      {TraceFormat::kRocprofV2,
       "Kernel_Name",
       "Start_Timestamp",
       "End_Timestamp",
       false,
       {"GRD"},
       {"WGR"},
       true},
      {TraceFormat::kNsys,
       "Name",
       "Start (ns)",
       "Duration (ns)",
       true,
       {"GrdX", "GrdY", "GrdZ"},
       {"BlkX", "BlkY", "BlkZ"},
       false},
  };
  return kLayouts;
}

// The row's values by column name, and the line it came from.
struct CsvRow {
  int line = 0;
  std::map<std::string, std::string> cells;
};

// A whole number >= 0 from `column`, or false with the row's error.
bool CellInt(const CsvRow& row, const std::string& column, bool allow_empty,
             int64_t* out, std::string* error) {
  const std::string& text = row.cells.at(column);
  if (text.empty() && allow_empty) {
    *out = 0;
    return true;
  }
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < 0) {
    *error = "line " + std::to_string(row.line) + ": " + column + " '" + text +
             "' is not a whole number >= 0";
    return false;
  }
  *out = v;
  return true;
}

// Blocks of the row's grid; 0 when the row has no grid (an nsys copy).
bool RowBlocks(const CsvLayout& layout, const CsvRow& row, int64_t* blocks,
               std::string* error) {
  int64_t grid = 1, block = 1;
  bool any_empty = false;
  for (const std::string& c : layout.grid) {
    int64_t v;
    if (!CellInt(row, c, true, &v, error)) return false;
    any_empty = any_empty || row.cells.at(c).empty();
    grid *= std::max<int64_t>(v, 1);
  }
  for (const std::string& c : layout.block) {
    int64_t v;
    if (!CellInt(row, c, true, &v, error)) return false;
    block *= std::max<int64_t>(v, 1);
  }
  if (any_empty) {
    *blocks = 0;
  } else if (layout.grid_in_items) {
    *blocks = (grid + block - 1) / block;
  } else {
    *blocks = grid;
  }
  return true;
}

// One trace row: times, grid, kind. `start_ns` is where it began.
bool ParseCsvRow(const CsvLayout& layout, const CsvRow& row, int64_t* start_ns,
                 TraceKernel* k, std::string* error) {
  int64_t second;
  if (!CellInt(row, layout.begin, false, start_ns, error) ||
      !CellInt(row, layout.end_or_duration, false, &second, error)) {
    return false;
  }
  if (!layout.has_duration && second < *start_ns) {
    *error = "line " + std::to_string(row.line) + ": " +
             layout.end_or_duration + " " + std::to_string(second) +
             " is before " + layout.begin + " " + std::to_string(*start_ns);
    return false;
  }
  k->duration_ns = layout.has_duration ? second : second - *start_ns;
  k->name = row.cells.at(layout.name);
  if (!RowBlocks(layout, row, &k->blocks, error)) return false;
  k->memory_bound = IsMemoryBoundName(k->name);
  k->copy = IsCopyName(k->name);
  // nsys names copies "[CUDA memcpy Device-to-Host]" (older: "DtoH"): the
  // host waits for its result.
  k->sync_after = k->name.find("Device-to-Host") != std::string::npos ||
                  k->name.find("DtoH") != std::string::npos;
  return true;
}

// The layout whose columns the header has, or null.
const CsvLayout* MatchHeader(const std::vector<std::string>& header) {
  auto has = [&header](const std::string& c) {
    return std::find(header.begin(), header.end(), c) != header.end();
  };
  for (const CsvLayout& layout : KnownLayouts()) {
    bool all =
        has(layout.name) && has(layout.begin) && has(layout.end_or_duration);
    for (const std::string& c : layout.grid) all = all && has(c);
    for (const std::string& c : layout.block) all = all && has(c);
    if (all) return &layout;
  }
  return nullptr;
}

// Rows in start order with the idle time before each, the span they cover
// and how many overlap an earlier one.
void OrderAndGaps(std::vector<std::pair<int64_t, TraceKernel>>* rows,
                  KernelTrace* out) {
  std::stable_sort(
      rows->begin(), rows->end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  int64_t busy_until = -1;
  for (auto& [start, kernel] : *rows) {
    kernel.gap_before_ns =
        busy_until < 0 ? 0 : std::max<int64_t>(0, start - busy_until);
    if (start < busy_until) ++out->overlapping_rows;
    busy_until = std::max(busy_until, start + kernel.duration_ns);
    out->kernels.push_back(kernel);
  }
  if (!rows->empty()) out->span_ns = busy_until - rows->front().first;
}

// The error for a CSV with no header the replay reads: what the file is
// when a known profiler wrote it, else the headers the replay knows.
std::string NoKnownHeader(const std::string& other_export) {
  if (!other_export.empty()) return other_export;
  return "no known header: expected rocprof's (KernelName, BeginNs, EndNs, "
         "grd, wgr), rocprofv2's (Kernel_Name, Start_Timestamp, "
         "End_Timestamp, Grid_Size, Workgroup_Size), rocprofv3's "
         "(Kernel_Name, Start_Timestamp, End_Timestamp, Grid_Size_*, "
         "Workgroup_Size_*) or nsys cuda_gpu_trace's (Start (ns), Duration "
         "(ns), GrdX.., BlkX.., Name)";
}

bool ParseCsvTrace(const std::string& text, KernelTrace* out,
                   std::string* error) {
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> header, fields;
  const CsvLayout* layout = nullptr;
  std::string other_export;  // what a file the replay cannot use is
  int line_number = 0;
  std::vector<std::pair<int64_t, TraceKernel>> rows;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (!SplitCsvLine(line, &fields)) {
      *error = "line " + std::to_string(line_number) + ": unclosed quote";
      return false;
    }
    if (layout == nullptr) {
      // nsys stats may print notices before its header: skip to it.
      layout = MatchHeader(fields);
      header = fields;
      if (other_export.empty()) other_export = DescribeOtherExport(fields);
      continue;
    }
    if (fields.size() != header.size()) {
      *error = "line " + std::to_string(line_number) + ": " +
               std::to_string(fields.size()) + " fields, the header has " +
               std::to_string(header.size());
      return false;
    }
    CsvRow row{line_number, {}};
    for (size_t i = 0; i < header.size(); ++i) row.cells[header[i]] = fields[i];
    int64_t start_ns;
    TraceKernel kernel;
    if (!ParseCsvRow(*layout, row, &start_ns, &kernel, error)) return false;
    rows.emplace_back(start_ns, kernel);
  }
  if (layout == nullptr) {
    *error = NoKnownHeader(other_export);
    return false;
  }
  out->format = layout->format;
  OrderAndGaps(&rows, out);
  return true;
}

// One entry of the JSON "kernels" array (docs/workloads.md).
bool ParseJsonKernel(const nlohmann::json& j, size_t index, TraceKernel* k,
                     std::string* error) {
  const std::string where = "kernels[" + std::to_string(index) + "]";
  if (!j.is_object() || !j.contains("duration_us") ||
      !j["duration_us"].is_number() || j["duration_us"].get<double>() < 0) {
    *error = where + ": needs \"duration_us\" >= 0";
    return false;
  }
  k->name = j.value("name", "kernel" + std::to_string(index));
  k->duration_ns = static_cast<int64_t>(j["duration_us"].get<double>() * 1e3);
  const double gap_us = j.value("gap_before_us", 0.0);
  const int64_t blocks = j.value("blocks", int64_t{0});
  if (gap_us < 0 || blocks < 0) {
    *error = where + ": \"gap_before_us\" and \"blocks\" must be >= 0";
    return false;
  }
  k->gap_before_ns = static_cast<int64_t>(gap_us * 1e3);
  k->blocks = blocks;
  k->memory_bound = j.value("memory_bound", IsMemoryBoundName(k->name));
  k->sync_after = j.value("sync_after", false);
  k->copy = j.value("copy", IsCopyName(k->name));
  return true;
}

bool ParseJsonTrace(const std::string& text, KernelTrace* out,
                    std::string* error) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    if (!j.contains("kernels") || !j["kernels"].is_array()) {
      *error = "the JSON trace needs a \"kernels\" array";
      return false;
    }
    out->format = TraceFormat::kJson;
    for (size_t i = 0; i < j["kernels"].size(); ++i) {
      TraceKernel k;
      if (!ParseJsonKernel(j["kernels"][i], i, &k, error)) return false;
      out->span_ns += k.gap_before_ns + k.duration_ns;
      out->kernels.push_back(k);
    }
    return true;
  } catch (const nlohmann::json::exception& e) {
    *error = std::string("not valid JSON: ") + e.what();
    return false;
  }
}

}  // namespace

bool IsMemoryBoundName(const std::string& name) {
  return NameContainsAny(
      name, {"copy", "memcpy", "memset", "elementwise", "fill", "transpose"});
}

bool IsCopyName(const std::string& name) {
  return NameContainsAny(name, {"memcpy", "memset"});
}

bool ParseKernelTrace(const std::string& text, KernelTrace* out,
                      std::string* error) {
  KernelTrace trace;
  const size_t first = text.find_first_not_of(" \t\r\n");
  const bool json = first != std::string::npos && text[first] == '{';
  if (!(json ? ParseJsonTrace(text, &trace, error)
             : ParseCsvTrace(text, &trace, error))) {
    return false;
  }
  if (trace.kernels.empty()) {
    *error = "the trace has no kernels";
    return false;
  }
  *out = std::move(trace);
  return true;
}

bool LoadKernelTrace(const std::string& path, KernelTrace* out,
                     std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = path + ": cannot read the trace file";
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string why;
  if (!ParseKernelTrace(text.str(), out, &why)) {
    *error = path + ": " + why;
    return false;
  }
  return true;
}

int64_t TotalGpuNs(const KernelTrace& trace) {
  int64_t total = 0;
  for (const TraceKernel& k : trace.kernels) total += k.duration_ns;
  return total;
}

}  // namespace xsb
