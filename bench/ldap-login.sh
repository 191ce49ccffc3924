#!/usr/bin/env bash
# IMAP LOGIN rate of corporate directory users (issue 13): Postroom and Dovecot (passdb ldap with auth_bind = yes)
# against the same real OpenLDAP slapd (run it under the shared lock: flock /tmp/postroom-bench.lock
# bench/ldap-login.sh).
#   bench/ldap-login.sh
# A slapd of its own on a free loopback port holds USERS inetOrgPerson entries (u1..uUSERS, mail uN@bench.test,
# password "secret-uN"); Postroom of this checkout starts with POSTROOM_LDAP_* pointing at it and hosts bench.test,
# with no local users; Dovecot (bench/dovecot-instance.sh with LDAP_URI) finds each user with the same service account
# and binds as it, as Postroom does, with its auth cache on. Then, for each server, CLIENTS parallel clients, each
# connection "LOGIN uN" + LOGOUT:
#   first: every user logs in once (first touch, cold login cache: the directory search and the bind; Postroom also
#          creates the user's mailbox with its default folders, Dovecot the Maildir);
#   warm:  the same users again, round robin, for DURATION seconds (warm: Postroom's login cache, ADR 0017, and its
#          directory look-up cache, ADR 0050; Dovecot's auth cache: no directory traffic for either).
# Reports logins/s, p50 and p95 per server and pass, and Postroom / Dovecot (a pass's failures must be 0).
# Settings (environment): USERS (1000), CLIENTS (8), DURATION (20), KEEP=1 keeps the work directory. Needs root,
# slapd and slapadd (Debian slapd), dovecot-imapd and dovecot-ldap (installed when missing), python3, curl; Postroom
# must have been built in this checkout.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
USERS=${USERS:-1000}
CLIENTS=${CLIENTS:-8}
DURATION=${DURATION:-20}
DOMAIN=bench.test
BASE="dc=bench,dc=test"
WORK=$(mktemp -d /tmp/postroom-bench.XXXXXX)
chmod 755 "$WORK" # Dovecot's imap processes run as "mail" and must reach the homes below it
POSTROOM_STARTED="" SLAPD_PID="" DOVECOT_STARTED=""
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

cleanup() {
  set +e
  if [ -n "$POSTROOM_STARTED" ]; then stop_postroom; fi
  if [ -n "$DOVECOT_STARTED" ]; then "$ROOT/bench/dovecot-instance.sh" stop "$WORK/dovecot"; fi
  if [ -n "$SLAPD_PID" ]; then kill "$SLAPD_PID" 2>/dev/null; wait "$SLAPD_PID" 2>/dev/null; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_slapd "$BASE" "$DOMAIN" "$USERS"

# --- Postroom against it
start_postroom_on_slapd "$DOMAIN"

# --- Dovecot against the same slapd
DOVECOT_IMAP_PORT=$(free_port)
DOVECOT_STARTED=1
LDAP_URI="ldap://127.0.0.1:$LDAP_PORT" LDAP_BASE="$BASE" LDAP_DN="cn=postroom,$BASE" LDAP_DNPASS=service-secret \
  "$ROOT/bench/dovecot-instance.sh" start "$WORK/dovecot" "$(free_port)" "$DOVECOT_IMAP_PORT" unused

echo "Postroom $(git -C "$ROOT" rev-parse --short HEAD) and Dovecot $(dovecot --version | cut -d' ' -f1) (auth_bind)"\
  "against one slapd, $USERS directory users, $CLIENTS clients"
printf '%-9s %-6s %8s %9s %9s %8s %8s %8s\n' server pass logins seconds logins/s p50_ms p95_ms failures
measure() {
  python3 "$ROOT/bench/ldap-login.py" "$2" secret "$USERS" "$CLIENTS" first,warm "$DURATION" |
    while read -r name n s rate p50 p95 failed; do
      printf '%-9s %-6s %8s %9s %9s %8s %8s %8s\n' "$1" "$name" "$n" "$s" "$rate" "$p50" "$p95" "$failed"
      echo "$1 $name $rate" >> "$WORK/rates"
    done
}
measure postroom "$POSTROOM_IMAP_PORT"
measure dovecot "$DOVECOT_IMAP_PORT"
for pass in first warm; do
  awk -v p="$pass" '$2 == p { r[$1] = $3 } END { if (r["dovecot"] > 0) printf "%s: Postroom / Dovecot = %.2fx\n", p, r["postroom"] / r["dovecot"] }' "$WORK/rates"
done
