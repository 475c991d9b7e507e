// Keeps the workshop dashboard and projector current: asks every second for the page's changing
// part (GET .../live, with the version it shows in If-None-Match) and swaps it in when it changed.
// "Nothing changed" is a 304 the server answers from Redis alone. Without JavaScript the page
// reloads itself instead (<meta refresh> inside <noscript>). See docs/workshops.md, "Live updates".
(function () {
  "use strict";
  var box = document.querySelector("[data-live-url]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-live-url");
  var version = box.getAttribute("data-live-version") || "";
  var busy = false;
  var failures = 0;

  function swap(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html");
    var nodes = Array.prototype.slice.call(parsed.body.childNodes);
    while (box.firstChild) { box.removeChild(box.firstChild); }
    nodes.forEach(function (node) { box.appendChild(document.importNode(node, true)); });
    // A led room moved on (opened on the other view) or stopped (closed): the pace control
    // outside this part is stale, so the whole page is made anew.
    var room = box.getAttribute("data-room-page");
    var marker = box.querySelector("[data-room-page]");
    if (room !== null && (!marker || marker.getAttribute("data-room-page") !== room)) { window.location.reload(); return; }
    var count = document.querySelector("[data-pace-done]");  // how many are done with the page, in the pace box
    if (marker && count) { count.textContent = marker.textContent; }
  }

  function poll() {
    if (busy) { return; }
    busy = true;
    var headers = {};
    if (version) { headers["If-None-Match"] = '"' + version + '"'; }
    fetch(url, { headers: headers, credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (response.status === 304) { failures = 0; return null; }
      if (response.status === 200) {
        failures = 0;
        var tag = response.headers.get("ETag") || "";
        return response.text().then(function (html) {
          swap(html);
          version = tag.replace(/^W\//, "").replace(/^"|"$/g, "");
        });
      }
      if (response.status === 403 || response.status === 404) {
        // The viewer token expired, the session ended or the workshop is gone: the whole page decides.
        window.location.reload();
      }
      failures += 1;
      return null;
    }).catch(function () { failures += 1; }).then(function () { busy = false; });
  }

  // Every second; after errors (the server restarting, a lost network) a little less often.
  (function loop() {
    poll();
    window.setTimeout(loop, 1000 * Math.min(1 + failures, 10));
  })();
})();
