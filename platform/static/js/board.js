/* The idea board: move a card to another stage by drag and drop, or with the keyboard.
 *
 * Every card keeps its plain form (stage, reason, "Flytta"); this script only fills
 * in that form and sends it, so the server does the move exactly as without script.
 * Keyboard: focus a card, press Space (or Enter) to pick it up, choose the stage with
 * the left and right arrows, Enter moves it, Escape puts it back. A closing stage
 * needs a reason: the card's form opens with the stage chosen and the reason focused.
 * Texts come from the board's data attributes (translated by the server).
 */
(function () {
  "use strict";

  var board = document.querySelector(".board[data-movable]");
  if (!board) {
    return;
  }
  var live = document.getElementById(board.dataset.live);
  var columns = Array.prototype.slice.call(board.querySelectorAll("section.column[data-stage]"));
  var grabbed = null; // {card, targets, index}

  function text(name, values) {
    var template = board.dataset[name] || "";
    return template.replace(/%\((\w+)\)s/g, function (_match, key) {
      return values && key in values ? values[key] : "";
    });
  }

  function announce(message) {
    if (live) {
      live.textContent = "";
      window.setTimeout(function () { live.textContent = message; }, 20);
    }
  }

  function columnOf(card) {
    return card.closest("section.column");
  }

  function formOf(card) {
    return card.querySelector("form.move");
  }

  function stageSelect(form) {
    return form.querySelector("select[name$='-stage']");
  }

  // The card's own column and the stages its form may move it to ("merged" has its own form).
  function reachable(card) {
    var select = stageSelect(formOf(card));
    var allowed = {};
    Array.prototype.forEach.call(select ? select.options : [], function (option) {
      allowed[option.value] = true;
    });
    return columns.filter(function (column) {
      return column === columnOf(card) || allowed[column.dataset.stage];
    });
  }

  function markTarget(column) {
    columns.forEach(function (each) { each.classList.toggle("drop-target", each === column); });
  }

  function moveTo(card, column) {
    var form = formOf(card);
    if (!form || !column || column === columnOf(card)) {
      return;
    }
    var select = stageSelect(form);
    if (!select) {
      return;
    }
    select.value = column.dataset.stage;
    if (select.value !== column.dataset.stage) {
      return; // not a stage this card may go to
    }
    if (column.hasAttribute("data-closed")) {
      var details = card.querySelector("details");
      if (details) {
        details.open = true;
      }
      var reason = form.querySelector("textarea");
      if (reason) {
        reason.focus();
      }
      announce(text("textReason"));
      return;
    }
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  // --- Drag and drop ---------------------------------------------------------------

  board.querySelectorAll("article.card").forEach(function (card) {
    if (!formOf(card)) {
      return;
    }
    card.setAttribute("draggable", "true");
    card.addEventListener("dragstart", function (event) {
      event.dataTransfer.setData("text/plain", card.id);
      event.dataTransfer.effectAllowed = "move";
      card.classList.add("dragging");
    });
    card.addEventListener("dragend", function () {
      card.classList.remove("dragging");
      markTarget(null);
    });
    card.addEventListener("keydown", function (event) {
      onKey(card, event);
    });
  });

  columns.forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      markTarget(column);
    });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      markTarget(null);
      var card = document.getElementById(event.dataTransfer.getData("text/plain"));
      if (card && board.contains(card)) {
        moveTo(card, column);
      }
    });
  });

  // --- Keyboard --------------------------------------------------------------------

  function release(message) {
    if (grabbed) {
      grabbed.card.classList.remove("grabbed");
      grabbed.card.removeAttribute("aria-grabbed");
    }
    grabbed = null;
    markTarget(null);
    if (message) {
      announce(message);
    }
  }

  function onKey(card, event) {
    if (event.target !== card) {
      return; // keys inside the card's own form and links work as usual
    }
    var key = event.key;
    if (!grabbed && (key === " " || key === "Enter")) {
      event.preventDefault();
      var targets = reachable(card);
      grabbed = { card: card, targets: targets, index: targets.indexOf(columnOf(card)) };
      card.classList.add("grabbed");
      card.setAttribute("aria-grabbed", "true");
      announce(text("textGrabbed", { title: card.dataset.title }));
      return;
    }
    if (!grabbed || grabbed.card !== card) {
      return;
    }
    if (key === "ArrowRight" || key === "ArrowLeft") {
      event.preventDefault();
      var step = key === "ArrowRight" ? 1 : -1;
      grabbed.index = Math.min(grabbed.targets.length - 1, Math.max(0, grabbed.index + step));
      var target = grabbed.targets[grabbed.index];
      markTarget(target);
      target.scrollIntoView({ block: "nearest", inline: "nearest" });
      announce(text("textTarget", { stage: target.dataset.stageName }));
    } else if (key === "Enter") {
      event.preventDefault();
      var column = grabbed.targets[grabbed.index];
      release("");
      moveTo(card, column);
    } else if (key === "Escape") {
      event.preventDefault();
      release(text("textCancelled"));
    }
  }

  // Tells tests (and anyone inspecting the page) that the handlers are in place.
  board.setAttribute("data-ready", "");
})();
