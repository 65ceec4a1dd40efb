// Similar work elsewhere while someone writes an idea: published network items of
// other organisations, from the network API (public tables only). Debounced; the
// answer is read out politely (aria-live). Without JavaScript the form works the same.
(function () {
  "use strict";
  var region = document.getElementById("similar-elsewhere");
  var form = region && document.getElementById(region.dataset.form);
  if (!region || !form || !window.fetch) return;
  var title = document.getElementById("id_title");
  var description = document.getElementById("id_description");
  var timer = null;
  var lastText = "";
  var controller = null;

  function show(items) {
    region.textContent = "";
    var heading = document.createElement("p");
    if (!items.length) {
      heading.textContent = region.dataset.none;
      region.appendChild(heading);
      return;
    }
    heading.textContent = region.dataset.some;
    region.appendChild(heading);
    var list = document.createElement("ul");
    items.forEach(function (item) {
      var entry = document.createElement("li");
      var link = document.createElement("a");
      link.href = region.dataset.itemUrl.replace("/0/", "/" + item.id + "/");
      link.textContent = item.title;  // text, never HTML
      entry.appendChild(link);
      entry.appendChild(document.createTextNode(" (" + item.origin_name + ")"));
      list.appendChild(entry);
    });
    region.appendChild(list);
  }

  function lookUp() {
    var titleText = title ? title.value.trim() : "";
    var text = (titleText + " " + (description ? description.value : "")).trim();
    if (text.length < 4 || text === lastText) return;
    lastText = text;
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var query = new URLSearchParams({ text: text.slice(0, 4000), title: titleText.slice(0, 200), limit: "5" });
    fetch(region.dataset.url + "?" + query, { credentials: "same-origin", headers: { Accept: "application/json" }, signal: controller && controller.signal })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (items) { if (items) show(items); })
      .catch(function () { /* a lookup that fails just shows nothing new */ });
  }

  [title, description].forEach(function (field) {
    if (!field) return;
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, 400);
    });
  });
})();
