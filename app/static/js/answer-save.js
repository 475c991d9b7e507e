// Saves each answer the moment it is given, so that a phone losing the network mid-page
// loses nothing: one question's fields go to the page's answer URL (form data-answer-url,
// with the page's CSRF token). The server sets that answer, never adds to anything, so
// sending it again is harmless. While the network is away the latest value per question
// waits here (a newer one replaces it, so a retry never saves a stale answer) and is sent
// again after growing pauses, and at once when the browser is back online. Requests go one
// at a time in the order the questions were answered, so an answer that calls for a
// follow-up question is stored before the follow-up's. The page's own button still sends
// the whole page, which stays the authority. Without JavaScript none of this runs.
(function () {
  "use strict";
  var form = document.querySelector("form.questions[data-answer-url]");
  if (!form || !window.fetch || !window.FormData || !window.Promise) { return; }
  var url = form.getAttribute("data-answer-url");
  var csrf = form.querySelector('input[name="csrf_token"]');
  var TYPING_MS = 800;  // typed numbers and text: saved after a short pause, or when the field is left
  var FIRST_PAUSE_MS = 1000;
  var LONGEST_PAUSE_MS = 30000;

  var waiting = {};  // question id -> its fields still to be sent (the latest value only)
  var order = [];  // ids in waiting, in the order they were first answered
  var settled = {};  // question id -> the fields the server last answered for (as JSON): nothing is sent twice
  var typing = {};  // question id -> timer of a pause in typing
  var sending = null;  // the request on its way, if any
  var carrying = null;  // what it carries: [question id, fields as JSON]
  var failures = 0;
  var retry = null;  // timer of the next attempt after a failure
  var problem = "";  // "offline" or "retrying" while a retry is due
  var leaving = false;  // the whole page is being sent: it carries every answer

  function idOf(holder) { return holder.id.slice("field-".length); }

  function holderOf(id) { return document.getElementById("field-" + id); }

  function fieldsOf(holder) {
    var id = idOf(holder);
    var fields = [];
    var inputs = holder.querySelectorAll("input, select, textarea");
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.name !== id && input.name !== id + "__special") { continue; }
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { continue; }
      fields.push([input.name, input.value]);
    }
    return fields;
  }

  function show(id, state, message) {
    var holder = holderOf(id);
    var status = holder && holder.querySelector(".save-status");
    if (!status) { return; }
    status.setAttribute("data-state", state);
    status.textContent = message !== undefined ? message : (form.getAttribute("data-status-" + state) || "");
  }

  // Said only when it takes a moment: a quick save is announced once, as saved.
  function pending(id) {
    if (problem) {
      show(id, problem);
      return;
    }
    show(id, "saving", "");
    window.setTimeout(function () {
      var status = holderOf(id).querySelector(".save-status");
      if (status.getAttribute("data-state") === "saving" && !status.textContent) { show(id, "saving"); }
    }, 500);
  }

  function unqueue(id) {
    delete waiting[id];
    var at = order.indexOf(id);
    if (at >= 0) { order.splice(at, 1); }
  }

  function queue(id) {
    var holder = holderOf(id);
    if (!holder || holder.hidden || leaving) { return; }
    var fields = fieldsOf(holder);
    if (JSON.stringify(fields) === settled[id] && !(id in waiting)) { return; }
    if (!(id in waiting)) { order.push(id); }
    waiting[id] = fields;
    pending(id);
    send();
  }

  // A question that reappears with an answer the server dropped while it was hidden is saved again.
  function sweep() {
    var holders = form.querySelectorAll("fieldset.question");
    for (var i = 0; i < holders.length; i++) {
      var id = idOf(holders[i]);
      if (!holders[i].hidden && !typing[id] && JSON.stringify(fieldsOf(holders[i])) !== settled[id]) { queue(id); }
    }
  }

  function answered(id, key, ok, body) {
    failures = 0;
    settled[id] = key;  // also an answer refused as invalid: sent again only once changed
    if (id in waiting && JSON.stringify(waiting[id]) === key) { unqueue(id); }
    if (id in waiting) {
      pending(id);  // a newer value follows
    } else if (ok) {
      show(id, "saved");
    } else if (body.error) {
      show(id, "error", body.error);  // the page's own message: a number out of range, say
    } else {
      show(id, "failed");
    }
    var dropped = body.dropped || [];
    for (var i = 0; i < dropped.length; i++) {
      settled[dropped[i]] = "[]";
      show(dropped[i], "", "");
    }
    if (dropped.length) { sweep(); }
  }

  function failed(state, seconds) {
    failures += 1;
    problem = state;
    for (var i = 0; i < order.length; i++) { show(order[i], state); }
    var pause = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * Math.pow(2, failures - 1));
    pause *= 0.75 + Math.random() / 2;  // a room of phones whose network returns does not retry in step
    if (seconds) { pause = Math.max(pause, seconds * 1000); }
    retry = window.setTimeout(again, pause);
  }

  function again() {
    window.clearTimeout(retry);
    retry = null;
    problem = "";
    send();
  }

  function send() {
    while (order.length && holderOf(order[0]) && holderOf(order[0]).hidden) { unqueue(order[0]); }  // dropped anyway
    if (sending || retry || leaving || !order.length) { return; }
    var id = order[0];
    var key = JSON.stringify(waiting[id]);
    var body = new FormData();
    if (csrf) { body.append("csrf_token", csrf.value); }
    body.append("question-id", id);
    waiting[id].forEach(function (field) { body.append(field[0], field[1]); });
    pending(id);
    carrying = [id, key];
    sending = window.fetch(url, {method: "POST", body: body, credentials: "same-origin",
                                 headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (response.status === 429 || response.status >= 500) {
          failed("retrying", parseInt(response.headers.get("Retry-After"), 10) || 0);
          return null;
        }
        return response.json().catch(function () { return {}; }).then(function (answer) {
          answered(id, key, response.ok, answer || {});
        });
      }, function () { failed("offline", 0); })
      .then(function () {
        sending = null;
        carrying = null;
        send();
      });
  }

  var holders = form.querySelectorAll("fieldset.question");
  for (var i = 0; i < holders.length; i++) {
    settled[idOf(holders[i])] = JSON.stringify(fieldsOf(holders[i]));
    var status = document.createElement("p");
    status.className = "save-status";
    status.setAttribute("aria-live", "polite");
    holders[i].appendChild(status);
  }

  form.addEventListener("change", function (event) {
    var holder = event.target.closest && event.target.closest("fieldset.question");
    if (!holder) { return; }
    var id = idOf(holder);
    window.clearTimeout(typing[id]);
    delete typing[id];
    queue(id);
    sweep();  // conditions.js has shown or hidden follow-ups by now (it listens first)
  });

  form.addEventListener("input", function (event) {
    var target = event.target;
    if (target.tagName !== "TEXTAREA" && target.type !== "text" && target.type !== "number") { return; }
    var holder = target.closest("fieldset.question");
    if (!holder) { return; }
    var id = idOf(holder);
    window.clearTimeout(typing[id]);
    typing[id] = window.setTimeout(function () {
      delete typing[id];
      queue(id);
    }, TYPING_MS);
  });

  // The whole page goes now and carries every answer. The server merges a save that arrives
  // with it either way (it locks the assessment); only an older value of a question changed
  // since its save left could land after the page and undo the newer one, so then the page
  // waits for that save's answer (up to 3 s) before it goes.
  function stale() {
    var holder = carrying && holderOf(carrying[0]);
    return Boolean(holder) && JSON.stringify(fieldsOf(holder)) !== carrying[1];
  }

  form.addEventListener("submit", function (event) {
    leaving = true;
    if (!sending || !stale() || !event.submitter || !form.requestSubmit) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    var gone = false;
    function go() {
      if (gone) { return; }
      gone = true;
      sending = null;
      carrying = null;
      form.requestSubmit(submitter);
    }
    sending.then(go, go);
    window.setTimeout(go, 3000);
  });

  // Back from a page that could not be sent (offline): saving goes on.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      leaving = false;
      send();
    }
  });
  window.addEventListener("online", function () { if (retry) { again(); } });
})();
