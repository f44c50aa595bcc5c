import Foundation
import MovieLog

/// The report's three inline SVG charts. Every data point is an element with `class="point"`
/// and `data-group` (a circle on a line, a rect for a bar); a chart without data says so
/// instead of drawing points.
extension OnlineReport {
    /// A group's name as the time series spells it: the variant of the compared experiment,
    /// `experiment/variant` for any other, or the group's own name (overall, unattributed).
    func seriesName(of group: Group) -> String {
        guard let groupExperiment = group.experiment, groupExperiment != experiment else { return group.name }
        return "\(groupExperiment)/\(group.name)"
    }

    /// A colour per group, in legend order: the experiment's variants, other variants, any
    /// other group of the series, then unattributed (grey) and overall (near-black).
    func groupColours() -> [(name: String, colour: String)] {
        let palette = [
            "#1f77b4", "#e6550d", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
        ]
        var names: [String] = []
        for name in variants.map(\.name) + otherVariants.map(seriesName(of:)) + series.map(\.group)
        where !names.contains(name) && name != unattributed.name && name != overall.name {
            names.append(name)
        }
        return names.enumerated().map { ($0.element, palette[$0.offset % palette.count]) }
            + [(unattributed.name, "#7f7f7f"), (overall.name, "#222222")]
    }

    /// (a) WTR per group and time bucket: a line per group through the buckets with
    /// status-200 events, over the band of their Wilson 95 % intervals.
    func wtrOverTimeChart(colours: [(name: String, colour: String)]) -> String {
        var chart = SVGChart(
            id: "wtr-over-time", label: "WTR per group over time, with 95 % intervals", width: 960, height: 340,
            margins: .init(top: 16, right: 48, bottom: 52, left: 64))
        let bucket = Double(max(bucketSeconds, 1))
        let points = series.compactMap { point -> (point: SeriesPoint, x: Double)? in
            guard point.ok > 0, let start = Self.seconds(ofInstant: point.bucketStart) else { return nil }
            return (point, Double(start) + bucket / 2)
        }
        guard let first = points.map(\.x).min(), let last = points.map(\.x).max() else {
            chart.noData("No status-200 events yet: no WTR to draw.")
            return chart.rendered()
        }
        let x = ChartScale(domain: (first - bucket / 2)...(last + bucket / 2), pixels: (chart.left, chart.right))
        let (top, step) = Self.niceCeiling(points.map(\.point.wtrHigh).max() ?? 0)
        let y = ChartScale(domain: 0...top, pixels: (chart.bottom, chart.top))
        for tick in stride(from: 0, through: top + step / 2, by: step) {
            chart.horizontalTick(y: y(tick), label: formatNumber(tick * 100, digits: 1) + " %")
        }
        for tick in Self.timeTicks(x.domain) { chart.verticalTick(x: x(tick.value), label: tick.label) }
        chart.axes(
            x: "event time (UTC), buckets of \(Self.duration(bucketSeconds))",
            y: "WTR (conversions / status-200 events)")
        let n = SVGChart.number
        // Bands first, then lines and points; the control last, on top. Groups outside the
        // experiment (unattributed, usually few events) get a faint band and a dashed line.
        let lines = colours.reversed().compactMap { name, colour in
            let line = points.filter { $0.point.group == name }.sorted { $0.x < $1.x }
            return line.isEmpty ? nil : (name, colour, line, variants.contains { $0.name == name })
        }
        for (_, colour, line, isVariant) in lines {
            let upper = line.map { "\(n(x($0.x))),\(n(y($0.point.wtrHigh)))" }
            let lower = line.reversed().map { "\(n(x($0.x))),\(n(y($0.point.wtrLow)))" }
            chart.add(
                "path",
                [
                    "d": "M" + (upper + lower).joined(separator: "L") + "Z", "fill": colour,
                    "class": isVariant ? "band" : "band faint",
                ])
        }
        for (name, colour, line, isVariant) in lines {
            chart.add(
                "polyline",
                [
                    "points": line.map { "\(n(x($0.x))),\(n(y($0.point.wtr)))" }.joined(separator: " "),
                    "stroke": colour,
                    "class": isVariant ? "series" : "series dashed",
                ])
            for (point, px) in line {
                let tip =
                    "\(name), \(point.bucketStart): WTR \(percent(point.wtr)) (95 % CI \(percent(point.wtrLow)) to "
                    + "\(percent(point.wtrHigh))), \(point.conversions) of \(point.ok) status-200 events"
                chart.add(
                    "circle",
                    [
                        "cx": n(x(px)), "cy": n(y(point.wtr)), "r": "3.5", "fill": colour, "class": "point",
                        "data-group": name,
                    ],
                    content: SVGChart.element("title", [:], content: htmlEscaped(tip)))
            }
        }
        return chart.rendered()
    }

    /// (b) Each variant's observed share of the experiment's events (solid bar) against its
    /// configured share of the weights (pale bar).
    func trafficSplitChart(colours: [(name: String, colour: String)]) -> String {
        let rowHeight = 44.0
        let longest = Double(min(variants.map(\.name.count).max() ?? 0, 28))
        var chart = SVGChart(
            id: "traffic-split", label: "Observed traffic share against configured weight per variant", width: 960,
            height: 64 + rowHeight * Double(max(variants.count, 2)),
            margins: .init(top: 12, right: 120, bottom: 46, left: max(90, 24 + 7.5 * longest)))
        guard variants.contains(where: { $0.trafficShare != nil }) else {
            chart.noData("No events of the experiment's variants yet.")
            return chart.rendered()
        }
        let x = ChartScale(domain: 0...1, pixels: (chart.left, chart.right))
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            chart.verticalTick(x: x(tick), label: formatNumber(tick * 100) + " %")
        }
        chart.axes(x: "share of the experiment's attributed events", y: "")
        let totalWeight = variants.compactMap(\.weight).reduce(0, +)
        let n = SVGChart.number
        for (index, variant) in variants.enumerated() {
            let colour = colours.first { $0.name == variant.name }?.colour ?? "#7f7f7f"
            let rowTop = chart.top + 8 + rowHeight * Double(index)
            let shown = variant.name.count > 28 ? String(variant.name.prefix(27)) + "…" : variant.name
            chart.text(shown, x: chart.left - 8, y: rowTop + 17, anchor: "end", className: "bar-label")
            var bars: [(kind: String, share: Double, y: Double, height: Double, opacity: String)] = []
            if let share = variant.trafficShare { bars.append(("observed", share, rowTop, 16, "1")) }
            if let weight = variant.weight, totalWeight > 0 {
                bars.append(("configured", weight / totalWeight, rowTop + 19, 10, "0.35"))
            }
            for bar in bars {
                let text = "\(percent(bar.share)) \(bar.kind)"
                chart.add(
                    "rect",
                    [
                        "x": n(chart.left), "y": n(bar.y), "width": n(x(bar.share) - chart.left),
                        "height": n(bar.height),
                        "fill": colour, "fill-opacity": bar.opacity, "class": "point", "data-group": variant.name,
                        "data-kind": bar.kind,
                    ],
                    content: SVGChart.element("title", [:], content: htmlEscaped("\(variant.name): \(text)")))
                chart.text(text, x: x(bar.share) + 6, y: bar.y + bar.height - 3, className: "value")
            }
        }
        return chart.rendered()
    }

    /// (c) Client latency per group as a cumulative distribution over the histogram's buckets
    /// (log scale), with guides at 50, 95 and 99 %.
    func clientLatencyChart(colours: [(name: String, colour: String)]) -> String {
        var chart = SVGChart(
            id: "client-latency", label: "Client latency distribution per group", width: 960, height: 340,
            margins: .init(top: 16, right: 48, bottom: 52, left: 64))
        let groups = (variants + otherVariants + [unattributed]).filter { !$0.latency.histogram.isEmpty }
        let edges = groups.flatMap { $0.latency.histogram.map { Double($0.first ?? 0) } }
        guard let smallest = edges.min(), let largest = edges.max() else {
            chart.noData("No events yet: no client latency to draw.")
            return chart.rendered()
        }
        let low = pow(10, floor(log10(max(smallest, 1))))
        let high = max(pow(10, ceil(log10(max(largest, 1)))), low * 10)
        let x = ChartScale(domain: low...high, pixels: (chart.left, chart.right), logarithmic: true)
        let y = ChartScale(domain: 0...1, pixels: (chart.bottom, chart.top))
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            chart.horizontalTick(y: y(tick), label: formatNumber(tick * 100) + " %")
        }
        let decades = Int(log10(high / low).rounded())
        var decade = low
        while decade <= high * 1.001 {
            for multiple in decades <= 3 ? [1.0, 2, 5] : [1.0] where decade * multiple <= high * 1.001 {
                chart.verticalTick(x: x(decade * multiple), label: Self.milliseconds(decade * multiple))
            }
            decade *= 10
        }
        let n = SVGChart.number
        for (quantile, name) in [(0.5, "p50"), (0.95, "p95"), (0.99, "p99")] {
            chart.add(
                "line",
                [
                    "x1": n(chart.left), "x2": n(chart.right), "y1": n(y(quantile)), "y2": n(y(quantile)),
                    "class": "guide",
                ])
            chart.text(name, x: chart.right + 4, y: y(quantile) + (quantile == 0.99 ? 0 : 8), className: "guide-label")
        }
        chart.axes(
            x: "client latency (log scale, upper edge of the histogram bucket)", y: "share of events at or below")
        for group in groups {
            let name = seriesName(of: group)
            let colour = colours.first { $0.name == name }?.colour ?? "#7f7f7f"
            let total = Double(group.latency.histogram.reduce(0) { $0 + ($1.last ?? 0) })
            guard total > 0 else { continue }
            var cumulative = 0.0
            var path = "M\(n(chart.left)),\(n(y(0)))"
            var circles: [String] = []
            for bucket in group.latency.histogram {
                let edge = Double(bucket.first ?? 0)
                cumulative += Double(bucket.last ?? 0)
                let share = cumulative / total
                path += "H\(n(x(edge)))V\(n(y(share)))"
                let tip = "\(name): \(percent(share)) of \(Int(total)) events at or below \(Self.milliseconds(edge))"
                circles.append(
                    SVGChart.element(
                        "circle",
                        [
                            "cx": n(x(edge)), "cy": n(y(share)), "r": "2.5", "fill": colour, "class": "point",
                            "data-group": name,
                        ],
                        content: SVGChart.element("title", [:], content: htmlEscaped(tip))))
            }
            chart.add("path", ["d": path + "H\(n(chart.right))", "stroke": colour, "class": "series"])
            for circle in circles { chart.add(raw: circle) }
        }
        return chart.rendered()
    }

    /// Seconds since 1970 of an instant written as `YYYY-MM-DDTHH:MM:SS…` (UTC); nil otherwise.
    static func seconds(ofInstant text: String) -> Int64? {
        let characters = Array(text.utf8)
        guard characters.count >= 19 else { return nil }
        func field(_ from: Int, _ to: Int) -> Int? { Int(String(decoding: characters[from..<to], as: UTF8.self)) }
        guard let year = field(0, 4), let month = field(5, 7), let day = field(8, 10), let hour = field(11, 13),
            let minute = field(14, 16), let second = field(17, 19)
        else { return nil }
        return Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second)?.seconds
    }

    /// The top of a 0-based rate axis holding `value`, at most 1, and its tick step.
    static func niceCeiling(_ value: Double) -> (top: Double, step: Double) {
        let clamped = min(max(value.isFinite ? value : 1, 0), 1)
        let step = [0.01, 0.02, 0.05, 0.1, 0.2].first { (clamped / $0).rounded(.up) <= 6 } ?? 0.2
        return (min(max((clamped / step).rounded(.up) * step, step), 1), step)
    }

    /// At most about 8 ticks over a time axis (seconds since 1970), on round UTC instants.
    static func timeTicks(_ domain: ClosedRange<Double>) -> [(value: Double, label: String)] {
        let span = domain.upperBound - domain.lowerBound
        let steps: [Double] = [60, 300, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800]
        let step = steps.first { span / $0 <= 8 } ?? (span / 8 / 86_400).rounded(.up) * 86_400
        var ticks: [(Double, String)] = []
        var tick = (domain.lowerBound / step).rounded(.up) * step
        while tick <= domain.upperBound, ticks.count < 20 {
            let days = Int64((tick / 86_400).rounded(.down))
            let secondOfDay = Int(tick - Double(days) * 86_400)
            let (year, month, day) = Timestamp.civilFromDays(days)
            func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            let date = "\(pad(month))-\(pad(day))"
            ticks.append(
                (
                    tick,
                    step >= 86_400
                        ? "\(year)-\(date)" : "\(date) \(pad(secondOfDay / 3600)):\(pad(secondOfDay / 60 % 60))"
                ))
            tick += step
        }
        return ticks
    }

    /// `3600` → `1 h`, `90` → `90 s`.
    static func duration(_ seconds: Int64) -> String {
        for (unit, name) in [(86_400, "d"), (3600, "h"), (60, "min")]
        where seconds >= unit && seconds % Int64(unit) == 0 {
            return "\(seconds / Int64(unit)) \(name)"
        }
        return "\(seconds) s"
    }

    /// `250` → `250 ms`, `2000` → `2 s`.
    static func milliseconds(_ value: Double) -> String {
        value >= 1000 ? formatNumber(value / 1000, digits: 1) + " s" : formatNumber(value, digits: 0) + " ms"
    }
}
