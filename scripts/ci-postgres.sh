#!/usr/bin/env bash
# Sets up the PostgreSQL servers the PG suite (`npm run test:pg`) runs against: two clusters on two ports, each
# with max_prepared_transactions > 0 (2PC needs it) and password auth over TCP. The participants are spread over
# both servers (test/server/pg-config.ts), the scale-out path of docs/commit.md. Run as root. Idempotent.
# TOOLCHAIN.md recipe; apt cannot start services here (policy-rc.d), so the clusters are started with pg_ctlcluster.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
PORTS="${QFS_PG_PORTS:-5435 5436}"
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
V=$(ls /usr/lib/postgresql | sort -n | tail -1)
i=0
for PORT in $PORTS; do
  i=$((i + 1))
  NAME="qfs$i"
  pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$V $NAME" ||
    pg_createcluster "$V" "$NAME" -p "$PORT" -o max_prepared_transactions=32 >/dev/null
  # A cluster made before this script set the option keeps it through conf.d (Debian's include_dir).
  echo "max_prepared_transactions = 32" >"/etc/postgresql/$V/$NAME/conf.d/qfs-2pc.conf"
  pg_ctlcluster "$V" "$NAME" start 2>/dev/null || pg_ctlcluster "$V" "$NAME" status >/dev/null
  su postgres -c "psql -p $PORT -qc \"ALTER USER postgres PASSWORD 'postgres'\""
  echo "postgres $V cluster $NAME on 127.0.0.1:$PORT (max_prepared_transactions=$(su postgres -c "psql -p $PORT -tAc 'show max_prepared_transactions'"))"
done
