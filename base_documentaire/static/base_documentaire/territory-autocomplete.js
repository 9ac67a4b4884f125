/* Territories chosen with a searchable autocomplete (base_documentaire/territory_autocomplete.py).
 *
 * A Stimulus controller registered in Wagtail's application, so that it also starts on fields
 * added after the page loaded. It turns the <select> (holding only the chosen territories) into a
 * Tom Select combobox (role="combobox", listbox, aria-activedescendant, labelled by the field's
 * <label>) whose options come from the server: the browser never filters nor reorders them. */
(() => {
  const { Controller } = window.StimulusModule;

  class TerritoryAutocompleteController extends Controller {
    static values = {
      url: String, placeholder: String, noResults: String, loading: String, type: String,
      remove: String, alias: String, error: String,
    };

    connect() {
      if (this.element.tomselect) return;
      const multiple = this.element.multiple;
      const controller = this;
      this.tomSelect = new window.TomSelect(this.element, {
        valueField: "id",
        labelField: "label",
        searchField: [],
        score: () => () => 1, // the server's order, unfiltered
        maxItems: multiple ? null : 1,
        allowEmptyOption: !multiple,
        hideSelected: multiple,
        closeAfterSelect: true, // the next territory is typed afresh
        placeholder: this.placeholderValue,
        loadThrottle: 250,
        plugins: multiple ? { remove_button: { title: this.removeValue, label: "×" } } : {},
        shouldLoad: (query) => query.trim().length > 0,
        load(query, callback) {
          controller.search(this, query, callback);
        },
        onItemAdd() {
          this.setTextboxValue("");
          controller.labelRemoveButtons(this);
        },
        onInitialize() {
          controller.labelRemoveButtons(this);
        },
        render: {
          option: (data, escape) => this.renderOption(data, escape),
          item: (data, escape) => `<div>${escape(data.label)}</div>`,
          no_results: () => `<div class="no-results" role="status">${this.escape(this.noResultsValue)}</div>`,
          loading: () => `<div class="loading-message" role="status">${this.escape(this.loadingValue)}</div>`,
          not_loading: () => `<div class="no-results">${this.escape(this.typeValue)}</div>`,
        },
      });
    }

    disconnect() {
      if (this.request) this.request.abort();
      if (this.tomSelect) this.tomSelect.destroy();
    }

    search(tomSelect, query, callback) {
      if (this.request) this.request.abort();
      const request = new AbortController();
      this.request = request;
      const url = `${this.urlValue}?q=${encodeURIComponent(query)}`;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal: request.signal })
        .then((response) => {
          if (!response.ok) throw new Error(response.statusText);
          return response.json();
        })
        .then((data) => {
          tomSelect.clearOptions(); // keeps the chosen ones
          callback(data.results);
        })
        .catch((error) => {
          callback();
          if (error.name !== "AbortError") {
            tomSelect.dropdown_content.innerHTML = `<div class="no-results" role="alert">${this.escape(this.errorValue)}</div>`;
          }
        });
    }

    renderOption(data, escape) {
      const details = [data.level, data.code].filter(Boolean).map(escape).join(" · ");
      const alias = data.alias ? ` <span class="territory-autocomplete__alias">(${escape(this.aliasValue)} « ${escape(data.alias)} »)</span>` : "";
      return `<div>${escape(data.label)} <span class="territory-autocomplete__details">${details}</span>${alias}</div>`;
    }

    labelRemoveButtons(tomSelect) {
      tomSelect.control.querySelectorAll(".item").forEach((item) => {
        const button = item.querySelector(".remove");
        const option = tomSelect.options[item.dataset.value];
        if (button && option) button.setAttribute("aria-label", `${this.removeValue} ${option.label}`);
      });
    }

    escape(text) {
      const span = document.createElement("span");
      span.textContent = text;
      return span.innerHTML;
    }
  }

  window.wagtail.app.register("territory-autocomplete", TerritoryAutocompleteController);
})();
