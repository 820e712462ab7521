// The per-queue settings XSched reads from a worker's environment when it
// wraps the worker's stream in an XQueue (XSCHED_AUTO_XQUEUE_*).
#ifndef XSB_SHIM_ENV_PLAN_XSCHED_SETTINGS_H_
#define XSB_SHIM_ENV_PLAN_XSCHED_SETTINGS_H_

#include <cstdint>

namespace xsb {

// XSched's own limits, checked before any worker starts: outside them the
// shim ignores the value or aborts the worker.
constexpr int kXschedMinPriority = -256;
constexpr int kXschedMaxPriority = 255;
constexpr int kXschedMinLevel = 1;
constexpr int kXschedMaxLevel = 3;

struct XschedQueueSettings {
  // XSCHED_AUTO_XQUEUE_PRIORITY: the HPF policy runs the higher number first.
  int priority = 0;
  // XSCHED_AUTO_XQUEUE_LEVEL: how deep XSched may preempt (1: stop
  // launching queued commands). HIP and NVIDIA Hopper support level 1 only.
  int level = 1;
  // XSCHED_AUTO_XQUEUE_THRESHOLD: commands in flight on the device at most
  // (XSched's default 16).
  int64_t threshold = 16;
  // XSCHED_AUTO_XQUEUE_BATCH_SIZE: commands launched together (XSched's
  // default 8); XSched aborts a worker whose batch size exceeds its
  // threshold.
  int64_t batch_size = 8;
};

// The suite's defaults: XSched's own queue defaults (level 1, threshold 16,
// batch size 8), with HP one step above LP so HPF always prefers it.
inline constexpr XschedQueueSettings kXschedHpDefaults{1, 1, 16, 8};
inline constexpr XschedQueueSettings kXschedLpDefaults{0, 1, 16, 8};

}  // namespace xsb

#endif  // XSB_SHIM_ENV_PLAN_XSCHED_SETTINGS_H_
