#!/bin/sh
# A stand-in for xsb_worker that misbehaves on purpose, chosen by
# XSB_FAKE_MODE. It answers the backend probe normally so the fault shows up
# in a case. Writes its pid to XSB_FAKE_PID_FILE when that is set, and
# claims the backend in XSB_FAKE_BACKEND (default cpu).
READY='{"type":"ready","pid":1,"cpu_policy":"fake","forward_ms":0.1,"note":"","device":{"backend":"'"${XSB_FAKE_BACKEND:-cpu}"'","name":"fake device","compute_units":1,"memory_bytes":1,"driver_version":"","runtime_version":""}}'
if [ "$1" = "--probe" ]; then
  echo "$READY"
  exit 0
fi
[ -n "$XSB_FAKE_PID_FILE" ] && echo $$ >> "$XSB_FAKE_PID_FILE"
read -r config
case "$config" in
  *'"role":"lp"'*) ROLE=lp ;;
  *) ROLE=hp ;;
esac
RESULT='{"type":"result","role":"'$ROLE'","requests":[],"completions_ns":[]}'
case "$XSB_FAKE_MODE" in
  crash)
    echo "fake worker: cannot open the device" >&2
    exit 3 ;;
  silent)
    exec sleep 600 ;;
  garbage)
    echo "this is not json"
    exec sleep 600 ;;
  wrong_message)
    echo '{"type":"progress","completed":1}'
    exec sleep 600 ;;
  error_message)
    echo '{"type":"error","message":"LP batch needs 9 GiB, 2 GiB are free"}'
    exit 1 ;;
  die_after_start)
    echo "$READY"
    read -r start
    echo "fake worker: about to be killed" >&2
    kill -9 $$ ;;
  exit_after_start)
    echo "$READY"
    read -r start
    echo '{"type":"progress","completed":1}'
    echo "fake worker: lost the device mid-run" >&2
    exit 3 ;;
  hang_after_start)
    # Reports once, then neither progresses nor exits: a hung kernel.
    echo "$READY"
    read -r start
    echo '{"type":"progress","completed":1}'
    exec sleep 600 ;;
  no_result)
    echo "$READY"
    read -r start
    exec sleep 600 ;;
  chatty_exit)
    # More than a pipe holds (64 KiB) on stderr after the result.
    echo "$READY"
    read -r start
    echo "$RESULT"
    head -c 200000 /dev/zero | tr '\0' 'x' >&2
    echo >&2
    exit 0 ;;
  fail_after_result)
    echo "$READY"
    read -r start
    echo "$RESULT"
    echo "fake worker: fatal: device lost" >&2
    exit 4 ;;
  resend_samples)
    # Streams its samples (as under --xsb_duration_s=auto) but re-sends
    # every earlier one with each progress message: its streamed position
    # never advances. Requests 1 ms apart, due just before the window's
    # end, each served in 1 ms.
    echo "$READY"
    read -r start
    END=$(echo "$start" | sed 's/.*"end_ns":\([0-9]*\).*/\1/')
    SENT=""
    for K in 1 2 3; do
      DUE=$((END - 4000000 + K * 1000000))
      SENT="$SENT${SENT:+,}[$DUE,$DUE,$((DUE + 1000000))]"
      echo '{"type":"progress","completed":'$K',"requests":['"$SENT"']}'
    done
    echo '{"type":"result","role":"'$ROLE'","requests":['"$SENT"'],"completions_ns":[]}'
    exit 0 ;;
  second_ready)
    echo "$READY"
    echo "$READY"
    exec sleep 600 ;;
  *)
    echo "fake worker: unknown XSB_FAKE_MODE '$XSB_FAKE_MODE'" >&2
    exit 2 ;;
esac
