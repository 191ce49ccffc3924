#!/usr/bin/env bash
# Memory and threads of Postroom holding many idle SMTP connections (the IMAP-scale target: 10,000 in a 1 GiB heap).
#   bench/idle-connections.sh [COUNT]      (default 10000)
# Starts a throwaway Postroom on free loopback ports, measures heap after a full GC and the live thread count with
# no client, then with COUNT connections open and greeted, then checks that one more connection is still greeted
# promptly. Prints a table. Stops everything it started.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COUNT=${1:-10000}
WORK=$(mktemp -d /tmp/postroom-idle.XXXXXX)
STARTED=""
cleanup() {
  set +e
  [ -n "$STARTED" ] && "$ROOT/bin/postroom" stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

if "$ROOT/bin/postroom" status >/dev/null 2>&1; then
  echo "a Postroom server of this checkout is already running; stop it first (bin/postroom stop)" >&2; exit 1
fi
export POSTROOM_DATA_DIR="$WORK/data" POSTROOM_BIND_ADDRESS=127.0.0.1 POSTROOM_ADMIN_PASSWORD=bench-only-$RANDOM$RANDOM
for v in HTTP HTTPS SMTP SUBMISSION SMTPS POP3 POP3S IMAP IMAPS BROKER; do export "POSTROOM_${v}_PORT=$(free_port)"; done
export POSTROOM_MAX_CONNECTIONS=$((COUNT + 100))
STARTED=1
"$ROOT/bin/postroom" start > "$WORK/start.log" 2>&1 || { cat "$WORK/start.log" >&2; exit 1; }
PID=$(cat "$ROOT/liberty/target/liberty/wlp/usr/servers/.pid/postroom.pid")

heap_mb() { # used heap after a full GC, in MiB
  jcmd "$PID" GC.run >/dev/null
  sleep 1
  jcmd "$PID" GC.heap_info | python3 -c '
import re, sys
m = re.search(r"used (\d+)K", sys.stdin.read())
print(round(int(m.group(1)) / 1024, 1))'
}
threads() { ls "/proc/$PID/task" | wc -l; }
rss_mb() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$PID/status"; }

sleep 5
H0=$(heap_mb) T0=$(threads) R0=$(rss_mb)
python3 "$ROOT/bench/idle-connections.py" 127.0.0.1 "$POSTROOM_SMTP_PORT" "$COUNT" 20 > "$WORK/client.log" &
CLIENT=$!
for _ in $(seq 1 300); do grep -q HOLDING "$WORK/client.log" 2>/dev/null && break; sleep 1; done
sleep 3
H1=$(heap_mb) T1=$(threads) R1=$(rss_mb)
wait "$CLIENT"
OPEN=$(grep OPEN "$WORK/client.log")
PROBE=$(grep PROBE "$WORK/client.log" || echo "PROBE failed")

echo "Postroom idle SMTP connections, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, heap limit $(grep -o 'Xmx[^ ]*' "$ROOT/server-config/jvm.options")"
echo "client: $OPEN"
echo "client: $PROBE"
printf '| %-22s | %12s | %12s | %12s |\n' "" "no clients" "$COUNT idle" "per connection"
printf '| %-22s | %12s | %12s | %12s |\n' "----------------------" "-----------" "-----------" "-------------"
printf '| %-22s | %12s | %12s | %12s |\n' "heap used after GC MiB" "$H0" "$H1" "$(python3 -c "print(f'{($H1-$H0)*1024/$COUNT:.1f} KiB')")"
printf '| %-22s | %12s | %12s | %12s |\n' "process RSS MiB" "$R0" "$R1" "$(python3 -c "print(f'{($R1-$R0)*1024/$COUNT:.1f} KiB')")"
printf '| %-22s | %12s | %12s | %12s |\n' "JVM threads" "$T0" "$T1" "-"
