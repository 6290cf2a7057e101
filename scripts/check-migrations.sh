#!/bin/sh
# Fails when prisma/schema.prisma and prisma/migrations disagree (a schema change without its migration).
set -e
export CHECKPOINT_DISABLE=1
npx prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --script --exit-code >/dev/null || {
  echo "prisma/schema.prisma has changes that no migration holds: run 'npm run db:new-migration -- <name>'" >&2
  exit 1
}
echo "schema and migrations agree"
