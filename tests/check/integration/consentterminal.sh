#!/bin/bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# consent-provider=terminal driven through a real pseudo-terminal, plus the
# store and the gst-securertc-consent tool, all with gst-launch-1.0.
set -eu
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec /usr/bin/python3 "$here/consentterminal.py"
