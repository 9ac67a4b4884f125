/* The main menu's disclosure button on small screens (progressive enhancement: without this
   script the button stays hidden and the menu is shown in full). */
(function () {
    "use strict";
    var header = document.querySelector("[data-menu]");
    var button = header && header.querySelector(".menu-toggle");
    if (!button) { return; }
    function setOpen(open) {
        button.setAttribute("aria-expanded", open ? "true" : "false");
        header.classList.toggle("menu-open", open);
    }
    header.classList.add("menu-js");
    button.hidden = false;
    button.addEventListener("click", function () {
        setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
            setOpen(false);
            button.focus();
        }
    });
}());
