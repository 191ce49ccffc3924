#!/usr/bin/env bash
# IMAP LOGIN rate of corporate directory users (issue 13): Postroom against a real OpenLDAP slapd (run it under the
# shared lock: flock /tmp/postroom-bench.lock bench/ldap-login.sh).
#   bench/ldap-login.sh
# A slapd of its own on a free loopback port holds USERS inetOrgPerson entries (u1..uUSERS, mail uN@bench.test,
# password "secret-uN"); Postroom of this checkout starts with POSTROOM_LDAP_* pointing at it and hosts bench.test,
# with no local users. Then CLIENTS parallel clients, each connection "LOGIN uN" + LOGOUT:
#   first: every user logs in once (first touch: nothing cached; the directory search, the bind and the creation
#          of the user's mailbox with its default folders);
#   warm:  the same users again, round robin, for DURATION seconds (the login cache, ADR 0017, and the directory
#          look-up cache, ADR 0050, hold them: no directory traffic).
# Reports logins/s, p50 and p95 per pass (a pass's failures must be 0). Settings (environment): USERS (1000),
# CLIENTS (8), DURATION (20), KEEP=1 keeps the work directory. Needs slapd and slapadd (Debian slapd), python3, curl;
# Postroom must have been built in this checkout.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
USERS=${USERS:-1000}
CLIENTS=${CLIENTS:-8}
DURATION=${DURATION:-20}
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

# --- the directory
mkdir -p "$WORK/slapd/db"
cat > "$WORK/slapd/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile $WORK/slapd/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
sizelimit unlimited
database mdb
maxsize 1073741824
suffix "$BASE"
rootdn "cn=admin,$BASE"
rootpw admin-secret
directory $WORK/slapd/db
index objectClass,uid,mail eq
access to attrs=userPassword by anonymous auth by * none
access to * by * read
CONF
python3 - "$BASE" "$DOMAIN" "$USERS" > "$WORK/slapd/data.ldif" <<'PY'
import sys
base, domain, users = sys.argv[1], sys.argv[2], int(sys.argv[3])
print(f"dn: {base}\nobjectClass: dcObject\nobjectClass: organization\no: bench\ndc: bench\n")
print(f"dn: ou=people,{base}\nobjectClass: organizationalUnit\nou: people\n")
print(f"dn: cn=postroom,{base}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: postroom\n"
      "userPassword: service-secret\n")
for i in range(1, users + 1):
    print(f"dn: uid=u{i},ou=people,{base}\nobjectClass: inetOrgPerson\nuid: u{i}\ncn: User {i}\nsn: User\n"
          f"mail: u{i}@{domain}\nuserPassword: secret-u{i}\n")
PY
slapadd -q -f "$WORK/slapd/slapd.conf" -l "$WORK/slapd/data.ldif"
LDAP_PORT=$(free_port)
slapd -d 0 -f "$WORK/slapd/slapd.conf" -h "ldap://127.0.0.1:$LDAP_PORT/" > "$WORK/slapd/slapd.log" 2>&1 &
SLAPD_PID=$!
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $LDAP_PORT), 1)" 2>/dev/null && break
  sleep 0.1
done

# --- Postroom against it
export POSTROOM_LDAP_URL="ldap://127.0.0.1:$LDAP_PORT" POSTROOM_LDAP_BASE_DN="$BASE" \
  POSTROOM_LDAP_BIND_DN="cn=postroom,$BASE" POSTROOM_LDAP_BIND_PASSWORD=service-secret \
  POSTROOM_LDAP_DISABLED_FILTER="(employeeType=disabled)" POSTROOM_LDAP_SYNC_INTERVAL=0
start_postroom "$DOMAIN" unused
echo "Postroom $(git -C "$ROOT" rev-parse --short HEAD) against slapd, $USERS directory users, $CLIENTS clients"
printf '%-7s %8s %9s %9s %8s %8s %8s\n' pass logins seconds logins/s p50_ms p95_ms failures
python3 "$ROOT/bench/ldap-login.py" "$POSTROOM_IMAP_PORT" secret "$USERS" "$CLIENTS" first,warm "$DURATION" |
  while read -r name n s rate p50 p95 failed; do
    printf '%-7s %8s %9s %9s %8s %8s %8s\n' "$name" "$n" "$s" "$rate" "$p50" "$p95" "$failed"
  done
