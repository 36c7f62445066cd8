/* geomap's map behaviour, inlined once into every map page after Leaflet.
 *
 * Python (geomap/render.py) passes data only as JSON: <script type="application/json"> blocks read
 * with geomap.data(id), and options through Jinja's tojson. Every string that came from an article
 * is HTML-escaped in Python before it reaches this file, so the popup templates below only ever
 * join escaped text and numbers. Nothing here evaluates or concatenates code.
 *
 * After the page script has run, window.geomap exposes the Leaflet map and its layers (tests and
 * the benchmark read them) and geomap.ready turns true once every layer has been added and drawn.
 */
(function () {
    "use strict";

    var G = window.geomap = {
        ready: false, readyAt: null, map: null, layers: {}, areas: null, trajectories: null,
        categories: {}, order: [], quotes: [], kinds: [], range: null
    };

    // Marker glyphs as unit polygons (y grows downwards); null draws a circle.
    var SHAPES = {
        triangle_down: [[-1, -0.8], [1, -0.8], [0, 1]],
        diamond: [[0, -1.25], [0.85, 0], [0, 1.25], [-0.85, 0]],
        arrowhead: [[0, -1.2], [1, 0.9], [0, 0.35], [-1, 0.9]],
        circle: null,
        ring: null,
        square: [[-0.85, -0.85], [0.85, -0.85], [0.85, 0.85], [-0.85, 0.85]],
        star: star(5, 1.2, 0.5),
        pentagon: star(5, 1.05, 1.05),
        plus: [[-0.35, -1], [0.35, -1], [0.35, -0.35], [1, -0.35], [1, 0.35], [0.35, 0.35], [0.35, 1],
               [-0.35, 1], [-0.35, 0.35], [-1, 0.35], [-1, -0.35], [-0.35, -0.35]],
        cross: [[-0.7, -1], [0, -0.3], [0.7, -1], [1, -0.7], [0.3, 0], [1, 0.7], [0.7, 1], [0, 0.3],
                [-0.7, 1], [-1, 0.7], [-0.3, 0], [-1, -0.7]]
    };

    function star(points, outer, inner) {
        var out = [];
        for (var i = 0; i < points * 2; i++) {
            var r = i % 2 ? inner : outer, a = Math.PI * i / points - Math.PI / 2;
            if (inner === outer && i % 2) { continue; }
            out.push([r * Math.cos(a), r * Math.sin(a)]);
        }
        return out;
    }

    // A canvas marker drawn as one of SHAPES; hit-testing stays CircleMarker's (by radius).
    var ShapeMarker = L.CircleMarker.extend({
        _updatePath: function () {
            var renderer = this._renderer;
            if (!renderer._ctx) { return L.CircleMarker.prototype._updatePath.call(this); }
            if (!renderer._drawing || this._empty()) { return; }
            renderer._ctx.beginPath();
            this._tracePath(renderer._ctx);
            renderer._fillStroke(renderer._ctx, this);
        },

        _tracePath: function (ctx) {
            var p = this._point, r = Math.max(Math.round(this._radius), 1), pts = SHAPES[this.options.shape];
            if (!pts) {
                ctx.moveTo(p.x + r, p.y);
                ctx.arc(p.x, p.y, r, 0, Math.PI * 2, false);
                return;
            }
            ctx.moveTo(p.x + pts[0][0] * r, p.y + pts[0][1] * r);
            for (var i = 1; i < pts.length; i++) { ctx.lineTo(p.x + pts[i][0] * r, p.y + pts[i][1] * r); }
            ctx.closePath();
        }
    });

    G.data = function (id) {
        return JSON.parse(document.getElementById(id).textContent);
    };

    G.setup = function (map, cfg) {
        G.map = map;
        G.categories = cfg.categories;
        G.order = cfg.order;
        G.quotes = cfg.quotes;
        G.kinds = cfg.kinds;
        G.statusColors = cfg.statusColors;
        map.createPane("geomapBase");
        map.getPane("geomapBase").style.zIndex = 250;
        // One canvas for every interactive vector: a canvas pane above another would swallow clicks.
        G.dense = cfg.dense;
        G.canvas = L.canvas({padding: 0.1, tolerance: 3});
        // The final view before any layer is added: nothing is drawn twice, nothing animates.
        if (cfg.bounds) {
            map.fitBounds(cfg.bounds, {padding: [20, 20], maxZoom: 8, animate: false});
        }
        G.baseRenderer = L.svg({pane: "geomapBase"});
        map.attributionControl.setPrefix("Leaflet");
        map.attributionControl.addAttribution(cfg.attribution);
    };

    // --- popups ---------------------------------------------------------------------------
    function num(v) {
        return typeof v === "number" && isFinite(v) ? String(v) : "";
    }

    function row(label, value) {
        return value === undefined || value === null || value === "" ? "" :
            "<tr><th>" + label + "</th><td>" + value + "</td></tr>";
    }

    function quotes(indexes) {
        var html = "";
        (indexes || []).forEach(function (i) {
            var q = G.quotes[i];
            if (q) { html += "<blockquote>" + q[0] + "</blockquote><div class=\"geomap-source\">source: " + q[1] + "</div>"; }
        });
        return html;
    }

    function when(p) {
        if (p.d && p.dt) { return p.d + " (" + p.dt + ")"; }
        return p.d || p.dt || "";
    }

    function claim(p) {
        var status = p.cs || "reported";
        return p.cb ? p.cb + " \u2014 " + status : status;
    }

    function fatalities(p) {
        var text = num(p.f);
        if (num(p.cf)) { text += (text ? ", " : "") + num(p.cf) + " civilian"; }
        return text;
    }

    function eventHtml(p, category) {
        var cat = G.categories[category] || {label: category};
        return "<h3>" + cat.label + " \u2014 " + (p.l || "?") + "</h3><table>" +
            row("What", G.kinds[p.e]) + row("Where", (p.l || "") + (p.p ? " (" + p.p + " precision)" : "")) +
            row("By", p.a) + row("Against", p.g) + row("Weapon", p.w) +
            row("Count", num(p.n) + (p.ns ? " (reports: " + p.ns.map(num).join(", ") + ")" : "")) +
            row("Fatalities", fatalities(p)) + row("Date", when(p)) + row("Claim", claim(p)) +
            "</table>" + quotes(p.q);
    }

    function trajectoryHtml(p) {
        var distance = p.km !== undefined ? num(p.km) + " km computed" : "";
        if (p.rkm !== undefined) { distance += "; " + num(p.rkm) + " km reported"; }
        return "<h3>" + (p.w || "Launch") + ": " + (p.ln || "?") + " \u2192 " + (p.tn || "?") + "</h3><table>" +
            row("Weapon", p.w) + row("Count", num(p.n) + (p.ns ? " (reports: " + p.ns.map(num).join(", ") + ")" : "")) +
            row("Status", p.st) + row("By", p.a) + row("Distance", distance) +
            row("Crosses (computed)", (p.x || []).join(", ") || "none") +
            row("Crosses (stated)", (p.sx || []).join(", ")) +
            row("Date", when(p)) + row("Claim", claim(p)) + "</table>" + quotes(p.q);
    }

    var sharedPopup = null;

    function popup(map, latlng, html) {
        // One popup reused for every click: the page never holds more than one.
        sharedPopup = sharedPopup || L.popup({maxWidth: 380});
        sharedPopup.setLatLng(latlng).setContent("<div class=\"geomap-popup\">" + html + "</div>").openOn(map);
    }

    // --- time filter ----------------------------------------------------------------------
    function inRange(p) {
        var r = G.range;
        return !r || !p.d || (p.d >= r[0] && p.d <= r[1]);
    }

    // --- basemap --------------------------------------------------------------------------
    G.addBasemap = function (group, map, data) {
        var styles = {
            country: {color: "#9a9288", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1},
            detail: {stroke: false, fillColor: "#f4f1ea", fillOpacity: 1},
            border: {color: "#9a9288", weight: 0.8, fill: false},
            province: {color: "#b3aca2", weight: 0.6, dashArray: "3 3", fill: false},
            sea: {color: "#9ec1da", weight: 0.5, fillColor: "#c9dcea", fillOpacity: 1}
        };
        ["country", "detail", "sea", "province"].forEach(function (kind) {
            (data[kind] || []).forEach(function (item) {
                if (item.geometry) {
                    group.addLayer(L.geoJSON(item.geometry, {
                        style: styles[kind], interactive: false, pane: "geomapBase", renderer: G.baseRenderer
                    }));
                }
                if (item.border) {
                    group.addLayer(L.geoJSON(item.border, {
                        style: styles.border, interactive: false, pane: "geomapBase", renderer: G.baseRenderer
                    }));
                }
                if (item.label && item.name) {
                    group.addLayer(L.tooltip({
                        permanent: true, direction: "center", interactive: false,
                        className: "geomap-label" + (kind === "sea" ? " geomap-label-sea" : "")
                    }).setLatLng(item.label).setContent(item.name));
                }
            });
        });
    };

    // --- point events ---------------------------------------------------------------------
    function markerOptions(p, cat) {
        // Dashed outlines are slow on canvas: a claimed or disputed event is drawn pale instead.
        var radius = p.n > 1 ? Math.min(6 + 2.5 * Math.log2(p.n), 18) : 6;
        var dead = p.f > 0 || p.cf > 0, ring = cat.shape === "ring", unconfirmed = !!(p.cs && p.cs !== "reported");
        return {
            renderer: G.canvas, shape: cat.shape, radius: radius,
            fillColor: cat.color, fillOpacity: ring ? 0.15 : (unconfirmed ? 0.4 : 0.85),
            stroke: dead || ring || !G.dense,
            color: dead ? "#111" : (ring ? cat.color : "#fff"),
            weight: dead ? Math.min(1.5 + Math.log2(1 + (p.f || 0) + (p.cf || 0)), 5) : (ring ? 2.5 : 1)
        };
    }

    G.addEvents = function (group, map, data, opts) {
        var category = opts.category, cat = G.categories[category] || G.categories._other;
        var layer = L.geoJSON(null, {
            pointToLayer: function (feature, latlng) { return new ShapeMarker(latlng, markerOptions(feature.properties, cat)); }
        });
        layer.on("click", function (e) { popup(map, e.latlng, eventHtml(e.layer.feature.properties, category)); });
        layer.addData(data);
        group.addLayer(layer);
        G.layers[category] = {group: group, layer: layer, features: data.features};
    };

    function filterEvents() {
        Object.keys(G.layers).forEach(function (category) {
            var entry = G.layers[category];
            entry.layer.clearLayers();
            entry.layer.addData(entry.features.filter(function (f) { return inRange(f.properties); }));
        });
    }

    // --- areas ----------------------------------------------------------------------------
    var hatches = {};

    function hatch(color) {
        if (!hatches[color]) {
            var tile = document.createElement("canvas");
            tile.width = tile.height = 8;
            var ctx = tile.getContext("2d");
            ctx.strokeStyle = color;
            ctx.lineWidth = 1.5;
            ctx.beginPath();
            ctx.moveTo(0, 8); ctx.lineTo(8, 0); ctx.moveTo(-2, 2); ctx.lineTo(2, -2); ctx.moveTo(6, 10); ctx.lineTo(10, 6);
            ctx.stroke();
            hatches[color] = ctx.createPattern(tile, "repeat");
        }
        return hatches[color];
    }

    function areaStyle(place, visible) {
        var counts = {}, top = null;
        visible.forEach(function (p) {
            counts[p.k] = (counts[p.k] || 0) + 1;
            if (top === null || counts[p.k] > counts[top]) { top = p.k; }
        });
        var color = (G.categories[top] || G.categories._other).color;
        if (place.level === "country") {
            return {renderer: G.canvas, color: color, weight: 2.5, dashArray: "8 5", fillColor: hatch(color), fillOpacity: 0.7};
        }
        return {renderer: G.canvas, color: color, weight: 1.5, fillColor: color,
                fillOpacity: Math.min(0.18 + 0.1 * visible.length, 0.6)};
    }

    G.addAreas = function (group, map, data) {
        var places = data.places.map(function (place) {
            var shape = L.geoJSON(place.geometry, {style: areaStyle(place, place.events)});
            var label = place.level === "country" ? L.tooltip({
                permanent: true, direction: "center", interactive: false,
                className: "geomap-label geomap-label-country-event"
            }).setLatLng(place.label).setContent(place.name + " (country-level)") : null;
            var entry = {place: place, shape: shape, label: label, visible: place.events};
            shape.on("click", function (e) {
                var html = entry.visible.map(function (p) { return eventHtml(p, p.k); }).join("<hr>");
                popup(map, e.latlng, html);
            });
            return entry;
        });
        G.areas = {group: group, places: places};
        filterAreas();
    };

    function filterAreas() {
        if (!G.areas) { return; }
        var group = G.areas.group;
        G.areas.places.forEach(function (entry) {
            entry.visible = entry.place.events.filter(inRange);
            var show = entry.visible.length > 0;
            if (show) { entry.shape.setStyle(areaStyle(entry.place, entry.visible)); }
            [entry.shape, entry.label].forEach(function (layer) {
                if (!layer) { return; }
                if (show && !group.hasLayer(layer)) { group.addLayer(layer); }
                if (!show && group.hasLayer(layer)) { group.removeLayer(layer); }
            });
        });
    }

    // --- trajectories ---------------------------------------------------------------------
    var SHIP = "<svg width=\"26\" height=\"20\" viewBox=\"0 0 26 20\"><path d=\"M1 12h24l-4 7H5z\" fill=\"#1d3f66\"/>" +
        "<path d=\"M6 12V8h12v4M9 8V4h5v4M11 4V1\" stroke=\"#1d3f66\" stroke-width=\"1.6\" fill=\"#8fb3d6\"/></svg>";
    var LAUNCHER = "<svg width=\"18\" height=\"18\" viewBox=\"0 0 18 18\"><circle cx=\"9\" cy=\"9\" r=\"7\" fill=\"#fff\" " +
        "stroke=\"#1d3f66\" stroke-width=\"2\"/><path d=\"M9 3l3 9H6z\" fill=\"#1d3f66\"/></svg>";

    function bearing(a, b) {
        // Screen angle of a->b in Web Mercator; conformal, so it holds at every zoom level.
        var pa = L.CRS.EPSG3857.latLngToPoint(L.latLng(a[1], a[0]), 8);
        var pb = L.CRS.EPSG3857.latLngToPoint(L.latLng(b[1], b[0]), 8);
        return Math.atan2(pb.y - pa.y, pb.x - pa.x) * 180 / Math.PI;
    }

    function arrow(coords, at, color) {
        var i = Math.max(1, Math.min(coords.length - 1, Math.round(at * (coords.length - 1))));
        var angle = Math.round(bearing(coords[i - 1], coords[i]) * 10) / 10;
        var svg = "<svg width=\"16\" height=\"16\" viewBox=\"-8 -8 16 16\" style=\"transform:rotate(" + angle +
            "deg)\"><path d=\"M7 0L-6 -6L-3 0L-6 6z\" fill=\"" + color + "\" stroke=\"#fff\" stroke-width=\"1\"/></svg>";
        return L.marker(L.latLng(coords[i][1], coords[i][0]), {
            icon: L.divIcon({html: svg, className: "geomap-arrow", iconSize: [16, 16], iconAnchor: [8, 8]}),
            interactive: false, keyboard: false
        });
    }

    G.addTrajectories = function (group, map, data) {
        var items = data.features.map(function (feature) {
            var p = feature.properties, coords = feature.geometry.coordinates;
            var color = G.statusColors[p.st] || G.statusColors.launched;
            var line = L.geoJSON(feature, {style: {
                renderer: G.canvas, color: color, opacity: 0.9,
                weight: p.n > 1 ? Math.min(2.5 + 1.2 * Math.log2(p.n), 10) : 2.5,
                dashArray: p.cs && p.cs !== "reported" ? "10 7" : null
            }});
            line.on("click", function (e) { popup(map, e.latlng, trajectoryHtml(p)); });
            var layers = [line, arrow(coords, 0.5, color), arrow(coords, 1, color)];
            return {properties: p, layers: layers};
        });
        var launches = data.launches.map(function (site) {
            var marker = L.marker(L.latLng(site.lat, site.lon), {
                icon: L.divIcon({html: site.sea ? SHIP : LAUNCHER, className: "geomap-launch",
                                 iconSize: site.sea ? [26, 20] : [18, 18], iconAnchor: site.sea ? [13, 14] : [9, 9]}),
                keyboard: false
            });
            marker.bindTooltip("Launch site: " + site.name);
            group.addLayer(marker);
            return marker;
        });
        G.trajectories = {group: group, items: items, launches: launches};
        filterTrajectories();
    };

    function filterTrajectories() {
        if (!G.trajectories) { return; }
        var group = G.trajectories.group;
        G.trajectories.items.forEach(function (item) {
            var show = inRange(item.properties);
            item.layers.forEach(function (layer) {
                if (show && !group.hasLayer(layer)) { group.addLayer(layer); }
                if (!show && group.hasLayer(layer)) { group.removeLayer(layer); }
            });
        });
    }

    // --- controls -------------------------------------------------------------------------
    function svgNode(name, attrs) {
        var node = document.createElementNS("http://www.w3.org/2000/svg", name);
        Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
        return node;
    }

    function legendSwatch(cat) {
        var svg = svgNode("svg", {width: 18, height: 18, viewBox: "-9 -9 18 18"});
        var pts = SHAPES[cat.shape], style = {fill: cat.color, stroke: cat.shape === "ring" ? cat.color : "#fff",
            "stroke-width": cat.shape === "ring" ? 2 : 1, "fill-opacity": cat.shape === "ring" ? 0.15 : 0.9};
        if (!pts) {
            svg.appendChild(svgNode("circle", Object.assign({r: 6}, style)));
        } else {
            style.points = pts.map(function (pt) { return (pt[0] * 6.5).toFixed(1) + "," + (pt[1] * 6.5).toFixed(1); }).join(" ");
            svg.appendChild(svgNode("polygon", style));
        }
        return svg;
    }

    function legendLine(attrs) {
        var svg = svgNode("svg", {width: 26, height: 14});
        svg.appendChild(svgNode("line", Object.assign({x1: 1, y1: 7, x2: 25, y2: 7}, attrs)));
        return svg;
    }

    function legendRect(attrs) {
        var svg = svgNode("svg", {width: 18, height: 14});
        svg.appendChild(svgNode("rect", Object.assign({x: 1, y: 1, width: 16, height: 12}, attrs)));
        return svg;
    }

    G.addLegend = function (map, opts) {
        var control = L.control({position: "bottomright"});
        control.onAdd = function () {
            var box = L.DomUtil.create("div", "geomap-panel geomap-legend");
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            function entry(swatch, text) {
                var rowNode = L.DomUtil.create("div", "", box);
                rowNode.appendChild(swatch);
                rowNode.appendChild(document.createTextNode(text));
            }
            opts.categories.forEach(function (key) { entry(legendSwatch(G.categories[key]), G.categories[key].label); });
            if (opts.areas) {
                entry(legendRect({fill: "#d62728", "fill-opacity": 0.35, stroke: "#d62728"}), "province/region-level event");
                entry(legendRect({fill: "none", stroke: "#d62728", "stroke-width": 2, "stroke-dasharray": "4 2"}), "country-level event (hatched)");
            }
            if (opts.trajectories) {
                entry(legendLine({stroke: G.statusColors.launched, "stroke-width": 3}), "missile/drone path");
                entry(legendLine({stroke: G.statusColors.launched, "stroke-width": 3, "stroke-dasharray": "6 4"}), "claimed or disputed");
                entry(legendLine({stroke: G.statusColors.crashed, "stroke-width": 3}), "crashed / intercepted");
            }
            var note = L.DomUtil.create("div", "", box);
            note.textContent = "size: count \u00b7 dark outline: fatalities \u00b7 pale or dashed: claimed or disputed";
            return box;
        };
        control.addTo(map);
    };

    G.addTitle = function (map, opts) {
        var control = L.control({position: "topleft"});
        control.onAdd = function () {
            var box = L.DomUtil.create("div", "geomap-panel geomap-title");
            box.textContent = opts.title;
            return box;
        };
        control.addTo(map);
    };

    G.addTimeFilter = function (map, opts) {
        var dates = opts.dates, control = L.control({position: "bottomleft"});
        control.onAdd = function () {
            var box = L.DomUtil.create("div", "geomap-panel geomap-time");
            L.DomEvent.disableClickPropagation(box);
            var label = L.DomUtil.create("span", "", box);
            var from = L.DomUtil.create("input", "geomap-time-from", box);
            var to = L.DomUtil.create("input", "geomap-time-to", box);
            [from, to].forEach(function (input, i) {
                input.type = "range";
                input.min = 0;
                input.max = dates.length - 1;
                input.step = 1;
                input.value = i ? dates.length - 1 : 0;
                input.addEventListener("input", update);
            });
            var note = L.DomUtil.create("div", "geomap-source", box);
            note.textContent = "undated events are always shown";
            function update() {
                var a = Math.min(+from.value, +to.value), b = Math.max(+from.value, +to.value);
                label.textContent = dates[a] + " \u2013 " + dates[b];
                G.filter(dates[a], dates[b]);
            }
            label.textContent = dates[0] + " \u2013 " + dates[dates.length - 1];
            return box;
        };
        control.addTo(map);
    };

    G.filter = function (from, to) {
        G.range = from === null ? null : [from, to];
        filterEvents();
        filterAreas();
        filterTrajectories();
        order();
    };

    // Canvas hit-testing picks the last drawn shape: keep markers above lines above areas.
    function order() {
        if (G.areas && G.map.hasLayer(G.areas.group)) { G.areas.group.bringToBack(); }
        Object.keys(G.layers).forEach(function (key) {
            if (G.map.hasLayer(G.layers[key].group)) { G.layers[key].layer.bringToFront(); }
        });
    }

    G.count = function () {
        var out = {events: {}, areas: 0, countryAreas: 0, areaEvents: 0, trajectories: 0, launches: 0};
        Object.keys(G.layers).forEach(function (key) {
            var entry = G.layers[key];
            out.events[key] = G.map.hasLayer(entry.group) ? entry.layer.getLayers().length : 0;
        });
        if (G.areas && G.map.hasLayer(G.areas.group)) {
            G.areas.places.forEach(function (entry) {
                if (G.areas.group.hasLayer(entry.shape)) {
                    out[entry.place.level === "country" ? "countryAreas" : "areas"] += 1;
                    out.areaEvents += entry.visible.length;
                }
            });
        }
        if (G.trajectories && G.map.hasLayer(G.trajectories.group)) {
            G.trajectories.items.forEach(function (item) {
                if (G.trajectories.group.hasLayer(item.layers[0])) { out.trajectories += 1; }
            });
            out.launches = G.trajectories.launches.length;
        }
        return out;
    };

    G.finish = function (map) {
        map.on("overlayadd", order);
        order();
        // Leaflet draws canvases in an animation frame queued before this one: ready means drawn.
        L.Util.requestAnimFrame(function () {
            G.readyAt = performance.now();
            G.ready = true;
        });
    };
})();
