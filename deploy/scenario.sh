#!/bin/sh
# The compose testnet's edge client (deploy/docker-compose.yml, service
# `scenario`): an append in routing domain a, read back and verified from
# routing domain b.
#
#   1. A new owner key; a capsule created on a-server through a-router, over
#      WebSocket (the writer is a device at the edge of domain a).
#   2. Records appended through a-router; a-server acknowledges them signed.
#   3. From domain b, through b-router: the records read back (the route goes
#      b-router -> root-router -> a-router -> a-server), each checked by the
#      client against the writer's signed heartbeat, compared with what was
#      appended, then the whole capsule fetched and verified.
#
# Exit 0 when all of it holds; prints what it verified. Names and addresses
# come from testnet.env, which the init service writes.
set -eu

# shellcheck source=/dev/null # written by the init service when the testnet starts
. /directory/testnet.env
export GDP_DATA=/tmp/edge
RECORDS="hello from domain a
second record
third record"
# Routes spread by announcements after the create: a read from the other
# domain may find none for a moment. Retried once a second, this long at most.
ROUTE_WAIT_SECONDS=30

now_ms () { node -p 'Date.now()'; }
step_started=$(now_ms)
# say <what was done>: prints it with the time it took since the previous one.
say () {
  now=$(now_ms)
  echo "scenario: $* ($((now - step_started)) ms)"
  step_started=$now
}

# retry <command...>: runs it until it succeeds, while what it reports is a missing route.
retry () {
  tries=0
  while :; do
    if out=$("$@" 2> /tmp/edge-stderr); then echo "$out"; return 0; fi
    tries=$((tries + 1))
    if ! grep -q NO_ROUTE /tmp/edge-stderr || [ "$tries" -ge "$ROUTE_WAIT_SECONDS" ]; then
      cat /tmp/edge-stderr >&2
      return 1
    fi
    echo "scenario: no route yet ($(tail -1 /tmp/edge-stderr | cut -c1-100)); again in 1 s" >&2
    sleep 1
  done
}

started=$step_started
gdp keys generate --force > /dev/null
C=$(retry gdp capsule create --node "$A_ROUTER_WS" --server "$A_SERVER_NAME")
say "created capsule $C on a-server ($A_SERVER_NAME), domain a, through a-router over WebSocket"

echo "$RECORDS" | gdp capsule append "$C" --lines --node "$A_ROUTER_TCP" > /dev/null
say "appended $(echo "$RECORDS" | wc -l) records through a-router, acknowledged by a-server"

# Each record is checked by the reading client against the writer's signed heartbeat.
records=$(retry gdp capsule read "$C" --node "$B_ROUTER_TCP")
read_back=$(echo "$records" | cut -f 3)
if [ "$read_back" != "$RECORDS" ]; then
  echo "scenario: MISMATCH: appended in domain a:"; echo "$RECORDS"
  echo "scenario: read from domain b:"; echo "$read_back"
  exit 1
fi
say "read them back from domain b through b-router, each record verified against the writer's heartbeat, equal to what was appended"
echo "scenario: first verified cross-domain read at $step_started (epoch ms), $((step_started - started)) ms after the scenario started"

summary=$(gdp capsule verify "$C" --node "$B_ROUTER_TCP")
say "verified the whole capsule from domain b: $summary"
echo "scenario: PASS"
