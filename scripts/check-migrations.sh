#!/bin/sh
# Fails when a schema and its migrations disagree (a schema change without its migration), on either
# database, or when prisma-pg/schema.prisma is no longer what prisma/schema.prisma generates.
sh scripts/migration-diff.sh >/dev/null
status=$?
if [ "$status" -eq 2 ]; then
  echo "prisma/schema.prisma has changes that no migration holds: run 'npm run db:new-migration -- <name>'" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "could not compare the schema with the migrations (exit $status)" >&2
  exit "$status"
fi
echo "SQLite: schema and migrations agree"
npx tsx scripts/pg-schema.ts --check || exit 1
npx tsx scripts/pg-migration-diff.ts >/dev/null
status=$?
if [ "$status" -eq 2 ]; then
  echo "prisma-pg/schema.prisma has changes that no PostgreSQL migration holds: run 'npm run db:new-migration -- <name>'" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "could not compare the PostgreSQL schema with its migrations (exit $status)" >&2
  exit "$status"
fi
echo "PostgreSQL: schema and migrations agree"
