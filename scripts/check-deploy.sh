#!/usr/bin/env bash
# Checks the deploy files without a container engine or a cluster:
#   1. docker-compose.yml: `docker-compose config -q` (schema, interpolation, depends_on, anchors);
#   2. deploy/*.yaml: `kubernetes-validate --strict` against the Kubernetes OpenAPI schemas
#      (unknown fields are errors), every document of every manifest.
# Installs what is missing: Debian's docker-compose (apt-get) when no `docker-compose` is on
# PATH, and kubernetes-validate (PyPI) into .marquee/deploy-venv. Exits non-zero when any
# check fails, after running all of them, and names what failed.
# (Flags and env vars of the `marquee` invocations are checked against the built CLI by
# `swift test --filter DeployFilesTests`.)
set -uo pipefail

KUBERNETES_VALIDATE_VERSION=1.37.0
# The oldest and the newest Kubernetes this kubernetes-validate knows that we care about
# (it ships schemas for 1.25.0 … 1.37.0); override with KUBERNETES_VERSIONS="1.30.0 …".
KUBERNETES_VERSIONS="${KUBERNETES_VERSIONS:-1.29.0 1.37.0}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
failed=()

# --- tools ----------------------------------------------------------------------------------
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "installing docker-compose (Debian package)" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q docker-compose >/dev/null 2>&1; then
    $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q docker-compose >/dev/null \
      || { echo "FAIL: could not install docker-compose with apt-get" >&2; exit 1; }
  fi
fi

venv="$root/.marquee/deploy-venv"
validate="$venv/bin/kubernetes-validate"
if [ ! -x "$venv/bin/python" ]; then
  mkdir -p "$root/.marquee"
  python3 -m venv "$venv" >&2 || {
    echo "FAIL: python3 -m venv failed; on Debian/Ubuntu install python3-venv" >&2
    exit 1
  }
fi
installed="$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("kubernetes-validate"))' 2>/dev/null || true)"
if [ "$installed" != "$KUBERNETES_VALIDATE_VERSION" ]; then
  echo "installing kubernetes-validate==$KUBERNETES_VALIDATE_VERSION into .marquee/deploy-venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" >&2 \
    || { echo "FAIL: could not install kubernetes-validate from PyPI" >&2; exit 1; }
fi

# --- docker-compose.yml -----------------------------------------------------------------------
# Placeholders for the variables the file requires or interpolates; a real deployment sets them.
echo "== docker-compose config ($(docker-compose version --short 2>/dev/null || echo '?'))"
if output="$(env POSTGRES_PASSWORD=check-placeholder MARQUEE_ADMIN_TOKEN=check-placeholder \
  MARQUEE_CODE_VERSION=0000000000000000000000000000000000000000 \
  docker-compose -f docker-compose.yml --profile sample config -q 2>&1)"; then
  [ -n "$output" ] && echo "$output"
  echo "ok   docker-compose.yml"
else
  echo "$output"
  echo "FAIL docker-compose.yml"
  failed+=("docker-compose.yml")
fi
# Without MARQUEE_ADMIN_TOKEN the file must refuse to start rather than run admin routes open.
if env -u MARQUEE_ADMIN_TOKEN docker-compose -f docker-compose.yml config -q >/dev/null 2>&1; then
  echo "FAIL docker-compose.yml accepts a missing MARQUEE_ADMIN_TOKEN"
  failed+=("docker-compose.yml (MARQUEE_ADMIN_TOKEN not required)")
else
  echo "ok   docker-compose.yml requires MARQUEE_ADMIN_TOKEN"
fi

# --- deploy/*.yaml ----------------------------------------------------------------------------
echo "== kubernetes-validate $KUBERNETES_VALIDATE_VERSION --strict, Kubernetes $KUBERNETES_VERSIONS"
manifests=()
for file in deploy/*.yaml; do
  # experiment.yaml is the serve config (mounted by docker-compose), not a Kubernetes object.
  [ "$(basename "$file")" = "experiment.yaml" ] && continue
  manifests+=("$file")
done
if [ ${#manifests[@]} -eq 0 ]; then
  echo "FAIL no manifests in deploy/"
  failed+=("deploy/ (empty)")
fi
for file in "${manifests[@]}"; do
  for version in $KUBERNETES_VERSIONS; do
    # One line per document; non-zero on an invalid document. An unknown kind or apiVersion
    # (a typo) is only a warning there ("Couldn't find schema"), so it is made a failure here.
    if output="$("$validate" --strict -k "$version" "$file" 2>&1)" \
      && ! grep -q "Couldn't find schema" <<<"$output"; then
      echo "ok   $file (Kubernetes $version)"
    else
      echo "$output" | sed 's/^/     /'
      echo "FAIL $file (Kubernetes $version)"
      failed+=("$file@$version")
    fi
  done
done

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "check-deploy: ${#failed[@]} failed: ${failed[*]}"
  exit 1
fi
echo "check-deploy: all deploy files valid"
