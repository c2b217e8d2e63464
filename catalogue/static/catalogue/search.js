// Search, catalogue and category pages (no inline scripts: the shop runs under a
// Content-Security-Policy).
(function () {
    "use strict";

    // "Near me": the browser's location (asked only on click) as lat/lon, 50 km, nearest first.
    var button = document.querySelector(".ocop-near-me");
    if (button && navigator.geolocation) {
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.geolocation.getCurrentPosition(function (position) {
                var params = new URLSearchParams(window.location.search);
                params.set("lat", position.coords.latitude.toFixed(4));
                params.set("lon", position.coords.longitude.toFixed(4));
                params.set("radius_km", "50");
                params.set("sort", "distance");
                params.delete("page");
                window.location.search = params.toString();
            });
        });
    }

    // Autocomplete from /api/v1/search/suggest/ into the search box's datalist.
    var input = document.getElementById("id_search_q");
    var list = document.getElementById("ocop-suggestions");
    var timer;
    if (input && list && window.fetch) {
        input.addEventListener("input", function () {
            clearTimeout(timer);
            var q = input.value.trim();
            if (q.length < 2) { return; }
            timer = setTimeout(function () {
                // Titles in the page's language (API paths carry no language prefix).
                fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q),
                      {headers: {"Accept-Language": document.documentElement.lang}})
                    .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
                    .then(function (data) {
                        list.innerHTML = "";
                        data.suggestions.forEach(function (s) {
                            var option = document.createElement("option");
                            option.value = s.title;
                            list.appendChild(option);
                        });
                    });
            }, 150);
        });
    }
})();
