/* Related terms of a theme chosen with Wagtail's snippet chooser (base_documentaire/skos_admin.py).
 *
 * A Stimulus controller registered in Wagtail's application. The field shows the chosen terms as
 * ticked checkboxes (unticking one removes it on save); the button opens the thèmes' chooser modal
 * in its multiple-selection mode and adds a ticked checkbox for each term chosen there. */
(() => {
  const { Controller } = window.StimulusModule;

  class RelatedTermsChooserController extends Controller {
    static targets = ["list", "empty"];
    static values = { url: String, name: String };

    choose() {
      window.ModalWorkflow({
        url: this.urlValue,
        urlParams: { multiple: 1 },
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: (results) => this.add([].concat(results)) },
      });
    }

    add(results) {
      const inputs = new Map(
        [...this.listTarget.querySelectorAll("input")].map((input) => [input.value, input]),
      );
      results.forEach((result) => {
        const id = String(result.id);
        if (inputs.has(id)) {
          inputs.get(id).checked = true;
          return;
        }
        const item = document.createElement("li");
        const label = document.createElement("label");
        const input = document.createElement("input");
        input.type = "checkbox";
        input.name = this.nameValue;
        input.value = id;
        input.checked = true;
        label.append(input, ` ${result.string ?? result.title}`); // snippets answer "string"
        item.append(label);
        this.listTarget.append(item);
        inputs.set(id, input);
      });
      this.emptyTarget.hidden = this.listTarget.children.length > 0;
    }
  }

  window.wagtail.app.register("related-terms-chooser", RelatedTermsChooserController);
})();
