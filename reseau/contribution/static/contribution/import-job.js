/* The import job's page follows its progress without reloading (contribution/admin/import_job.html); without
 * JavaScript, a <noscript> refresh does it. An external file: the Content-Security-Policy allows no inline script. */
document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("job-status");
    if (!box || !box.hasAttribute("data-polling") || !window.fetch) { return; }
    var bar = document.getElementById("job-progress"), rows = document.getElementById("job-rows");
    var label = document.getElementById("job-status-label");
    function poll() {
        fetch(box.getAttribute("data-progress-url"), {credentials: "same-origin"}).then(function (answer) {
            return answer.json();
        }).then(function (state) {
            if (state.finished || state.stalled) { window.location.reload(); return; }
            label.textContent = state.status_label;
            if (state.rows_total !== null) {
                bar.max = state.rows_total || 1;
                bar.value = state.rows_done;
                rows.textContent = rows.getAttribute("data-template") ? rows.getAttribute("data-template")
                    .replace("DONE", state.rows_done).replace("TOTAL", state.rows_total) : rows.textContent;
            }
            window.setTimeout(poll, 2000);
        }).catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 1000);
});
