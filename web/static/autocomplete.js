// Keyboard and touch behaviour of the autocomplete widget (templates/_autocomplete.html). No inline scripts (CSP).
(function () {
  "use strict";

  function widgetOf(el) { return el.closest("[data-autocomplete]"); }
  function options(widget) { return Array.from(widget.querySelectorAll("[role=option]")); }

  function setActive(widget, index) {
    const opts = options(widget);
    const input = widget.querySelector("[data-ac-input]");
    opts.forEach(function (opt, i) { opt.setAttribute("aria-selected", i === index ? "true" : "false"); });
    if (index >= 0 && opts[index]) {
      input.setAttribute("aria-activedescendant", opts[index].id);
      opts[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function activeIndex(widget) {
    return options(widget).findIndex(function (opt) { return opt.getAttribute("aria-selected") === "true"; });
  }

  function close(widget) {
    widget.querySelector("[data-ac-list]").innerHTML = "";
    widget.querySelector("[data-ac-input]").setAttribute("aria-expanded", "false");
  }

  function choose(widget, opt) {
    widget.querySelector("[data-ac-value]").value = opt.dataset.value;
    const input = widget.querySelector("[data-ac-input]");
    input.value = opt.dataset.label;
    close(widget);
    if (widget.hasAttribute("data-submit")) {
      const form = widget.closest("form");
      if (form) { form.requestSubmit(); }
    } else {
      input.focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    const input = event.target.closest && event.target.closest("[data-ac-input]");
    if (!input) { return; }
    const widget = widgetOf(input);
    const count = options(widget).length;
    const current = activeIndex(widget);
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      setActive(widget, (current + 1) % count);
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault();
      setActive(widget, current <= 0 ? count - 1 : current - 1);
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      choose(widget, options(widget)[current]);
    } else if (event.key === "Escape") {
      close(widget);
    }
  });

  document.addEventListener("input", function (event) {
    const input = event.target.closest && event.target.closest("[data-ac-input]");
    if (input) { widgetOf(input).querySelector("[data-ac-value]").value = ""; }
  });

  document.addEventListener("click", function (event) {
    const opt = event.target.closest && event.target.closest("[data-autocomplete] [role=option]");
    if (opt) { choose(widgetOf(opt), opt); return; }
    document.querySelectorAll("[data-autocomplete]").forEach(function (widget) {
      if (!widget.contains(event.target)) { close(widget); }
    });
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    const list = event.target.closest && event.target.closest("[data-ac-list]");
    if (list) {
      const widget = widgetOf(list);
      widget.querySelector("[data-ac-input]").setAttribute("aria-expanded", options(widget).length ? "true" : "false");
    }
  });
})();
