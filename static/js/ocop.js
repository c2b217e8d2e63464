/* Behaviour every Oscar page (shop and dashboard) may use, instead of inline handlers (the Content-Security-Policy allows none). */
(function () {
    // A <select data-autosubmit> submits its form when changed (a <noscript> button covers no JavaScript).
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
        select.addEventListener("change", function () { select.form.submit(); });
    });
    // Oscar's dashboard image widget: hide "Upload" once the preview loads, or tell
    // that the chosen file is not an image (were inline onload/onerror handlers).
    document.querySelectorAll("img[data-upload-button]").forEach(function (img) {
        var button = document.getElementById(img.dataset.uploadButton);
        img.addEventListener("load", function () { if (button) { button.hidden = true; } });
        img.addEventListener("error", function () {
            if (!img.getAttribute("src")) { return; }
            if (button) { button.hidden = false; }
            window.alert(img.dataset.unrecognized);
        });
    });
})();
