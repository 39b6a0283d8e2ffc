/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Loaded from the signalling server's --web-root (same HTTPS origin). Uses
 * the npm package gstwebrtc-api (its ESM dist file, copied next to this page
 * by run.sh) to connect over wss:// as a listener, and waits until the
 * producer registered by our C client (meta.name = ?producer=NAME) shows up
 * in its producer list.
 *
 * The verdict is reported back through the signalling server itself: a
 * second, plain WebSocket registers as a listener whose meta carries
 * {"browserTestResult": {...}}, which the C test helper is listening for. */

import GstWebRTCAPI from "./gstwebrtc-api.esm.js";

const params = new URLSearchParams(location.search);
const wanted = params.get("producer");
const wssUrl = `wss://${location.host}/`;
const log = (s) => { document.getElementById("log").textContent += s + "\n"; };

let reported = false;
let clientId = null;

function report(result) {
  if (reported) return;
  reported = true;
  result.clientId = clientId;
  result.userAgent = navigator.userAgent;
  log("report: " + JSON.stringify(result));
  const ws = new WebSocket(wssUrl);
  ws.onmessage = (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.type === "welcome") {
      ws.send(JSON.stringify({
        type: "setPeerStatus", roles: ["listener"],
        meta: { browserTestResult: result },
      }));
    }
  };
}

function check(producer) {
  log("producer: " + producer.id + " " + JSON.stringify(producer.meta));
  if (producer.meta && producer.meta.name === wanted) {
    report({ ok: true, sawProducer: producer.id, meta: producer.meta });
  }
}

const api = new GstWebRTCAPI({
  signalingServerUrl: wssUrl,
  meta: { name: "chromium-gstwebrtc-api-listener" },
  reconnectionTimeout: 0,
});

api.registerConnectionListener({
  connected(id) {
    clientId = id;
    log("connected as " + id);
    for (const p of api.getAvailableProducers()) check(p);
  },
  disconnected() { log("disconnected"); },
});

api.registerPeerListener({
  producerAdded(p) { check(p); },
  producerRemoved(p) { log("producer removed: " + p.id); },
});

setTimeout(() => report({ ok: false, error: "no producer named " + wanted + " within 30 s" }),
  30000);
