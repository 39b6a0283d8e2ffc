/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Chromium + gstwebrtc-api (npm 3.0.0) through
 * gst-securertc-signalling-server over wss://, with a securepeerbin:
 *  - ?producer=NAME: consumes the securepeerbin producer whose meta.name is
 *    NAME (frames decoded here);
 *  - ?mode=produce: produces the fake camera and microphone for a
 *    securepeerbin consumer (frames encoded and sent here).
 * Reports one line "SECUREPEER-VERDICT {json}" on the console
 * (securepeer-browser.sh reads Chromium's log), with the transport's
 * DTLS/SRTP ciphers. */

import GstWebRTCAPI from "./gstwebrtc-api.esm.js";

const params = new URLSearchParams(location.search);
const wanted = params.get("producer");
const wssUrl = `wss://${location.host}/`;
let done = false;

function verdict(result) {
  if (done) return;
  done = true;
  console.log("SECUREPEER-VERDICT " + JSON.stringify(result));
}

/* The browser's own candidates ("host 1b2c….local" when it hides its
 * addresses behind mDNS names). */
function localCandidates(stats) {
  const out = [];
  stats.forEach((s) => {
    if (s.type === "local-candidate")
      out.push(`${s.candidateType} ${s.address || s.ip || ""}`);
  });
  return out;
}

async function poll(session) {
  const pc = session.rtcPeerConnection;
  if (!pc) return;
  const stats = await pc.getStats();
  let frames = 0, audioPackets = 0, transport = null;
  stats.forEach((s) => {
    if (s.type === "inbound-rtp" && s.kind === "video")
      frames += s.framesDecoded || 0;
    if (s.type === "inbound-rtp" && s.kind === "audio")
      audioPackets += s.packetsReceived || 0;
    if (s.type === "transport")
      transport = s;
  });
  if (frames > 10 && audioPackets > 10 && transport) {
    verdict({ ok: true, framesDecoded: frames, audioPackets,
      dtlsState: transport.dtlsState, dtlsCipher: transport.dtlsCipher,
      srtpCipher: transport.srtpCipher, tlsVersion: transport.tlsVersion,
      localCandidates: localCandidates(stats) });
  }
}

function consume(producerId) {
  const session = api.createConsumerSession(producerId);
  session.addEventListener("error", (e) => verdict({ ok: false,
    error: "session error: " + (e.message || e.error) }));
  session.addEventListener("streamsChanged", () => {
    const video = document.getElementById("video");
    if (session.streams.length) {
      video.srcObject = session.streams[0];
      video.play().catch(() => {});
    }
  });
  session.connect();
  setInterval(() => poll(session).catch((e) => console.log("stats: " + e)),
    250);
}

const api = new GstWebRTCAPI({
  signalingServerUrl: wssUrl,
  meta: { name: "chromium-consumer" },
  reconnectionTimeout: 0,
});

async function pollProducer(client) {
  const pc = client.rtcPeerConnection;
  if (!pc) return;
  const stats = await pc.getStats();
  let frames = 0, audioPackets = 0, transport = null;
  stats.forEach((s) => {
    if (s.type === "outbound-rtp" && s.kind === "video")
      frames += s.framesEncoded || 0;
    if (s.type === "outbound-rtp" && s.kind === "audio")
      audioPackets += s.packetsSent || 0;
    if (s.type === "transport")
      transport = s;
  });
  if (frames > 10 && audioPackets > 10 && transport
      && transport.dtlsState === "connected") {
    verdict({ ok: true, framesEncoded: frames, audioPackets,
      dtlsState: transport.dtlsState, dtlsCipher: transport.dtlsCipher,
      srtpCipher: transport.srtpCipher, tlsVersion: transport.tlsVersion,
      localCandidates: localCandidates(stats) });
  }
}

async function produce() {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true,
    audio: true });
  const session = api.createProducerSession(stream);
  if (!session) {
    verdict({ ok: false, error: "cannot create a producer session" });
    return;
  }
  session.addEventListener("error", (e) => verdict({ ok: false,
    error: "producer error: " + e.message }));
  session.addEventListener("clientConsumerAdded", (e) => {
    const client = e.detail;
    setInterval(() => pollProducer(client).catch((x) =>
      console.log("stats: " + x)), 250);
  });
  session.start();
}

let started = false;
function check(producer) {
  if (!started && producer.meta && producer.meta.name === wanted) {
    started = true;
    consume(producer.id);
  }
}

api.registerConnectionListener({
  connected() {
    if (params.get("mode") === "produce") {
      if (!started) {
        started = true;
        produce().catch((e) => verdict({ ok: false, error: "" + e }));
      }
      return;
    }
    for (const p of api.getAvailableProducers()) check(p);
  },
  disconnected() {},
});
api.registerPeerListener({
  producerAdded(p) { if (params.get("mode") !== "produce") check(p); },
  producerRemoved() {},
});

setTimeout(() => verdict({ ok: false, error: "no media within 40 s" }),
  40000);
