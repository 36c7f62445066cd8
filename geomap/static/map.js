/* geomap's map behaviour, inlined once into every map page after Leaflet.
 *
 * Python (geomap/render.py) passes data only as JSON: <script type="application/json"> blocks read
 * with geomap.data(id), and options through Jinja's tojson; the quotes' sentences as one text, one
 * a line (<script type="text/plain">), split when a popup first needs one. Every string that came from an article
 * is HTML-escaped in Python before it reaches this file, so the templates below only ever join
 * escaped text and numbers; a source URL becomes a link only if it is http(s). Nothing here
 * evaluates or concatenates code.
 *
 * How it is built:
 * - Point events are not Leaflet layers: their properties arrive as columns (geomap/columns.py),
 *   positions, styles and filter flags sit in typed arrays, and one canvas layer draws them (batched
 *   by style), so a zoom, a pan or a filter redraws without rebuilding anything. A filter tests each
 *   distinct value of a column once; an event's object is built only for a popup or a list row.
 *   Above 5,000 marks in view they are drawn as numbered clusters; above DOM_MARKS_MAX trajectories
 *   their arrowheads and launch sites are drawn on the same canvas rather than as DOM markers.
 * - Every click is hit-tested here: all points under the cursor, trajectories, then areas, finest
 *   first; several hits share one popup that lists them all. A country-level event is reached by
 *   its count badge or its outline, never by a click inside a smaller shape.
 * - Labels (seas, countries, provinces, towns) are placed by rank for the current zoom, greedily,
 *   never over another label or a marker, at most MAX_LABELS at once.
 * - The list beside the map has one row per event and trajectory (virtualised: only the rows in
 *   view exist; rows are numbers, sorted by counting), follows every filter, and a row click opens
 *   that feature's popup.
 *
 * After the page script has run, window.geomap exposes the map and its state (tests and the
 * benchmark read them); geomap.ready turns true once every layer has been added and drawn.
 */
(function () {
    "use strict";

    var G = window.geomap = {
        ready: false, readyAt: null, map: null, areas: null, trajectories: null,
        categories: {}, order: [], quoteDocs: [], docs: [], kinds: [], range: null
    };
    // Above CLUSTER_ABOVE marks in view, they are drawn as numbered clusters of CLUSTER_CELL pixels.
    var CLUSTER_ABOVE = 5000, CLUSTER_CELL = 40;
    var MAX_LABELS = 40, CELL = 8, ROW_HEIGHT = 24, HIT_SLOP = 3, MAX_POPUP_ITEMS = 30;
    var STATUSES = ["reported", "claimed", "disputed", "denied"];

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

    function trace(path, shape, x, y, r) {
        var pts = SHAPES[shape];
        if (!pts) {
            path.moveTo(x + r, y);
            path.arc(x, y, r, 0, Math.PI * 2, false);
            return;
        }
        path.moveTo(x + pts[0][0] * r, y + pts[0][1] * r);
        for (var i = 1; i < pts.length; i++) { path.lineTo(x + pts[i][0] * r, y + pts[i][1] * r); }
        path.closePath();
    }

    G.data = function (id) {
        return JSON.parse(document.getElementById(id).textContent);
    };

    // --- state and filters ----------------------------------------------------------------
    var state = {range: null, statuses: {reported: true, claimed: true, disputed: true, denied: true},
                 minConfidence: 0, minSources: 1, text: "", country: "", actor: ""};

    function sourcesOf(p) {
        var seen = {}, n = 0;
        (p.q || []).forEach(function (i) {
            var d = G.quoteDocs[i];
            if (d !== undefined && !seen[d]) { seen[d] = true; n += 1; }
        });
        return n;
    }

    // One test per filter on one value, shared by the events held as objects (areas, trajectories)
    // and the point events held as columns, which apply them once per distinct value.
    var TESTS = {
        d: function (d) { var r = state.range; return !r || !d || (d >= r[0] && d <= r[1]); },
        cs: function (cs) { return !!state.statuses[cs || "reported"]; },
        c: function (c) { return (c === undefined ? 1 : c) >= state.minConfidence; },
        co: function (co) { return co === state.country; },
        a: function (a) { return a === state.actor; }
    };
    // Which filters are on: only those cost a pass over the events.
    function activeTests() {
        var out = [];
        if (state.range) { out.push("d"); }
        if (STATUSES.some(function (s) { return !state.statuses[s]; })) { out.push("cs"); }
        if (state.minConfidence > 0) { out.push("c"); }
        if (state.country) { out.push("co"); }
        if (state.actor) { out.push("a"); }
        return out;
    }
    // The text filter looks into these fields, the category's name and the source documents' ids.
    var TEXT_FIELDS = ["l", "ln", "tn", "a", "g", "w", "d"];

    function textMatch(value) {
        if (value === undefined || value === null) { return false; }
        var text = String(value);
        return (text.indexOf("&") < 0 ? text : plain(text)).toLowerCase().indexOf(state.text) >= 0;
    }

    function quoteMatches() {
        // per quote: does the id of its source document match the text filter
        var docOk = G.docs.map(function (d, i) { return textMatch(docName(i)) ? 1 : 0; });
        var out = new Uint8Array(G.quoteDocs.length);
        for (var i = 0; i < out.length; i++) { out[i] = docOk[G.quoteDocs[i]] || 0; }
        return out;
    }

    function textPasses(p, cat) {
        return TEXT_FIELDS.some(function (k) { return textMatch(p[k]); }) ||
            textMatch((G.categories[cat] || {}).label) ||
            (p.q || []).some(function (i) { return G.quoteDocs[i] !== undefined && textMatch(docName(G.quoteDocs[i])); });
    }

    // Whether an event or trajectory (properties p, category cat) passes every active filter.
    function passes(p, cat) {
        var tests = activeTests();
        for (var t = 0; t < tests.length; t++) { if (!TESTS[tests[t]](p[tests[t]])) { return false; } }
        if (state.minSources > 1 && sourcesOf(p) < state.minSources) { return false; }
        if (state.text && !textPasses(p, cat)) { return false; }
        return true;
    }

    var ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#x27;": "'", "&#123;": "{", "&#125;": "}"};

    // Escaped text (as Python sends it) back to what a reader types, for matching only; never shown.
    function plain(text) {
        return text.replace(/&(?:amp|lt|gt|quot|#x27|#123|#125);/g, function (e) { return ENTITIES[e]; });
    }

    function fade(p) {
        // Confidence (0-1; missing means 1) scales opacity, never below a quarter.
        return p.c === undefined ? 1 : 0.25 + 0.75 * p.c;
    }

    G.setup = function (map, cfg) {
        G.map = map;
        G.categories = cfg.categories;
        G.order = cfg.order;
        G.quoteDocs = Int32Array.from(cfg.quoteDocs || []);
        quoteBlock = cfg.quoteBlock;
        G.docs = cfg.docs || [];
        G.kinds = cfg.kinds;
        G.countries = cfg.countries || [];
        G.statusColors = cfg.statusColors;
        G.dense = cfg.dense;
        [["geomapBase", 250], ["geomapLabels", 430], ["geomapPoints", 440]].forEach(function (pane) {
            map.createPane(pane[0]).style.zIndex = pane[1];
        });
        map.getPane("geomapLabels").style.pointerEvents = "none";
        map.getPane("geomapPoints").style.pointerEvents = "none";
        G.canvas = L.canvas({padding: 0.2});
        G.baseRenderer = L.svg({pane: "geomapBase"});
        if (cfg.list) { makeListPanel(map); }
        // The final view before any layer is added: nothing is drawn twice, nothing animates.
        if (cfg.bounds) {
            map.fitBounds(cfg.bounds, {padding: [20, 20], maxZoom: 8, animate: false});
        }
        map.attributionControl.setPrefix("Leaflet");
        map.attributionControl.addAttribution(cfg.attribution);
        G.points = new PointLayer(cfg.points || 0);
        G.points.addTo(map);
        G.labelLayer = new LabelLayer();
        G.labelLayer.addTo(map);
        map.on("click", onClick);
        map.on("mousemove", onHover);
    };

    // --- popups ---------------------------------------------------------------------------
    function num(v) {
        return typeof v === "number" && isFinite(v) ? String(v) : "";
    }

    function row(label, value) {
        return value === undefined || value === null || value === "" ? "" :
            "<tr><th>" + label + "</th><td>" + value + "</td></tr>";
    }

    function docName(i) {
        var d = G.docs[i];
        return d ? d[0] : "";
    }

    function sourceLine(i) {
        // d = [document id, url, title, published]; every part escaped in Python.
        var d = G.docs[i];
        if (!d) { return ""; }
        var title = d[2] || d[0], link = title;
        if (d[1] && /^https?:\/\//i.test(d[1])) {
            link = "<a href=\"" + d[1] + "\" target=\"_blank\" rel=\"noopener noreferrer\">" + title + "</a>";
        }
        return "source: " + link + (d[2] ? " \u00b7 " + d[0] : "") + (d[3] ? " \u00b7 published " + d[3] : "");
    }

    // The quotes' sentences stay one text, split once a popup first needs one.
    var quoteBlock = null, quoteTexts = null;

    G.quoteText = function (i) {
        if (quoteTexts === null) {
            var node = quoteBlock && document.getElementById(quoteBlock);
            quoteTexts = node ? node.textContent.split("\n") : [];
        }
        return quoteTexts[i];
    };

    function quotes(indexes) {
        var html = "";
        (indexes || []).forEach(function (i) {
            var text = G.quoteText(i);
            if (text !== undefined && G.quoteDocs[i] !== undefined) {
                html += "<blockquote>" + text + "</blockquote><div class=\"geomap-source\">" + sourceLine(G.quoteDocs[i]) + "</div>";
            }
        });
        return html;
    }

    function when(p) {
        if (p.dp) { return p.d + " (publication date: the text gives none)"; }
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

    function confidence(p) {
        return p.c === undefined ? "" : Math.round(p.c * 100) + "%";
    }

    function eventHtml(p, category) {
        var cat = G.categories[category] || {label: category};
        return "<h3 data-event-id=\"" + (p.i || "") + "\">" + cat.label + " \u2014 " + (p.l || "?") + "</h3><table>" +
            row("What", G.kinds[p.e]) + row("Where", (p.l || "") + (p.p ? " (" + p.p + " precision)" : "")) +
            row("By", p.a) + row("Against", p.g) + row("Weapon", p.w) +
            row("Count", num(p.n) + (p.ns ? " (reports: " + p.ns.map(num).join(", ") + ")" : "")) +
            row("Fatalities", fatalities(p)) + row("Date", when(p)) + row("Claim", claim(p)) +
            row("Sources", num(sourcesOf(p))) + row("Confidence", confidence(p)) +
            "</table>" + quotes(p.q);
    }

    function trajectoryHtml(p) {
        var distance = p.km !== undefined ? num(p.km) + " km computed" : "";
        if (p.rkm !== undefined) { distance += "; " + num(p.rkm) + " km reported"; }
        return "<h3 data-event-id=\"" + (p.i || "") + "\">" + (p.w || "Launch") + ": " + (p.ln || "?") + " \u2192 " +
            (p.tn || "?") + "</h3><table>" +
            row("Weapon", p.w) + row("Count", num(p.n) + (p.ns ? " (reports: " + p.ns.map(num).join(", ") + ")" : "")) +
            row("Status", p.st) + row("By", p.a) + row("Distance", distance) +
            row("Crosses (computed)", (p.x || []).join(", ") || "none") +
            row("Crosses (stated)", (p.sx || []).join(", ")) +
            row("Date", when(p)) + row("Claim", claim(p)) + row("Sources", num(sourcesOf(p))) +
            row("Confidence", confidence(p)) + "</table>" + quotes(p.q);
    }

    function controlBox(corner) {
        var node = G.map.getContainer().querySelector(".leaflet-" + corner);
        var rect = node ? node.getBoundingClientRect() : null;
        return rect && rect.width ? rect : {width: 0, height: 0};
    }

    var sharedPopup = null;

    function popup(latlng, html) {
        // One popup reused for every click, kept clear of the layer control and the title.
        // A popup opens upwards from its point, so its top is what meets the controls: it is panned to
        // start below the taller of the two top corners.
        var top = Math.max(controlBox("top.leaflet-right").height, controlBox("top.leaflet-left").height);
        sharedPopup = sharedPopup || L.popup({maxWidth: 360});
        sharedPopup.options.autoPanPaddingTopLeft = L.point(10, top + 10);
        sharedPopup.options.autoPanPaddingBottomRight = L.point(10, 10);
        sharedPopup.setLatLng(latlng).setContent("<div class=\"geomap-popup\">" + html + "</div>").openOn(G.map);
    }

    function hitHtml(hit) {
        if (hit.type === "point") { return eventHtml(G.points.prop(hit.index), G.points.catKeys[G.points.cat[hit.index]]); }
        if (hit.type === "trajectory") { return trajectoryHtml(hit.item.properties); }
        return hit.entry.visible.map(function (p) { return eventHtml(p, p.k); }).join("<hr>");
    }

    function hitCount(hit) {
        return hit.type === "area" ? hit.entry.visible.length : 1;
    }

    function openHits(latlng, hits) {
        var total = hits.reduce(function (n, h) { return n + hitCount(h); }, 0);
        var shown = hits.slice(0, MAX_POPUP_ITEMS), html = shown.map(hitHtml).join("<hr>");
        if (total > 1) {
            html = "<div class=\"geomap-here\">" + total + " events here</div>" + html +
                (hits.length > shown.length ? "<hr><div class=\"geomap-source\">and " + (hits.length - shown.length) +
                 " more: zoom in</div>" : "");
        }
        popup(latlng, html);
    }

    // --- hit-testing ----------------------------------------------------------------------
    function pointHits(cp) {
        var P = G.points, out = [];
        if (!P.n || P.clusters) { return out; }
        var t = P.transform();
        for (var i = 0; i < P.n; i++) {
            if (!P.shown[i] || !P.catOn[P.cat[i]]) { continue; }
            var dx = P.X[i] * t.s - t.ox - cp.x, dy = P.Y[i] * t.s - t.oy - cp.y, r = P.R[i] + HIT_SLOP;
            if (dx * dx + dy * dy <= r * r) { out.push({type: "point", index: i, d: dx * dx + dy * dy}); }
        }
        return out.sort(function (a, b) { return a.d - b.d; });
    }

    function segmentDistance(p, a, b) {
        var dx = b.x - a.x, dy = b.y - a.y, len = dx * dx + dy * dy;
        var t = len ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len)) : 0;
        var x = a.x + t * dx - p.x, y = a.y + t * dy - p.y;
        return Math.sqrt(x * x + y * y);
    }

    function lineDistance(cp, latlngs) {
        var best = Infinity, prev = null;
        latlngs.forEach(function (ll) {
            var pt = G.map.latLngToContainerPoint(ll);
            if (prev) { best = Math.min(best, segmentDistance(cp, prev, pt)); }
            prev = pt;
        });
        return best;
    }

    function trajectoryHits(cp) {
        var T = G.trajectories;
        if (!T || !G.map.hasLayer(T.group)) { return []; }
        return T.items.filter(function (item) {
            return item.visible && lineDistance(cp, item.latlngs) <= item.weight / 2 + 4;
        }).map(function (item) { return {type: "trajectory", item: item}; });
    }

    function inRing(lon, lat, ring) {
        var inside = false;
        for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
            if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) { inside = !inside; }
        }
        return inside;
    }

    function polygons(geometry) {
        return geometry.type === "Polygon" ? [geometry.coordinates] :
            geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    }

    function contains(place, latlng) {
        if (place.circle) {
            return G.map.distance(latlng, L.latLng(place.circle[0], place.circle[1])) <= place.circle[2];
        }
        return polygons(place.geometry).some(function (poly) {
            if (!inRing(latlng.lng, latlng.lat, poly[0])) { return false; }
            for (var h = 1; h < poly.length; h++) { if (inRing(latlng.lng, latlng.lat, poly[h])) { return false; } }
            return true;
        });
    }

    function nearOutline(place, cp) {
        return polygons(place.geometry).some(function (poly) {
            return poly.some(function (ring) {
                return lineDistance(cp, ring.map(function (c) { return L.latLng(c[1], c[0]); })) <= 4;
            });
        });
    }

    function areaHits(cp, latlng) {
        var A = G.areas;
        if (!A || !G.map.hasLayer(A.group)) { return []; }
        return A.places.filter(function (entry) {
            if (!entry.visible.length) { return false; }
            // A country-level event answers on its outline and badge only: a click inside it belongs
            // to whatever finer shape or mark is there.
            return entry.place.level === "country" ? nearOutline(entry.place, cp) : contains(entry.place, latlng);
        }).sort(function (a, b) { return a.place.size - b.place.size; }).map(function (entry) {
            return {type: "area", entry: entry};
        });
    }

    G.hitTest = function (cp, latlng) {
        return pointHits(cp).concat(trajectoryHits(cp), areaHits(cp, latlng));
    };

    function clusterAt(cp) {
        var found = null;
        (G.points.clusters || []).forEach(function (c) {
            if ((c.x - cp.x) * (c.x - cp.x) + (c.y - cp.y) * (c.y - cp.y) <= c.r * c.r) { found = c; }
        });
        return found;
    }

    function onClick(e) {
        var cluster = clusterAt(e.containerPoint);
        if (cluster) {
            G.map.setView(G.map.containerPointToLatLng([cluster.x, cluster.y]), G.map.getZoom() + 2);
            return;
        }
        var hits = G.hitTest(e.containerPoint, e.latlng);
        if (hits.length) { openHits(e.latlng, hits); }
    }

    var hoverPending = null, hoverSite = null, launchTip = null;

    function onHover(e) {
        hoverPending = e;
        L.Util.requestAnimFrame(function () {
            if (!hoverPending) { return; }
            var cp = hoverPending.containerPoint;
            hoverPending = null;
            var site = launchAt(cp);
            if (site !== hoverSite) {
                // a launch site on the canvas names itself as its DOM marker's tooltip would
                if (launchTip) { launchTip.close(); launchTip = null; }
                if (site) {
                    launchTip = L.tooltip({direction: "top", offset: [0, -10]}).setLatLng(site.latlng)
                        .setContent("Launch site: " + site.name).openOn(G.map);
                }
                hoverSite = site;
            }
            var hit = site || clusterAt(cp) || pointHits(cp).length || trajectoryHits(cp).length;
            G.map.getContainer().classList.toggle("geomap-hover", !!hit);
        });
    }

    // --- basemap and labels ---------------------------------------------------------------
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
                [[item.geometry, styles[kind]], [item.border, styles.border]].forEach(function (pair) {
                    if (pair[0]) {
                        group.addLayer(L.geoJSON(pair[0], {
                            style: pair[1], interactive: false, pane: "geomapBase", renderer: G.baseRenderer
                        }));
                    }
                });
            });
        });
        G.labelLayer.setCandidates(data.labels || []);
    };

    var measureCtx = null;

    function textWidth(text, font) {
        measureCtx = measureCtx || document.createElement("canvas").getContext("2d");
        measureCtx.font = font;
        var plain = text.replace(/&[#\w]+;/g, "x");
        return measureCtx.measureText(plain).width;
    }

    var LABEL_FONTS = {
        country: "600 11px system-ui, sans-serif", sea: "italic 500 11px system-ui, sans-serif",
        province: "500 10px system-ui, sans-serif", town: "500 11px system-ui, sans-serif",
        area: "600 11px system-ui, sans-serif"
    };

    // Occupancy of the map's container in CELL-pixel cells: markers and placed labels.
    function Grid(width, height) {
        this.w = Math.ceil(width / CELL) + 1;
        this.h = Math.ceil(height / CELL) + 1;
        this.cells = new Uint8Array(this.w * this.h);
    }

    Grid.prototype.range = function (x0, y0, x1, y1, fn) {
        var c0 = Math.max(0, Math.floor(x0 / CELL)), c1 = Math.min(this.w - 1, Math.floor(x1 / CELL));
        var r0 = Math.max(0, Math.floor(y0 / CELL)), r1 = Math.min(this.h - 1, Math.floor(y1 / CELL));
        for (var r = r0; r <= r1; r++) {
            for (var c = c0; c <= c1; c++) { if (fn(r * this.w + c) === false) { return false; } }
        }
        return true;
    };

    Grid.prototype.mark = function (x0, y0, x1, y1) {
        var cells = this.cells;
        this.range(x0, y0, x1, y1, function (i) { cells[i] = 1; });
    };

    Grid.prototype.free = function (x0, y0, x1, y1) {
        var cells = this.cells;
        return this.range(x0, y0, x1, y1, function (i) { return cells[i] ? false : true; });
    };

    var LabelLayer = L.Layer.extend({
        onAdd: function (map) {
            this._pane = map.getPane("geomapLabels");
            this._box = L.DomUtil.create("div", "geomap-labels", this._pane);
            this.candidates = this.candidates || [];
            this.placed = [];
        },
        onRemove: function () { L.DomUtil.remove(this._box); },
        setCandidates: function (rows) {
            // [name, lat, lon, kind, min zoom, rank]; highest rank placed first
            this.candidates = rows.map(function (r) {
                var pt = L.CRS.EPSG3857.latLngToPoint(L.latLng(r[1], r[2]), 0);
                return {name: r[0], x: pt.x, y: pt.y, kind: r[3], minZoom: r[4], rank: r[5], width: null};
            }).sort(function (a, b) { return b.rank - a.rank; });
        },
        hide: function () { if (this._box) { this._box.style.display = "none"; } },
        layout: function (grid, t) {
            var map = this._map, zoom = map.getZoom(), size = map.getSize(), html = [], placed = [];
            var most = Math.min(MAX_LABELS, 10 + 6 * Math.max(zoom, 0));  // fewer when zoomed out: events first
            for (var i = 0; i < this.candidates.length && placed.length < most; i++) {
                var c = this.candidates[i];
                if (zoom < c.minZoom) { continue; }
                var x = c.x * t.s - t.ox, y = c.y * t.s - t.oy;
                if (x < 0 || y < 0 || x > size.x || y > size.y) { continue; }
                if (c.width === null) { c.width = textWidth(c.name, LABEL_FONTS[c.kind] || LABEL_FONTS.town) + 4; }
                var town = c.kind === "town", h = 14, spot = null;
                // a town's name goes right of its dot, else left of it; an area's at its point, else above or below
                var tries = town ? [[x - 3, x + 6 + c.width, "r"], [x - 6 - c.width, x + 3, "l"]] :
                    [[x - c.width / 2, x + c.width / 2, 0], [x - c.width / 2, x + c.width / 2, -13],
                     [x - c.width / 2, x + c.width / 2, 13]];
                for (var k = 0; k < tries.length && !spot; k++) {
                    var dy = town ? 0 : tries[k][2], x0 = tries[k][0], x1 = tries[k][1];
                    if (x0 >= 0 && x1 <= size.x && grid.free(x0, y + dy - h / 2, x1, y + dy + h / 2)) {
                        spot = {x0: x0, x1: x1, y0: y + dy - h / 2, y1: y + dy + h / 2, side: tries[k][2]};
                    }
                }
                if (!spot) { continue; }
                grid.mark(spot.x0, spot.y0, spot.x1, spot.y1);
                if (town) { grid.mark(x - 3, y - 3, x + 3, y + 3); }
                placed.push({name: c.name, kind: c.kind, x: x, y: y});
                // positions are layer points: the pane moves with the map while it is dragged
                var left = town ? x : (spot.x0 + spot.x1) / 2, top = town ? y : (spot.y0 + spot.y1) / 2;
                html.push("<div class=\"geomap-label geomap-label-" + c.kind + (spot.side === "l" ? " geomap-left" : "") +
                          "\" style=\"left:" + Math.round(left + t.lx) + "px;top:" + Math.round(top + t.ly) + "px\">" +
                          (town && spot.side !== "l" ? "<i></i>" : "") + c.name + (spot.side === "l" ? "<i></i>" : "") + "</div>");
            }
            this.placed = placed;
            this._box.innerHTML = html.join("");
            this._box.style.display = "";
        }
    });

    // --- point events ---------------------------------------------------------------------
    // One column of a block of point events' properties, as geomap/columns.py writes it: get(k) is
    // the k-th value, undefined where missing. A string column with a table keeps indexes only.
    function Column(spec) {
        var k;
        if ("k" in spec) {
            this.table = spec.k;
            this.idx = Int32Array.from(spec.v);
        } else if ("v" in spec) {
            this.num = new Float64Array(spec.v.length);
            for (k = 0; k < spec.v.length; k++) { this.num[k] = spec.v[k] === null ? NaN : spec.v[k]; }
        } else {
            this.list = "l" in spec;
            this.raw = spec.l || spec.s || spec.a || [];
        }
    }

    Column.prototype.get = function (k) {
        if (this.idx) { var i = this.idx[k]; return i < 0 ? undefined : this.table[i]; }
        if (this.num) { var x = this.num[k]; return x === x ? x : undefined; }
        var v = this.raw[k];
        if (v === null || v === undefined) { return undefined; }
        return this.list && typeof v === "number" ? [v] : v;
    };

    // flags[k] = flags[k] AND test(value k) (and = true) or flags[k] OR test(value k) over a block; a
    // column with a table is tested once per distinct value, a missing column as all undefined.
    function applyTest(flags, col, test, and) {
        var n = flags.length, k;
        if (!col) {
            if (and !== !!test(undefined)) { flags.fill(and ? 0 : 1); }
            return;
        }
        if (col.idx) {
            var ok = new Uint8Array(col.table.length + 1), idx = col.idx;
            ok[0] = test(undefined) ? 1 : 0;
            for (k = 0; k < col.table.length; k++) { ok[k + 1] = test(col.table[k]) ? 1 : 0; }
            if (and) { for (k = 0; k < n; k++) { flags[k] &= ok[idx[k] + 1]; } }
            else { for (k = 0; k < n; k++) { flags[k] |= ok[idx[k] + 1]; } }
            return;
        }
        for (k = 0; k < n; k++) {
            if (and && flags[k] && !test(col.get(k))) { flags[k] = 0; }
            if (!and && !flags[k] && test(col.get(k))) { flags[k] = 1; }
        }
    }

    var MERCATOR_R = 6378137, MAX_LAT = 85.0511287798, DEG = Math.PI / 180, MERCATOR_SCALE = 0.5 / (Math.PI * MERCATOR_R);

    var PointLayer = L.Layer.extend({
        // Point events in typed arrays, by index: position projected at zoom 0 (X, Y), radius, category,
        // style, number of source documents, and whether the filters show it. Their properties stay
        // in columns, one block per category; prop(i) builds one event's object when it is needed.
        initialize: function (capacity) {
            this.n = 0;
            this.capacity = 0;
            this.blocks = [];
            this.catKeys = []; this.catOn = []; this.catIndex = {}; this.styles = []; this.styleIndex = new Map();
            this.alloc(capacity || 0);
        },
        alloc: function (size) {
            var self = this;
            function grow(name, Type) {
                var next = new Type(size);
                if (self[name]) { next.set(self[name].subarray(0, Math.min(self.n, size))); }
                self[name] = next;
            }
            grow("X", Float64Array); grow("Y", Float64Array); grow("R", Float32Array); grow("cat", Uint16Array);
            grow("style", Int32Array); grow("nsrc", Uint8Array); grow("shown", Uint8Array);
            this.capacity = size;
        },
        onAdd: function (map) {
            this._canvas = L.DomUtil.create("canvas", "geomap-points", map.getPane("geomapPoints"));
            map.on("moveend resize", this.redraw, this);
            map.on("zoomstart", this._hide, this);
        },
        onRemove: function (map) {
            L.DomUtil.remove(this._canvas);
            map.off("moveend resize", this.redraw, this);
            map.off("zoomstart", this._hide, this);
        },
        _hide: function () {
            this._canvas.style.visibility = "hidden";
            if (G.labelLayer) { G.labelLayer.hide(); }
        },
        transform: function () {
            // container point of a point = (X, Y) * s - (ox, oy), with X, Y projected at zoom 0
            var map = this._map, origin = map.getPixelOrigin(), topLeft = map.containerPointToLayerPoint([0, 0]);
            return {s: Math.pow(2, map.getZoom()), ox: origin.x + topLeft.x, oy: origin.y + topLeft.y,
                    lx: topLeft.x, ly: topLeft.y, topLeft: topLeft};
        },
        addCategory: function (category, data) {
            var index = this.catKeys.length, cat = G.categories[category] || G.categories._other;
            this.catIndex[category] = index;
            this.catKeys.push(category);
            this.catOn.push(true);
            var n = data.n, start = this.n, xy = data.xy, specs = data.cols || {}, keys = Object.keys(specs), cols = {};
            if (start + n > this.capacity) { this.alloc(Math.max(start + n, 2 * this.capacity)); }
            keys.forEach(function (key) { cols[key] = new Column(specs[key]); });
            this.blocks.push({start: start, n: n, cols: cols, keys: keys, category: category});
            var X = this.X, Y = this.Y, R = this.R, CAT = this.cat, STYLE = this.style, NSRC = this.nsrc;
            var N = cols.n, F = cols.f, CF = cols.cf, CS = cols.cs, C = cols.c, Q = cols.q;
            for (var k = 0; k < n; k++) {
                // Leaflet's EPSG:3857 projection at zoom 0, without an object per point
                var i = start + k, lat = Math.max(Math.min(MAX_LAT, xy[2 * k + 1]), -MAX_LAT), sin = Math.sin(lat * DEG);
                X[i] = 256 * (MERCATOR_SCALE * MERCATOR_R * xy[2 * k] * DEG + 0.5);
                Y[i] = 256 * (-MERCATOR_SCALE * MERCATOR_R * Math.log((1 + sin) / (1 - sin)) / 2 + 0.5);
                var key = index * 1e6 + markerKey(N && N.get(k), F && F.get(k), CF && CF.get(k), CS && CS.get(k),
                                                  C && C.get(k), cat);
                var s = this.styleIndex.get(key);
                if (s === undefined) {
                    s = this.styles.length;
                    this.styleIndex.set(key, s);
                    this.styles.push(markerStyle(key % 1e6, cat));
                }
                R[i] = this.styles[s].radius;
                CAT[i] = index;
                STYLE[i] = s;
                var q = Q ? Q.raw[k] : null;
                NSRC[i] = typeof q === "number" ? (q < G.quoteDocs.length ? 1 : 0) : (q ? Math.min(255, sourcesOf({q: q})) : 0);
            }
            this.shown.fill(1, start, start + n);
            this.n = start + n;
            return index;
        },
        // The properties of point i, as one object (a popup or a list row needs them).
        prop: function (i) {
            var b = this.blocks[this.cat[i]], k = i - b.start, p = {};
            for (var j = 0; j < b.keys.length; j++) {
                var v = b.cols[b.keys[j]].get(k);
                if (v !== undefined) { p[b.keys[j]] = v; }
            }
            return p;
        },
        // The index of the first point for which fn(properties, index) is true, or -1.
        findIndex: function (fn) {
            for (var i = 0; i < this.n; i++) { if (fn(this.prop(i), i)) { return i; } }
            return -1;
        },
        // shown[i] = whether point i passes every active filter; each test runs once per distinct
        // value of a column, the loops over the points only read typed arrays.
        filter: function () {
            var tests = activeTests(), text = state.text, minSources = state.minSources;
            var quoteOk = text ? quoteMatches() : null, self = this;
            this.blocks.forEach(function (b) {
                var pass = self.shown.subarray(b.start, b.start + b.n), k;
                pass.fill(1);
                tests.forEach(function (key) { applyTest(pass, b.cols[key], TESTS[key], true); });
                if (minSources > 1) {
                    for (k = 0; k < b.n; k++) { if (self.nsrc[b.start + k] < minSources) { pass[k] = 0; } }
                }
                if (text && !textMatch((G.categories[b.category] || {}).label)) {
                    var hit = new Uint8Array(b.n), Q = b.cols.q;
                    TEXT_FIELDS.forEach(function (key) { if (b.cols[key]) { applyTest(hit, b.cols[key], textMatch, false); } });
                    for (k = 0; k < b.n && Q; k++) {
                        if (hit[k]) { continue; }
                        var q = Q.raw[k];
                        hit[k] = typeof q === "number" ? quoteOk[q] : (q ? (q.some(function (x) { return quoteOk[x]; }) ? 1 : 0) : 0);
                    }
                    for (k = 0; k < b.n; k++) { if (!hit[k]) { pass[k] = 0; } }
                }
            });
        },
        countInView: function (t, size) {
            var n = 0;
            for (var i = 0; i < this.n; i++) {
                if (!this.shown[i] || !this.catOn[this.cat[i]]) { continue; }
                var x = this.X[i] * t.s - t.ox, y = this.Y[i] * t.s - t.oy;
                if (x >= 0 && y >= 0 && x <= size.x && y <= size.y) { n += 1; }
            }
            return n;
        },
        drawClusters: function (ctx, t, size, grid) {
            // Too many marks to read (or draw quickly): one numbered circle per CLUSTER_CELL square,
            // in the colour of its most frequent category; a click zooms in.
            // cells are counted from the padded canvas' corner: (x + padX, y + padY)
            var w = Math.ceil((size.x + 2 * size.padX) / CLUSTER_CELL) + 2, cats = this.catKeys.length;
            var h = Math.ceil((size.y + 2 * size.padY) / CLUSTER_CELL) + 2;
            var count = new Int32Array(w * h), sx = new Float64Array(w * h), sy = new Float64Array(w * h);
            var byCat = new Int32Array(w * h * cats);
            for (var i = 0; i < this.n; i++) {
                if (!this.shown[i] || !this.catOn[this.cat[i]]) { continue; }
                var x = this.X[i] * t.s - t.ox, y = this.Y[i] * t.s - t.oy;
                var px = x + size.padX, py = y + size.padY;
                if (px < 0 || py < 0 || px >= (w - 2) * CLUSTER_CELL || py >= (h - 2) * CLUSTER_CELL) { continue; }
                var c = (Math.floor(py / CLUSTER_CELL) + 1) * w + Math.floor(px / CLUSTER_CELL) + 1;
                count[c] += 1; sx[c] += x; sy[c] += y; byCat[c * cats + this.cat[i]] += 1;
            }
            var clusters = [];
            ctx.font = "700 10px system-ui, sans-serif";
            ctx.textAlign = "center";
            ctx.textBaseline = "middle";
            for (var k = 0; k < w * h; k++) {
                var n = count[k];
                if (!n) { continue; }
                var top = 0;
                for (var j = 1; j < cats; j++) { if (byCat[k * cats + j] > byCat[k * cats + top]) { top = j; } }
                var cx = sx[k] / n, cy = sy[k] / n, r = Math.min(7 + 3 * Math.log2(n), 22);
                var cat = G.categories[this.catKeys[top]] || G.categories._other;
                ctx.globalAlpha = 0.8;
                ctx.fillStyle = cat.color;
                ctx.beginPath();
                ctx.arc(cx, cy, r, 0, Math.PI * 2);
                ctx.fill();
                ctx.globalAlpha = 1;
                ctx.lineWidth = 1.5;
                ctx.strokeStyle = "#fff";
                ctx.stroke();
                if (n > 1) {
                    ctx.fillStyle = "#fff";
                    ctx.fillText(n >= 10000 ? Math.round(n / 1000) + "k" : n >= 1000 ? (n / 1000).toFixed(1) + "k" : String(n), cx, cy);
                }
                grid.mark(cx - r, cy - r, cx + r, cy + r);
                clusters.push({x: cx, y: cy, r: r, n: n});
            }
            this.clusters = clusters;
        },
        latLng: function (i) {
            return L.CRS.EPSG3857.pointToLatLng(L.point(this.X[i], this.Y[i]), 0);
        },
        redraw: function () {
            if (!this._map) { return; }
            var map = this._map, size = map.getSize(), t = this.transform(), ratio = window.devicePixelRatio || 1;
            // the canvas reaches a quarter of the view beyond each edge, so a drag shows marks at once
            var canvas = this._canvas, pad = L.point(Math.round(size.x / 4), Math.round(size.y / 4));
            var full = size.add(pad.multiplyBy(2));
            L.DomUtil.setPosition(canvas, t.topLeft.subtract(pad));
            if (canvas.width !== Math.round(full.x * ratio) || canvas.height !== Math.round(full.y * ratio)) {
                canvas.width = Math.round(full.x * ratio);
                canvas.height = Math.round(full.y * ratio);
                canvas.style.width = full.x + "px";
                canvas.style.height = full.y + "px";
            }
            var ctx = canvas.getContext("2d");
            ctx.setTransform(ratio, 0, 0, ratio, pad.x * ratio, pad.y * ratio);
            ctx.clearRect(-pad.x, -pad.y, full.x, full.y);
            size = {x: size.x, y: size.y, padX: pad.x, padY: pad.y};
            var grid = new Grid(size.x, size.y), paths = [], X = this.X, Y = this.Y, R = this.R;
            var visible = 0;
            this.clusters = null;
            if (this.countInView(t, size) > CLUSTER_ABOVE) {
                this.drawClusters(ctx, t, size, grid);
                visible = this.n;
            }
            for (var i = 0; i < this.n && !this.clusters; i++) {
                if (!this.shown[i] || !this.catOn[this.cat[i]]) { continue; }
                var x = X[i] * t.s - t.ox, y = Y[i] * t.s - t.oy, r = R[i];
                if (x < -size.padX - r || y < -size.padY - r || x > size.x + size.padX + r ||
                    y > size.y + size.padY + r) { continue; }
                var s = this.style[i], path = paths[s] || (paths[s] = new Path2D());
                trace(path, this.styles[s].shape, x, y, r);
                grid.mark(x - r - 1, y - r - 1, x + r + 1, y + r + 1);
                visible += 1;
            }
            for (var k = 0; k < this.styles.length; k++) {
                if (!paths[k]) { continue; }
                var st = this.styles[k];
                ctx.globalAlpha = st.alpha;
                ctx.fillStyle = st.color;
                ctx.fill(paths[k]);
                if (st.weight) {
                    ctx.globalAlpha = Math.min(1, st.alpha + 0.3);
                    ctx.lineWidth = st.weight;
                    ctx.strokeStyle = st.stroke;
                    ctx.stroke(paths[k]);
                }
            }
            ctx.globalAlpha = 1;
            drawTrajectoryMarks(ctx, {s: t.s, ox: t.ox, oy: t.oy, ratio: ratio}, size, grid);
            canvas.style.visibility = "";
            this.visibleInView = visible;
            markOthers(grid);
            if (G.labelLayer && G.labelLayer._map) { G.labelLayer.layout(grid, t); }
        }
    });

    function markOthers(grid) {
        // badges and launch sites are DOM markers: no label goes under them either
        var box = G.map.getContainer().getBoundingClientRect();
        G.map.getContainer().querySelectorAll(".geomap-badge, .geomap-launch").forEach(function (node) {
            var r = node.getBoundingClientRect();
            if (r.width) { grid.mark(r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top); }
        });
    }

    // A point's style as one integer (radius, opacity and outline width in steps, outline colour),
    // so a million points need no object or string each; markerStyle turns it into the style.
    function markerKey(n, f, cf, cs, c, cat) {
        // Dashed outlines are slow on canvas: a claimed or disputed event is drawn pale instead.
        var radius = n > 1 ? Math.min(6 + 2.5 * Math.log2(n), 18) : 6;
        var dead = f > 0 || cf > 0, ring = cat.shape === "ring", unconfirmed = !!(cs && cs !== "reported");
        var alpha20 = Math.round((ring ? 0.15 : (unconfirmed ? 0.4 : 0.85)) * fade({c: c}) * 20);
        var weight2 = dead ? Math.round(2 * Math.min(1.5 + Math.log2(1 + (f || 0) + (cf || 0)), 5)) :
            (ring ? 5 : (G.dense ? 0 : 2));
        var stroke = dead ? 0 : (ring ? 1 : 2);
        return ((Math.round(radius * 2) * 21 + alpha20) * 11 + weight2) * 3 + stroke;
    }

    function markerStyle(key, cat) {
        return {radius: Math.floor(key / 693) / 2, alpha: Math.floor(key / 33) % 21 / 20,
                weight: Math.floor(key / 3) % 11 / 2, stroke: ["#111", cat.color, "#fff"][key % 3],
                color: cat.color, shape: cat.shape};
    }

    // A stand-in layer inside each category's FeatureGroup: the layer control toggles it, and it
    // switches the category on the shared canvas.
    var CategorySwitch = L.Layer.extend({
        initialize: function (index) { this.index = index; },
        onAdd: function () { G.points.catOn[this.index] = true; schedule(); },
        onRemove: function () { G.points.catOn[this.index] = false; schedule(); }
    });

    G.addEvents = function (group, map, data, opts) {
        var index = G.points.addCategory(opts.category, data);
        group.addLayer(new CategorySwitch(index));
    };

    var scheduled = false;

    function schedule() {
        // several switches in one tick (the layer control, a filter) redraw once
        if (scheduled || !G.ready) { return; }
        scheduled = true;
        Promise.resolve().then(function () { scheduled = false; refresh(); });
    }

    // --- areas ----------------------------------------------------------------------------
    function topColor(visible) {
        var counts = {}, top = null;
        visible.forEach(function (p) {
            counts[p.k] = (counts[p.k] || 0) + 1;
            if (top === null || counts[p.k] > counts[top]) { top = p.k; }
        });
        return (G.categories[top] || G.categories._other).color;
    }

    function areaStyle(place, visible) {
        var color = topColor(visible), certainty = Math.max.apply(null, visible.map(fade).concat([0.25]));
        if (place.level === "country") {
            // the vaguest fact gets the quietest shape: a thin dashed outline, no fill
            return {renderer: G.canvas, interactive: false, color: color, weight: 1.5, opacity: 0.8 * certainty,
                    dashArray: "6 5", fill: false};
        }
        return {renderer: G.canvas, interactive: false, color: color, weight: 1.5, opacity: certainty,
                dashArray: place.circle ? "5 4" : null, fillColor: color,
                fillOpacity: Math.min(0.12 + 0.08 * visible.length, 0.45) * certainty};
    }

    G.addAreas = function (group, map, data) {
        // coarse below fine: country outlines first, then areas from the largest to the smallest
        var places = data.places.slice().sort(function (a, b) {
            return (a.level === "country" ? 0 : 1) - (b.level === "country" ? 0 : 1) || b.size - a.size;
        }).map(function (place) {
            var style = areaStyle(place, place.events);
            var shape = place.circle ? L.circle([place.circle[0], place.circle[1]], Object.assign({radius: place.circle[2]}, style)) :
                L.geoJSON(place.geometry, {style: style, interactive: false});
            var entry = {place: place, shape: shape, badge: null, visible: place.events};
            if (place.level === "country") {
                entry.badge = L.marker(place.label, {keyboard: false, riseOnHover: true,
                    icon: L.divIcon({className: "geomap-badge", html: "", iconSize: null})});
                entry.badge.on("click", function () { openHits(entry.badge.getLatLng(), [{type: "area", entry: entry}]); });
            }
            return entry;
        });
        G.areas = {group: group, places: places};
        filterAreas();
    };

    function filterAreas() {
        if (!G.areas) { return; }
        var group = G.areas.group;
        G.areas.places.forEach(function (entry) {
            entry.visible = entry.place.events.filter(function (p) { return passes(p, p.k); });
            var show = entry.visible.length > 0;
            if (show) { entry.shape.setStyle(areaStyle(entry.place, entry.visible)); }
            if (show && entry.badge) {
                var n = entry.visible.length, label = entry.place.name.replace(/&[#\w]+;/g, "") + ": " + n +
                    " country-level event" + (n > 1 ? "s" : "") + " (click for the list)";
                entry.badge.setIcon(L.divIcon({className: "geomap-badge", html: "<span title=\"" + label + "\">" + n +
                                               "</span>", iconSize: null}));
            }
            [entry.shape, entry.badge].forEach(function (layer) {
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

    // Above DOM_MARKS_MAX trajectories, arrowheads and launch sites are drawn on the points' canvas
    // instead of being one DOM marker each: thousands of DOM markers make every zoom and pan slow.
    var DOM_MARKS_MAX = 300;
    var ARROW_PATH = "M7 0L-6 -6L-3 0L-6 6z";

    function arrowMark(coords, at) {
        var i = Math.max(1, Math.min(coords.length - 1, Math.round(at * (coords.length - 1))));
        var pt = L.CRS.EPSG3857.latLngToPoint(L.latLng(coords[i][1], coords[i][0]), 0);
        return {X: pt.x, Y: pt.y, angle: Math.round(bearing(coords[i - 1], coords[i]) * 10) / 10};
    }

    G.addTrajectories = function (group, map, data) {
        var canvasMarks = data.features.length > DOM_MARKS_MAX;
        var items = data.features.map(function (feature) {
            var p = feature.properties, coords = feature.geometry.coordinates;
            var color = G.statusColors[p.st] || G.statusColors.launched;
            var weight = p.n > 1 ? Math.min(2.5 + 1.2 * Math.log2(p.n), 10) : 2.5;
            var line = L.geoJSON(feature, {interactive: false, style: {
                renderer: G.canvas, interactive: false, color: color, opacity: 0.9 * fade(p), weight: weight,
                dashArray: p.cs && p.cs !== "reported" ? "10 7" : null
            }});
            var layers = canvasMarks ? [line] : [line, arrow(coords, 0.5, color), arrow(coords, 1, color)];
            var latlngs = coords.map(function (c) { return L.latLng(c[1], c[0]); });
            layers.forEach(function (layer) { group.addLayer(layer); });
            return {properties: p, layers: layers, latlngs: latlngs, weight: weight, visible: true, opacity: 0.9 * fade(p),
                    color: color, arrows: canvasMarks ? [arrowMark(coords, 0.5), arrowMark(coords, 1)] : null};
        });
        var launches = data.launches.map(function (site) {
            if (canvasMarks) {
                var pt = L.CRS.EPSG3857.latLngToPoint(L.latLng(site.lat, site.lon), 0);
                return {X: pt.x, Y: pt.y, sea: site.sea, name: site.name, latlng: L.latLng(site.lat, site.lon)};
            }
            var marker = L.marker(L.latLng(site.lat, site.lon), {
                icon: L.divIcon({html: site.sea ? SHIP : LAUNCHER, className: "geomap-launch",
                                 iconSize: site.sea ? [26, 20] : [18, 18], iconAnchor: site.sea ? [13, 14] : [9, 9]}),
                keyboard: false
            });
            marker.bindTooltip("Launch site: " + site.name);
            group.addLayer(marker);
            return marker;
        });
        G.trajectories = {group: group, items: items, launches: launches, canvasMarks: canvasMarks};
        filterTrajectories();
    };

    var GLYPHS = null;

    function glyphs() {
        // the launch-site and arrowhead icons of the DOM markers, as canvas paths
        GLYPHS = GLYPHS || {arrow: new Path2D(ARROW_PATH), hull: new Path2D("M1 12h24l-4 7H5z"),
                            deck: new Path2D("M6 12V8h12v4M9 8V4h5v4M11 4V1"), cone: new Path2D("M9 3l3 9H6z")};
        return GLYPHS;
    }

    // Arrowheads and launch sites of many trajectories, on the points' canvas (above the marks, as
    // the DOM markers would be); each launch site's box is marked so no label covers it.
    function drawTrajectoryMarks(ctx, t, size, grid) {
        var T = G.trajectories;
        if (!T || !T.canvasMarks || !G.map.hasLayer(T.group)) { return; }
        var g = glyphs(), inView = function (x, y) {
            return x > -size.padX - 20 && y > -size.padY - 20 && x < size.x + size.padX + 20 && y < size.y + size.padY + 20;
        };
        ctx.lineWidth = 1;
        ctx.strokeStyle = "#fff";
        T.items.forEach(function (item) {
            if (!item.visible) { return; }
            ctx.fillStyle = item.color;
            item.arrows.forEach(function (a) {
                var x = a.X * t.s - t.ox, y = a.Y * t.s - t.oy;
                if (!inView(x, y)) { return; }
                ctx.setTransform(t.ratio, 0, 0, t.ratio, (x + size.padX) * t.ratio, (y + size.padY) * t.ratio);
                ctx.rotate(a.angle * Math.PI / 180);
                ctx.fill(g.arrow);
                ctx.stroke(g.arrow);
            });
        });
        T.launches.forEach(function (site) {
            var x = site.X * t.s - t.ox, y = site.Y * t.s - t.oy;
            if (!inView(x, y)) { return; }
            var ax = site.sea ? 13 : 9, ay = site.sea ? 14 : 9;
            ctx.setTransform(t.ratio, 0, 0, t.ratio, (x - ax + size.padX) * t.ratio, (y - ay + size.padY) * t.ratio);
            if (site.sea) {
                ctx.fillStyle = "#1d3f66";
                ctx.fill(g.hull);
                ctx.fillStyle = "#8fb3d6";
                ctx.strokeStyle = "#1d3f66";
                ctx.lineWidth = 1.6;
                ctx.fill(g.deck);
                ctx.stroke(g.deck);
            } else {
                ctx.beginPath();
                ctx.arc(9, 9, 7, 0, Math.PI * 2);
                ctx.fillStyle = "#fff";
                ctx.fill();
                ctx.strokeStyle = "#1d3f66";
                ctx.lineWidth = 2;
                ctx.stroke();
                ctx.fillStyle = "#1d3f66";
                ctx.fill(g.cone);
            }
            grid.mark(x - ax, y - ay, x - ax + 2 * ax, y - ay + (site.sea ? 20 : 18));
        });
        ctx.setTransform(t.ratio, 0, 0, t.ratio, size.padX * t.ratio, size.padY * t.ratio);
    }

    // The canvas launch site under a container point, if any.
    function launchAt(cp) {
        var T = G.trajectories;
        if (!T || !T.canvasMarks || !G.map.hasLayer(T.group)) { return null; }
        var t = G.points.transform(), found = null;
        T.launches.forEach(function (site) {
            var dx = site.X * t.s - t.ox - cp.x, dy = site.Y * t.s - t.oy - cp.y;
            if (dx * dx + dy * dy <= 100) { found = site; }
        });
        return found;
    }

    function filterTrajectories() {
        // a filtered-out trajectory is made transparent, not removed: re-adding layers is what costs
        if (!G.trajectories) { return; }
        G.trajectories.items.forEach(function (item) {
            var show = passes(item.properties, item.properties.k);
            if (show === item.visible) { return; }
            item.visible = show;
            item.layers[0].setStyle({opacity: show ? item.opacity : 0});
            item.layers.slice(1).forEach(function (marker) { marker.setOpacity(show ? 1 : 0); });
        });
    }

    // --- the list beside the map ----------------------------------------------------------
    var list = null;

    function makeListPanel(map) {
        var container = map.getContainer();
        var panel = L.DomUtil.create("div", "geomap-list");
        container.parentNode.insertBefore(panel, container);
        document.body.classList.add("geomap-with-list");
        map.invalidateSize({pan: false});
        list = {panel: panel, extra: [], sorted: new Int32Array(0), shown: new Int32Array(0), nShown: 0, sort: "date", dir: -1};
    }

    function setListOpen(open) {
        document.body.classList.toggle("geomap-list-closed", !open);
        G.map.invalidateSize({pan: false});
    }

    var COLUMNS = [["date", "Date"], ["type", "Type"], ["place", "Place"], ["actor", "Actor"],
                   ["killed", "\u2020"], ["claim", "Claim"], ["sources", "Src"]];

    function option(value, text, selected) {
        return "<option value=\"" + value + "\"" + (selected ? " selected" : "") + ">" + text + "</option>";
    }

    G.addList = function (map, opts) {
        if (!list) { return; }
        var extra = [], P = G.points, actors = {};
        (G.areas ? G.areas.places : []).forEach(function (entry) {
            entry.place.events.forEach(function (p) { extra.push(listRow(p, p.k, {type: "area", entry: entry, p: p})); });
        });
        (G.trajectories ? G.trajectories.items : []).forEach(function (item) {
            extra.push(listRow(item.properties, item.properties.k, {type: "trajectory", item: item}));
        });
        list.extra = extra;
        P.blocks.forEach(function (b) {
            var col = b.cols.a, k, v;
            if (col && col.idx) {
                var counts = new Int32Array(col.table.length);
                for (k = 0; k < b.n; k++) { if (col.idx[k] >= 0) { counts[col.idx[k]] += 1; } }
                col.table.forEach(function (a, i) { if (counts[i]) { actors[a] = (actors[a] || 0) + counts[i]; } });
            } else if (col) {
                for (k = 0; k < b.n; k++) { v = col.get(k); if (v) { actors[v] = (actors[v] || 0) + 1; } }
            }
        });
        extra.forEach(function (r) { if (r.p.a) { actors[r.p.a] = (actors[r.p.a] || 0) + 1; } });
        var actorList = Object.keys(actors).sort(function (a, b) { return actors[b] - actors[a] || (a < b ? -1 : 1); }).slice(0, 200);
        var panel = list.panel;
        panel.innerHTML =
            "<div class=\"geomap-list-head\"><b class=\"geomap-list-count\"></b>" +
            "<button type=\"button\" class=\"geomap-list-hide\" title=\"Hide the list\">\u00ab</button></div>" +
            "<div class=\"geomap-filters\">" +
            "<input type=\"search\" class=\"geomap-filter-text\" placeholder=\"Filter: place, actor, type, source\u2026\">" +
            "<div class=\"geomap-filter-status\">" + STATUSES.map(function (s) {
                return "<label><input type=\"checkbox\" value=\"" + s + "\" checked> " + s + "</label>";
            }).join("") + "</div>" +
            "<label>Country <select class=\"geomap-filter-country\">" + option("", "all") +
            G.countries.map(function (c) { return option(c[0], c[1]); }).join("") + "</select></label> " +
            "<label>Actor <select class=\"geomap-filter-actor\">" + option("", "all") +
            actorList.map(function (a, i) { return option(i, a); }).join("") + "</select></label>" +
            "<label>Sources \u2265 <select class=\"geomap-filter-sources\">" + [1, 2, 3, 5].map(function (n) {
                return option(n, n);
            }).join("") + "</select></label> " +
            "<label>Confidence \u2265 <input type=\"range\" class=\"geomap-filter-confidence\" min=\"0\" max=\"1\" " +
            "step=\"0.05\" value=\"0\"><span class=\"geomap-confidence-value\">0%</span></label>" +
            "</div><div class=\"geomap-list-columns\">" + COLUMNS.map(function (c) {
                return "<span data-sort=\"" + c[0] + "\">" + c[1] + "</span>";
            }).join("") + "</div><div class=\"geomap-list-body\"><div class=\"geomap-list-spacer\"></div></div>";
        L.DomEvent.disableClickPropagation(panel);
        L.DomEvent.disableScrollPropagation(panel);
        var q = function (sel) { return panel.querySelector(sel); };
        list.body = q(".geomap-list-body");
        list.spacer = q(".geomap-list-spacer");
        list.count = q(".geomap-list-count");
        q(".geomap-list-hide").addEventListener("click", function () { setListOpen(false); });
        q(".geomap-filter-text").addEventListener("input", function (e) {
            state.text = e.target.value.trim().toLowerCase();
            refresh();
        });
        panel.querySelectorAll(".geomap-filter-status input").forEach(function (box) {
            box.addEventListener("change", function () { state.statuses[box.value] = box.checked; refresh(); });
        });
        q(".geomap-filter-country").addEventListener("change", function (e) { state.country = e.target.value; refresh(); });
        q(".geomap-filter-actor").addEventListener("change", function (e) {
            // options carry an index: an actor's (escaped) name is compared as sent, never re-parsed
            state.actor = e.target.value === "" ? "" : actorList[+e.target.value];
            refresh();
        });
        q(".geomap-filter-sources").addEventListener("change", function (e) { state.minSources = +e.target.value; refresh(); });
        q(".geomap-filter-confidence").addEventListener("input", function (e) {
            state.minConfidence = +e.target.value;
            q(".geomap-confidence-value").textContent = Math.round(state.minConfidence * 100) + "%";
            refresh();
        });
        panel.querySelectorAll(".geomap-list-columns span").forEach(function (head) {
            head.addEventListener("click", function () {
                var key = head.getAttribute("data-sort");
                list.dir = list.sort === key ? -list.dir : (key === "date" || key === "killed" || key === "sources" ? -1 : 1);
                list.sort = key;
                sortRows();
                filterList();
            });
        });
        list.body.addEventListener("scroll", function () { L.Util.requestAnimFrame(renderRows); });
        list.body.addEventListener("click", function (e) {
            var node = e.target.closest(".geomap-row");
            if (node) { openRow(rowAt(list.shown[+node.getAttribute("data-n")])); }
        });
        list.body.addEventListener("keydown", function (e) {
            var node = e.target.closest(".geomap-row");
            if (node && (e.key === "Enter" || e.key === " ")) {
                e.preventDefault();
                openRow(rowAt(list.shown[+node.getAttribute("data-n")]));
            }
        });
        // the button that brings the list back once hidden
        var reopen = L.control({position: "topleft"});
        reopen.onAdd = function () {
            var button = L.DomUtil.create("button", "geomap-panel geomap-list-show");
            button.type = "button";
            button.textContent = "\u2630 List";
            L.DomEvent.disableClickPropagation(button);
            button.addEventListener("click", function () { setListOpen(true); });
            return button;
        };
        reopen.addTo(map);
        sortRows();
        if (!opts.open) { setListOpen(false); }
    };

    function listRow(p, cat, ref) {
        var docs = [], seen = {};
        (p.q || []).forEach(function (i) {
            var d = G.quoteDocs[i];
            if (d !== undefined && !seen[d]) { seen[d] = true; docs.push(docName(d)); }
        });
        return {p: p, cat: cat, ref: ref, docs: docs,
                place: ref.type === "trajectory" ? (p.ln || "?") + " \u2192 " + (p.tn || "?") : (p.l || ""),
                type: (G.categories[cat] || G.categories._other).label};
    }

    // Rows are numbers: 0 .. points-1 are the point events (their row is built when it scrolls into
    // view), then the area events and trajectories, held as rows.
    function rowAt(r) {
        var P = G.points;
        if (r < P.n) { return listRow(P.prop(r), P.catKeys[P.cat[r]], {type: "point", index: r}); }
        return list.extra[r - P.n];
    }

    function sortValue(r, key) {
        var p = r.p;
        switch (key) {
        case "date": return p.d || "";
        case "type": return r.type;
        case "place": return r.place.toLowerCase();
        case "actor": return (p.a || "").toLowerCase();
        case "killed": return (p.f || 0) + (p.cf || 0);
        case "claim": return p.cs || "reported";
        default: return r.docs.length;
        }
    }

    // sortValue of every point event, read from the columns (once per distinct value where it can).
    function pointValues(key) {
        var P = G.points, out = new Array(P.n);
        function column(name, fn) {
            P.blocks.forEach(function (b) {
                var col = b.cols[name], k;
                if (col && col.idx) {
                    var table = col.table.map(fn), none = fn(undefined);
                    for (k = 0; k < b.n; k++) { out[b.start + k] = col.idx[k] < 0 ? none : table[col.idx[k]]; }
                } else {
                    for (k = 0; k < b.n; k++) { out[b.start + k] = fn(col ? col.get(k) : undefined); }
                }
            });
        }
        switch (key) {
        case "date": column("d", function (d) { return d || ""; }); break;
        case "type":
            P.blocks.forEach(function (b) { out.fill((G.categories[b.category] || G.categories._other).label, b.start, b.start + b.n); });
            break;
        case "place": column("l", function (l) { return (l || "").toLowerCase(); }); break;
        case "actor": column("a", function (a) { return (a || "").toLowerCase(); }); break;
        case "killed":
            column("f", function (f) { return f || 0; });
            var dead = out.slice();
            column("cf", function (cf) { return cf || 0; });
            for (var i = 0; i < P.n; i++) { out[i] += dead[i]; }
            break;
        case "claim": column("cs", function (cs) { return cs || "reported"; }); break;
        default: for (var j = 0; j < P.n; j++) { out[j] = P.nsrc[j]; }
        }
        return out;
    }

    // Row numbers ordered by value (dir 1 ascending, -1 descending), ties in row order. Few distinct
    // values (dates, types, statuses): a counting sort on each value's rank, one pass over the rows.
    // Mostly distinct ones (a million place names): the row numbers sorted by value directly.
    function orderBy(values, dir) {
        var n = values.length, ranks = new Map(), limit = Math.max(1000, n >> 3), i;
        for (i = 0; i < n && ranks.size <= limit; i++) { ranks.set(values[i], 0); }
        if (ranks.size > limit) {
            var rows = new Int32Array(n);
            for (i = 0; i < n; i++) { rows[i] = i; }
            return rows.sort(function (a, b) {
                var x = values[a], y = values[b];
                return x < y ? -dir : x > y ? dir : a - b;
            });
        }
        for (; i < n; i++) { ranks.set(values[i], 0); }
        var distinct = Array.from(ranks.keys()).sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });
        var m = distinct.length;
        distinct.forEach(function (v, k) { ranks.set(v, dir > 0 ? k : m - 1 - k); });
        var rank = new Int32Array(n), start = new Int32Array(m + 1), out = new Int32Array(n);
        for (i = 0; i < n; i++) { rank[i] = ranks.get(values[i]); start[rank[i] + 1] += 1; }
        for (i = 0; i < m; i++) { start[i + 1] += start[i]; }
        for (i = 0; i < n; i++) { out[start[rank[i]]++] = i; }
        return out;
    }

    function sortRows() {
        var key = list.sort, values = pointValues(key);
        list.extra.forEach(function (r) { values.push(sortValue(r, key)); });
        list.sorted = orderBy(values, list.dir);
        list.panel.querySelectorAll(".geomap-list-columns span").forEach(function (head) {
            var k = head.getAttribute("data-sort");
            head.className = k === key ? (list.dir > 0 ? "geomap-sort-up" : "geomap-sort-down") : "";
        });
    }

    function rowVisible(r) {
        var ref = r.ref;
        if (ref.type === "area") { return G.map.hasLayer(G.areas.group) && passes(r.p, r.cat); }
        return G.map.hasLayer(G.trajectories.group) && ref.item.visible;
    }

    function filterList() {
        if (!list || !list.body) { return; }
        var P = G.points, sorted = list.sorted, total = sorted.length, shown = list.shown, m = 0;
        if (shown.length !== total) { shown = list.shown = new Int32Array(total); }
        var on = Uint8Array.from(P.catOn, function (x) { return x ? 1 : 0; }), pshown = P.shown, cat = P.cat, n = P.n;
        var extraOk = list.extra.map(rowVisible);
        for (var j = 0; j < total; j++) {
            var r = sorted[j];
            if (r < n ? pshown[r] && on[cat[r]] : extraOk[r - n]) { shown[m++] = r; }
        }
        list.nShown = m;
        var noun = total === 1 ? " event or trajectory" : " events and trajectories";
        list.count.textContent = m === total ? total + noun : m + " of " + total + noun;
        list.spacer.style.height = m * ROW_HEIGHT + "px";
        list.rendered = null;
        renderRows();
    }

    function renderRows() {
        if (!list || !list.body) { return; }
        var top = list.body.scrollTop, height = list.body.clientHeight || 600;
        var first = Math.max(0, Math.floor(top / ROW_HEIGHT) - 5);
        var last = Math.min(list.nShown, Math.ceil((top + height) / ROW_HEIGHT) + 5);
        var key = first + ":" + last;
        if (list.rendered === key) { return; }
        list.rendered = key;
        var html = [];
        for (var n = first; n < last; n++) {
            var r = rowAt(list.shown[n]), p = r.p, cat = G.categories[r.cat] || G.categories._other;
            var killed = (p.f || 0) + (p.cf || 0);
            html.push("<div class=\"geomap-row\" tabindex=\"0\" role=\"button\" data-n=\"" + n + "\" data-event-id=\"" + (p.i || "") +
                      "\" style=\"top:" + n * ROW_HEIGHT + "px" + (p.c !== undefined ? ";opacity:" + fade(p).toFixed(2) : "") +
                      "\" title=\"" + r.type + " \u2014 " + r.place + (r.docs.length ? " \u2014 " + r.docs.join(", ") : "") + "\">" +
                      "<span>" + (p.d || "") + (p.dp ? "*" : "") + "</span>" +
                      "<span><i style=\"background:" + cat.color + "\"></i>" + r.type + "</span>" +
                      "<span>" + r.place + "</span><span>" + (p.a || "") + "</span>" +
                      "<span>" + (killed ? killed : "") + "</span><span>" + (p.cs || "reported") + "</span>" +
                      "<span>" + r.docs.length + "</span></div>");
        }
        list.spacer.innerHTML = html.join("");
    }

    function openRow(r) {
        if (!r) { return; }
        var map = G.map, ref = r.ref;
        if (ref.type === "point") {
            var latlng = G.points.latLng(ref.index);
            map.setView(latlng, Math.max(map.getZoom(), 8), {animate: false});
            popup(latlng, eventHtml(r.p, r.cat));
        } else if (ref.type === "area") {
            var place = ref.entry.place, bounds = place.circle ?
                L.latLng(place.circle[0], place.circle[1]).toBounds(2 * place.circle[2]) : ref.entry.shape.getBounds();
            map.fitBounds(bounds, {animate: false, maxZoom: 9});
            popup(L.latLng(ref.entry.place.label), eventHtml(r.p, r.cat));
        } else {
            var line = L.latLngBounds(ref.item.latlngs);
            map.fitBounds(line, {animate: false, padding: [40, 40]});
            popup(ref.item.latlngs[Math.floor(ref.item.latlngs.length / 2)], trajectoryHtml(r.p));
        }
    }

    G.openFeature = function (id) {
        var P = G.points, i = -1;
        P.blocks.some(function (b) {
            for (var k = 0; k < b.n && b.cols.i; k++) { if (b.cols.i.get(k) === id) { i = b.start + k; return true; } }
            return false;
        });
        var r = i >= 0 ? listRow(P.prop(i), P.catKeys[P.cat[i]], {type: "point", index: i}) :
            list && list.extra.filter(function (x) { return x.p.i === id; })[0];
        openRow(r);
        return !!r;
    };

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
        svg.appendChild(svgNode(attrs.r ? "circle" : "rect", Object.assign(attrs.r ? {cx: 9, cy: 7} : {x: 1, y: 1, width: 16, height: 12}, attrs)));
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
                entry(legendRect({fill: "#d62728", "fill-opacity": 0.3, stroke: "#d62728"}), "district, province or region");
                entry(legendRect({r: 6, fill: "#d62728", "fill-opacity": 0.15, stroke: "#d62728", "stroke-dasharray": "3 2"}),
                      "region of unknown outline (its size)");
                entry(legendRect({fill: "none", stroke: "#d62728", "stroke-width": 1.5, "stroke-dasharray": "4 3"}),
                      "country-level: outline, count badge");
            }
            if (opts.trajectories) {
                entry(legendLine({stroke: G.statusColors.launched, "stroke-width": 3}), "missile/drone path");
                entry(legendLine({stroke: G.statusColors.launched, "stroke-width": 3, "stroke-dasharray": "6 4"}), "claimed or disputed");
                entry(legendLine({stroke: G.statusColors.crashed, "stroke-width": 3}), "crashed / intercepted");
            }
            var note = L.DomUtil.create("div", "", box);
            note.textContent = "size: count \u00b7 dark outline: killed \u00b7 pale: claimed, disputed or uncertain" +
                (G.points.n > CLUSTER_ABOVE ? " \u00b7 numbered circle: many events, click to zoom in" : "");
            return box;
        };
        control.addTo(map);
    };

    G.addTitle = function (map, opts) {
        var control = L.control({position: "topleft"});
        control.onAdd = function () {
            var box = L.DomUtil.create("div", "geomap-panel geomap-title");
            if (opts.title) { L.DomUtil.create("div", "", box).textContent = opts.title; }
            G.shownNode = L.DomUtil.create("div", "geomap-shown", box);
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
            note.textContent = "undated events always shown \u00b7 * publication date";
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
        state.range = from === null ? null : [from, to];
        G.range = state.range;
        refresh();
    };

    G.setFilter = function (changes) {
        Object.keys(changes).forEach(function (k) { state[k] = changes[k]; });
        refresh();
    };

    // Apply every filter and layer switch: flags, counts, list, one redraw. Nothing is rebuilt.
    function refresh() {
        var P = G.points;
        P.filter();
        filterAreas();
        filterTrajectories();
        updateCounts();
        filterList();
        P.redraw();
    }

    function updateCounts() {
        var P = G.points, perCat = {}, total = P.n, shown = 0, byIndex = new Int32Array(P.catKeys.length);
        var flags = P.shown, cat = P.cat;
        for (var i = 0; i < P.n; i++) { if (flags[i]) { byIndex[cat[i]] += 1; } }
        P.catKeys.forEach(function (key, c) { perCat[key] = (perCat[key] || 0) + byIndex[c]; shown += byIndex[c]; });
        var trajShown = 0, trajTotal = 0;
        if (G.trajectories) {
            G.trajectories.items.forEach(function (item) { trajTotal += 1; if (item.visible) { trajShown += 1; } });
        }
        perCat._trajectories = trajShown;
        if (G.areas) {
            G.areas.places.forEach(function (entry) { total += entry.place.events.length; shown += entry.visible.length; });
        }
        document.querySelectorAll(".geomap-count").forEach(function (node) {
            node.textContent = perCat[node.getAttribute("data-key")] || 0;
        });
        if (G.shownNode) {
            G.shownNode.textContent = shown === total && trajShown === trajTotal ? "all shown" :
                "shown: " + shown + " of " + total + " events" + (trajTotal ? ", " + trajShown + " of " + trajTotal + " trajectories" : "");
        }
    }

    // Canvas paints in insertion order: keep areas below trajectories.
    function order() {
        if (G.areas && G.map.hasLayer(G.areas.group)) {
            G.areas.places.forEach(function (entry) { if (entry.shape.bringToFront) { entry.shape.bringToFront(); } });
        }
        if (G.trajectories && G.map.hasLayer(G.trajectories.group)) {
            G.trajectories.items.forEach(function (item) { item.layers[0].bringToFront(); });
        }
    }

    G.count = function () {
        var out = {events: {}, areas: 0, countryAreas: 0, areaEvents: 0, trajectories: 0, launches: 0};
        var P = G.points;
        P.catKeys.forEach(function (key) { out.events[key] = 0; });
        for (var i = 0; i < P.n; i++) {
            if (P.shown[i] && P.catOn[P.cat[i]]) { out.events[P.catKeys[P.cat[i]]] += 1; }
        }
        if (G.areas && G.map.hasLayer(G.areas.group)) {
            G.areas.places.forEach(function (entry) {
                if (G.areas.group.hasLayer(entry.shape)) {
                    out[entry.place.level === "country" ? "countryAreas" : "areas"] += 1;
                    out.areaEvents += entry.visible.length;
                }
            });
        }
        if (G.trajectories && G.map.hasLayer(G.trajectories.group)) {
            G.trajectories.items.forEach(function (item) { if (item.visible) { out.trajectories += 1; } });
            out.launches = G.trajectories.launches.length;
        }
        return out;
    };

    // Labels inside the map's viewport right now (the tests count them).
    G.visibleLabels = function () {
        return G.labelLayer ? G.labelLayer.placed.slice() : [];
    };

    // How long each step of building the page took (ms, the page's own clock; "firstCall" is when the
    // page's own script started, after the whole document was read): the map benchmark reports them.
    G.timings = {mapJs: performance.now()};
    ["data", "setup", "addBasemap", "addEvents", "addAreas", "addTrajectories", "addLegend", "addTitle",
     "addTimeFilter", "addList"].forEach(function (name) {
        var fn = G[name];
        G[name] = function () {
            var t0 = performance.now();
            if (G.timings.firstCall === undefined) { G.timings.firstCall = t0; }
            try {
                return fn.apply(this, arguments);
            } finally {
                G.timings[name] = (G.timings[name] || 0) + performance.now() - t0;
            }
        };
    });

    G.finish = function (map) {
        var t0 = performance.now();
        map.on("overlayadd overlayremove", function () { order(); filterList(); G.points.redraw(); });
        order();
        updateCounts();
        filterList();
        G.points.redraw();
        // Leaflet draws canvases in an animation frame queued before this one: ready means drawn.
        G.timings.finish = performance.now() - t0;
        L.Util.requestAnimFrame(function () {
            G.readyAt = performance.now();
            G.ready = true;
        });
    };
})();
