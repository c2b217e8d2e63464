/* Product page: gallery (switch picture, full screen on tap) and "copy link". Small on purpose, no library. */
(function () {
    "use strict";
    document.querySelectorAll("[data-gallery]").forEach(function (gallery) {
        var main = gallery.querySelector("[data-gallery-image]");
        var zoom = gallery.querySelector("[data-gallery-zoom]");
        var dialog = gallery.querySelector("[data-gallery-dialog]");
        var full = gallery.querySelector("[data-gallery-full]");
        gallery.querySelectorAll("[data-gallery-show]").forEach(function (button) {
            button.addEventListener("click", function () {
                main.src = button.dataset.src;
                main.srcset = button.dataset.srcset;
                main.alt = button.dataset.alt;
                zoom.href = button.dataset.full;
                gallery.querySelectorAll("[data-gallery-show]").forEach(function (other) {
                    other.setAttribute("aria-pressed", other === button ? "true" : "false");
                });
            });
        });
        if (!dialog || typeof dialog.showModal !== "function") {
            return; /* old browsers: the link opens the full picture */
        }
        zoom.addEventListener("click", function (event) {
            event.preventDefault();
            full.src = zoom.href;
            full.alt = main.alt;
            dialog.showModal();
        });
        gallery.querySelector("[data-gallery-close]").addEventListener("click", function () {
            dialog.close();
        });
        dialog.addEventListener("click", function (event) {
            if (event.target === dialog || event.target === full) {
                dialog.close();
            }
        });
    });

    document.querySelectorAll("[data-copy-link]").forEach(function (button) {
        button.addEventListener("click", function () {
            var status = button.parentNode.querySelector("[data-copy-status]");
            if (!navigator.clipboard) {
                window.prompt(button.textContent, button.dataset.copyLink);
                return;
            }
            navigator.clipboard.writeText(button.dataset.copyLink).then(function () {
                if (status) {
                    status.textContent = button.dataset.copiedText;
                }
            });
        });
    });
})();
