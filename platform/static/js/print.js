// A button marked data-print (hidden in the markup) prints the page. It only shows
// where JavaScript runs; the browser's print dialogue also offers "save as PDF".
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
