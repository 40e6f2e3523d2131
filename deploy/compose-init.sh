#!/bin/sh
# First start of the compose testnet (deploy/docker-compose.yml), run by its
# `init` service before any node starts. It is the domain operators' part,
# done with the `gdp` command line:
#
#   - a key for each routing domain (root, a, b), kept in the operator volume;
#   - each node's key in that node's own volume (its data folder);
#   - each router's membership in its domain, signed by the domain key;
#   - each node's node.yaml (role, listen, upstream, trusted domains);
#   - directory/testnet.env: every node's name and addresses, for the edge client.
#
# Keys and memberships are made only when missing, so a restart keeps every
# identity; node.yaml and testnet.env are written again each time. Volumes
# are mounted at /volumes/<node>, /volumes/operator and /volumes/directory.
# It runs as root to write into volumes that belong to nobody yet, and hands
# each node's volume to the image's `node` user (uid 1000) at the end.
set -eu

# The topology of testnet/topologies/two-domains.yaml, in containers: two
# routing domains a and b under a root domain, a storage server in each.
# '-' is none.
TOPOLOGY='
# node        role    upstream     domain  parent  trusted domains
root-router   router  -            -       -       a,b
a-router      router  root-router  a       root    -
b-router      router  root-router  b       root    -
a-server      server  a-router     -       -       -
b-server      server  b-router     -       -       -
'
DOMAINS='root a b'
# (Elsewhere for the test of this script, test/deploy/compose-init.test.ts.)
VOLUMES=${GDP_INIT_VOLUMES:-/volumes}
OPERATOR=$VOLUMES/operator
DIRECTORY=$VOLUMES/directory
ENV_FILE=$DIRECTORY/testnet.env
IDENTITIES=$(mktemp -d)
# Ports every node listens on, inside its container.
TCP_PORT=4040
WS_PORT=4041

topology () { echo "$TOPOLOGY" | grep -v -e '^#' -e '^$'; }
env_name () { echo "$1" | tr 'a-z-' 'A-Z_'; }
domain_key () { echo "$OPERATOR/domains/$1.key"; }

# domain_name <id>: the domain's name, from the key (kept beside it); none is an error.
domain_name () {
  domain=$(cat "$(domain_key "$1").name")
  # A name is 43 base64url characters; anything else (empty, blanks) would drop or garble a trusted domain.
  echo "$domain" | grep -Eqx '[A-Za-z0-9_-]{43}' || { echo "init: '$domain' in $(domain_key "$1").name is no domain name" >&2; exit 1; }
  echo "$domain"
}

# make_domain <id>: the domain key and its name, once. The name is written whole or not at all: an empty file left by
# a run cut short was taken for the name, and the domain was dropped from trusted_domains without a word.
make_domain () {
  key=$(domain_key "$1")
  [ -f "$key" ] || gdp --key "$key" keys generate > /dev/null
  if ! grep -Eqx '[A-Za-z0-9_-]{43}' "$key.name" 2>/dev/null; then
    gdp --key "$key" domain show > "$key.name.new"
    mv "$key.name.new" "$key.name"
  fi
}

# make_node_key <id>: the node key, once; its name and peer id ("node N", "peer P") to the identities folder.
make_node_key () { gdp --data "$VOLUMES/$1" node init > "$IDENTITIES/$1"; }

# write_node <id> <role> <upstream> <domain> <parent> <trusts>: the membership (once) and node.yaml.
write_node () {
  node_id=$1 role=$2 upstream=$3 domain=$4 parent=$5 trusts=$6
  data=$VOLUMES/$node_id
  name=$(awk '$1 == "node" { print $2 }' "$IDENTITIES/$node_id")
  {
    echo "# Written by deploy/compose-init.sh at every start of the compose testnet."
    echo "data: /data"
    echo "role: $role"
    echo "listen: [/ip4/0.0.0.0/tcp/$TCP_PORT, /ip4/0.0.0.0/tcp/$WS_PORT/ws]"
    [ "$upstream" = - ] || echo "upstream: /dns4/$upstream/tcp/$TCP_PORT/p2p/$(awk '$1 == "peer" { print $2 }' "$IDENTITIES/$upstream")"
    if [ "$domain" != - ]; then
      [ -f "$data/membership.bin" ] || gdp --key "$(domain_key "$domain")" domain admit "$name" --parent "$(domain_name "$parent")" --out "$data/membership.bin" > /dev/null
      echo "membership: /data/membership.bin"
    fi
    if [ "$trusts" != - ]; then
      names=
      for d in $(echo "$trusts" | tr ',' ' '); do names="$names${names:+, }$(domain_name "$d")"; done
      echo "trusted_domains: [$names]"
    fi
  } > "$data/node.yaml.new"
  # Whole or not at all, for a node that reads it while this runs again.
  mv "$data/node.yaml.new" "$data/node.yaml"
  # What this script made (the folder, key, membership, config) goes to the node user; the node's own files are its already.
  find "$data" -maxdepth 1 -user 0 -exec chown 1000:1000 {} +
  echo "init: $role $node_id: node $name"
}

mkdir -p "$OPERATOR/domains" "$DIRECTORY"

# Keys first, all at once: each gdp command costs about a second of start-up.
pids=
for d in $DOMAINS; do make_domain "$d" & pids="$pids $!"; done
for node_id in $(topology | awk '{ print $1 }'); do make_node_key "$node_id" & pids="$pids $!"; done
for pid in $pids; do wait "$pid"; done
echo "init: domains root $(domain_name root), a $(domain_name a), b $(domain_name b)"

topology | while read -r node_id role upstream domain parent trusts; do
  write_node "$node_id" "$role" "$upstream" "$domain" "$parent" "$trusts"
done

topology | while read -r node_id _; do
  var=$(env_name "$node_id")
  peer=$(awk '$1 == "peer" { print $2 }' "$IDENTITIES/$node_id")
  echo "${var}_NAME=$(awk '$1 == "node" { print $2 }' "$IDENTITIES/$node_id")"
  echo "${var}_TCP=/dns4/$node_id/tcp/$TCP_PORT/p2p/$peer"
  echo "${var}_WS=/dns4/$node_id/tcp/$WS_PORT/ws/p2p/$peer"
done > "$ENV_FILE.new"
chmod 644 "$ENV_FILE.new"
mv "$ENV_FILE.new" "$ENV_FILE"
rm -rf "$IDENTITIES"
echo "init: wrote $ENV_FILE"
