#!/bin/sh
# Prints the SQL that would bring prisma/migrations up to prisma/schema.prisma, and exits 2 when
# there is any (0 when they agree). Tables Prisma's schema cannot describe (SQLite FTS5 virtual
# tables, named *Search, and their shadow tables) are created by hand in migrations; Prisma sees
# them as drift and would drop them, so those statements are filtered out here.
export CHECKPOINT_DISABLE=1
raw="$(mktemp)"
npx prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --script >"$raw" 2>/dev/null
status=$?
if [ "$status" -ne 0 ]; then rm -f "$raw"; exit "$status"; fi
# Statements come in blocks separated by blank lines; drop the blocks that touch a *Search table.
awk 'BEGIN { RS = ""; ORS = "\n\n" } !/"[A-Za-z]+Search(_[a-z]+)?"/' "$raw" >"$raw.kept"
rm -f "$raw"
if grep -qv '^\(--.*\)\?$' "$raw.kept"; then cat "$raw.kept"; rm -f "$raw.kept"; exit 2; fi
rm -f "$raw.kept"
exit 0
