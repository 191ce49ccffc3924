#!/usr/bin/env bash
# POP3 RETR throughput, Postroom and Dovecot side by side, in one run.
#   bench/pop3-retr.sh
# Each server gets 8 users whose maildrops hold the same MESSAGES messages of SIZE bytes (Postroom: delivered over
# SMTP, one transaction per message to all 8 users; Dovecot: the same bytes written into each Maildir). For 1 and 8
# clients (CLIENTS), each client logs in as its own user (POP3 allows one session per maildrop), RETRs every
# message in order, one command at a time as mail clients do, checks each reply's size, and QUITs without deleting.
# Reported: messages/s and MB/s over all clients (wall time from the first connect to the last QUIT), the machine's
# CPU time per message (all processes, the clients included) and the server's own (Postroom's JVM; Dovecot's
# processes, reaped children included), which other work on a shared machine does not inflate. First a one-client pass over a maildrop nobody has read
# (reported as the first touch), then an unrecorded 8-client warm-up, then the warm passes.
# Settings (environment): MESSAGES (1000), SIZE (5120), CLIENTS ("1 8"), SERVERS ("postroom dovecot"), KEEP=1 keeps
# the work directory. Needs root (for Dovecot), python3 and curl.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MESSAGES=${MESSAGES:-1000}
SIZE=${SIZE:-5120}
CLIENTS=${CLIENTS:-"1 8"}
SERVERS=${SERVERS:-"postroom dovecot"}
DOMAIN=bench.test
PASSWORD="a long benchmark secret"
USERS="u1 u2 u3 u4 u5 u6 u7 u8"
[ "$(id -u)" = 0 ] || { echo "needs root (the Dovecot instance)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/postroom-bench.XXXXXX)
chmod 755 "$WORK"
POSTROOM_STARTED="" DOVECOT_STARTED=""
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

cleanup() {
  set +e
  if [ -n "$POSTROOM_STARTED" ]; then stop_postroom; fi
  if [ -n "$DOVECOT_STARTED" ]; then "$ROOT/bench/dovecot-instance.sh" stop "$WORK/dovecot"; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cat > "$WORK/pop3.py" <<'PY'
import multiprocessing, os, smtplib, socket, sys, time

def message(size):
    head = ("From: sender@client.test\r\nTo: bench@bench.test\r\nSubject: POP3 benchmark\r\n"
            "Message-ID: <{}@client.test>\r\n\r\n")
    line = "The quick brown fox jumps over the lazy dog, again and again, for the benchmark.\r\n"
    body = (line * (size // len(line) + 1))[: max(0, size - 120)]
    return head, body

def fill_smtp(port, messages, size, users):
    head, body = message(size)
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as s:
        for n in range(messages):
            s.sendmail("sender@client.test", users, (head.format(n) + body).encode())

def fill_maildir(home, messages, size, users):
    head, body = message(size)
    for u in users:
        new = os.path.join(home, u, "Maildir", "new")
        for n in range(messages):
            with open(os.path.join(new, "%d.M%dP1.bench" % (1700000000 + n, n)), "wb") as f:
                # the same trace header Postroom prepends, so both serve the same number of bytes
                f.write(("Received: from client.test ([127.0.0.1])\r\n\tby bench.test with ESMTP id X%017d\r\n"
                         "\tfor <%s@bench.test>; Tue, 24 Nov 2026 00:00:00 +0000\r\n" % (n, u)).encode())
                f.write((head.format(n) + body).encode())

def read_reply(sock, buf):
    while b"\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise IOError("connection closed")
        buf += chunk
    line, rest = buf.split(b"\r\n", 1)
    return line, rest

def client(port, user, password, messages, start, result):
    sock = socket.create_connection(("127.0.0.1", port))
    buf = b""
    line, buf = read_reply(sock, buf)
    start.wait()
    t0 = time.perf_counter()
    for cmd in ("USER " + user, "PASS " + password):
        sock.sendall((cmd + "\r\n").encode())
        line, buf = read_reply(sock, buf)
        assert line.startswith(b"+OK"), line
    total = 0
    for n in range(1, messages + 1):
        sock.sendall(b"RETR %d\r\n" % n)
        line, buf = read_reply(sock, buf)
        assert line.startswith(b"+OK"), line
        while not buf.endswith(b"\r\n.\r\n") and b"\r\n.\r\n" not in buf:
            chunk = sock.recv(262144)
            if not chunk:
                raise IOError("connection closed during RETR")
            buf += chunk
        end = buf.index(b"\r\n.\r\n") + 5
        total += end
        buf = buf[end:]
    sock.sendall(b"QUIT\r\n")
    line, buf = read_reply(sock, buf)
    result.put((time.perf_counter() - t0, total))
    sock.close()

def server_cpu_seconds(server):
    """CPU seconds of the server's own processes (unaffected by other work on the machine): Postroom's JVM; for
    Dovecot every live dovecot process plus the children its master has reaped (cutime/cstime)."""
    tick = os.sysconf("SC_CLK_TCK")
    def stat(pid):
        f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
        return [int(x) for x in f[11:15]]  # utime stime cutime cstime
    if server == "postroom":
        pid = open(os.environ["POSTROOM_PID_FILE"]).read().strip()
        u, s, _, _ = stat(pid)
        return (u + s) / tick
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            exe = os.readlink("/proc/%s/exe" % pid)
        except OSError:
            continue
        if "dovecot" in exe:
            u, s, cu, cs = stat(pid)
            total += u + s + cu + cs
    return total / tick

def cpu_busy_seconds():
    """Machine-wide CPU time spent not idle, from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return (sum(v) - v[3] - v[4]) / os.sysconf("SC_CLK_TCK")

def run(port, clients, messages, password):
    start = multiprocessing.Barrier(clients + 1)
    result = multiprocessing.Queue()
    suffix = os.environ.get("LOGIN_SUFFIX", "")
    procs = [multiprocessing.Process(target=client, args=(port, "u%d%s" % (i + 1, suffix), password, messages, start,
                                                          result)) for i in range(clients)]
    for p in procs:
        p.start()
    start.wait()
    server = os.environ["SERVER"]
    cpu0, own0, t0 = cpu_busy_seconds(), server_cpu_seconds(server), time.perf_counter()
    out = [result.get() for _ in procs]
    elapsed, cpu = time.perf_counter() - t0, cpu_busy_seconds() - cpu0
    own = server_cpu_seconds(server) - own0
    for p in procs:
        p.join()
    nbytes = sum(o[1] for o in out)
    # messages seconds bytes machine-cpu-seconds server-cpu-seconds
    print("%d %.3f %d %.2f %.2f" % (clients * messages, elapsed, nbytes, cpu, own))

if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "fill-smtp":
        fill_smtp(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:])
    elif cmd == "fill-maildir":
        fill_maildir(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:])
    elif cmd == "run":
        run(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
PY

pop3() { python3 "$WORK/pop3.py" "$@"; }
record() { echo "$1 $2 $3" >> "$WORK/results"; } # server metric value
: > "$WORK/results"

for server in $SERVERS; do
  case "$server" in
    postroom)
      start_postroom "$DOMAIN" "$PASSWORD" $USERS
      rcpts=$(for u in $USERS; do printf '%s@%s ' "$u" "$DOMAIN"; done)
      # shellcheck disable=SC2086
      pop3 fill-smtp "$POSTROOM_SMTP_PORT" "$MESSAGES" "$SIZE" $rcpts
      for u in $USERS; do
        for _ in $(seq 600); do
          n=$(curl -fs -u "admin:$ADMIN_PASSWORD" "http://127.0.0.1:$POSTROOM_HTTP_PORT/api/users/$u@$DOMAIN/quota" \
            | python3 -c 'import json,sys; print(json.load(sys.stdin)["usedMessages"])')
          [ "$n" -ge "$MESSAGES" ] && break
          sleep 0.5
        done
      done
      port=$POSTROOM_POP3_PORT login_suffix="@$DOMAIN"
      ;;
    dovecot)
      port=$(free_port)
      DOVECOT_STARTED=1
      "$ROOT/bench/dovecot-instance.sh" start "$WORK/dovecot" "$port" "$(free_port)" "$PASSWORD" $USERS
      # shellcheck disable=SC2086
      pop3 fill-maildir "$WORK/dovecot/home" "$MESSAGES" "$SIZE" $USERS
      chown -R mail:mail "$WORK/dovecot/home"
      login_suffix=""
      ;;
  esac
  export LOGIN_SUFFIX=$login_suffix SERVER=$server
  export POSTROOM_PID_FILE="$ROOT/liberty/target/liberty/wlp/usr/servers/.pid/postroom.pid"
  # First touch: one client on a maildrop nobody has read since delivery (Postroom: nothing of it in any cache;
  # Dovecot: no index yet), the JIT warmed only by the fill. Then the warm-up the other rows follow.
  read -r msgs secs bytes cpu own < <(pop3 run "$port" 1 "$MESSAGES" "$PASSWORD")
  record "$server" msgsfirst "$(python3 -c "print(f'{$msgs/$secs:.0f}')")"
  pop3 run "$port" 8 "$MESSAGES" "$PASSWORD" > /dev/null # warm-up: JIT, caches, Dovecot's first index
  for c in $CLIENTS; do
    read -r msgs secs bytes cpu own < <(pop3 run "$port" "$c" "$MESSAGES" "$PASSWORD")
    record "$server" "msgs$c" "$(python3 -c "print(f'{$msgs/$secs:.0f}')")"
    record "$server" "mbs$c" "$(python3 -c "print(f'{$bytes/$secs/1e6:.1f}')")"
    record "$server" "cpu$c" "$(python3 -c "print(f'{$cpu*1000/$msgs:.2f}')")"
    record "$server" "own$c" "$(python3 -c "print(f'{$own*1000/$msgs:.3f}')")"
  done
  case "$server" in
    postroom) stop_postroom ;;
    dovecot) "$ROOT/bench/dovecot-instance.sh" stop "$WORK/dovecot"; DOVECOT_STARTED="" ;;
  esac
done

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
python3 - "$WORK/results" "$MESSAGES" "$SIZE" "$CLIENTS" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    server, metric, value = line.split()
    rows.setdefault(metric, {})[server] = value
messages, size, clients = sys.argv[2], sys.argv[3], sys.argv[4].split()
print(f"POP3 RETR, {messages} messages of {size} bytes per maildrop, one client per maildrop")
print("| measure | Postroom | Dovecot | Postroom / Dovecot |")
print("|---|---|---|---|")
def ratio(r):
    try:
        return f"{float(r['postroom']) / float(r['dovecot']):.2f}x"
    except (KeyError, ValueError, ZeroDivisionError):
        return ""
r = rows.get("msgsfirst", {})
print(f"| messages/s, 1 client, first touch (first session on that maildrop) | {r.get('postroom', '-')} | "
      f"{r.get('dovecot', '-')} | {ratio(r)} |")
for c in clients:
    for metric, label in (("msgs", "messages/s"), ("mbs", "MB/s"), ("cpu", "machine CPU ms per message"),
                          ("own", "server processes' CPU ms per message")):
        r = rows.get(metric + c, {})
        print(f"| {label}, {c} client(s) | {r.get('postroom', '-')} | {r.get('dovecot', '-')} | "
              f"{ratio(r) if metric in ('msgs', 'mbs') else ''} |")
PY
