#!/usr/bin/env bash
# Directory sync of many users (issue 13): POST /api/directory/sync to the task's end, beside the time ldapsearch
# takes to read the same entries with paged results from the same slapd (run it under the shared lock:
# flock /tmp/postroom-bench.lock bench/ldap-sync.sh).
#   USERS=100000 bench/ldap-sync.sh
# A slapd of its own on a free loopback port holds USERS inetOrgPerson entries (bench/lib.sh start_slapd); Postroom of
# this checkout starts against it (no periodic sync) and hosts their domain. Rows:
#   ldapsearch: `ldapsearch -E pr=500/noprompt` as the service account, the user filter and the attributes Postroom
#               reads, output to a file (the read alone, paged as Postroom pages);
#   sync first: the first sync (reads every user and creates every mailbox with its default folders: first touch);
#   sync again: a second sync with nothing to create (the periodic case: read, compare, reconcile).
# Each sync row is the time from the POST to the task's DONE as the task records it (startedAt..finishedAt), and its
# ratio to the ldapsearch row. Settings (environment): USERS (100000), KEEP=1 keeps the work directory. Needs slapd,
# slapadd and ldapsearch (Debian slapd, ldap-utils), python3, curl; Postroom must have been built in this checkout.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
USERS=${USERS:-100000}
DOMAIN=bench.test
BASE="dc=bench,dc=test"
WORK=$(mktemp -d /tmp/postroom-bench.XXXXXX)
POSTROOM_STARTED="" SLAPD_PID=""
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

cleanup() {
  set +e
  if [ -n "$POSTROOM_STARTED" ]; then stop_postroom; fi
  if [ -n "$SLAPD_PID" ]; then kill "$SLAPD_PID" 2>/dev/null; wait "$SLAPD_PID" 2>/dev/null; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_slapd "$BASE" "$DOMAIN" "$USERS"
start_postroom_on_slapd "$DOMAIN"
API="http://127.0.0.1:$POSTROOM_HTTP_PORT/api"

echo "Postroom $(git -C "$ROOT" rev-parse --short HEAD) against slapd, $USERS directory users"
printf '%-11s %8s %9s %9s %8s %7s %11s\n' pass entries seconds entries/s created errors x_ldapsearch

start=$(date +%s.%N)
ldapsearch -x -LLL -o ldif-wrap=no -H "ldap://127.0.0.1:$LDAP_PORT" -D "cn=postroom,$BASE" -w service-secret \
  -b "$BASE" -E pr=500/noprompt "(&(objectClass=inetOrgPerson)(mail=*))" \
  uid mail mailAlternateAddress displayName employeeType > "$WORK/ldapsearch.ldif"
end=$(date +%s.%N)
entries=$(grep -c '^dn:' "$WORK/ldapsearch.ldif")
LDAPSEARCH_SECONDS=$(python3 -c "print(f'{$end - $start:.2f}')")
printf '%-11s %8s %9s %9s %8s %7s %11s\n' ldapsearch "$entries" "$LDAPSEARCH_SECONDS" \
  "$(python3 -c "print(f'{$entries / max($LDAPSEARCH_SECONDS, 0.001):.0f}')")" - - 1.00

sync_pass() {
  local name=$1 id task
  id=$(curl -fs -u "admin:$ADMIN_PASSWORD" -X POST "$API/directory/sync" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
  while :; do
    task=$(curl -fs -u "admin:$ADMIN_PASSWORD" "$API/tasks/$id")
    if [ "$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["state"])' "$task")" != RUNNING ]; then
      break
    fi
    sleep 0.2
  done
  python3 - "$name" "$LDAPSEARCH_SECONDS" "$task" <<'PY'
import json, sys
from datetime import datetime
name, ldap, task = sys.argv[1], float(sys.argv[2]), json.loads(sys.argv[3])
if task["state"] != "DONE":
    sys.exit(f"{name}: the sync ended {task['state']}: {task.get('message')}")
at = lambda t: datetime.fromisoformat(t.replace("Z", "+00:00"))
seconds = (at(task["finishedAt"]) - at(task["startedAt"])).total_seconds()
print(f"{name:<11} {task['seen']:>8} {seconds:>9.2f} {task['seen'] / max(seconds, 0.001):>9.0f} {task['created']:>8}"
      f" {task['errors']:>7} {seconds / max(ldap, 0.001):>11.2f}")
PY
}
sync_pass "sync first"
sync_pass "sync again"
