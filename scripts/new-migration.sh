#!/bin/sh
# Creates prisma/migrations/<UTC timestamp>_<name>/migration.sql from the schema change, offline, and
# its PostgreSQL twin in prisma-pg/migrations/ (regenerating prisma-pg/schema.prisma first).
# (`prisma migrate dev --create-only` needs a binary engine we cannot download.)
# usage: npm run db:new-migration -- <name>
set -e
name="$1"
if [ -z "$name" ]; then echo "usage: npm run db:new-migration -- <name>" >&2; exit 2; fi
npx tsx scripts/pg-schema.ts >/dev/null
stamp="$(date -u +%Y%m%d%H%M%S)_$name"
sql="$(mktemp)"
# The new folder must not exist while diffing: an empty migration folder makes the diff fail (P3015).
set +e
sh scripts/migration-diff.sh >"$sql"
status=$?
set -e
if [ "$status" -eq 0 ]; then echo "SQLite: schema unchanged, no migration needed"; rm -f "$sql"
elif [ "$status" -ne 2 ]; then rm -f "$sql"; exit "$status"
else
  folder="prisma/migrations/$stamp"
  mkdir -p "$folder"
  mv "$sql" "$folder/migration.sql"
  echo "wrote $folder/migration.sql"
fi
npx tsx scripts/pg-migration-diff.ts --write "$stamp"
