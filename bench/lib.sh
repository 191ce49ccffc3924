# Shared by the bench/ scripts (source it): free ports and a throwaway Postroom of this checkout.
# Needs ROOT (the checkout) and WORK (a scratch directory) set by the caller.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_postroom DOMAIN USER_PASSWORD USER...: starts the server of this checkout on free loopback ports with its
# data under $WORK/postroom-data, hosts DOMAIN and creates the users. Exports POSTROOM_*_PORT, ADMIN_PASSWORD.
start_postroom() {
  local domain=$1 password=$2 v u
  shift 2
  if "$ROOT/bin/postroom" status >/dev/null 2>&1; then
    echo "a Postroom server of this checkout is already running; stop it first (bin/postroom stop)" >&2; exit 1
  fi
  export POSTROOM_DATA_DIR="$WORK/postroom-data"
  for v in HTTP HTTPS SMTP SUBMISSION SMTPS POP3 POP3S IMAP IMAPS BROKER; do export "POSTROOM_${v}_PORT=$(free_port)"; done
  export POSTROOM_BIND_ADDRESS=127.0.0.1
  ADMIN_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
  export POSTROOM_ADMIN_USER=admin POSTROOM_ADMIN_PASSWORD=$ADMIN_PASSWORD ADMIN_PASSWORD
  POSTROOM_STARTED=1
  "$ROOT/bin/postroom" start > "$WORK/postroom-start.log" 2>&1 || { cat "$WORK/postroom-start.log" >&2; exit 1; }
  local api="http://127.0.0.1:$POSTROOM_HTTP_PORT/api"
  curl -fs -u "admin:$ADMIN_PASSWORD" -X PUT "$api/domains/$domain" >/dev/null
  for u in "$@"; do
    curl -fs -u "admin:$ADMIN_PASSWORD" -X PUT -H 'Content-Type: application/json' \
      -d "{\"password\":\"$password\",\"displayName\":\"bench\"}" "$api/users/$u@$domain" >/dev/null
  done
}

stop_postroom() {
  "$ROOT/bin/postroom" stop >/dev/null 2>&1 || true
  POSTROOM_STARTED=""
}

# start_slapd BASE DOMAIN USERS: a slapd of its own under $WORK/slapd on a free loopback port holding USERS
# inetOrgPerson entries uid=uN,ou=people,BASE (mail uN@DOMAIN, password "secret-uN") and the service account
# cn=postroom,BASE (password "service-secret"). Sets LDAP_PORT and SLAPD_PID (the caller kills it).
start_slapd() {
  local base=$1 domain=$2 users=$3
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
maxsize 4294967296
suffix "$base"
rootdn "cn=admin,$base"
rootpw admin-secret
directory $WORK/slapd/db
index objectClass,uid,mail eq
access to attrs=userPassword by anonymous auth by * none
access to * by * read
CONF
  python3 - "$base" "$domain" "$users" > "$WORK/slapd/data.ldif" <<'PY'
import sys
base, domain, users = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = sys.stdout
out.write(f"dn: {base}\nobjectClass: dcObject\nobjectClass: organization\no: bench\ndc: {base.split(',')[0][3:]}\n\n")
out.write(f"dn: ou=people,{base}\nobjectClass: organizationalUnit\nou: people\n\n")
out.write(f"dn: cn=postroom,{base}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
          "cn: postroom\nuserPassword: service-secret\n\n")
for i in range(1, users + 1):
    out.write(f"dn: uid=u{i},ou=people,{base}\nobjectClass: inetOrgPerson\nuid: u{i}\ncn: User {i}\nsn: User\n"
              f"displayName: User {i}\nmail: u{i}@{domain}\nuserPassword: secret-u{i}\n\n")
PY
  slapadd -q -f "$WORK/slapd/slapd.conf" -l "$WORK/slapd/data.ldif"
  LDAP_PORT=$(free_port)
  slapd -d 0 -f "$WORK/slapd/slapd.conf" -h "ldap://127.0.0.1:$LDAP_PORT/" > "$WORK/slapd/slapd.log" 2>&1 &
  SLAPD_PID=$!
  for _ in $(seq 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $LDAP_PORT), 1)" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "slapd did not start; see $WORK/slapd/slapd.log" >&2
  exit 1
}

# start_postroom_on_slapd DOMAIN: start_postroom with its directory pointed at the slapd of start_slapd (service
# account cn=postroom,$BASE; no periodic sync) and no local users.
start_postroom_on_slapd() {
  export POSTROOM_LDAP_URL="ldap://127.0.0.1:$LDAP_PORT" POSTROOM_LDAP_BASE_DN="$BASE" \
    POSTROOM_LDAP_BIND_DN="cn=postroom,$BASE" POSTROOM_LDAP_BIND_PASSWORD=service-secret \
    POSTROOM_LDAP_DISABLED_FILTER="(employeeType=disabled)" POSTROOM_LDAP_SYNC_INTERVAL=0
  start_postroom "$1" unused
}
