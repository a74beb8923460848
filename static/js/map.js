/* Sociale Kaart map: markers come from the GeoJSON API; each links to its service page. */
function socialmapLoadMarkers(map, cluster, url) {
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
  points.forEach(function (point) {
    var label = document.createElement("span");
    label.textContent = point.label;
    L.marker([point.lat, point.lon], { alt: point.label })
      .bindTooltip(label, { sticky: true })
      .addTo(map);
  });
}
