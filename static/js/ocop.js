/* Behaviour every shop page may use, instead of inline handlers (the Content-Security-Policy allows none). */
(function () {
    // A <select data-autosubmit> submits its form when changed (a <noscript> button covers no JavaScript).
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
        select.addEventListener("change", function () { select.form.submit(); });
    });
})();
