#!/bin/sh
# Installs the system libraries pip cannot bring, when they are missing.
#   system-deps.sh run   -> OpenAL Soft, Mesa EGL (and python3-venv)
#   system-deps.sh test  -> the same plus Xvfb for the desktop-window tests
# As root it runs apt-get; otherwise it prints the exact command and, for tests, fails.
set -u
mode="${1:-run}"
missing=""

has_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }

has_lib 'libopenal\.so\.1' || missing="$missing libopenal1"
has_lib 'libEGL\.so\.1' || missing="$missing libegl1"
found_dri=""
for f in /usr/lib/*/dri/swrast_dri.so /usr/lib/dri/swrast_dri.so; do
  [ -e "$f" ] && found_dri=1
done
[ -n "$found_dri" ] || missing="$missing libgl1-mesa-dri"
has_lib 'libEGL_mesa\.so\.0' || missing="$missing libegl-mesa0"
has_lib 'libsndfile\.so\.1' || true  # soundfile ships its own libsndfile wheel
python3 -c 'import ensurepip' >/dev/null 2>&1 || missing="$missing python3-venv"
if [ "$mode" = "test" ]; then
  command -v Xvfb >/dev/null 2>&1 || missing="$missing xvfb"
  command -v xauth >/dev/null 2>&1 || missing="$missing xauth"
fi

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "vrasmr: installing system packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
    echo "vrasmr: apt-get could not install:$missing" >&2
    exit 1
  }
  exit 0
fi

echo "vrasmr: missing system packages:$missing"
echo "        install them with: sudo apt-get install$missing"
[ "$mode" = "test" ] && exit 1
exit 0
