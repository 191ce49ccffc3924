#!/usr/bin/env bash
# IMAP, Postroom and Dovecot side by side, in one run (run it under the shared lock:
# flock /tmp/postroom-bench.lock bench/imap.sh).
#   bench/imap.sh
# Each server gets CLIENTS users whose INBOX holds the same MESSAGES messages of SIZE bytes (Postroom: delivered over
# SMTP, one transaction per message to all users; Dovecot: the same bytes written into each Maildir). Then:
# (1) FETCH, one client (u1): LOGIN, SELECT INBOX, "UID FETCH 1:* (BODY.PEEK[])" as one command; MESSAGES single
#     "UID FETCH n (BODY.PEEK[])" one at a time; "FETCH 1:* (FLAGS ENVELOPE)". Two passes: the first one's bulk FETCH is
#     reported as the first touch (the messages just delivered, in no cache of the server's), the second pass as warm.
# (1b) One large mailbox, user "big" with MESSAGES_LARGE messages of SIZE bytes (0 skips it): "FETCH 1:* (FLAGS
#     ENVELOPE)", "UID SEARCH FROM" matching every message, "UID SEARCH SUBJECT" matching none, and STATUS: each
#     command's first run reported apart (first touch: the first such command on the mailbox since the server
#     started, the messages just delivered), then the best of three warm runs.
# (2) Mixed load: CLIENTS client processes, each as its own user, for DURATION seconds, each looping over
#     connect, LOGIN, SELECT INBOX, FETCH 3 messages (FLAGS BODY.PEEK[]), STORE +FLAGS (\Seen) on one, APPEND a
#     SIZE-byte message (LITERAL+ when offered), UID STORE +FLAGS (\Deleted) on it, EXPUNGE, LOGOUT. Completed
#     commands are counted per type; a NO or BAD, or a dropped connection, counts as an error of that command.
# (3) Idle sessions: IDLE_SESSIONS connections spread over the users, each LOGIN + SELECT INBOX + IDLE (pipelined),
#     held while memory is measured, with one more session's LOGIN + SELECT timed meanwhile. Postroom: heap used
#     after a full GC (jcmd) and process RSS; Dovecot: the summed RSS and PSS of all its processes (one imap process
#     per session). Dovecot runs with its default imap_hibernate_timeout (0, off) and then, for each non-zero value
#     in DOVECOT_HIBERNATE, again with idle sessions handed to the shared imap-hibernate process after that long.
# The table's last column is Postroom relative to Dovecot, higher is better for Postroom (throughput: Postroom /
# Dovecot; time and memory: Dovecot / Postroom); the target is >= 0.5x on each.
# PHASES ("fetch large mixed idle") selects what runs: PHASES=large fills only the large mailbox and measures (1b).
# Settings (environment): MESSAGES (1000), MESSAGES_LARGE (10000), SIZE (5120), CLIENTS (10), DURATION (30), IDLE_SESSIONS (10000),
# DOVECOT_HIBERNATE ("5"; "" for none), DOVECOT_PLAIN_IDLE (1; 0 skips the idle phase without hibernation, which
# forks one process per session and takes long at 10,000), SERVERS ("postroom dovecot"), KEEP=1 keeps the work directory.
# Needs root (Dovecot, ulimit), python3, curl and a JDK's jcmd; Postroom must have been built in this checkout.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MESSAGES=${MESSAGES:-1000}
MESSAGES_LARGE=${MESSAGES_LARGE:-10000}
SIZE=${SIZE:-5120}
CLIENTS=${CLIENTS:-10}
DURATION=${DURATION:-30}
IDLE_SESSIONS=${IDLE_SESSIONS:-10000}
DOVECOT_HIBERNATE=${DOVECOT_HIBERNATE-5}
DOVECOT_PLAIN_IDLE=${DOVECOT_PLAIN_IDLE:-1}
SERVERS=${SERVERS:-"postroom dovecot"}
PHASES=${PHASES:-"fetch large mixed idle"}
phase() { case " $PHASES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
phase large || MESSAGES_LARGE=0
phase fetch || phase mixed || phase idle || MESSAGES=0
DOMAIN=bench.test
PASSWORD="a long benchmark secret"
USERS=$(seq -f 'u%g' 1 "$CLIENTS" | tr '\n' ' ')
BIG=""
[ "$MESSAGES_LARGE" = 0 ] || BIG=big
export SIZE
[ "$(id -u)" = 0 ] || { echo "needs root (the Dovecot instance, ulimit -n)" >&2; exit 1; }
# the server under test and the idle client each hold IDLE_SESSIONS sockets
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $((IDLE_SESSIONS + 1000)) ] ||
  { echo "ulimit -n is $(ulimit -n), too low for $IDLE_SESSIONS idle sessions" >&2; exit 1; }
# Dovecot watches each session's Maildir with inotify (one instance per imap process, all as user mail); past the
# limit it warns, falls back to polling and cannot hibernate. Raised for the run, restored afterwards.
INOTIFY=/proc/sys/fs/inotify/max_user_instances INOTIFY_OLD=""
if [ "$(cat "$INOTIFY")" -lt $((IDLE_SESSIONS + 1000)) ]; then
  INOTIFY_OLD=$(cat "$INOTIFY")
  echo $((IDLE_SESSIONS + 1000)) > "$INOTIFY"
fi
WORK=$(mktemp -d /tmp/postroom-bench.XXXXXX)
chmod 755 "$WORK"
POSTROOM_STARTED="" DOVECOT_STARTED="" IDLE_CLIENT=""
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

cleanup() {
  set +e
  if [ -n "$IDLE_CLIENT" ]; then kill "$IDLE_CLIENT" 2>/dev/null; wait "$IDLE_CLIENT" 2>/dev/null; fi
  if [ -n "$POSTROOM_STARTED" ]; then stop_postroom; fi
  if [ -n "$DOVECOT_STARTED" ]; then "$ROOT/bench/dovecot-instance.sh" stop "$WORK/dovecot"; fi
  if [ -n "$INOTIFY_OLD" ]; then echo "$INOTIFY_OLD" > "$INOTIFY"; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load() { python3 "$ROOT/bench/imap-load.py" "$@"; }
record() { echo "$1 $2 $3" >> "$WORK/results"; } # server metric value
get() { awk -v k="$1" '$1 == k {print $2}' "$2"; } # key file
calc() { python3 -c "print($1)"; }
rate() { python3 -c "x = $1; print(f'{x:.0f}' if x >= 100 else f'{x:.1f}')"; } # EXPR: a rate, 3 significant-ish
: > "$WORK/results"

# memory of the server under test, "key value" lines
postroom_memory() {
  local pid
  pid=$(cat "$ROOT/liberty/target/liberty/wlp/usr/servers/.pid/postroom.pid")
  jcmd "$pid" GC.run >/dev/null
  sleep 1
  jcmd "$pid" GC.heap_info | python3 -c '
import re, sys
m = re.search(r"used (\d+)K", sys.stdin.read())
print("heap_mib", round(int(m.group(1)) / 1024, 1))'
  awk '/VmRSS/ {print "rss_mib", int($2 / 1024)}' "/proc/$pid/status"
  echo "threads $(ls "/proc/$pid/task" | wc -l)"
}
dovecot_memory() { # the master and every process it forked (config, log, anvil, auth, logins, one imap per session)
  python3 - "$(cat "$WORK/dovecot/run/master.pid")" <<'PY'
import os, sys
master = sys.argv[1]
rss = pss = n = 0
for pid in os.listdir("/proc"):
    if not pid.isdigit():
        continue
    try:
        with open("/proc/%s/stat" % pid) as f:
            ppid = f.read().rsplit(")", 1)[1].split()[1]
        if pid != master and ppid != master:
            continue
        with open("/proc/%s/smaps_rollup" % pid) as f:
            for line in f:
                k, v = line.split()[:2]
                if k == "Rss:":
                    rss += int(v)
                elif k == "Pss:":
                    pss += int(v)
        n += 1
    except (OSError, IndexError):
        pass  # gone meanwhile
print("processes", n)
print("rss_mib", round(rss / 1024, 1))
print("pss_mib", round(pss / 1024, 1))
PY
}

start_dovecot() { # HIBERNATE_TIMEOUT: starts the instance on fresh ports, keeping the Maildirs
  DOVECOT_STARTED=1
  port=$(free_port)
  IMAP_HIBERNATE_TIMEOUT=$1 "$ROOT/bench/dovecot-instance.sh" start "$WORK/dovecot" "$(free_port)" "$port" \
    "$PASSWORD" $USERS $BIG
}
stop_dovecot() { # waits for the master to exit: with thousands of imap processes that takes a while
  local pid i
  pid=$(cat "$WORK/dovecot/run/master.pid" 2>/dev/null || true)
  "$ROOT/bench/dovecot-instance.sh" stop "$WORK/dovecot"
  for i in $(seq 300); do
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  DOVECOT_STARTED=""
}

# (3) for the server now running on $port: memory before, IDLE_SESSIONS sessions idling, memory during
idle_phase() { # SERVER-LABEL MEMORY-FUNCTION SETTLE-SECONDS
  local label=$1 memory=$2 settle=$3 users i
  "$memory" > "$WORK/mem-before"
  users=$(for u in $USERS; do printf '%s%s ' "$u" "$login_suffix"; done)
  rm -f "$WORK/idle-done"
  # shellcheck disable=SC2086
  load idle "$port" "$PASSWORD" "$IDLE_SESSIONS" "$WORK/idle-done" $users > "$WORK/idle.out" 2> "$WORK/idle.err" &
  IDLE_CLIENT=$!
  for i in $(seq 1500); do
    grep -q HOLDING "$WORK/idle.out" 2>/dev/null && break
    kill -0 "$IDLE_CLIENT" 2>/dev/null || break
    sleep 1
  done
  sleep "$settle"
  "$memory" > "$WORK/mem-during"
  touch "$WORK/idle-done"
  wait "$IDLE_CLIENT" || true
  IDLE_CLIENT=""
  cat "$WORK/idle.err" >&2
  local idling setup probe dropped
  idling=$(get idling "$WORK/idle.out") setup=$(get setup_seconds "$WORK/idle.out")
  probe=$(get probe_ms "$WORK/idle.out") dropped=$(get dropped_during_hold "$WORK/idle.out")
  record "$label" idle_ok "${idling:-0}/$IDLE_SESSIONS"
  record "$label" idle_setup "${setup:--}"
  [ "$(get stalled "$WORK/idle.out")" != 1 ] || record "$label" idle_stalled "yes"
  record "$label" idle_probe "${probe:--}"
  record "$label" idle_dropped "${dropped:--}"
  local n=${idling:-0}
  [ "$n" -gt 0 ] || n=1
  case "$memory" in
    postroom_memory)
      local h0 h1 r0 r1
      h0=$(get heap_mib "$WORK/mem-before") h1=$(get heap_mib "$WORK/mem-during")
      r0=$(get rss_mib "$WORK/mem-before") r1=$(get rss_mib "$WORK/mem-during")
      record "$label" heap "$h0→$h1"
      record "$label" rss "$r0→$r1"
      record "$label" threads "$(get threads "$WORK/mem-before")→$(get threads "$WORK/mem-during")"
      record "$label" heap_session "$(calc "f'{($h1-$h0)*1024/$n:.1f}'")"
      # the JVM's RSS hides growth inside an already committed heap: count the larger of the two
      record "$label" mem_session "$(calc "f'{max($h1-$h0, $r1-$r0)*1024/$n:.1f}'")"
      ;;
    dovecot_memory)
      local p0 p1 r0 r1
      p0=$(get pss_mib "$WORK/mem-before") p1=$(get pss_mib "$WORK/mem-during")
      r0=$(get rss_mib "$WORK/mem-before") r1=$(get rss_mib "$WORK/mem-during")
      record "$label" pss "$p0→$p1"
      record "$label" rss "$r0→$r1"
      record "$label" processes "$(get processes "$WORK/mem-before")→$(get processes "$WORK/mem-during")"
      record "$label" rss_session "$(calc "f'{($r1-$r0)*1024/$n:.1f}'")"
      record "$label" mem_session "$(calc "f'{($p1-$p0)*1024/$n:.1f}'")"
      ;;
  esac
}

for server in $SERVERS; do
  case "$server" in
    postroom)
      export POSTROOM_MAX_CONNECTIONS=$((IDLE_SESSIONS + 1000))
      # shellcheck disable=SC2086
      start_postroom "$DOMAIN" "$PASSWORD" $USERS $BIG
      rcpts=$(for u in $USERS; do printf '%s@%s ' "$u" "$DOMAIN"; done)
      # shellcheck disable=SC2086
      [ "$MESSAGES" = 0 ] || load fill-smtp "$POSTROOM_SMTP_PORT" "$MESSAGES" "$SIZE" $rcpts
      [ -z "$BIG" ] || load fill-smtp "$POSTROOM_SMTP_PORT" "$MESSAGES_LARGE" "$SIZE" "$BIG@$DOMAIN"
      for u in $USERS $BIG; do
        want=$MESSAGES
        [ "$u" != "$BIG" ] || want=$MESSAGES_LARGE
        for _ in $(seq 1200); do
          n=$(curl -fs -u "admin:$ADMIN_PASSWORD" "http://127.0.0.1:$POSTROOM_HTTP_PORT/api/users/$u@$DOMAIN/quota" \
            | python3 -c 'import json,sys; print(json.load(sys.stdin)["usedMessages"])')
          [ "$n" -ge "$want" ] && break
          sleep 0.5
        done
        [ "$n" -ge "$want" ] || { echo "Postroom: $u has $n of $want messages after 10 minutes" >&2; exit 1; }
      done
      port=$POSTROOM_IMAP_PORT login_suffix="@$DOMAIN"
      ;;
    dovecot)
      mkdir -p "$WORK/dovecot"
      start_dovecot 0
      # shellcheck disable=SC2086
      [ "$MESSAGES" = 0 ] || load fill-maildir "$WORK/dovecot/home" "$MESSAGES" "$SIZE" $USERS
      [ -z "$BIG" ] || load fill-maildir "$WORK/dovecot/home" "$MESSAGES_LARGE" "$SIZE" "$BIG"
      chown -R mail:mail "$WORK/dovecot/home"
      login_suffix=""
      ;;
  esac
  echo "$server: filled, measuring" >&2

  if phase fetch; then
    load fetch "$port" "u1$login_suffix" "$PASSWORD" > "$WORK/fetch.out"
    f=$WORK/fetch.out
    record "$server" bulk_msgs "$(rate "$(get bulk_messages "$f")/$(get bulk_seconds "$f")")"
    record "$server" bulk_mbs "$(calc "f'{$(get bulk_bytes "$f")/$(get bulk_seconds "$f")/1e6:.1f}'")"
    record "$server" single_msgs "$(rate "$(get single_messages "$f")/$(get single_seconds "$f")")"
    record "$server" single_mbs "$(calc "f'{$(get single_bytes "$f")/$(get single_seconds "$f")/1e6:.1f}'")"
    record "$server" envelope_ms "$(rate "$(get envelope_seconds "$f")*1000")"
    record "$server" first_envelope_ms "$(rate "$(get first_envelope_seconds "$f")*1000")"
    record "$server" first_bulk_msgs "$(rate "$(get first_bulk_messages "$f")/$(get first_bulk_seconds "$f")")"
  fi
  if [ -n "$BIG" ]; then
    load large "$port" "$BIG$login_suffix" "$PASSWORD" > "$WORK/large.out"
    for k in envelope search_from search_subject status; do
      record "$server" "large_${k}_first_ms" "$(rate "$(get "large_${k}_first_seconds" "$WORK/large.out")*1000")"
      record "$server" "large_${k}_ms" "$(rate "$(get "large_${k}_seconds" "$WORK/large.out")*1000")"
    done
  fi

  if phase mixed; then
    # shellcheck disable=SC2086
    load mixed "$port" "$PASSWORD" "$DURATION" $(for u in $USERS; do printf '%s%s ' "$u" "$login_suffix"; done) \
      > "$WORK/mixed.out"
    total=0 errors=0
    for c in login select fetch store append expunge logout; do
      ops=$(get "ops_$c" "$WORK/mixed.out") err=$(get "err_$c" "$WORK/mixed.out")
      record "$server" "mixed_$c" "$(rate "$ops/$DURATION")"
      record "$server" "mixed_ms_$c" "$(get "ms_$c" "$WORK/mixed.out")"
      total=$((total + ops)) errors=$((errors + err))
      [ "$err" = 0 ] || record "$server" "errors_$c" "$err"
    done
    record "$server" mixed_total "$(rate "$total/$DURATION")"
    record "$server" mixed_errors "$errors"
  fi

  case "$server" in
    postroom)
      ! phase idle || idle_phase postroom postroom_memory 3
      stop_postroom
      ;;
    dovecot)
      [ "$DOVECOT_PLAIN_IDLE" = 0 ] || ! phase idle || idle_phase dovecot dovecot_memory 3
      stop_dovecot
      phase idle || continue
      for t in $DOVECOT_HIBERNATE; do
        [ "$t" = 0 ] && continue
        start_dovecot "$t"
        echo "dovecot: idle sessions with imap_hibernate_timeout = ${t}s" >&2
        idle_phase "dovecot-hib$t" dovecot_memory $((t + 10))
        stop_dovecot
      done
      ;;
  esac
done

python3 - "$WORK/results" "$MESSAGES" "$SIZE" "$CLIENTS" "$DURATION" "$IDLE_SESSIONS" "$MESSAGES_LARGE" <<'PY'
import datetime, os, sys
rows = {}
for line in open(sys.argv[1]):
    server, metric, value = line.split()
    rows.setdefault(metric, {})[server] = value
messages, size, clients, duration, sessions = sys.argv[2:7]
hib = sorted({s for r in rows.values() for s in r if s.startswith("dovecot-hib")})
print(f"IMAP, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%dT%H:%MZ}, {os.cpu_count()} cores; "
      f"{messages} messages of {size} bytes per INBOX; last column: Postroom relative to Dovecot, higher is better")
print("| measure | Postroom | Dovecot | Postroom vs Dovecot |")
print("|---|---|---|---|")
def ratio(r, direction, other="dovecot"):
    try:
        p, d = float(r["postroom"]), float(r[other])
        return f"{p / d:.2f}x" if direction == "hi" else f"{d / p:.2f}x"
    except (KeyError, ValueError, ZeroDivisionError):
        return ""
def row(label, metric, direction="", other="dovecot"):
    r = rows.get(metric, {})
    if not r:
        return
    print(f"| {label} | {r.get('postroom', '-')} | {r.get(other, '-')} | "
          f"{ratio(r, direction, other) if direction else ''} |")
row("(1) first pass (first touch): UID FETCH 1:* (BODY.PEEK[]), messages/s", "first_bulk_msgs", "hi")
row("(1) warm: UID FETCH 1:* (BODY.PEEK[]), messages/s", "bulk_msgs", "hi")
row("(1) UID FETCH 1:* (BODY.PEEK[]), MB/s", "bulk_mbs", "hi")
row(f"(1) {messages} x UID FETCH n (BODY.PEEK[]), messages/s", "single_msgs", "hi")
row(f"(1) {messages} x UID FETCH n (BODY.PEEK[]), MB/s", "single_mbs", "hi")
row(f"(1) first pass (first touch): FETCH 1:* (FLAGS ENVELOPE), ms for {messages}", "first_envelope_ms", "lo")
row(f"(1) warm: FETCH 1:* (FLAGS ENVELOPE), ms for {messages}", "envelope_ms", "lo")
large = sys.argv[7]
for k, label in (("envelope", f"FETCH 1:* (FLAGS ENVELOPE) of {large}"),
                 ("search_from", f"UID SEARCH FROM, all {large} match"),
                 ("search_subject", f"UID SEARCH SUBJECT, none of {large} matches"),
                 ("status", f"STATUS (MESSAGES RECENT UNSEEN) of {large}")):
    row(f"(1b) first pass (first touch): {label}, ms", f"large_{k}_first_ms", "lo")
    row(f"(1b) warm: {label}, ms (best of 3)", f"large_{k}_ms", "lo")
for c in ("login", "select", "fetch", "store", "append", "expunge", "logout"):
    row(f"(2) {clients} clients {duration} s: {c.upper()}/s", "mixed_" + c, "hi")
row(f"(2) {clients} clients {duration} s: all commands/s", "mixed_total", "hi")
for c in ("login", "select", "fetch", "store", "append", "expunge", "logout"):
    row(f"(2) mean {c.upper()} round trip, ms", "mixed_ms_" + c, "lo")
row("(2) errors (NO, BAD, dropped)", "mixed_errors")
for c in ("login", "select", "fetch", "store", "append", "expunge", "logout"):
    row(f"(2) errors in {c.upper()}", "errors_" + c)
row("(3) sessions in IDLE", "idle_ok")
row("(3) seconds to set them up", "idle_setup", "lo")
row("(3) setup stalled (under 5% of the best 30 s window), sessions held as they were", "idle_stalled")
row("(3) one more LOGIN + SELECT meanwhile, ms", "idle_probe", "lo")
row("(3) sessions dropped during the hold", "idle_dropped")
row("(3) KiB per idle session (Postroom: larger of heap-after-GC and RSS growth; Dovecot: PSS growth)", "mem_session", "lo")
row("(3) Postroom heap used after full GC, MiB before→during", "heap")
row("(3) Postroom heap per idle session, KiB", "heap_session")
row("(3) process RSS MiB before→during (Dovecot: sum over processes)", "rss")
row("(3) Dovecot PSS MiB before→during (sum over processes)", "pss")
row("(3) Dovecot summed RSS per idle session, KiB", "rss_session")
row("(3) Postroom threads before→during", "threads")
row("(3) Dovecot processes before→during", "processes")
for h in hib:
    t = h[len("dovecot-hib"):]
    print(f"| **Dovecot with imap_hibernate_timeout = {t}s** | | | |")
    row("(3) sessions in IDLE", "idle_ok", "", h)
    row("(3) one more LOGIN + SELECT meanwhile, ms", "idle_probe", "lo", h)
    row("(3) sessions dropped during the hold", "idle_dropped", "", h)
    row("(3) KiB per idle session (Postroom: larger of heap-after-GC and RSS growth; Dovecot: PSS growth)", "mem_session", "lo", h)
    row("(3) Dovecot PSS MiB before→during", "pss", "", h)
    row("(3) Dovecot processes before→during", "processes", "", h)
PY
