#!/usr/bin/env bash
# A throwaway Dovecot on loopback for side-by-side benchmarks: POP3 and IMAP without TLS, plaintext logins, users
# from a passwd-file, Maildir mailboxes under DIR/home/USER/Maildir owned by the system user "mail". Needs root and
# the Debian packages dovecot-pop3d and dovecot-imapd (installed when missing). IMAP_HIBERNATE_TIMEOUT (environment,
# default 0 = Dovecot's default, off) moves sessions idling in IDLE that long into the shared imap-hibernate process.
# With LDAP_URI, LDAP_BASE, LDAP_DN and LDAP_DNPASS (environment) the users come from that directory instead (no USER
# arguments): passdb ldap with auth_bind = yes (the user's entry (objectClass=inetOrgPerson)(uid=NAME) found with
# LDAP_DN, then a bind as it; Debian package dovecot-ldap, installed when missing), homes under DIR/home/NAME, and
# the auth cache on (AUTH_CACHE_SIZE, default 10M; 0 turns it off).
#   bench/dovecot-instance.sh start DIR POP3_PORT IMAP_PORT PASSWORD USER [USER...]
#   bench/dovecot-instance.sh stop DIR
set -euo pipefail
action=$1 dir=$2
case "$action" in
  start)
    pop3_port=$3 imap_port=$4 password=$5
    shift 5
    if ! command -v dovecot >/dev/null 2>&1 || [ ! -e /usr/lib/dovecot/pop3 ] || [ ! -e /usr/lib/dovecot/imap ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y dovecot-pop3d dovecot-imapd >/dev/null
    fi
    if [ -n "${LDAP_URI:-}" ] && [ ! -e /usr/lib/dovecot/modules/auth/libauthdb_ldap.so ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y dovecot-ldap >/dev/null
    fi
    mkdir -p "$dir/run" "$dir/state" "$dir/home"
    chmod 755 "$dir" "$dir/home"
    : > "$dir/users"
    for user in "$@"; do
      mkdir -p "$dir/home/$user/Maildir/new" "$dir/home/$user/Maildir/cur" "$dir/home/$user/Maildir/tmp"
      echo "$user:{PLAIN}$password:8:8::$dir/home/$user" >> "$dir/users"
    done
    chown -R mail:mail "$dir/home"
    if [ -n "${LDAP_URI:-}" ]; then
      cat > "$dir/ldap.conf.ext" <<LDAP
uris = $LDAP_URI
dn = $LDAP_DN
dnpass = $LDAP_DNPASS
auth_bind = yes
base = $LDAP_BASE
scope = subtree
pass_filter = (&(objectClass=inetOrgPerson)(uid=%n))
pass_attrs = uid=user
LDAP
      chmod 600 "$dir/ldap.conf.ext"
      accounts="passdb {
  driver = ldap
  args = $dir/ldap.conf.ext
}
userdb {
  driver = static
  args = uid=mail gid=mail home=$dir/home/%n
}
auth_cache_size = ${AUTH_CACHE_SIZE:-10M}
auth_cache_ttl = 1 hour"
    else
      accounts="passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/users
}"
    fi
    cat > "$dir/dovecot.conf" <<CF
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
protocols = pop3 imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 8
mail_location = maildir:~/Maildir
pop3_uidl_format = %08Xu%08Xv
$accounts
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $pop3_port
  }
  inet_listener pop3s {
    port = 0
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    port = 0
  }
}
# the benchmark opens many connections at once
service imap {
  process_limit = 20000
}
service imap-login {
  process_min_avail = 2
  service_count = 0
  client_limit = 20000
}
service pop3-login {
  process_min_avail = 2
  service_count = 0
}
default_client_limit = 20000
default_vsz_limit = 0
# every benchmark session comes from 127.0.0.1 as one of a few users (the default allows 10 per user and address)
protocol imap {
  mail_max_userip_connections = 20000
}
imap_hibernate_timeout = ${IMAP_HIBERNATE_TIMEOUT:-0}s
# imap (running as mail) hands idle sessions to imap-hibernate (running as dovecot) and takes them back
service imap-hibernate {
  unix_listener imap-hibernate {
    mode = 0666
  }
}
service imap {
  unix_listener imap-master {
    mode = 0666
  }
}
CF
    dovecot -c "$dir/dovecot.conf"
    for _ in $(seq 50); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$pop3_port") 2>/dev/null; then exit 0; fi
      sleep 0.1
    done
    echo "dovecot did not start; see $dir/dovecot.log" >&2
    exit 1
    ;;
  stop)
    dovecot -c "$dir/dovecot.conf" stop 2>/dev/null || true
    ;;
  *)
    echo "usage: $0 start DIR POP3_PORT IMAP_PORT PASSWORD USER... | stop DIR" >&2
    echo "       LDAP_URI=... LDAP_BASE=... LDAP_DN=... LDAP_DNPASS=... $0 start DIR POP3_PORT IMAP_PORT unused" >&2
    exit 2
    ;;
esac
