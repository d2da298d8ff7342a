// The case page (case.html): a field's "In text" button scrolls the article text, in its own
// scrolling box, to that field's evidence and marks it; pressed again it goes to the field's
// next span. Served from 'self': the CSP allows no inline script. Without this script the
// evidence is still highlighted, only not linked.
(function () {
  "use strict";

  var text = document.getElementById("article-text");
  if (!text) {
    return;
  }
  var next = {};
  var shown = [];

  function marksOf(key) {
    return Array.prototype.filter.call(text.querySelectorAll("mark[data-ev]"), function (m) {
      return m.getAttribute("data-ev").split(" ").indexOf(key) >= 0;
    });
  }

  function show(key) {
    var marks = marksOf(key);
    if (marks.length === 0) {
      return;
    }
    shown.forEach(function (m) {
      m.classList.remove("current");
      m.classList.remove("current-span");
    });
    marks.forEach(function (m) {
      m.classList.add("current");
    });
    shown = marks;
    var index = (next[key] || 0) % marks.length;
    next[key] = index + 1;
    var target = marks[index];
    target.classList.add("current-span");
    // Scroll the text box only (the extraction column stays where it is), the span a third
    // of the way down; the page itself scrolls only when the span is still off screen (one
    // column on a narrow screen).
    var box = text.getBoundingClientRect();
    var at = target.getBoundingClientRect();
    text.scrollTop += at.top - box.top - text.clientHeight / 3;
    var now = target.getBoundingClientRect();
    if (now.top < 0 || now.bottom > window.innerHeight) {
      target.scrollIntoView({ block: "center" });
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.ev-link") : null;
    if (!button) {
      return;
    }
    event.preventDefault();
    show(button.getAttribute("data-ev"));
  });
})();
