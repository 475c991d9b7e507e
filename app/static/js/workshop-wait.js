// The waiting page of a led workshop's participant: asks every two seconds whether the page waited
// for is open (GET /a/<token>/<page>/open, a few bytes) and goes there once it is. Without
// JavaScript the page reloads itself instead (<meta refresh> inside <noscript>). See app/workshop/pace.py.
(function () {
  "use strict";
  var box = document.querySelector("[data-wait-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-wait-url");
  var page = box.getAttribute("data-wait-page");
  if (!window.fetch) {  // no fetch: the reload the page does without JavaScript
    window.setTimeout(function () { window.location.assign(page); }, 5000);
    return;
  }
  var failures = 0;

  function poll() {
    return fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 404 || response.status === 410) {
          window.location.assign(page);  // the link or the check is gone: the page itself says so
          return null;
        }
        if (!response.ok) { failures += 1; return null; }
        failures = 0;
        return response.json();
      })
      .then(function (answer) { if (answer && answer.open) { window.location.assign(page); } })
      .catch(function () { failures += 1; });
  }

  // Every two seconds; after errors (the server restarting, a lost network) a little less often.
  (function loop() {
    poll().then(function () { window.setTimeout(loop, 2000 * Math.min(1 + failures, 5)); });
  })();
})();
