#!/usr/bin/env bash
# Outbound delivery end to end, Postroom and Postfix side by side, in one run (issue 12).
#   bench/smtp-outbound.sh
# A real DNS server (unbound, free loopback port) serves 10 remote domains r0.test ... r9.test whose MX is Postfix's
# smtp-sink on 127.0.0.1 (one sink per server, each message dumped to a file). For each server, on loopback and free
# ports, with throwaway data directories:
#   Postroom: a hosted user submits with AUTH on the submission port; Postroom routes by MX (POSTROOM_DNS_SERVERS
#     points at unbound, POSTROOM_OUTBOUND_PORT at the sink), signs with DKIM and sends;
#   Postfix: a relay instance accepts the same messages from 127.0.0.0/8 (no AUTH: the instance has no SASL) and
#     relays them to the same sink (relayhost, no DNS lookups; no DKIM).
# For 1 and 8 client connections, MESSAGES messages of SIZE bytes, each to one recipient, cycling over the 10
# domains. Reported: submission rate (messages / time of the client run), end-to-end throughput (messages / time from
# the start of the run until the sink has the last one), and the latency of each message from the 250 that ended its
# DATA on submission to its arrival at the sink (the sink's dump file's last write, just before its 250): p50, p95, max.
# A warm-up run (WARMUP messages at 8 connections, not reported) comes first: the rows are the warm pass.
# Settings (environment): MESSAGES (1000), SIZE (5120), CONCURRENCY ("1 8"), WARMUP (300; 0 skips), SERVERS
# ("postroom postfix"), DRAIN_TIMEOUT (600 s), KEEP=1 keeps the work directory. Other POSTROOM_* variables pass
# through to Postroom. Needs root (Postfix, smtp-sink), python3, curl, unbound and postfix (Debian packages).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MESSAGES=${MESSAGES:-1000}
SIZE=${SIZE:-5120}
CONCURRENCY=${CONCURRENCY:-"1 8"}
WARMUP=${WARMUP:-300}
SERVERS=${SERVERS:-"postroom postfix"}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-600}
DOMAIN=bench.test
PASSWORD="a long benchmark secret"

[ "$(id -u)" = 0 ] || { echo "needs root (Postfix and smtp-sink)" >&2; exit 1; }
PATH=$PATH:/usr/sbin
for tool in smtp-sink postfix unbound curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "needs $tool (Debian packages postfix, unbound, curl)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/postroom-bench.XXXXXX)
chmod 755 "$WORK" # Postfix's and smtp-sink's unprivileged processes must traverse it
RESULTS="$WORK/results"
: > "$RESULTS"
POSTROOM_STARTED="" POSTFIX_STARTED="" UNBOUND_PID="" SINK_PID=""

cleanup() {
  set +e
  for p in $SINK_PID $UNBOUND_PID; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  if [ -n "$POSTROOM_STARTED" ]; then "$ROOT/bin/postroom" stop >/dev/null 2>&1; fi
  if [ -n "$POSTFIX_STARTED" ]; then "$ROOT/bench/postfix-instance.sh" stop "$WORK/postfix" >/dev/null 2>&1; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# The load (python): N connections share the messages; each message carries a token in its Subject, and the time of
# the 250 after its DATA is written per token. "arrivals" reads the sink's dump files: token and last-write time.
cat > "$WORK/outbound.py" <<'PY'
import json, os, smtplib, sys, threading, time

def load(port, conns, messages, user, password, size, tag, out):
    sender = user
    line = "x" * 76 + "\r\n"
    filler = line * (size // len(line) + 1)
    accepted, lock = {}, threading.Lock()
    def worker(w):
        smtp = smtplib.SMTP("127.0.0.1", port, timeout=120)
        smtp.ehlo("load.client.test")
        if password:
            smtp.login(user, password)
        for n in range(w, messages, conns):
            token = "%s-%06d" % (tag, n)
            rcpt = "u%d@r%d.test" % (n, n % 10)
            body = ("From: " + sender + "\r\nTo: " + rcpt + "\r\nSubject: bench " + token
                    + "\r\nMessage-ID: <" + token + "@load.client.test>\r\n\r\n" + filler)
            smtp.sendmail(sender, [rcpt], body)
            t = time.time()
            with lock:
                accepted[token] = t
        smtp.quit()
    threads = [threading.Thread(target=worker, args=(w,)) for w in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if len(accepted) != messages:
        sys.exit("load: %d of %d messages accepted" % (len(accepted), messages))
    json.dump(accepted, open(out, "w"))

def arrivals(directory, tag):
    """token -> time of the dump file's last write, for the files of this run."""
    found = {}
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        try:
            with open(path, "rb") as f:
                head = f.read(8192)
            mtime = os.stat(path).st_mtime_ns / 1e9
        except FileNotFoundError:
            continue
        i = head.find(b"Subject: bench " + tag.encode() + b"-")
        if i >= 0:
            token = head[i + 15:].split(b"\r\n", 1)[0].split(b"\n", 1)[0].decode()
            found[token] = mtime
    return found

def wait(directory, n, timeout):
    """Waits until the sink holds n dump files (cheap: a directory listing, not the contents), then a second more
    for the last ones to be written completely."""
    deadline = time.time() + timeout
    while True:
        c = len(os.listdir(directory))
        if c >= n:
            time.sleep(1)
            return
        if time.time() > deadline:
            sys.exit("%d of %d messages at the sink after %d s" % (c, n, timeout))
        time.sleep(0.1)

def report(directory, tag, accepted_file, start, end_of_load):
    accepted = json.load(open(accepted_file))
    arrived = arrivals(directory, tag)
    missing = set(accepted) - set(arrived)
    if missing:
        sys.exit("%s: %d message(s) never reached the sink" % (tag, len(missing)))
    lat = sorted(max(0.0, arrived[t] - accepted[t]) * 1000 for t in accepted)
    pct = lambda p: lat[min(len(lat) - 1, max(0, -(-p * len(lat) // 100) - 1))]
    last = max(arrived[t] for t in accepted)
    n = len(accepted)
    print("submit %.0f" % (n / (end_of_load - start)))
    print("e2e %.0f" % (n / (last - start)))
    print("drain %.1f" % (last - start))
    for p in (50, 95):
        print("p%d %.0f" % (p, pct(p)))
    print("max %.0f" % lat[-1])

if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "load":
        load(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], int(sys.argv[7]),
             sys.argv[8], sys.argv[9])
    elif cmd == "wait":
        wait(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    elif cmd == "report":
        report(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), float(sys.argv[6]))
    elif cmd == "dns-up":
        import socket
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(0.2)
        query = bytes([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 1])
        for _ in range(100):
            try:
                s.sendto(query, ("127.0.0.1", int(sys.argv[2])))
                s.recv(512)
                sys.exit(0)
            except OSError:
                time.sleep(0.1)
        sys.exit("unbound does not answer")
PY
py() { python3 "$WORK/outbound.py" "$@"; }
record() { echo "$1 $2 $3" >> "$RESULTS"; } # server metric value

# DNS: unbound with the 10 remote domains, MX sink.test (127.0.0.1); nothing else is answered.
DNS_PORT=$(free_port)
{
  echo "server:"
  echo "  interface: 127.0.0.1"
  echo "  port: $DNS_PORT"
  echo "  do-daemonize: no"
  echo "  use-syslog: no"
  echo "  logfile: \"\""
  echo "  username: \"\""
  echo "  chroot: \"\""
  echo "  directory: \"$WORK\""
  echo "  pidfile: \"$WORK/unbound.pid\""
  echo "  access-control: 127.0.0.0/8 allow"
  echo "  do-ip6: no"
  echo "  module-config: \"iterator\""
  echo "  local-zone: \"sink.test.\" static"
  echo "  local-data: \"mx.sink.test. 3600 IN A 127.0.0.1\""
  for i in 0 1 2 3 4 5 6 7 8 9; do
    echo "  local-zone: \"r$i.test.\" static"
    echo "  local-data: \"r$i.test. 3600 IN MX 10 mx.sink.test.\""
  done
  echo "remote-control:"
  echo "  control-enable: no"
} > "$WORK/unbound.conf"
unbound -d -c "$WORK/unbound.conf" > "$WORK/unbound.log" 2>&1 &
UNBOUND_PID=$!
py dns-up "$DNS_PORT"

# start_sink SERVER: a fresh smtp-sink on a free port, dumping each message under $WORK/sink-SERVER/.
start_sink() {
  SINK_DIR="$WORK/sink-$1"
  SINK_TOTAL=0
  mkdir -p "$SINK_DIR"
  chown postfix "$SINK_DIR"
  SINK_PORT=$(free_port)
  smtp-sink -u postfix -d "$SINK_DIR/m." "127.0.0.1:$SINK_PORT" 256 > "$WORK/sink-$1.log" 2>&1 &
  SINK_PID=$!
  for _ in $(seq 1 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1',$SINK_PORT),1).close()" 2>/dev/null && return
    sleep 0.1
  done
  echo "smtp-sink did not start: $(cat "$WORK/sink-$1.log")" >&2; exit 1
}

stop_sink() { kill "$SINK_PID" 2>/dev/null; wait "$SINK_PID" 2>/dev/null || true; SINK_PID=""; }

# run PORT USER PASSWORD CONNS COUNT TAG: one load run, until the sink has every message; sets T0 and T1 (the start
# and the end of the client run).
run() {
  T0=$(date +%s.%N)
  py load "$1" "$4" "$5" "$2" "$3" "$SIZE" "$6" "$WORK/accepted-$6.json"
  T1=$(date +%s.%N)
  SINK_TOTAL=$((SINK_TOTAL + $5))
  py wait "$SINK_DIR" "$SINK_TOTAL" "$DRAIN_TIMEOUT"
}

bench_server() {
  local server=$1 port user password conc
  start_sink "$server"
  case "$server" in
    postroom)
      export POSTROOM_DNS_SERVERS="127.0.0.1:$DNS_PORT" POSTROOM_OUTBOUND_PORT=$SINK_PORT
      start_postroom "$DOMAIN" "$PASSWORD" sender
      port=$POSTROOM_SUBMISSION_PORT user="sender@$DOMAIN" password=$PASSWORD
      ;;
    postfix)
      port=$(free_port)
      POSTFIX_STARTED=1
      "$ROOT/bench/postfix-instance.sh" start-relay "$WORK/postfix" "$port" "[127.0.0.1]:$SINK_PORT" \
        > "$WORK/postfix-start.log" 2>&1 || { cat "$WORK/postfix-start.log" >&2; exit 1; }
      for _ in $(seq 1 100); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),1).close()" 2>/dev/null && break
        sleep 0.1
      done
      user="sender@$DOMAIN" password=""
      ;;
  esac
  echo "== $server: clients on 127.0.0.1:$port, sink on 127.0.0.1:$SINK_PORT" >&2
  if [ "$WARMUP" -gt 0 ]; then
    run "$port" "$user" "$password" 8 "$WARMUP" "$server-warm"
    echo "   warm-up: $WARMUP messages at 8 connections" >&2
  fi
  for conc in $CONCURRENCY; do
    run "$port" "$user" "$password" "$conc" "$MESSAGES" "$server-c$conc"
    py report "$SINK_DIR" "$server-c$conc" "$WORK/accepted-$server-c$conc.json" "$T0" "$T1" | while read -r k v; do
      record "$server" "${k}_$conc" "$v"
    done
    echo "   $conc connection(s): $(grep "^$server [a-z0-9]*_$conc " "$RESULTS" | cut -d' ' -f2- | tr '\n' ' ')" >&2
  done
  case "$server" in
    postroom) stop_postroom; unset POSTROOM_DNS_SERVERS POSTROOM_OUTBOUND_PORT ;;
    postfix) "$ROOT/bench/postfix-instance.sh" stop "$WORK/postfix" >/dev/null 2>&1 || true; POSTFIX_STARTED="" ;;
  esac
  stop_sink
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for s in $SERVERS; do bench_server "$s"; done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$RESULTS" "$MESSAGES" "$SIZE" "$CONCURRENCY" <<'EOF'
import sys
res = {}
for line in open(sys.argv[1]):
    s, k, v = line.split()
    res.setdefault(k, {})[s] = v
messages, size, concs = sys.argv[2], sys.argv[3], sys.argv[4].split()
rows = []
for c in concs:
    rows += [(f"submitted msg/s, {c} conn", f"submit_{c}"),
             (f"end-to-end msg/s (submission to the sink's 250), {c} conn", f"e2e_{c}"),
             (f"all {messages} at the sink after (s), {c} conn", f"drain_{c}"),
             (f"submission 250 to remote 250, p50 (ms), {c} conn", f"p50_{c}"),
             (f"submission 250 to remote 250, p95 (ms), {c} conn", f"p95_{c}"),
             (f"submission 250 to remote 250, max (ms), {c} conn", f"max_{c}")]
get = lambda k, s: res.get(k, {}).get(s, "-")
print(f"Outbound SMTP to 10 remote domains (MX: smtp-sink on loopback), {messages} messages of {size} bytes per run,"
      " warm pass; ratio = Postroom / Postfix")
print()
print("| metric | Postroom | Postfix | ratio |")
print("|---|---:|---:|---:|")
for label, k in rows:
    a, b = get(k, "postroom"), get(k, "postfix")
    try:
        r = f"{float(a) / float(b):.2f}"
    except (ValueError, ZeroDivisionError):
        r = ""
    print(f"| {label} | {a} | {b} | {r} |")
EOF
