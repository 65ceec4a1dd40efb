/* Similar public ideas while someone types a new one: debounced, announced politely. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-similar-url]");
  if (!form || !window.fetch) {
    return;
  }
  var url = form.getAttribute("data-similar-url");
  var title = form.querySelector("[name=title]");
  var description = form.querySelector("[name=description]");
  var region = document.getElementById("similar-ideas");
  if (!title || !description || !region) {
    return;
  }
  var DELAY_MS = 400;
  var MIN_LENGTH = 4;
  var timer = null;
  var controller = null;
  var lastText = "";
  var lastShown = "";

  function render(results) {
    var key = results.map(function (r) { return r.url; }).join(" ");
    if (key === lastShown) {
      return; // nothing new to announce
    }
    lastShown = key;
    region.textContent = "";
    if (!results.length) {
      return;
    }
    var heading = document.createElement("h3");
    heading.textContent = form.getAttribute("data-similar-heading");
    var intro = document.createElement("p");
    intro.textContent = form.getAttribute("data-similar-intro");
    var list = document.createElement("ul");
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = result.number + " " + result.title;
      item.appendChild(link);
      list.appendChild(item);
    });
    region.appendChild(heading);
    region.appendChild(intro);
    region.appendChild(list);
  }

  function lookUp() {
    var text = (title.value + " " + description.value).replace(/\s+/g, " ").trim().slice(0, 500);
    if (text === lastText) {
      return;
    }
    lastText = text;
    if (controller) {
      controller.abort();
    }
    if (text.length < MIN_LENGTH) {
      render([]);
      return;
    }
    controller = "AbortController" in window ? new AbortController() : null;
    fetch(url + "?text=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { render(data.results || []); })
      .catch(function () { /* aborted or offline: keep what is shown */ });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, DELAY_MS);
  }

  title.addEventListener("input", schedule);
  description.addEventListener("input", schedule);
})();
