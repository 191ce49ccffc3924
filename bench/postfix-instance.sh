#!/usr/bin/env bash
# A throwaway Postfix on loopback for side-by-side benchmarks: accepts mail for one virtual domain on a high port
# and delivers it to virtual mailboxes (Maildir) under DIR/mail. Needs root and the Debian package postfix.
#   bench/postfix-instance.sh start DIR PORT DOMAIN USER [USER...]   (delivers USER@DOMAIN to DIR/mail/DOMAIN/USER/)
#   bench/postfix-instance.sh start-relay DIR PORT NEXTHOP   (relays all mail from 127.0.0.0/8, plain SMTP, to NEXTHOP,
#                                                           e.g. [127.0.0.1]:2525: the outbound benchmark's Postfix)
#   bench/postfix-instance.sh stop DIR
set -euo pipefail
action=$1 dir=$2
case "$action" in
  start)
    port=$3 domain=$4
    shift 4
    mkdir -p "$dir/etc" "$dir/queue" "$dir/data" "$dir/mail"
    cp /etc/postfix/master.cf "$dir/etc/master.cf"
    # only our smtpd, on loopback and the given port
    sed -i 's/^smtp \{1,\}inet .*/127.0.0.1:'"$port"' inet n - n - - smtpd/' "$dir/etc/master.cf"
    chown postfix "$dir/mail" "$dir/data"
    cat > "$dir/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
myhostname = postfix-bench.localdomain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
virtual_mailbox_domains = $domain
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = texthash:$dir/etc/vmailbox
virtual_uid_maps = static:$(id -u postfix)
virtual_gid_maps = static:$(id -g postfix)
virtual_destination_concurrency_limit = 20
maillog_file = $dir/postfix.log
maillog_file_prefixes = $dir
smtpd_banner = \$myhostname ESMTP
biff = no
CF
    : > "$dir/etc/vmailbox"
    for user in "$@"; do echo "$user@$domain $domain/$user/" >> "$dir/etc/vmailbox"; done
    # Postfix accepts a second configuration directory only when the default one names it.
    # a Postfix installed with "No configuration" has no main.cf, where the instance's directory must be listed
    [ -f /etc/postfix/main.cf ] || touch /etc/postfix/main.cf
    dirs=$(postconf -h alternate_config_directories)
    case " $dirs " in *" $dir/etc "*) ;; *) postconf -e "alternate_config_directories = $dirs $dir/etc" ;; esac
    postfix -c "$dir/etc" check
    postfix -c "$dir/etc" start
    ;;
  start-relay)
    port=$3 nexthop=$4
    mkdir -p "$dir/etc" "$dir/queue" "$dir/data"
    cp /etc/postfix/master.cf "$dir/etc/master.cf"
    sed -i 's/^smtp \{1,\}inet .*/127.0.0.1:'"$port"' inet n - n - - smtpd/' "$dir/etc/master.cf"
    chown postfix "$dir/data"
    cat > "$dir/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
myhostname = postfix-bench.localdomain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
relayhost = $nexthop
smtp_tls_security_level = none
default_destination_concurrency_limit = 20
maillog_file = $dir/postfix.log
maillog_file_prefixes = $dir
smtpd_banner = \$myhostname ESMTP
biff = no
alias_maps =
alias_database =
CF
    [ -f /etc/postfix/main.cf ] || touch /etc/postfix/main.cf
    dirs=$(postconf -h alternate_config_directories)
    case " $dirs " in *" $dir/etc "*) ;; *) postconf -e "alternate_config_directories = $dirs $dir/etc" ;; esac
    postfix -c "$dir/etc" check
    postfix -c "$dir/etc" start
    ;;
  stop)
    postfix -c "$dir/etc" stop || true
    dirs=$(postconf -h alternate_config_directories | sed "s# *$dir/etc##")
    postconf -e "alternate_config_directories = $dirs"
    ;;
  *)
    sed -n '2,8p' "$0"; exit 2 ;;
esac
