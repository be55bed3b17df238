/* 智聘 interview room: recording → transcript (issue 22). After the candidate's consent is stored, "开始录音"
   records the microphone with MediaRecorder in chunks of data-chunk-seconds (15 s): each chunk is its own
   recorder, stopped and restarted, so every upload is a complete audio file an ASR server can decode alone.
   Chunks are uploaded as they come with their sequence number (a retry is the same chunk on the server), and
   with the question whose notes the interviewer last touched, so the transcript lands under it. After each
   upload the transcript poller (htmx) is woken; it keeps polling while chunks wait for transcription.
   Without this file (or a microphone) the room works from typed notes. */
(function () {
  "use strict";

  var section = document.querySelector("[data-recording]");
  var startButton = section && section.querySelector("[data-record-start]");
  if (!startButton) { return; }
  var stopButton = section.querySelector("[data-record-stop]");
  var status = section.querySelector("[data-record-status]");
  var url = section.getAttribute("data-chunk-url");
  var chunkMs = Math.max(1, parseInt(section.getAttribute("data-chunk-seconds"), 10) || 15) * 1000;
  var sequence = parseInt(section.getAttribute("data-next-sequence"), 10) || 0;
  var token = section.querySelector("input[name=csrfmiddlewaretoken]");
  var stream = null;
  var recorder = null;
  var recording = false;
  var currentQuestion = "";
  var queue = [];
  var sending = false;
  var RETRY_MAX_MS = 30000;

  document.addEventListener("focusin", function (event) {
    var block = event.target.closest && event.target.closest("[data-rq]");
    if (block) { currentQuestion = block.getAttribute("data-rq"); }
  });

  function say(key) { status.textContent = section.getAttribute(key) || ""; }

  function mimeType() {
    var types = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
    for (var i = 0; i < types.length; i++) {
      if (window.MediaRecorder && MediaRecorder.isTypeSupported(types[i])) { return types[i]; }
    }
    return "";
  }

  function wakePoller() {
    if (window.htmx) { window.htmx.trigger(document.body, "transcript-poll"); }
  }

  function send(delay) {
    if (sending || !queue.length) { return; }
    sending = true;
    var item = queue[0];
    var form = new FormData();
    form.append("sequence", String(item.sequence));
    if (item.question) { form.append("round_question", item.question); }
    form.append("audio", item.blob, "chunk." + (item.blob.type.indexOf("ogg") >= 0 ? "ogg" : item.blob.type.indexOf("mp4") >= 0 ? "m4a" : "webm"));
    fetch(url, {
      method: "POST", body: form, credentials: "same-origin",
      headers: {"X-CSRFToken": token ? token.value : "", "Accept": "application/json"}
    }).then(function (response) {
      sending = false;
      if (response.status === 202 || (response.status >= 400 && response.status < 500)) {
        queue.shift();  // accepted, or refused for good (shown by the poller / the page): never resent
        if (response.status !== 202) { say("data-text-upload-failed"); }
        wakePoller();
        send(0);
      } else {
        retry(delay);
      }
    }).catch(function () { sending = false; retry(delay); });
  }

  function retry(delay) {
    var next = Math.min(RETRY_MAX_MS, (delay || 1000) * 2);
    say("data-text-upload-failed");
    window.setTimeout(function () { send(next); }, next);
  }

  function recordChunk() {
    if (!recording) { return; }
    var type = mimeType();
    var parts = [];
    recorder = type ? new MediaRecorder(stream, {mimeType: type}) : new MediaRecorder(stream);
    recorder.ondataavailable = function (event) { if (event.data && event.data.size) { parts.push(event.data); } };
    recorder.onstop = function () {
      if (parts.length) {
        queue.push({sequence: sequence++, question: currentQuestion, blob: new Blob(parts, {type: parts[0].type || type})});
        send(0);
      }
      recordChunk();
    };
    recorder.start();
    window.setTimeout(function () { if (recorder && recorder.state === "recording") { recorder.stop(); } }, chunkMs);
  }

  startButton.addEventListener("click", function () {
    if (!navigator.mediaDevices || !window.MediaRecorder) { say("data-text-denied"); return; }
    navigator.mediaDevices.getUserMedia({audio: true}).then(function (media) {
      stream = media;
      recording = true;
      startButton.hidden = true;
      stopButton.hidden = false;
      section.setAttribute("data-state", "recording");
      say("data-text-recording");
      recordChunk();
    }).catch(function () { say("data-text-denied"); });
  });

  stopButton.addEventListener("click", function () {
    recording = false;
    if (recorder && recorder.state === "recording") { recorder.stop(); }
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    startButton.hidden = false;
    stopButton.hidden = true;
    section.setAttribute("data-state", "stopped");
    say("data-text-stopped");
  });
}());
