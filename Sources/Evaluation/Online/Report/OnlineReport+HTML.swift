extension OnlineReport {
    /// The report as one self-contained HTML page: inline CSS and SVG, no script, font or
    /// anything else fetched. The verdict is the headline; then the run's facts, the variants,
    /// the comparisons, the sample-ratio check and three charts (`wtr-over-time`,
    /// `traffic-split`, `client-latency`). Every text from the data is escaped, and the page is
    /// well-formed XML too.
    public func html() -> String {
        let colours = groupColours()
        let seriesGroups = Set(series.filter { $0.ok > 0 }.map(\.group))
        let latencyGroups = Set(
            (variants + otherVariants + [unattributed]).filter { !$0.latency.histogram.isEmpty }.map(seriesName(of:)))
        let title = "Online evaluation" + (experiment.map { " of \($0)" } ?? "")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(htmlEscaped(title))</title>
            <style>\(Self.styleSheet)</style>
            </head>
            <body>
            <header class="verdict \(Self.verdictClass(verdict.kind))">
            <p class="kind">\(htmlEscaped(Self.verdictTitle(verdict.kind)))</p>
            <h1>\(htmlEscaped(verdict.sentence))</h1>
            </header>
            <p class="meta">\(metaLine())</p>
            <h2>Variants</h2>
            \(groupTable(colours: colours))
            <h2>Comparisons against the control</h2>
            \(comparisonTable())
            <h2>Sample ratio</h2>
            \(sampleRatioNote())
            <h2>Charts</h2>
            <figure>
            <figcaption><b>WTR over time</b>, per group and bucket, with the 95 % (Wilson) interval shaded \
            (dashed and fainter: groups outside the experiment). Buckets without status-200 events are left \
            out.</figcaption>
            \(Self.legend(colours.filter { seriesGroups.contains($0.name) }))
            \(wtrOverTimeChart(colours: colours))
            </figure>
            <figure>
            <figcaption><b>Traffic split</b>: each variant's share of the experiment's attributed events \
            (solid) against its share of the configured weights (pale).</figcaption>
            \(trafficSplitChart(colours: colours))
            </figure>
            <figure>
            <figcaption><b>Client latency</b>: share of events at or below each latency, per group \
            (all statuses, as the client logged them).</figcaption>
            \(Self.legend(colours.filter { latencyGroups.contains($0.name) }))
            \(clientLatencyChart(colours: colours))
            </figure>
            <footer>\(footer())</footer>
            </body>
            </html>

            """
    }

    private func metaLine() -> String {
        var parts = [
            experiment.map { "Experiment <b>\(htmlEscaped($0))</b>" } ?? "No experiment",
            "Source: \(htmlEscaped(source.kind)), \(htmlEscaped(source.description))",
            "Attribution window \(Self.duration(windowSeconds))",
            "Buckets of \(Self.duration(bucketSeconds))",
        ]
        if let firstEvent, let lastEvent {
            parts.append("Events \(htmlEscaped(firstEvent)) to \(htmlEscaped(lastEvent))")
        } else {
            parts.append("No events")
        }
        parts.append("Generated \(htmlEscaped(generatedAt))")
        return parts.map { "<span>\($0)</span>" }.joined(separator: " · ")
    }

    private func groupTable(colours: [(name: String, colour: String)]) -> String {
        let totalWeight = variants.compactMap(\.weight).reduce(0, +)
        var rows: [String] = []
        for (index, group) in variants.enumerated() {
            let traffic = [
                group.trafficShare.map(percent) ?? "—",
                group.weight.flatMap { totalWeight > 0 ? percent($0 / totalWeight) : nil } ?? "—",
            ]
            rows.append(
                groupRow(
                    group, label: group.name, note: index == 0 && group.name != "control" ? "control" : nil,
                    traffic: traffic.joined(separator: " / "),
                    colours: colours))
        }
        for group in otherVariants {
            rows.append(
                groupRow(group, label: seriesName(of: group), note: "other", traffic: "—", colours: colours))
        }
        rows.append(groupRow(unattributed, label: unattributed.name, note: nil, traffic: "—", colours: colours))
        rows.append(
            groupRow(overall, label: overall.name, note: "all events", traffic: "—", colours: colours, total: true))
        return """
            <table class="groups">
            <thead><tr><th>Group</th><th>Events</th><th>Status 200</th><th>Conversions</th>\
            <th>WTR (95 % CI)</th><th>Failed</th><th>Latency p50 · p95 · p99</th>\
            <th>Traffic: observed / configured</th><th>Model versions</th></tr></thead>
            <tbody>
            \(rows.joined(separator: "\n"))
            </tbody>
            </table>
            """
    }

    private func groupRow(
        _ group: Group, label: String, note: String?, traffic: String, colours: [(name: String, colour: String)],
        total: Bool = false
    ) -> String {
        let colour = colours.first { $0.name == label }?.colour ?? "#7f7f7f"
        let name =
            "<span class=\"swatch\" style=\"background:\(colour)\"></span>\(htmlEscaped(label))"
            + (note.map { " <span class=\"ci\">(\(htmlEscaped($0)))</span>" } ?? "")
        let wtr =
            group.ok == 0
            ? "—"
            : "\(percent(group.wtr)) <span class=\"ci\">\(percent(group.wtrLow)) to \(percent(group.wtrHigh))</span>"
        let latency = [group.latency.p50, group.latency.p95, group.latency.p99].map { $0.map { "\($0)" } ?? "—" }
        let cells: [(className: String, content: String)] = [
            ("text", name), ("", formatCount(group.events)), ("", formatCount(group.ok)),
            ("", formatCount(group.conversions)), ("wtr", wtr),
            ("", group.events == 0 ? "—" : percent(group.failureShare)),
            ("", group.latency.p50 == nil ? "—" : latency.joined(separator: " · ") + " ms"), ("", traffic),
            ("text", group.modelVersions.isEmpty ? "—" : htmlEscaped(group.modelVersions.joined(separator: ", "))),
        ]
        let row = cells.map { cell in
            cell.className.isEmpty ? "<td>\(cell.content)</td>" : "<td class=\"\(cell.className)\">\(cell.content)</td>"
        }
        return "<tr\(total ? " class=\"total\"" : "")>" + row.joined() + "</tr>"
    }

    private func comparisonTable() -> String {
        guard !comparisons.isEmpty else {
            return "<p class=\"note\">No comparison: the experiment has fewer than two variants.</p>"
        }
        let points = { (x: Double) in (x >= 0 ? "+" : "−") + formatNumber(abs(x) * 100, digits: 1) }
        let rows = comparisons.map { comparison in
            let cells = [
                "\(htmlEscaped(comparison.treatment)) vs \(htmlEscaped(comparison.control))",
                "\(points(comparison.difference)) points <span class=\"ci\">\(points(comparison.differenceLow)) to "
                    + "\(points(comparison.differenceHigh))</span>",
                formatNumber(comparison.z, digits: 2), htmlEscaped(formatP(comparison.pValueFixedHorizon)),
                htmlEscaped(formatP(comparison.pValueAlwaysValid)), comparison.significant ? "<b>yes</b>" : "no",
            ]
            return "<tr>"
                + cells.enumerated().map { index, cell in
                    index == 0 ? "<td class=\"text\">\(cell)</td>" : "<td>\(cell)</td>"
                }.joined() + "</tr>"
        }
        return """
            <table class="comparisons">
            <thead><tr><th>Treatment vs control</th><th>WTR difference (95 % CI)</th><th>z</th>\
            <th>p, z-test (fixed horizon)</th><th>p, mSPRT (always valid)</th><th>Significant</th></tr></thead>
            <tbody>
            \(rows.joined(separator: "\n"))
            </tbody>
            </table>
            <p class="small">Significant: the always-valid p-value is below \(formatNumber(Self.alpha)). The z-test's \
            p-value holds only when read once, at a sample size fixed in advance; the mixture SPRT's stays valid \
            however often the running stream is read.</p>
            """
    }

    private func sampleRatioNote() -> String {
        let (className, prefix) =
            sampleRatio.flagged
            ? ("note flagged", "Sample ratio mismatch: ")
            : sampleRatio.checked ? ("note", "Split as configured: ") : ("note", "")
        return "<p class=\"\(className)\">\(prefix)\(htmlEscaped(sampleRatio.note))</p>"
    }

    private func footer() -> String {
        var parts: [String] = []
        if let lines {
            var text =
                "Log lines read: \(formatCount(lines.read)) (watches \(formatCount(lines.watches)), ratings "
                + "\(formatCount(lines.ratings)), recommendations \(formatCount(lines.recommendations)))"
            if !lines.rejectedByRule.isEmpty {
                text +=
                    "; rejected: "
                    + lines.rejectedByRule.sorted { $0.key < $1.key }
                    .map { "\(htmlEscaped($0.key)) \(formatCount($0.value))" }.joined(separator: ", ")
            }
            parts.append(text + ".")
        }
        parts.append("Duplicate recommendation lines dropped: \(formatCount(duplicates)).")
        parts.append("Report schema version \(schemaVersion) (schemas/online-report.schema.json).")
        return parts.joined(separator: " ")
    }

    private static func legend(_ colours: [(name: String, colour: String)]) -> String {
        let items = colours.map {
            "<span><span class=\"swatch\" style=\"background:\($0.colour)\"></span>\(htmlEscaped($0.name))</span>"
        }
        return "<div class=\"legend\">\(items.joined())</div>"
    }

    private static func verdictTitle(_ kind: String) -> String {
        switch kind {
        case "winner": "Winner"
        case "no_difference_yet": "No difference yet"
        case "srm": "Sample ratio mismatch"
        case "single_variant": "One variant only"
        case "no_data": "No data"
        default: kind
        }
    }

    private static func verdictClass(_ kind: String) -> String {
        ["winner", "no_difference_yet", "srm", "single_variant", "no_data"].contains(kind) ? kind : "other"
    }

    private static let styleSheet = """
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1b1f24;
          background: #fff; max-width: 1040px; margin: 0 auto; padding: 24px 32px 48px; }
        .verdict { border-left: 8px solid #777; background: #f2f2f2; border-radius: 6px; padding: 14px 20px; }
        .verdict .kind { margin: 0 0 4px; font-size: 13px; font-weight: 600; letter-spacing: .08em;
          text-transform: uppercase; }
        .verdict h1 { margin: 0; font-size: 27px; line-height: 1.25; font-weight: 650; }
        .winner { border-color: #2e7d32; background: #eaf6ec; } .winner .kind { color: #2e7d32; }
        .no_difference_yet { border-color: #1f5fbf; background: #eef3fb; } .no_difference_yet .kind { color: #1f5fbf; }
        .srm { border-color: #c62828; background: #fdecea; } .srm .kind { color: #c62828; }
        .meta { margin: 10px 0 8px; font-size: 13px; color: #555; } .meta span { white-space: nowrap; }
        h2 { margin: 30px 0 8px; padding-bottom: 4px; font-size: 18px; border-bottom: 1px solid #ddd; }
        table { width: 100%; border-collapse: collapse; font-size: 13.5px; font-variant-numeric: tabular-nums; }
        th, td { padding: 5px 8px; text-align: right; vertical-align: top; border-bottom: 1px solid #e6e6e6; }
        td { white-space: nowrap; } td.text, td.wtr { white-space: normal; }
        th { background: #f6f7f9; font-size: 12.5px; font-weight: 600; color: #333; }
        th:first-child, td.text { text-align: left; }
        tr.total td { font-weight: 600; border-top: 2px solid #bbb; }
        .ci { font-size: 12px; font-weight: normal; color: #666; white-space: nowrap; }
        .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
        .note { padding: 8px 12px; border-radius: 4px; background: #f6f7f9; }
        .note.flagged { background: #fdecea; color: #8e1b1b; font-weight: 600; }
        .small { font-size: 12.5px; color: #555; }
        figure { margin: 18px 0 30px; }
        figcaption { margin-bottom: 4px; font-size: 13.5px; color: #333; }
        .legend { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 4px 0 6px; font-size: 13px; }
        svg { display: block; max-width: 100%; height: auto; font-family: inherit; }
        svg .grid { stroke: #e6e6e6; }
        svg .axis { fill: none; stroke: #555; }
        svg .tick { font-size: 11px; fill: #555; }
        svg .axis-title { font-size: 12px; fill: #333; }
        svg .band { fill-opacity: .15; stroke: none; }
        svg .band.faint { fill-opacity: .06; }
        svg .series { fill: none; stroke-width: 2; }
        svg .series.dashed { stroke-dasharray: 6 4; }
        svg circle.point { stroke: #fff; stroke-width: 1; }
        svg .guide { stroke: #999; stroke-dasharray: 4 3; }
        svg .guide-label { font-size: 11px; fill: #666; }
        svg .bar-label { font-size: 13px; fill: #222; }
        svg .value { font-size: 12px; fill: #333; }
        svg .empty { fill: #fafafa; stroke: #ddd; }
        svg .no-data { font-size: 15px; fill: #777; }
        footer { margin-top: 28px; font-size: 12px; color: #666; }
        """
}
