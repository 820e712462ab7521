// Whether a daemon serves on a TCP port of this machine's loopback.
#ifndef XSB_SHIM_ENV_BASE_LOOPBACK_PORT_H_
#define XSB_SHIM_ENV_BASE_LOOPBACK_PORT_H_

namespace xsb {

// True when something accepts a TCP connection on 127.0.0.1:`port` now.
// Waits at most about 200 ms.
bool PortAcceptsConnections(int port);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_BASE_LOOPBACK_PORT_H_
