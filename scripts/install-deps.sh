#!/usr/bin/env bash
# Installs what the build and tests need and the machine lacks, from Debian packages. Idempotent and quiet:
# it prints only what it installs. Runs as root (or through sudo when available).
set -euo pipefail

# command -> Debian package
declare -A needed=(
  [etcd]=etcd-server
  [runc]=runc                        # the kubelet's container runtime
  [busybox]=busybox-static           # the small test image (make images)
  [docker-registry]=docker-registry  # a real OCI registry on loopback for image pull tests
  [ip]=iproute2                      # pod networking: bridge, veth pairs, network namespaces
  [iptables-restore]=iptables        # pod networking: masquerade and hostPort DNAT
  [gcc]=build-essential              # the linker NativeAOT uses for cluster-shim (gcc, libc6-dev)
)

missing=()
for cmd in "${!needed[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${needed[$cmd]}")
done

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-deps: the .NET SDK (dotnet) is not on PATH; install .NET 10 first" >&2
  exit 1
fi

[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
# Debian's packages may try to start their services; our tests start their own instances on free ports.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
