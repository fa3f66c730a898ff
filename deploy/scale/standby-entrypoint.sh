#!/bin/bash
# The streaming hot standby of the compose `scale` profile: on its first start it copies the primary
# (pg_basebackup -R writes standby.signal and primary_conninfo), then runs as a read-only hot standby.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h pg-primary -U "$POSTGRES_USER"; do sleep 1; done
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h pg-primary -U replicator -D "$PGDATA" -R -X stream -P
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on
