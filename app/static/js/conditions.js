// Shows and hides follow-up questions while a page is being answered, using the condition
// trees the server compiled from the questionnaire (see questionnaires/conditions.py).
// The server decides again on saving. Without JavaScript a question called for by an answer
// on the same page appears when the page is sent: the page comes back with it.
(function () {
  "use strict";
  var known = {};
  try { known = JSON.parse(document.getElementById("known-answers").textContent); } catch (e) { known = {}; }
  var form = document.querySelector("form.questions");
  if (!form) { return; }

  function valueOf(name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    if (!inputs.length) { return Object.prototype.hasOwnProperty.call(known, name) ? known[name] : null; }
    var holder = inputs[0].closest("fieldset.question");
    if (holder && holder.hidden) { return null; }  // a hidden question counts as unanswered
    var type = inputs[0].type;
    if (type === "radio") {
      for (var i = 0; i < inputs.length; i++) { if (inputs[i].checked) { return inputs[i].value; } }
      return null;
    }
    if (type === "checkbox") {
      var ticked = [];
      for (var j = 0; j < inputs.length; j++) { if (inputs[j].checked) { ticked.push(inputs[j].value); } }
      return ticked.length ? ticked : null;
    }
    var text = inputs[0].value.trim();
    return text === "" ? null : text;
  }

  function same(actual, expected) {
    if (typeof expected === "number") { return Number(String(actual).replace(",", ".")) === expected; }
    return String(actual) === String(expected);
  }

  function holds(node) {
    if (node.any) { return node.any.some(holds); }
    if (node.all) { return node.all.every(holds); }
    if (node.not) { return !holds(node.not); }
    var actual = valueOf(node.name);
    if (actual === null) { return false; }  // a comparison with an unanswered question is false
    var number = Number(String(actual).replace(",", "."));
    switch (node.op) {
      case "answered": return true;
      case "==": return same(actual, node.value);
      case "!=": return !same(actual, node.value);
      case "<": return number < node.value;
      case "<=": return number <= node.value;
      case ">": return number > node.value;
      case ">=": return number >= node.value;
      case "contains": return Array.isArray(actual) && actual.indexOf(node.value) >= 0;
      case "in": return node.value.some(function (v) { return same(actual, v); });
    }
    return false;
  }

  // In page order, so a question hidden here counts as unanswered for the ones after it.
  // A hidden question is also disabled: its inputs (and its "seen" mark) are not sent.
  var conditional = form.querySelectorAll("fieldset[data-condition]");
  function update() {
    for (var k = 0; k < conditional.length; k++) {
      var tree = JSON.parse(conditional[k].getAttribute("data-condition"));
      var show = holds(tree);
      conditional[k].hidden = !show;
      conditional[k].disabled = !show;
    }
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
