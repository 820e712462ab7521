// The exec model's line protocol, version 1 (docs/workloads.md): what the
// worker and the user's program write to each other on their socket, one
// line per message, a word first:
//   program -> worker: ready {JSON}    once set up (model, device, batch)
//   worker -> program: forward ID      run one forward pass and sync
//   program -> worker: done ID         it completed
//                      error MESSAGE   it failed (also instead of ready)
//   worker -> program: quit            exit with code 0
// Pure functions: the process side is exec_program.h.
#ifndef XSB_KERNELS_EXEC_EXEC_PROTOCOL_H_
#define XSB_KERNELS_EXEC_EXEC_PROTOCOL_H_

#include <cstdint>
#include <string>

namespace xsb {

inline constexpr int kExecProtocolVersion = 1;

// What the program says in its ready line.
struct ExecReady {
  std::string model;   // e.g. "resnet18"
  std::string device;  // e.g. "cuda:0 (NVIDIA H100 80GB HBM3)" or "cpu"
  int batch = 0;       // rows per forward pass
  // The stream priority the program gave its work (XSB_STREAM_PRIORITY),
  // "" when it did not say: it did not acknowledge one.
  std::string stream_priority;
};

// "forward 17\n".
std::string ForwardLine(int64_t id);
inline constexpr char kQuitLine[] = "quit\n";

// Parses the program's first line: `ready {JSON}` with protocol (must be
// kExecProtocolVersion), model, device and batch (> 0), stream_priority
// optional. `error MESSAGE` sets *failure to MESSAGE. False with *error (a
// phrase quoting the line) for anything else; then *failure is empty.
bool ParseReadyLine(const std::string& line, ExecReady* ready,
                    std::string* failure, std::string* error);

// Parses the reply to forward `id`: true for `done ID`; `error MESSAGE`
// sets *failure; anything else, a done for another request included, sets
// *error quoting the line. False in both latter cases.
bool ParseForwardReply(const std::string& line, int64_t id,
                       std::string* failure, std::string* error);

}  // namespace xsb

#endif  // XSB_KERNELS_EXEC_EXEC_PROTOCOL_H_
