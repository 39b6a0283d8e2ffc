# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""consentvideosrc / consentaudiosrc with consent-provider=terminal.

gst-launch-1.0 runs on the slave side of a pseudo-terminal (its controlling
terminal), we read the prompt on the master side and type the answer, like
a person would: y, a, n, and nothing at all. Also: no controlling terminal,
the store provider with the grant remembered by "a", and the tool revoking
it. Every run is bounded in time and killed by PID if it overstays.
"""

import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BUILD = os.environ["SECURERTC_BUILD_ROOT"]
TOOL = os.path.join(BUILD, "tools", "consent", "gst-securertc-consent")
RUN_LIMIT = 20.0
PROMPT = re.compile(rb"Allow gst-launch-1\.0 to use the (camera|microphone) "
                    rb"(\S+)\? \[y\]es once / \[a\]lways / \[N\]o")
STATE_OF_DEVICE = re.compile(rb'from element "(videotestsrc|audiotestsrc)\d+" '
                             rb'\(state-changed\)')

failures = []
tmp = tempfile.mkdtemp(prefix="consent-terminal-")
env = dict(os.environ, XDG_CONFIG_HOME=tmp, LC_ALL="C", LANG="C",
           GST_PLUGIN_LOADING_WHITELIST="gstreamer:gst-plugins-base:gst-securertc")
# Under ASan the system's (uninstrumented) gst-launch-1.0 loads our
# instrumented plugin: preload the runtime; its own leaks are not ours.
launch_env = dict(env)
if os.environ.get("SECURERTC_PRELOAD"):
    launch_env["LD_PRELOAD"] = os.environ["SECURERTC_PRELOAD"]
    launch_env["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=1"


def pipeline(kind, timeout_ms=None, provider="terminal", buffers=10):
    if kind == "camera":
        elem, dev = "consentvideosrc", "videotestsrc is-live=true num-buffers=%d" % buffers
    else:
        elem, dev = "consentaudiosrc", "audiotestsrc is-live=true num-buffers=%d" % buffers
    args = ["gst-launch-1.0", "-m", elem, "consent-provider=" + provider,
            "device-source=" + dev]
    if timeout_ms is not None:
        args.append("consent-timeout=%d" % timeout_ms)
    return args + ["!", "fakesink"]


def run_in_pty(args, answer):
    """Runs args on a pty; types `answer` (None: types nothing) after the
    prompt. Returns (exit status, everything written before the answer,
    whole output)."""
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvpe(args[0], args, launch_env)
        finally:
            os._exit(127)
    out = b""
    before = None
    deadline = time.monotonic() + RUN_LIMIT
    status = None
    try:
        while time.monotonic() < deadline:
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    data = b""
                if not data:
                    break
                out += data
            if before is None and PROMPT.search(out):
                # give the pipeline time to do anything it should not
                settle = time.monotonic() + 0.5
                while time.monotonic() < settle:
                    r, _, _ = select.select([fd], [], [], 0.05)
                    if r:
                        try:
                            out += os.read(fd, 65536)
                        except OSError:
                            break
                before = out
                if answer is not None:
                    os.write(fd, answer)
        _, st = os.waitpid(pid, 0) if time.monotonic() < deadline else (0, None)
        status = st
    finally:
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    code = None if status is None else os.waitstatus_to_exitcode(status)
    return code, before, out


def check(name, cond, detail=b""):
    if cond:
        print("ok - " + name)
    else:
        print("FAIL - " + name)
        if detail:
            sys.stdout.write(detail.decode(errors="replace")[-3000:] + "\n")
        failures.append(name)


def no_device_before(name, before, out):
    check(name + ": prompt shown", before is not None, out)
    if before is not None:
        check(name + ": device untouched before the answer",
              not STATE_OF_DEVICE.search(before), before)


def store_file():
    return os.path.join(tmp, "gst-securertc", "consent.ini")


# y: granted once -> frames flow, EOS after num-buffers, nothing remembered
for kind in ("camera", "microphone"):
    code, before, out = run_in_pty(pipeline(kind), b"y\n")
    no_device_before("y/" + kind, before, out)
    check("y/%s: exits 0" % kind, code == 0, out)
    check("y/%s: in-use announced" % kind,
          b"consent-device, in-use=(boolean)true" in out, out)
    check("y/%s: EOS reached" % kind, b"Got EOS" in out, out)
    check("y/%s: nothing remembered" % kind, not os.path.exists(store_file()))

# n: denied -> error, no frame, device never left NULL
code, before, out = run_in_pty(pipeline("camera"), b"n\n")
no_device_before("n", before, out)
check("n: exits non-zero", code not in (0, None), out)
check("n: says denied", b"Permission to use the camera was denied" in out, out)
check("n: device never opened", not STATE_OF_DEVICE.search(out), out)

# empty line = default No
code, before, out = run_in_pty(pipeline("camera"), b"\n")
check("enter: exits non-zero", code not in (0, None), out)
check("enter: device never opened", not STATE_OF_DEVICE.search(out), out)

# nothing: the timeout denies, and gst-launch exits by itself
t0 = time.monotonic()
code, before, out = run_in_pty(pipeline("camera", timeout_ms=1500), None)
elapsed = time.monotonic() - t0
no_device_before("nothing", before, out)
check("nothing: exits non-zero", code not in (0, None), out)
check("nothing: after the timeout (%.1fs)" % elapsed, 1.4 < elapsed < 15, out)
check("nothing: says nobody answered", b"Nobody answered" in out, out)
check("nothing: device never opened", not STATE_OF_DEVICE.search(out), out)

# no controlling terminal: denied at once, clear message, no hang
t0 = time.monotonic()
p = subprocess.run(pipeline("camera"), env=launch_env, stdin=subprocess.DEVNULL,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                   start_new_session=True, timeout=RUN_LIMIT)
check("no tty: exits non-zero", p.returncode != 0, p.stdout)
check("no tty: fails fast (%.1fs)" % (time.monotonic() - t0),
      time.monotonic() - t0 < 10, p.stdout)
check("no tty: clear message", b"There is no terminal" in p.stdout, p.stdout)
check("no tty: device never opened", not STATE_OF_DEVICE.search(p.stdout), p.stdout)

# a: granted always -> remembered; the store provider then opens at once
code, before, out = run_in_pty(pipeline("camera"), b"a\n")
no_device_before("a", before, out)
check("a: exits 0", code == 0, out)
check("a: remembered", os.path.exists(store_file()))
p = subprocess.run(pipeline("camera", provider="store"), env=launch_env,
                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT, start_new_session=True,
                   timeout=RUN_LIMIT)
check("store after a: exits 0 without asking",
      p.returncode == 0 and not PROMPT.search(p.stdout), p.stdout)
p = subprocess.run([TOOL, "list"], env=env, capture_output=True, timeout=RUN_LIMIT)
check("tool list shows the grant",
      p.returncode == 0 and b"gst-launch-1.0\tcamera\tvideotestsrc" in p.stdout,
      p.stdout + p.stderr)
p = subprocess.run([TOOL, "revoke", "gst-launch-1.0", "videotestsrc"], env=env,
                   capture_output=True, timeout=RUN_LIMIT)
check("tool revoke", p.returncode == 0, p.stdout + p.stderr)
p = subprocess.run(pipeline("camera", provider="store"), env=launch_env,
                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT, start_new_session=True,
                   timeout=RUN_LIMIT)
check("store after revoke: denied at once",
      p.returncode != 0 and b"No remembered permission" in p.stdout, p.stdout)
p = subprocess.run([TOOL, "revoke", "gst-launch-1.0"], env=env,
                   capture_output=True, timeout=RUN_LIMIT)
check("tool revoke of nothing fails", p.returncode != 0, p.stdout + p.stderr)
p = subprocess.run([TOOL, "frobnicate"], env=env, capture_output=True,
                   timeout=RUN_LIMIT)
check("tool rejects unknown command", p.returncode == 2, p.stdout + p.stderr)

# bad input: unknown provider value
p = subprocess.run(["gst-launch-1.0", "consentvideosrc", "consent-provider=bogus",
                    "!", "fakesink"], env=launch_env, stdin=subprocess.DEVNULL,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                   start_new_session=True, timeout=RUN_LIMIT)
check("unknown provider: exits non-zero", p.returncode != 0, p.stdout)
check("unknown provider: names the property", b"consent-provider" in p.stdout,
      p.stdout)

shutil.rmtree(tmp, ignore_errors=True)
print("%d failure(s)" % len(failures))
sys.exit(1 if failures else 0)
