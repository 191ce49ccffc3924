#!/usr/bin/env bash
# SMTP accept throughput and accept-to-INBOX latency, Postroom and Postfix side by side, in one run.
#   bench/smtp-accept.sh
# For each server, on loopback and free ports, with throwaway data directories:
#   1. throughput: for 1, 8 and 32 connections, smtp-source sends MESSAGES messages of SIZE bytes, each to a fresh
#      mailbox; reported: accepted messages/s (MESSAGES / duration of the smtp-source run), the time from the start
#      of the run until all of them are in the mailbox (drain), and the machine's CPU time (all processes, the
#      load generator included) from the start of the run until then, per message, and for Postroom the CPU time of
#      its JVM alone over the same span (the figure to compare when the machine is shared);
#   2. latency: while an 8-connection smtp-source run of MESSAGES messages goes on, a probe sends one message every
#      PROBE_INTERVAL_MS (or as fast as it is accepted) to a second user and measures, for each, the time from the
#      250 reply to end-of-DATA until that user's mailbox count reaches it (Postroom: usedMessages of the quota
#      endpoint; Postfix: files in the Maildir's new/). If the load ends before PROBE_MIN samples, it runs again.
# Prints one table. Both servers are durable when they reply 250: Postroom has committed the message to its
# database (H2: written at commit, the file synced before the 250, ADR 0026); Postfix keeps its defaults (cleanup fsyncs the queue file before the 250,
# virtual(8) fsyncs the Maildir file).
# Settings (environment): MESSAGES (2000), SIZE (5120), CONCURRENCY ("1 8 32"), LOAD_CONCURRENCY (8), PROBE_MIN
# (50), PROBE_INTERVAL_MS (75), WARMUP (3000 messages at 8 connections, not reported; 0 skips; 500 before 2026-12-08, which left the JIT compiler busy
# for much of the measured runs: see BENCHMARKS.md), SERVERS ("postroom
# postfix"), KEEP=1 keeps the work directory. Other POSTROOM_* variables (e.g. POSTROOM_DELIVERY_SESSIONS,
# POSTROOM_DB_POOL_MAX) pass through to Postroom.
# Needs root (for Postfix), python3 and curl; installs the Debian package postfix if smtp-source is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MESSAGES=${MESSAGES:-2000}
SIZE=${SIZE:-5120}
CONCURRENCY=${CONCURRENCY:-"1 8 32"}
LOAD_CONCURRENCY=${LOAD_CONCURRENCY:-8}
PROBE_MIN=${PROBE_MIN:-50}
PROBE_INTERVAL_MS=${PROBE_INTERVAL_MS:-75}
WARMUP=${WARMUP:-3000}
SERVERS=${SERVERS:-"postroom postfix"}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-900}
DOMAIN=bench.test
SENDER=sender@client.test
# One fresh mailbox per run, so that no run pays for the mail of the previous ones.
USERS="warm $(for c in $CONCURRENCY; do printf 'load%s ' "$c"; done) latload probe"

[ "$(id -u)" = 0 ] || { echo "needs root (the Postfix instance)" >&2; exit 1; }
PATH=$PATH:/usr/sbin
if ! command -v smtp-source >/dev/null 2>&1; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y postfix >/dev/null
fi
[ "$PROBE_MIN" -ge 50 ] || PROBE_MIN=50

WORK=$(mktemp -d /tmp/postroom-bench.XXXXXX)
chmod 755 "$WORK" # Postfix's unprivileged processes must traverse it
RESULTS="$WORK/results"
: > "$RESULTS"
POSTROOM_STARTED="" POSTFIX_STARTED="" LOAD_PID="" PROBE_PID=""

cleanup() {
  set +e
  for p in $LOAD_PID $PROBE_PID; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  if [ -n "$POSTROOM_STARTED" ]; then "$ROOT/bin/postroom" stop >/dev/null 2>&1; fi
  if [ -n "$POSTFIX_STARTED" ]; then "$ROOT/bench/postfix-instance.sh" stop "$WORK/postfix" >/dev/null 2>&1; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Measurement helpers (python): mailbox counts, waiting for a count, the latency probe, machine CPU time.
cat > "$WORK/measure.py" <<'PY'
import base64, http.client, json, os, smtplib, sys, threading, time

class Mailbox:
    """Counts the messages of one user: Postroom through the quota endpoint, Postfix in the Maildir's new/."""
    def __init__(self, server, user):
        self.server, self.user = server, user
        if server == "postroom":
            self.port = int(os.environ["POSTROOM_HTTP_PORT"])
            self.auth = "Basic " + base64.b64encode(("admin:" + os.environ["ADMIN_PASSWORD"]).encode()).decode()
            self.path = "/api/users/" + user + "@" + os.environ["DOMAIN"] + "/quota"
            self.conn = None
        else:
            self.dir = os.path.join(os.environ["WORK"], "postfix/mail", os.environ["DOMAIN"], user, "new")
    def count(self):
        if self.server == "postfix":
            try:
                return sum(1 for e in os.listdir(self.dir) if not e.startswith("."))
            except FileNotFoundError:
                return 0
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            self.conn.request("GET", self.path, headers={"Authorization": self.auth})
            r = self.conn.getresponse()
            body = r.read()
            if r.status != 200:
                raise OSError("HTTP %d" % r.status)
            return json.loads(body)["usedMessages"]
        except (OSError, http.client.HTTPException, ValueError):
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            return -1

def cpu():
    """Machine CPU seconds: busy, total (from /proc/stat)."""
    f = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    hz = os.sysconf("SC_CLK_TCK")
    idle = f[3] + f[4]
    return (sum(f[:8]) - idle) / hz, sum(f[:8]) / hz

def proc_cpu(pid):
    """CPU seconds (user + system) of one process and its threads so far, from /proc/PID/stat."""
    f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")

def wait(server, user, n, timeout, pause):
    """Waits until the mailbox holds n messages; prints the wall-clock time it got there."""
    box, deadline = Mailbox(server, user), time.time() + timeout
    while True:
        c = box.count()
        if c >= n:
            print(f"{time.time():.3f}")
            return
        if time.time() > deadline:
            sys.exit(f"{server}: {user} holds {c} of {n} messages after {timeout} s")
        time.sleep(pause)

def probe(server, port, user, interval, minimum, stop_file, out, pause):
    """Open-loop probe: sends one message every interval (or as fast as accepted) until stop_file exists and at
    least `minimum` were sent; a poller notes when the mailbox count grows. The k-th growth is matched with the
    k-th accepted message (arrival order = acceptance order when delivery is FIFO; with reordering this still gives
    the right distribution of a FIFO-equivalent, never a negative latency)."""
    rcpt = user + "@" + os.environ["DOMAIN"]
    sender = os.environ["SENDER"]
    size = int(os.environ["SIZE"])
    line = "x" * 76 + "\r\n"
    body = ("From: " + sender + "\r\nTo: " + rcpt + "\r\nSubject: probe\r\n\r\n"
            + line * (size // len(line) + 1))
    box = Mailbox(server, user)
    base = box.count()
    accepted, arrived = [], []
    done = threading.Event()
    def poll():
        seen = base
        while not (done.is_set() and len(arrived) >= len(accepted)):
            c = box.count()
            if c > seen:
                t = time.monotonic()
                arrived.extend([t] * (c - seen))
                seen = c
            time.sleep(pause)
    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    smtp = None
    while not (os.path.exists(stop_file) and len(accepted) >= minimum):
        started = time.monotonic()
        for _ in range(3):
            try:
                if smtp is None:
                    smtp = smtplib.SMTP("127.0.0.1", port, timeout=60)
                    smtp.ehlo("probe.client.test")
                smtp.sendmail(sender, [rcpt], body)
                accepted.append(time.monotonic())
                break
            except (smtplib.SMTPException, OSError) as e:
                print("probe: send failed, retrying:", e, file=sys.stderr)
                smtp = None
                time.sleep(0.2)
        else:
            sys.exit("probe: cannot send")
        if len(accepted) == minimum:
            open(stop_file + ".enough", "w").close()
        rest = interval - (time.monotonic() - started)
        if rest > 0:
            time.sleep(rest)
    try:
        smtp.quit()
    except Exception:
        pass
    sent_span = accepted[-1] - accepted[0]
    done.set()
    poller.join(timeout=float(os.environ.get("DRAIN_TIMEOUT", "900")))
    lat = sorted((a - s) * 1000 for s, a in zip(accepted, arrived))
    pct = lambda p: lat[min(len(lat) - 1, max(0, -(-p * len(lat) // 100) - 1))]
    json.dump({"n": len(lat), "sent": len(accepted), "p50": pct(50), "p95": pct(95), "max": lat[-1],
               "seconds": sent_span}, open(out, "w"))

if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "cpu":
        print("%.2f %.2f" % cpu())
    elif cmd == "proc-cpu":
        print("%.2f" % proc_cpu(sys.argv[2]))
    elif cmd == "count":
        print(Mailbox(sys.argv[2], sys.argv[3]).count())
    elif cmd == "wait":
        wait(sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), 0.02)
    elif cmd == "probe":
        probe(sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5]) / 1000, int(sys.argv[6]),
              sys.argv[7], sys.argv[8], 0.01 if sys.argv[2] == "postroom" else 0.002)
PY
export WORK DOMAIN SENDER SIZE DRAIN_TIMEOUT
measure() { python3 "$WORK/measure.py" "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
record() { echo "$1 $2 $3" >> "$RESULTS"; } # server metric value
calc() { python3 -c "print(f'{$1:$2}')"; }

source_run() { # port concurrency messages user
  smtp-source -s "$2" -m "$3" -l "$SIZE" -c -t "$4@$DOMAIN" -f "$SENDER" "127.0.0.1:$1" > /dev/null
}

start_postroom() {
  if "$ROOT/bin/postroom" status >/dev/null 2>&1; then
    echo "a Postroom server of this checkout is already running; stop it first (bin/postroom stop)" >&2; exit 1
  fi
  export POSTROOM_DATA_DIR="$WORK/postroom-data"
  local v u
  for v in HTTP HTTPS SMTP SUBMISSION SMTPS POP3 POP3S IMAP IMAPS BROKER; do export "POSTROOM_${v}_PORT=$(free_port)"; done
  export POSTROOM_BIND_ADDRESS=127.0.0.1
  ADMIN_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
  export POSTROOM_ADMIN_USER=admin POSTROOM_ADMIN_PASSWORD=$ADMIN_PASSWORD ADMIN_PASSWORD
  POSTROOM_STARTED=1
  "$ROOT/bin/postroom" start > "$WORK/postroom-start.log" 2>&1 || { cat "$WORK/postroom-start.log" >&2; exit 1; }
  local api="http://127.0.0.1:$POSTROOM_HTTP_PORT/api"
  curl -fs -u "admin:$ADMIN_PASSWORD" -X PUT "$api/domains/$DOMAIN" >/dev/null
  for u in $USERS; do
    curl -fs -u "admin:$ADMIN_PASSWORD" -X PUT -H 'Content-Type: application/json' \
      -d '{"password":"a long benchmark secret","displayName":"bench"}' "$api/users/$u@$DOMAIN" >/dev/null
  done
  PORT=$POSTROOM_SMTP_PORT
}

stop_postroom() {
  "$ROOT/bin/postroom" stop >/dev/null 2>&1 || true
  POSTROOM_STARTED=""
}

start_postfix() {
  PORT=$(free_port)
  POSTFIX_STARTED=1
  # shellcheck disable=SC2086
  "$ROOT/bench/postfix-instance.sh" start "$WORK/postfix" "$PORT" "$DOMAIN" $USERS \
    > "$WORK/postfix-start.log" 2>&1 || { cat "$WORK/postfix-start.log" >&2; exit 1; }
  for _ in $(seq 1 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1',$PORT),1).close()" 2>/dev/null && break
    sleep 0.1
  done
}

stop_postfix() {
  "$ROOT/bench/postfix-instance.sh" stop "$WORK/postfix" >/dev/null 2>&1 || true
  POSTFIX_STARTED=""
}

# The server process's own CPU seconds (unaffected by other work on the machine): Postroom's JVM; empty for Postfix,
# whose work is spread over short-lived processes.
server_cpu() {
  local f="$ROOT/liberty/target/liberty/wlp/usr/servers/.pid/postroom.pid"
  if [ "$1" = postroom ] && [ -f "$f" ]; then measure proc-cpu "$(cat "$f")"; fi
}

bench_server() {
  local server=$1 conc t0 t1 t2 c0 c1 p0 p1 total batches
  case "$server" in postroom) start_postroom ;; postfix) start_postfix ;; esac
  echo "== $server, SMTP on 127.0.0.1:$PORT" >&2
  if [ "$WARMUP" -gt 0 ]; then
    source_run "$PORT" 8 "$WARMUP" warm
    measure wait "$server" warm "$WARMUP" "$DRAIN_TIMEOUT" >/dev/null
    echo "   warm-up: $WARMUP messages at 8 connections" >&2
  fi
  for conc in $CONCURRENCY; do
    read -r c0 _ <<< "$(measure cpu)"
    p0=$(server_cpu "$server")
    t0=$(date +%s.%N)
    source_run "$PORT" "$conc" "$MESSAGES" "load$conc"
    t1=$(date +%s.%N)
    t2=$(measure wait "$server" "load$conc" "$MESSAGES" "$DRAIN_TIMEOUT")
    read -r c1 _ <<< "$(measure cpu)"
    p1=$(server_cpu "$server")
    sleep 1
    total=$(measure count "$server" "load$conc")
    [ "$total" -eq "$MESSAGES" ] || { echo "$server: expected $MESSAGES messages in load$conc, found $total" >&2; exit 1; }
    record "$server" "accept_$conc" "$(calc "$MESSAGES/($t1-$t0)" .0f)"
    record "$server" "drain_$conc" "$(calc "$t2-$t0" .1f)"
    record "$server" "cpu_$conc" "$(calc "1000*($c1-$c0)/$MESSAGES" .1f)"
    [ -z "$p0" ] || record "$server" "proc_cpu_$conc" "$(calc "1000*($p1-$p0)/$MESSAGES" .1f)"
    echo "   $conc connection(s): accepted in $(calc "$t1-$t0" .1f) s, all in the mailbox after $(calc "$t2-$t0" .1f) s" >&2
  done

  # Latency: the probe runs while the load runs; the load runs again (bounded) until the probe has its minimum.
  local stop="$WORK/load-$server.done"
  rm -f "$stop" "$stop.enough"
  measure probe "$server" "$PORT" probe "$PROBE_INTERVAL_MS" "$PROBE_MIN" "$stop" "$WORK/probe-$server.json" &
  PROBE_PID=$!
  batches=0
  for _ in $(seq 1 10); do
    source_run "$PORT" "$LOAD_CONCURRENCY" "$MESSAGES" latload || { echo "$server: load run failed" >&2; exit 1; }
    batches=$((batches + 1))
    [ -e "$stop.enough" ] && break
  done
  touch "$stop"
  wait "$PROBE_PID" || { echo "$server: probe failed" >&2; exit 1; }
  PROBE_PID=""
  measure wait "$server" latload $((batches * MESSAGES)) "$DRAIN_TIMEOUT" >/dev/null
  python3 - "$WORK/probe-$server.json" "$server" "$batches" >> "$RESULTS" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1])); s = sys.argv[2]
for k in ("p50", "p95", "max"):
    print(s, "lat_" + k, f"{r[k]:.0f}")
print(s, "lat_n", r["n"]); print(s, "lat_seconds", f"{r['seconds']:.1f}"); print(s, "lat_batches", sys.argv[3])
EOF
  echo "   latency: $(cat "$WORK/probe-$server.json")" >&2
  case "$server" in postroom) stop_postroom ;; postfix) stop_postfix ;; esac
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for s in $SERVERS; do bench_server "$s"; done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$RESULTS" "$MESSAGES" "$SIZE" "$LOAD_CONCURRENCY" "$CONCURRENCY" <<'EOF'
import sys
res = {}
for line in open(sys.argv[1]):
    s, k, v = line.split()
    res.setdefault(k, {})[s] = v
messages, size, lc, concs = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5].split()
rows = [(f"accepted msg/s, {c} conn", f"accept_{c}", True) for c in concs]
rows += [(f"all {messages} in mailbox after (s), {c} conn", f"drain_{c}", True) for c in concs]
rows += [(f"machine CPU ms per message (accept + delivery), {c} conn", f"cpu_{c}", True) for c in concs]
rows += [(f"server process CPU ms per message (Postroom JVM only), {c} conn", f"proc_cpu_{c}", False) for c in concs]
rows += [(f"accept-to-INBOX {k} (ms), {lc}-conn load", f"lat_{k}", True) for k in ("p50", "p95", "max")]
rows += [("latency samples", "lat_n", False), ("probe span (s), load runs", "lat_seconds", False)]
get = lambda k, s: res.get(k, {}).get(s, "-")
print(f"SMTP, {messages} messages of {size} bytes per run; ratio = Postroom / Postfix")
print()
print("| metric | Postroom | Postfix | ratio |")
print("|---|---:|---:|---:|")
for label, k, ratio in rows:
    a, b = get(k, "postroom"), get(k, "postfix")
    r = ""
    if ratio:
        try:
            r = f"{float(a) / float(b):.2f}"
        except (ValueError, ZeroDivisionError):
            pass
    if k == "lat_seconds":
        a, b = f"{a}, {get('lat_batches', 'postroom')}", f"{b}, {get('lat_batches', 'postfix')}"
    print(f"| {label} | {a} | {b} | {r} |")
EOF
