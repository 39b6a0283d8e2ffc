#!/bin/sh
# Installs the Debian 12 packages gst-securertc needs to build, test and run its demo.
# Works as root or as a user with sudo. Idempotent.
set -eu

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
fi

PACKAGES="
  build-essential meson ninja-build pkg-config gettext clang libclang-rt-14-dev
  libglib2.0-dev libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  libgstreamer-plugins-bad1.0-dev
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-bad gstreamer1.0-nice
  libsrtp2-dev libssl-dev openssl
  libnice-dev libsoup-3.0-dev libjson-glib-dev
  iproute2 procps python3-gi gir1.2-gstreamer-1.0 gir1.2-gst-plugins-base-1.0
  dbus-daemon
  chromium
  nftables
  coturn
"
# Browser test (tests/browser): npm for gstwebrtc-api. Debian's nodejs/npm unless a
# Node.js with its own npm (e.g. NodeSource) is already there.
if ! command -v npm >/dev/null 2>&1; then
  PACKAGES="$PACKAGES nodejs npm"
fi

missing=
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  echo "gst-securertc: installing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -q --no-install-recommends $missing
else
  echo "gst-securertc: all Debian packages already installed"
fi
