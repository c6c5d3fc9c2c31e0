#!/usr/bin/env bash
# CI step: the Prometheus alert rules (monitoring/alerts.yml) are valid and their rule tests pass
# (monitoring/alerts.test.yml: synthetic series that must fire, healthy ones that must stay quiet).
# promtool ships in Debian's `prometheus` package; installed here if missing (~10 s on the CI image; as root, or
# with sudo when there is one).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v promtool >/dev/null; then
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
promtool --version | head -1
promtool check rules monitoring/alerts.yml
promtool test rules monitoring/alerts.test.yml
