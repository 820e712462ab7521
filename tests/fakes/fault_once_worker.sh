#!/bin/sh
# Stands in for xsb_worker in fault-injection runs: the first worker started
# for a case misbehaves as XSB_FAKE_MODE (through fake_worker.sh); every
# other one, and the backend probe, is the real xsb_worker, so the cases
# after the faulty one must run normally.
#   XSB_REAL_WORKER  the real xsb_worker
#   XSB_FAULT_MARK   a path that must not exist yet; created by the first
#                    worker (mkdir is atomic), so only that one misbehaves
if [ "$1" != "--probe" ] && mkdir "$XSB_FAULT_MARK" 2>/dev/null; then
  exec "$(dirname "$0")/fake_worker.sh" "$@"
fi
exec "$XSB_REAL_WORKER" "$@"
