/* Suggestions under the documentary search boxes — the documentary page's and the site header's — (any
 * input[data-autocomplete-url]; base_documentaire/search_suggestions.py), following the
 * WAI-ARIA combobox pattern with a listbox popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/):
 * the input keeps the focus; Down/Up move through the options (aria-activedescendant), Enter opens the
 * active option, Escape closes the list (or clears the box when it is closed), Alt+Down opens it.
 * Options are grouped (role="group", labelled). A thème or a territory opens the search filtered by it,
 * a title searches it, an acteur opens its page. Without JavaScript the box is a plain search field.
 * No inline style or script: the page's Content-Security-Policy allows this file only. */
(function () {
  "use strict";
  var DELAY = 200;
  var MIN_LENGTH = 2;

  function setup(input) {
    if (input.hasAttribute("data-autocomplete-ready")) { return; }  // this file loaded twice on a page
    input.setAttribute("data-autocomplete-ready", "");
    var url = input.getAttribute("data-autocomplete-url");
    var form = input.form;
    var wrapper = input.parentNode;  // the list is placed under it (position: relative)
    var listId = input.id + "-suggestions";
    var list = document.createElement("div");
    var status = document.createElement("div");
    var options = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var lastText = null;

    list.id = listId;
    list.className = "doc-autocomplete__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-autocomplete-label") || "Suggestions");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");  // not role=status: the results count holds that role
    wrapper.classList.add("has-autocomplete");
    wrapper.appendChild(list);
    wrapper.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    function open() {
      if (!options.length) { return; }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      select(-1);
    }

    function select(index) {
      if (active >= 0 && options[active]) {
        options[active].element.setAttribute("aria-selected", "false");
        options[active].element.classList.remove("is-active");
      }
      active = index;
      if (active >= 0) {
        var element = options[active].element;
        element.setAttribute("aria-selected", "true");
        element.classList.add("is-active");
        input.setAttribute("aria-activedescendant", element.id);
        if (element.scrollIntoView) { element.scrollIntoView({block: "nearest"}); }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function target(option) {
      if (option.url) { return option.url; }
      var params = new URLSearchParams();
      Object.keys(option.params || {}).forEach(function (name) { params.append(name, option.params[name]); });
      return (form.getAttribute("action") || window.location.pathname) + "?" + params.toString();
    }

    function go(index) {
      var option = options[index];
      if (!option) { return; }
      close();
      window.location.assign(target(option.data));
    }

    function render(data) {
      list.textContent = "";
      options = [];
      active = -1;
      (data.groups || []).forEach(function (group, groupIndex) {
        var box = document.createElement("div");
        var heading = document.createElement("div");
        box.setAttribute("role", "group");
        heading.id = listId + "-group-" + groupIndex;
        heading.className = "doc-autocomplete__group";
        heading.setAttribute("role", "presentation");
        heading.textContent = group.label;
        box.setAttribute("aria-labelledby", heading.id);
        box.setAttribute("data-kind", group.kind);
        box.appendChild(heading);
        group.options.forEach(function (option) {
          var element = document.createElement("div");
          element.id = listId + "-option-" + options.length;
          element.className = "doc-autocomplete__option";
          element.setAttribute("role", "option");
          element.setAttribute("aria-selected", "false");
          element.textContent = option.label;
          if (option.detail) {
            var detail = document.createElement("span");
            detail.className = "doc-autocomplete__detail";
            detail.textContent = " — " + option.detail;
            element.appendChild(detail);
          }
          var index = options.length;
          element.addEventListener("mousedown", function (event) { event.preventDefault(); });
          element.addEventListener("click", function () { go(index); });
          options.push({element: element, data: option});
          box.appendChild(element);
        });
        list.appendChild(box);
      });
      status.textContent = data.status || "";
      if (options.length) { open(); } else { close(); }
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (text === lastText) { open(); return; }
      lastText = text;
      if (controller) { controller.abort(); }
      if (text.length < MIN_LENGTH) { render({groups: []}); status.textContent = ""; return; }
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?" + new URLSearchParams({q: text}).toString(),
            {headers: {Accept: "application/json"}, signal: controller ? controller.signal : undefined})
        .then(function (response) { return response.ok ? response.json() : {groups: []}; })
        .then(function (data) { if (input.value.trim() === text) { render(data); } })
        .catch(function () { /* aborted or offline: the box stays a plain search field */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!expanded) { if (options.length) { open(); } else { fetchSuggestions(); } if (event.altKey) { return; } }
          if (options.length) { select(active + 1 >= options.length ? 0 : active + 1); }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (!expanded) { open(); }
          if (options.length) { select(active <= 0 ? options.length - 1 : active - 1); }
          break;
        case "Enter":
          if (expanded && active >= 0) { event.preventDefault(); go(active); }
          break;
        case "Escape":
          if (expanded) { event.preventDefault(); close(); } else if (input.value) { event.preventDefault(); input.value = ""; lastText = null; }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () { close(); });
  }

  document.querySelectorAll("input[data-autocomplete-url]").forEach(setup);
})();
