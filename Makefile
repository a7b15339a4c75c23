# The two commands that matter are `make up` and `make test`; see README.md.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
DATA_DIR ?= $(CURDIR)/data
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

CLUSTER := $(DOTNET) src/Cluster/bin/$(CONFIG)/net10.0/cluster.dll

.PHONY: all deps build test up images bench bench-store bench-apiserver bench-runtime bench-controllers bench-scheduler bench-kubelet bench-network clean

all: build

## deps: install what is missing (Debian packages, as root); quiet and idempotent
deps:
	@scripts/install-deps.sh

## build: compile everything; warnings are errors
build:
	@scripts/quiet.sh $(DOTNET) build Cluster.sln -c $(CONFIG) --nologo -v quiet

## test: install what is missing, build, run every test, print "N passed, N failed"
test: deps build
	@scripts/run-tests.sh $(CONFIG)

## up: run a single-node cluster on the embedded store (API server on https://127.0.0.1:6443, controllers, scheduler, and
## the node agent running pods with runc as root), in the foreground; data and admin kubeconfig under ./data. The busybox
## test image is imported first, so `kubectl run x --image=busybox --image-pull-policy=IfNotPresent -- sleep 1d` runs offline.
up: deps build
	@$(CLUSTER) images build-busybox --out artifacts/images/busybox.tar >/dev/null
	@$(CLUSTER) images import artifacts/images/busybox.tar --data-dir $(DATA_DIR) >/dev/null
	@$(CLUSTER) server --data-dir $(DATA_DIR)

## images: build the busybox test image (from Debian's busybox-static) as an OCI layout tar in artifacts/images/
images: deps
	@scripts/quiet.sh $(DOTNET) build src/Cluster -c $(CONFIG) --nologo -v quiet
	@$(CLUSTER) images build-busybox --out artifacts/images/busybox.tar

## bench: every benchmark; bench-<area>: one of them. Results land in bench/results/<area>.json
bench: bench-store bench-apiserver bench-runtime bench-controllers bench-scheduler bench-kubelet bench-network

bench-store: deps
	@scripts/quiet.sh $(DOTNET) build bench/Store.Bench -c Release --nologo -v quiet
	@$(DOTNET) bench/Store.Bench/bin/Release/net10.0/Cluster.Store.Bench.dll --out bench/results/store.json

bench-apiserver: deps build
	@scripts/quiet.sh $(DOTNET) build bench/ApiServer.Bench -c Release --nologo -v quiet
	@$(DOTNET) bench/ApiServer.Bench/bin/Release/net10.0/Cluster.ApiServer.Bench.dll --out bench/results/apiserver.json $(BENCH_ARGS)

bench-runtime: deps build
	@scripts/quiet.sh $(DOTNET) build bench/Runtime.Bench -c Release --nologo -v quiet
	@$(DOTNET) bench/Runtime.Bench/bin/Release/net10.0/Cluster.Runtime.Bench.dll --out bench/results/runtime.json $(BENCH_ARGS)

bench-controllers: deps build
	@scripts/quiet.sh $(DOTNET) build bench/Controllers.Bench -c Release --nologo -v quiet
	@$(DOTNET) bench/Controllers.Bench/bin/Release/net10.0/Cluster.Controllers.Bench.dll --out bench/results/controllers.json $(BENCH_ARGS)

bench-scheduler: deps build
	@scripts/quiet.sh $(DOTNET) build bench/Scheduler.Bench -c Release --nologo -v quiet
	@$(DOTNET) bench/Scheduler.Bench/bin/Release/net10.0/Cluster.Scheduler.Bench.dll --out bench/results/scheduler.json $(BENCH_ARGS)

## bench-kubelet: a standalone `cluster agent` running real runc containers (as root; needs runc and iproute2)
bench-kubelet: deps build
	@scripts/quiet.sh $(DOTNET) build bench/Kubelet.Bench -c Release --nologo -v quiet
	@$(DOTNET) bench/Kubelet.Bench/bin/Release/net10.0/Cluster.Kubelet.Bench.dll --out bench/results/kubelet.json $(BENCH_ARGS)

## bench-network: the service proxy programming real iptables in scratch network namespaces (as root; needs iptables and iproute2)
bench-network: deps build
	@scripts/quiet.sh $(DOTNET) build bench/Network.Bench -c Release --nologo -v quiet
	@$(DOTNET) bench/Network.Bench/bin/Release/net10.0/Cluster.Network.Bench.dll --out bench/results/network.json $(BENCH_ARGS)

clean:
	@$(DOTNET) clean Cluster.sln -v quiet --nologo >/dev/null
	@rm -rf artifacts
