/* Small enhancements; every page works without them. */
(function () {
  "use strict";
  var near = document.getElementById("near");
  var list = document.getElementById("place-suggestions");
  if (near && list && window.fetch) {
    var timer = null;
    near.addEventListener("input", function () {
      clearTimeout(timer);
      var text = near.value.trim();
      if (text.length < 2 || /^\d/.test(text)) { return; }
      timer = setTimeout(function () {
        fetch(near.dataset.autocomplete + "?q=" + encodeURIComponent(text))
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (places) {
            list.innerHTML = "";
            places.forEach(function (place) {
              var option = document.createElement("option");
              option.value = place.name;  // the name the page shows: Drylts in Frisian, Easterein everywhere
              option.label = place.municipality;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }
  var button = document.getElementById("use-location");
  var status = document.getElementById("location-status");
  if (button && near && navigator.geolocation) {
    button.addEventListener("click", function () {
      status.textContent = button.dataset.searching;
      navigator.geolocation.getCurrentPosition(function (position) {
        // rounded to about a kilometre before it goes into the URL (and so into any log)
        near.value = position.coords.latitude.toFixed(2) + "," + position.coords.longitude.toFixed(2);
        status.textContent = "";
        near.form.submit();
      }, function () { status.textContent = button.dataset.failed; }, { timeout: 10000 });
    });
  } else if (button) {
    button.hidden = true;
  }
  // The service page's map: Leaflet (~40 KB compressed) is fetched only when the resident asks for
  // it; without JavaScript the same link opens the map page.
  var showMap = document.getElementById("show-map");
  var detailMap = document.getElementById("detail-map");
  if (showMap && detailMap) {
    showMap.addEventListener("click", function (event) {
      event.preventDefault();
      var assets = JSON.parse(showMap.dataset.mapAssets);
      assets.css.forEach(function (href) {
        var link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = href;
        document.head.appendChild(link);
      });
      var load = function (sources) {
        if (!sources.length) {
          detailMap.hidden = false;
          showMap.parentNode.hidden = true;
          window.socialmapDetailMap(detailMap);
          detailMap.focus();
          return;
        }
        var script = document.createElement("script");
        script.src = sources[0];
        script.onload = function () { load(sources.slice(1)); };
        document.body.appendChild(script);
      };
      load(assets.js);
    });
  }
  // Print buttons (the alternatives handout); no inline onclick: the CSP admits no inline handlers.
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  });
})();
