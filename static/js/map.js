/* Sociale Kaart map: markers come from the GeoJSON API; each links to its service page. */
function socialmapLoadMarkers(map, cluster, url) {
  socialmapWatchTiles(map);
  socialmapNameClusters(cluster);
  fetch(url, { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.ok ? response.json() : { features: [] }; })
    .then(function (data) {
      var bounds = [];
      data.features.forEach(function (feature) {
        var lon = feature.geometry.coordinates[0], lat = feature.geometry.coordinates[1];
        var link = document.createElement("a");
        link.href = feature.properties.url;
        link.textContent = feature.properties.name;
        var marker = L.marker([lat, lon], { title: feature.properties.name, alt: feature.properties.name });
        marker.socialmapPlace = feature.properties.place;
        marker.bindPopup(link);
        cluster.addLayer(marker);
        bounds.push([lat, lon]);
      });
      if (bounds.length) { map.fitBounds(bounds, { maxZoom: 13, padding: [20, 20] }); }
    })
    .catch(function () { /* the list on the page stays the way to the services */ });
}

/* A service's own locations; the label is text (an address someone typed), never markup. */
function socialmapAddMarkers(map, points) {
  socialmapWatchTiles(map);
  points.forEach(function (point) {
    var label = document.createElement("span");
    label.textContent = point.label;
    L.marker([point.lat, point.lon], { alt: point.label })
      .bindTooltip(label, { sticky: true })
      .addTo(map);
  });
}

/* A service's own map, built only when the resident asks for it (static/js/site.js loads Leaflet);
   the page gives the tiles and the points as JSON in data-map (socialmap/web/maps.py). */
function socialmapDetailMap(frame) {
  var data = JSON.parse(frame.dataset.map);
  var container = document.createElement("div");
  container.className = "folium-map";
  frame.appendChild(container);
  var map = L.map(container, { center: [data.points[0].lat, data.points[0].lon], zoom: data.zoom });
  L.control.scale().addTo(map);
  L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 19 }).addTo(map);
  socialmapAddMarkers(map, data.points);
}

/* Tiles come from another server; when they cannot load, the page says so (the list stays). */
function socialmapWatchTiles(map) {
  var note = document.getElementById("map-tile-note");
  if (!note) { return; }
  map.eachLayer(function (layer) {
    if (layer instanceof L.TileLayer) {
      layer.on("tileerror", function () { note.hidden = false; });
    }
  });
}

/* A cluster is named by how many services it holds and the village most of them are in:
   "17 voorzieningen rond Sneek", as its title and accessible name, not only a number. */
function socialmapNameClusters(cluster) {
  var labels = document.getElementById("map-labels");
  var texts = labels ? JSON.parse(labels.textContent) : {};
  cluster.options.iconCreateFunction = function (group) {
    var count = group.getChildCount(), places = {}, place = null;
    group.getAllChildMarkers().forEach(function (marker) {
      var name = marker.socialmapPlace;
      if (name) {
        places[name] = (places[name] || 0) + 1;
        if (place === null || places[name] > places[place]) { place = name; }
      }
    });
    var text = (place ? texts.near || "" : texts.plain || "")
      .replace("{count}", count).replace("{place}", place) || String(count);
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var number = document.createElement("span");
    number.textContent = count;
    var inner = document.createElement("div");
    inner.appendChild(number);
    var icon = L.divIcon({ html: inner, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
    var createIcon = icon.createIcon;
    icon.createIcon = function (old) {
      var element = createIcon.call(icon, old);
      element.setAttribute("title", text);
      element.setAttribute("aria-label", text);
      return element;
    };
    return icon;
  };
}
