#!/bin/sh
# Fails when prisma/schema.prisma and prisma/migrations disagree (a schema change without its migration).
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
echo "schema and migrations agree"
