/// A small typed tree of HTML (and inline SVG) elements. Text and attribute values are escaped when
/// the tree is rendered, in one place (`escapeText`, `escapeAttribute`), so no text from the
/// catalogue or the log can become markup. Element and attribute names come only from this
/// program's code. The one unescaped kind of node is `.css`, for the page's own fixed style sheet.
public struct HTMLNode: Sendable {
    enum Kind: Sendable {
        case element(name: String, attributes: [(String, String)], children: [HTMLNode], void: Bool)
        case text(String)
        case css(StaticString)
        case fragment([HTMLNode])
    }

    let kind: Kind

    /// An element with attributes and children.
    public static func el(_ name: String, _ attributes: [(String, String)] = [], _ children: [HTMLNode] = []) -> HTMLNode {
        HTMLNode(kind: .element(name: name, attributes: attributes, children: children, void: false))
    }

    /// An element without content or end tag (`meta`, `br`).
    public static func void(_ name: String, _ attributes: [(String, String)] = []) -> HTMLNode {
        HTMLNode(kind: .element(name: name, attributes: attributes, children: [], void: true))
    }

    /// Text, escaped when rendered.
    public static func text(_ s: String) -> HTMLNode { HTMLNode(kind: .text(s)) }

    /// Several nodes without an element around them.
    public static func group(_ nodes: [HTMLNode]) -> HTMLNode { HTMLNode(kind: .fragment(nodes)) }

    /// The page's own style sheet: a constant of this program, never data.
    static func css(_ sheet: StaticString) -> HTMLNode { HTMLNode(kind: .css(sheet)) }

    public func render() -> String {
        var out = ""
        out.reserveCapacity(1 << 16)
        render(into: &out)
        return out
    }

    func render(into out: inout String) {
        switch kind {
        case .text(let s):
            out += Self.escapeText(s)
        case .css(let sheet):
            out += sheet.description
        case .fragment(let nodes):
            for n in nodes { n.render(into: &out) }
        case .element(let name, let attributes, let children, let void):
            precondition(Self.isName(name), "element name \(name)")
            out += "<" + name
            for (key, value) in attributes {
                precondition(Self.isName(key), "attribute name \(key)")
                out += " " + key + "=\"" + Self.escapeAttribute(value) + "\""
            }
            out += ">"
            if void { return }
            for c in children { c.render(into: &out) }
            out += "</" + name + ">"
        }
    }

    static func isName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x3A }
    }

    /// `&`, `<` and `>` as entities; control characters (other than tab and line break), which
    /// HTML does not allow, are dropped.
    public static func escapeText(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// As `escapeText`, and both quotes too, so a value never leaves its attribute.
    public static func escapeAttribute(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in escapeText(s).unicodeScalars {
            switch scalar {
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
