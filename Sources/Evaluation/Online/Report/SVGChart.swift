import Foundation

/// An inline SVG chart being drawn: a plot area inside fixed margins, and the elements added
/// so far. Every text and attribute value is escaped, and every coordinate goes through
/// ``number(_:)``, which writes a non-finite value as 0, so no chart carries NaN. The output is
/// well-formed XML as well as HTML.
struct SVGChart {
    /// Distances from the edges of the drawing to the plot area, in px.
    struct Margins {
        var top: Double
        var right: Double
        var bottom: Double
        var left: Double
    }

    let id: String
    let label: String
    let width: Double
    let height: Double
    let margins: Margins
    private var elements: [String] = []

    init(id: String, label: String, width: Double, height: Double, margins: Margins) {
        self.id = id
        self.label = label
        self.width = width
        self.height = height
        self.margins = margins
    }

    var left: Double { margins.left }
    var right: Double { width - margins.right }
    var top: Double { margins.top }
    var bottom: Double { height - margins.bottom }

    /// Adds `<name attributes…>content</name>` (self-closed without content).
    mutating func add(_ name: String, _ attributes: KeyValuePairs<String, String>, content: String? = nil) {
        elements.append(Self.element(name, attributes, content: content))
    }

    /// Adds markup made with ``element(_:_:content:)``.
    mutating func add(raw markup: String) { elements.append(markup) }

    /// Adds a text at (`x`, `y`); `anchor` is `start`, `middle` or `end`.
    mutating func text(
        _ text: String, x: Double, y: Double, anchor: String = "start", className: String = "label",
        rotate: Bool = false
    ) {
        let transform = rotate ? "rotate(-90 \(Self.number(x)) \(Self.number(y)))" : ""
        add(
            "text",
            [
                "x": Self.number(x), "y": Self.number(y), "text-anchor": anchor, "class": className,
                "transform": transform,
            ],
            content: htmlEscaped(text))
    }

    /// A horizontal grid line with its label at `y`, for a value of the vertical axis.
    mutating func horizontalTick(y: Double, label: String) {
        add(
            "line",
            [
                "x1": Self.number(left), "x2": Self.number(right), "y1": Self.number(y), "y2": Self.number(y),
                "class": "grid",
            ])
        text(label, x: left - 6, y: y + 4, anchor: "end", className: "tick")
    }

    /// A vertical grid line with its label below the plot at `x`, for a value of the horizontal axis.
    mutating func verticalTick(x: Double, label: String) {
        add(
            "line",
            [
                "x1": Self.number(x), "x2": Self.number(x), "y1": Self.number(top), "y2": Self.number(bottom),
                "class": "grid",
            ])
        text(label, x: x, y: bottom + 16, anchor: "middle", className: "tick")
    }

    /// The plot's frame (left and bottom axis lines) and the axis titles (an empty one is left out).
    mutating func axes(x xTitle: String, y yTitle: String) {
        add(
            "path",
            [
                "d": "M\(Self.number(left)),\(Self.number(top))V\(Self.number(bottom))H\(Self.number(right))",
                "class": "axis",
            ])
        text(xTitle, x: (left + right) / 2, y: height - 8, anchor: "middle", className: "axis-title")
        if !yTitle.isEmpty {
            text(yTitle, x: 14, y: (top + bottom) / 2, anchor: "middle", className: "axis-title", rotate: true)
        }
    }

    /// The frame and a centred message instead of data.
    mutating func noData(_ message: String) {
        add(
            "rect",
            [
                "x": Self.number(left), "y": Self.number(top), "width": Self.number(right - left),
                "height": Self.number(bottom - top), "class": "empty",
            ])
        text(message, x: (left + right) / 2, y: (top + bottom) / 2, anchor: "middle", className: "no-data")
    }

    /// The whole `<svg>` element.
    func rendered() -> String {
        let open = Self.openingTag(
            "svg",
            [
                "id": id, "xmlns": "http://www.w3.org/2000/svg", "role": "img", "aria-label": label,
                "width": Self.number(width), "height": Self.number(height),
                "viewBox": "0 0 \(Self.number(width)) \(Self.number(height))",
            ])
        return open + ">\n" + elements.joined(separator: "\n") + "\n</svg>"
    }

    /// `<name attributes…>content</name>`; nil content self-closes the element.
    static func element(_ name: String, _ attributes: KeyValuePairs<String, String>, content: String? = nil) -> String {
        let open = openingTag(name, attributes)
        guard let content else { return open + "/>" }
        return open + ">" + content + "</\(name)>"
    }

    /// `<name attributes…` without its closing `>`: values escaped, an empty value leaves its attribute out.
    private static func openingTag(_ name: String, _ attributes: KeyValuePairs<String, String>) -> String {
        var markup = "<" + name
        for (key, value) in attributes where !value.isEmpty { markup += " \(key)=\"\(htmlEscaped(value))\"" }
        return markup
    }

    /// A coordinate with at most one decimal; 0 for NaN and infinities.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}

/// Maps a data interval onto a pixel interval, linearly or by the logarithm (values ≤ 0 then
/// map to the interval's start). An empty or non-finite domain maps everything to the middle.
struct ChartScale {
    var domain: ClosedRange<Double>
    var pixels: (start: Double, end: Double)
    var logarithmic = false

    func callAsFunction(_ value: Double) -> Double {
        let (low, high, x) =
            logarithmic
            ? (log10(domain.lowerBound), log10(domain.upperBound), value > 0 ? log10(value) : log10(domain.lowerBound))
            : (domain.lowerBound, domain.upperBound, value)
        guard high > low, low.isFinite, high.isFinite, x.isFinite else { return (pixels.start + pixels.end) / 2 }
        let fraction = min(max((x - low) / (high - low), 0), 1)
        return pixels.start + fraction * (pixels.end - pixels.start)
    }
}

/// `text` safe in HTML and XML text and in quoted attributes: `& < > " '` escaped.
func htmlEscaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}
