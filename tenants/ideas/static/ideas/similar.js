// Similar ideas while someone writes a new one: a debounced fetch to the API, the
// answer read out politely (aria-live). Without JavaScript the form works the same.
(function () {
  "use strict";
  var region = document.getElementById("similar-ideas");
  var form = region && document.getElementById(region.dataset.form);
  if (!region || !form || !window.fetch) return;
  var fields = ["id_title", "id_description"].map(function (id) { return document.getElementById(id); });
  var timer = null;
  var lastText = "";
  var controller = null;

  function show(ideas) {
    region.textContent = "";
    var heading = document.createElement("p");
    if (!ideas.length) {
      heading.textContent = region.dataset.none;
      region.appendChild(heading);
      return;
    }
    heading.textContent = region.dataset.some.replace("%(count)s", ideas.length);
    region.appendChild(heading);
    var list = document.createElement("ul");
    ideas.forEach(function (idea) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = region.dataset.ideaUrl.replace("/0/", "/" + idea.id + "/");
      link.textContent = idea.title;  // text, never HTML
      item.appendChild(link);
      item.appendChild(document.createTextNode(" (" + idea.registration_number + ", " + idea.stage.name + ")"));
      list.appendChild(item);
    });
    region.appendChild(list);
  }

  function lookUp() {
    var text = fields.map(function (field) { return field ? field.value : ""; }).join(" ").trim();
    if (text.length < 4 || text === lastText) return;
    lastText = text;
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var url = region.dataset.url + "?" + new URLSearchParams({ text: text.slice(0, 2000), limit: "5" });
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, signal: controller && controller.signal })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (ideas) { if (ideas) show(ideas); })
      .catch(function () { /* a lookup that fails just shows nothing new */ });
  }

  fields.forEach(function (field) {
    if (!field) return;
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, 400);
    });
  });
})();
