#!/usr/bin/env bash
# Sets up the PostgreSQL servers the PG suite (`npm run test:pg`) runs against: two clusters on two ports with
# max_prepared_transactions > 0 (2PC needs it), the participants spread over both (test/server/pg/pg-env.ts) —
# the scale-out path of docs/commit.md — and a third with max_prepared_transactions = 0, on which the suite checks
# that a participant refuses to start with a named error. Password auth over TCP (postgres/postgres). Run as root;
# idempotent. TOOLCHAIN.md recipe: apt cannot start services here (policy-rc.d), so pg_ctlcluster starts them.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
# name:port:max_prepared_transactions
CLUSTERS="qfs1:5435:32 qfs2:5436:32 qfs0:5437:0"
# strace: the system suite counts fsyncs with it (test/server/system/fsync.strace.test.ts).
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v strace >/dev/null; then
  apt-get update -qq && apt-get install -y -qq postgresql strace >/dev/null
fi
V=$(ls /usr/lib/postgresql | sort -n | tail -1)
for C in $CLUSTERS; do
  IFS=: read -r NAME PORT MPT <<<"$C"
  pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$V $NAME" || pg_createcluster "$V" "$NAME" -p "$PORT" >/dev/null
  # Through conf.d (Debian's include_dir), so a cluster made earlier gets the setting too; a change needs a restart.
  echo "max_prepared_transactions = $MPT" >"/etc/postgresql/$V/$NAME/conf.d/qfs-2pc.conf"
  if pg_ctlcluster "$V" "$NAME" status >/dev/null 2>&1; then
    [ "$(su postgres -c "psql -p $PORT -tAc 'show max_prepared_transactions'")" = "$MPT" ] || pg_ctlcluster "$V" "$NAME" restart
  else
    pg_ctlcluster "$V" "$NAME" start
  fi
  su postgres -c "psql -p $PORT -qc \"ALTER USER postgres PASSWORD 'postgres'\""
  echo "postgres $V cluster $NAME on 127.0.0.1:$PORT, max_prepared_transactions=$(su postgres -c "psql -p $PORT -tAc 'show max_prepared_transactions'")"
done
