#!/usr/bin/env bash
# The Debian packages that the README's commands need beyond npm, in one place, and the one
# step that provides them: `npm test` (pretest), `npm run notebook` and .ci/run all call it.
#
#   bash scripts/system-packages.sh <group>...     groups: test, notebook
#
# Each package is checked with dpkg. Missing ones are installed with apt-get (as root, or
# through sudo when it needs no password); otherwise one line names the exact command to run
# and the script exits 1, so a missing package never shows up as a wall of failing tests.
# COHORTLAB_SYSTEM_PACKAGES="a b" replaces the list (the test of this script uses it);
# COHORTLAB_SYSTEM_INSTALL=0 only checks.
set -uo pipefail

# Report's browser test: Debian's Chromium. WebGPU k-means kernels on the CPU: Mesa's EGL/GLES
# (llvmpipe). Distributed-engine tests: ClickHouse. Notebooks under a real Jupyter kernel:
# nbconvert / nbclient / ipykernel (the tslab kernel itself comes from npm).
JUPYTER_RUN="jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel"
declare -A GROUPS_OF=(
  [test]="chromium libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri clickhouse-server clickhouse-client $JUPYTER_RUN"
  [notebook]="$JUPYTER_RUN jupyter-notebook"
)

if [ $# -eq 0 ]; then
  echo "usage: bash scripts/system-packages.sh <group>... (groups: ${!GROUPS_OF[*]})" >&2
  exit 2
fi
declare -A COMMAND_OF=([test]="npm test" [notebook]="npm run notebook")
what=""
for group in "$@"; do what="${what:+$what and }${COMMAND_OF[$group]:-$group}"; done
wanted="${COHORTLAB_SYSTEM_PACKAGES:-}"
if [ -z "$wanted" ]; then
  for group in "$@"; do
    if [ -z "${GROUPS_OF[$group]+set}" ]; then
      echo "cohortlab: unknown package group '$group' (groups: ${!GROUPS_OF[*]})" >&2
      exit 2
    fi
    wanted="$wanted ${GROUPS_OF[$group]}"
  done
fi

if ! command -v dpkg >/dev/null 2>&1; then
  echo "cohortlab: cannot check system packages here (no dpkg); $what uses the Debian packages:$wanted" >&2
  exit 1
fi

missing=""
for p in $wanted; do
  case " $missing " in *" $p "*) continue ;; esac
  dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
missing="${missing# }"
command_line="sudo apt-get install -y $missing"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="none"; fi
fi
if [ "${COHORTLAB_SYSTEM_INSTALL:-1}" = "0" ] || [ "$SUDO" = "none" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "cohortlab: Debian packages for $what are not installed; run: $command_line" >&2
  exit 1
fi

echo "cohortlab: installing Debian packages for $what: $missing" >&2
log="$(mktemp)"
apt_install() { DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >"$log" 2>&1; }
# Try without refreshing the package lists first (fast when they are recent), then refresh.
if ! apt_install; then
  $SUDO apt-get update -qq >>"$log" 2>&1
  if ! apt_install; then
    reason="$(grep -m1 -E '^E: ' "$log" | cut -c4-)"
    rm -f "$log"
    echo "cohortlab: apt-get could not install $missing (${reason:-see the output of apt-get}); run: $command_line" >&2
    exit 1
  fi
fi
rm -f "$log"
exit 0
