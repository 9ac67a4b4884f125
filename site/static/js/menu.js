/* The main menu, enhanced (without this script the « Menu » button stays hidden, the menu is shown in full and
   wraps as needed):
   - small screens: the menu collapses behind the « Menu » disclosure button;
   - wide screens (62rem and up): the menu keeps to one row; the entries that do not fit move, last first, into
     a « Plus » panel at the end of the row (a <details>: opens with a click, Enter or Space; Escape closes it). */
(function () {
    "use strict";
    var header = document.querySelector("[data-menu]");
    var button = header && header.querySelector(".menu-toggle");
    if (!button) { return; }
    var list = header.querySelector(".main-nav > ul");
    var more = list && list.querySelector(".menu-more");
    var moreList = more && more.querySelector(".menu-more-list");
    var wide = window.matchMedia("(min-width: 62rem)");

    function setOpen(open) {
        button.setAttribute("aria-expanded", open ? "true" : "false");
        header.classList.toggle("menu-open", open);
    }

    function overflows() {
        return list.scrollWidth > list.clientWidth + 1;
    }

    function fitOneRow() {
        if (!more) { return; }
        while (moreList.firstElementChild) { list.insertBefore(moreList.firstElementChild, more); }
        more.hidden = true;
        more.querySelector("details").open = false;
        if (!wide.matches || !overflows()) { return; }
        more.hidden = false;
        var entries = list.querySelectorAll(":scope > li:not(.menu-more)");
        for (var index = entries.length - 1; index > 0 && overflows(); index -= 1) {
            moreList.insertBefore(entries[index], moreList.firstElementChild);
        }
        more.classList.toggle("menu-more-current", moreList.querySelector("[aria-current]") !== null);
    }

    header.classList.add("menu-js");
    button.hidden = false;
    button.addEventListener("click", function () {
        setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") { return; }
        var panel = more && more.querySelector("details[open]");
        if (panel) {
            panel.open = false;
            panel.querySelector("summary").focus();
        } else if (button.getAttribute("aria-expanded") === "true") {
            setOpen(false);
            button.focus();
        }
    });
    if (more) {
        document.addEventListener("click", function (event) {
            var panel = more.querySelector("details[open]");
            if (panel && !more.contains(event.target)) { panel.open = false; }
        });
        var pending = false;
        window.addEventListener("resize", function () {
            if (pending) { return; }
            pending = true;
            window.requestAnimationFrame(function () { pending = false; fitOneRow(); });
        });
        fitOneRow();
    }
}());
