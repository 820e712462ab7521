// Pure parsers of the /proc files the noise monitor reads: /proc/stat's
// aggregate "cpu" line, /proc/<pid>/stat and /proc/loadavg (proc(5)).
// Times are in clock ticks (USER_HZ, sysconf(_SC_CLK_TCK)), as the kernel
// writes them.
#ifndef XSB_BENCH_NOISE_PROC_PARSE_H_
#define XSB_BENCH_NOISE_PROC_PARSE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace xsb {

// The "cpu" line of /proc/stat: ticks summed over every CPU since boot.
// `user` includes guest time, `nice` guest_nice time (the kernel counts
// them there too), so those two are not added again.
struct CpuTimes {
  int64_t user = 0;
  int64_t nice = 0;
  int64_t system = 0;
  int64_t idle = 0;
  int64_t iowait = 0;
  int64_t irq = 0;
  int64_t softirq = 0;
  int64_t steal = 0;

  // Time some task or interrupt ran: what processes' utime and stime, and
  // interrupts, add up to.
  int64_t Busy() const { return user + nice + system + irq + softirq; }
  // Every tick of every CPU, stolen ones included.
  int64_t Total() const { return Busy() + idle + iowait + steal; }
};

// Fields 1-4 and 14-17 and 22 of /proc/<pid>/stat.
struct ProcessTimes {
  int64_t pid = 0;
  int64_t ppid = 0;
  int64_t utime = 0;   // user time of its threads
  int64_t stime = 0;   // system time of its threads
  int64_t cutime = 0;  // its children's, once it has waited for them
  int64_t cstime = 0;
  int64_t start_ticks = 0;  // when it started, after boot: with the pid,
                            // tells a process from a later one that reuses
                            // its pid

  // Its own CPU time and that of the children it has reaped.
  int64_t WithReapedChildren() const { return utime + stime + cutime + cstime; }
};

// False with *error naming what is wrong when `text` (all of /proc/stat)
// has no complete "cpu " line.
bool ParseCpuTimes(std::string_view text, CpuTimes* times, std::string* error);

// /proc/<pid>/stat. The command name (field 2) is in parentheses and may
// hold spaces and parentheses itself, so the fields after it are counted
// from its last ')'. False with *error when a field is missing or not a
// number.
bool ParseProcessStat(std::string_view text, ProcessTimes* times,
                      std::string* error);

// The 1-minute load average, the first field of /proc/loadavg.
bool ParseLoadAverage(std::string_view text, double* one_minute,
                      std::string* error);

}  // namespace xsb

#endif  // XSB_BENCH_NOISE_PROC_PARSE_H_
