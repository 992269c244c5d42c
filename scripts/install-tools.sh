#!/usr/bin/env bash
# Installs the real tools the interop and benchmark scripts run the quest
# against: nginx (a reference server), wrk and ab (load generators), curl
# (a reference client), GNU time (peak memory). Debian/Ubuntu; needs root.
#
#   sudo bash scripts/install-tools.sh
set -euo pipefail

need=()
command -v nginx >/dev/null || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
command -v ab >/dev/null || need+=(apache2-utils)
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
[ -x /usr/bin/time ] || need+=(time)

if [ ${#need[@]} -eq 0 ]; then
    echo "install-tools: nginx, wrk, ab, curl, python3 and time are all present"
    exit 0
fi
echo "install-tools: installing ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
