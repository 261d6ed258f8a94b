#!/usr/bin/env bash
# Installs what the tests need beyond Swift: Python test packages, and the PostgreSQL server and client.
set -euo pipefail
python3 -m pip install --quiet --disable-pip-version-check pytest openapi-spec-validator playwright openpyxl schemathesis aiosmtpd
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
