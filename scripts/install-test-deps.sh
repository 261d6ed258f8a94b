#!/usr/bin/env bash
# Installs what the tests need beyond Swift: Python test packages, the PostgreSQL server and client, and nginx
# (the cluster test's load balancer).
set -euo pipefail
python3 -m pip install --quiet --disable-pip-version-check pytest openapi-spec-validator playwright openpyxl schemathesis aiosmtpd opentelemetry-proto
# The notification smoke tests make a self-signed certificate for their STARTTLS server with the openssl CLI.
if ! command -v openssl >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq openssl
fi
# The dashboard's browser tests drive Debian's Chromium (never `playwright install`: no download site is reachable).
if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium
fi
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || ! command -v psql >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql-15 postgresql-client-15 || apt-get install -y -qq postgresql postgresql-client
fi
# The cluster test (Tests/cluster, scripts/cluster.sh) puts Debian's nginx in front of its instances.
if [ ! -x /usr/sbin/nginx ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nginx
  # The package starts its own nginx on port 80; the tests run theirs with their own configuration.
  [ -f /run/nginx.pid ] && /usr/sbin/nginx -s quit || true
fi
