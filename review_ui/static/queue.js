// Keyboard for the review queue (cases.html). Served from 'self': the CSP allows no inline
// script. j/k move the selection, a accepts, r focuses the reject reason (Enter submits it),
// e opens the case at its edit form, Enter opens the case. Reviewers' forms are plain POST forms
// with the CSRF token; without this script the queue still works with the mouse.
(function () {
  "use strict";

  var table = document.querySelector("table.queue");
  if (!table) {
    return;
  }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tr.queue-row"));
  if (rows.length === 0) {
    return;
  }
  var canReview = table.getAttribute("data-review") === "1";
  var current = -1;
  var busy = false;

  function select(index) {
    if (index < 0 || index >= rows.length) {
      return;
    }
    if (current >= 0) {
      rows[current].classList.remove("selected");
      rows[current].removeAttribute("aria-selected");
    }
    current = index;
    rows[current].classList.add("selected");
    rows[current].setAttribute("aria-selected", "true");
    rows[current].scrollIntoView({ block: "nearest" });
  }

  function initialRow() {
    // After a decision the server sends us back with #row=N: keep the place in the queue.
    var match = /^#row=(\d+)$/.exec(window.location.hash);
    var index = match ? parseInt(match[1], 10) : 0;
    return Math.min(Math.max(index, 0), rows.length - 1);
  }

  function isTyping(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function submit(form) {
    if (!form || busy) {
      return;
    }
    busy = true;
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (isTyping(event.target)) {
      if (event.key === "Escape") {
        event.target.blur();
      }
      return;
    }
    var row = rows[current];
    switch (event.key) {
      case "j":
        select(current + 1);
        break;
      case "k":
        select(current - 1);
        break;
      case "a":
        if (!canReview) {
          return;
        }
        submit(row.querySelector("form.queue-accept"));
        break;
      case "r": {
        if (!canReview) {
          return;
        }
        var reason = row.querySelector("form.queue-reject input[name='reason']");
        if (!reason) {
          return;
        }
        reason.focus();
        break;
      }
      case "e":
        if (!canReview) {
          return;
        }
        window.location.assign(row.getAttribute("data-href") + "#edit");
        break;
      case "Enter": {
        var tag = event.target && event.target.tagName ? event.target.tagName.toLowerCase() : "";
        if (tag === "a" || tag === "button") {
          return;
        }
        window.location.assign(row.getAttribute("data-href"));
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  }

  rows.forEach(function (row, index) {
    row.addEventListener("click", function () {
      select(index);
    });
  });
  document.addEventListener("keydown", onKey);
  select(initialRow());
})();
