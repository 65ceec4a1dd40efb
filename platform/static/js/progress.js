// A long task's page (marked data-progress-url) asks the server how far the task has
// come every two seconds, shows it, and reloads the page once the task has finished.
// Without JavaScript the page offers a link that reloads it.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box || box.getAttribute("data-progress-finished") === "true") {
    return;
  }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  function show(state) {
    if (bar) {
      bar.value = state.percent;
      bar.textContent = state.percent + " %";
    }
    if (text) {
      text.textContent = state.text;
    }
  }
  function poll() {
    fetch(box.getAttribute("data-progress-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        // The server could not answer: try again later, more slowly.
        window.setTimeout(poll, 10000);
      });
  }
  window.setTimeout(poll, 2000);
})();
