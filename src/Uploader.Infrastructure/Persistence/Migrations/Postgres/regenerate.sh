#!/usr/bin/env bash
# Regenerates PostgreSQL's migrations set as one Initial migration from the current model (docs/adr/0009). Run it after
# a change of the model until PostgreSQL is released; afterwards add migrations to this set one by one, as for SQLite:
#   dotnet dotnet-ef migrations add Name --context PostgresUploaderDbContext --project src/Uploader.Infrastructure \
#     -o Persistence/Migrations/Postgres
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../../.." && pwd)"
cd "$root"
here=src/Uploader.Infrastructure/Persistence/Migrations/Postgres
find "$here" -maxdepth 1 -name '*.cs' -delete
dotnet tool restore >/dev/null
dotnet dotnet-ef migrations add Initial --context PostgresUploaderDbContext --project src/Uploader.Infrastructure \
  -o Persistence/Migrations/Postgres
dotnet dotnet-ef migrations has-pending-model-changes --context PostgresUploaderDbContext --project src/Uploader.Infrastructure
