//! HTML pages: the report as a government site publishes it, inside the site's navigation,
//! menus and footer.
//!
//! The page is decoded (BOM, then the `<meta>` charset, then detection), parsed by html5ever
//! (through scraper) into a tree, and the article body is chosen among the page chrome by where
//! the text is (see [`body`]). The body is then read in document order: each paragraph,
//! heading or `<br>`-ended run of text is a line (split into cells like a text line, so a row
//! written with runs of `&nbsp;` still has its cells); each table row is a line whose cells
//! are the grid positions of the row, merged cells expanded (see [`super::grid`]).
//!
//! Every walk over the tree is iterative, so a page nested thousands of levels deep cannot
//! overflow the stack.

use std::borrow::Cow;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use encoding_rs::{
    Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED,
};
use scraper::{Html, Node};

use super::grid::{Grid, TextBuf};
use crate::error::Reject;
use crate::limits::Limits;
use crate::model::{Document, Format, Line};

/// Decodes, parses and reads a page, with the default limits.
pub fn read(bytes: &[u8]) -> Result<Document, Reject> {
    read_with(bytes, &Limits::default())
}

/// Decodes, parses and reads a page. Nesting deeper than `limits.nesting` is refused: the HTML
/// parser's work grows with the square of the depth (a page of 40,000 nested `<div>` takes
/// seconds), and real pages nest less than a few hundred.
pub fn read_with(bytes: &[u8], limits: &Limits) -> Result<Document, Reject> {
    let (text, encoding) = decode(bytes)?;
    let depth = nesting(&text);
    if depth > limits.nesting {
        return Err(Reject::Limit(format!(
            "HTML elements nested about {depth} deep, over the limit of {} (--max-nesting)",
            limits.nesting
        )));
    }
    catch_unwind(AssertUnwindSafe(|| {
        let html = Html::parse_document(&text);
        extract(&html, encoding)
    }))
    .map_err(|_| Reject::Corrupt("the HTML parser failed on this page".into()))
}

/// Elements without end tags, or closed by the next of their kind: not nesting.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "td", "th", "tr", "option", "dt", "dd", "thead", "tbody", "tfoot",
    "colgroup", "basefont", "frame", "keygen",
];

/// The deepest nesting of elements, estimated from the tags alone (start tags less end tags,
/// elements that need no end tag left out): cheap, and over the truth rather than under.
fn nesting(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        if bytes[i..].starts_with(b"!--") {
            match text[i..].find("-->") {
                Some(end) => i += end,
                None => break,
            }
            continue;
        }
        let close = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(close);
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = text[start..start + len].to_ascii_lowercase();
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

static META_CHARSET: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(r#"(?i-u)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#)
        .expect("regex")
});

/// How far into the page a `<meta>` charset is looked for (CMS heads are long).
const PRESCAN: usize = 8192;

/// The encoding the page declares in a `<meta charset>` or `<meta http-equiv content>`, as
/// browsers read it: GB2312 and GBK as their superset GB18030, a UTF-16 label (impossible in
/// an ASCII-compatible head) as UTF-8.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN)];
    let label = META_CHARSET.captures(head)?.get(1)?;
    let encoding = Encoding::for_label(label.as_bytes())?;
    Some(match encoding {
        e if e == GBK => GB18030,
        e if e == UTF_16LE || e == UTF_16BE => UTF_8,
        e if e == X_USER_DEFINED => WINDOWS_1252,
        e => e,
    })
}

/// A BOM wins; then the declared charset if the bytes decode cleanly in it (sites that declare
/// UTF-8 and serve GBK exist); otherwise the text backend's detection.
fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), Reject> {
    if Encoding::for_bom(bytes).is_none()
        && let Some(encoding) = declared(bytes)
    {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        if !had_errors {
            return Ok((text, encoding.name()));
        }
    }
    super::text::decode(bytes)
}

/// Elements whose content is never report text.
const DROPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "iframe", "object", "embed",
    "select", "option", "button", "input", "textarea", "svg", "math", "canvas", "map", "audio",
    "video", "title",
];

/// Page chrome by its element: dropped unless inside an `<article>` (where a `<header>` holds
/// the article's own title).
const CHROME: &[&str] = &["header", "footer", "aside"];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "main",
    "blockquote",
    "center",
    "address",
    "figure",
    "figcaption",
    "caption",
    "form",
    "fieldset",
    "hr",
    "body",
    "html",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "header",
    "footer",
    "aside",
    "details",
    "summary",
    "legend",
];

/// Ids and classes government CMSs give the article container (TRS WCM, Hanweb, UCAP…): a
/// bonus, not a requirement. These name nothing but the article.
const ARTICLE_CONTAINERS: &[&str] = &[
    "zoom",
    "trs_editor",
    "article-content",
    "article_content",
    "articlecontent",
    "ucap-content",
    "xxgk_content",
    "pages_content",
    "news_content",
    "newscontent",
    "arc_content",
    "zwnr",
    "info_content",
    "wzcon",
    "con_text",
    "conttext",
];

/// Generic names that often, not always, hold the article.
const LIKELY_CONTAINERS: &[&str] = &[
    "view",
    "content",
    "contents",
    "main-content",
    "detail",
    "text",
    "article_con",
    "zw",
];

fn element_name<'a>(node: &NodeRef<'a, Node>) -> Option<&'a str> {
    node.value().as_element().map(|e| e.name())
}

/// Hidden by an inline style or the `hidden` attribute (share boxes, QR codes, print copies).
fn hidden(node: &NodeRef<'_, Node>) -> bool {
    let Some(e) = node.value().as_element() else {
        return false;
    };
    e.attrs()
        .any(|(name, value)| name == "hidden" || (name == "style" && style_hides(value)))
}

/// `display: none` or `visibility: hidden` in an inline style, in any case and spacing. Word
/// exports put a style on every span, so the common case (neither word present) allocates
/// nothing.
fn style_hides(style: &str) -> bool {
    let has = |word: &[u8]| {
        style
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    if !has(b"none") && !has(b"hidden") {
        return false;
    }
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

/// Whether an element and everything in it is left out of the text.
fn dropped(node: &NodeRef<'_, Node>, in_article: bool) -> bool {
    match element_name(node) {
        Some(name) => {
            DROPPED.contains(&name) || (!in_article && CHROME.contains(&name)) || hidden(node)
        }
        None => matches!(
            node.value(),
            Node::Comment(_) | Node::ProcessingInstruction(_)
        ),
    }
}

fn named(node: &NodeRef<'_, Node>, names: &[&str]) -> bool {
    let Some(e) = node.value().as_element() else {
        return false;
    };
    let known = |s: &str| names.contains(&s.to_ascii_lowercase().as_str());
    e.id().is_some_and(known) || e.classes().any(known)
}

/// What is under an element: text characters (not spaces), leaving out dropped elements and
/// link text (navigation is mostly links, an article mostly is not), and whether a table is.
#[derive(Clone, Copy, Debug, Default)]
struct Stat {
    chars: usize,
    /// A table or a block that data cells never hold (a `<div>`, a list, a heading, a form).
    has_block: bool,
}

/// Elements that mark a table cell as page layout rather than data.
const LAYOUT_BLOCKS: &[&str] = &[
    "table", "div", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "form", "section",
    "article", "iframe",
];

/// Passes over whole subtrees of a traversal: after [`Subtrees::skip`] on an element's opening
/// edge, every edge up to and including its closing edge is not [visible](Subtrees::visible).
#[derive(Default)]
struct Subtrees {
    skipping: Option<NodeId>,
}

impl Subtrees {
    fn visible(&mut self, edge: &Edge<'_, Node>) -> bool {
        match (self.skipping, edge) {
            (None, _) => true,
            (Some(id), Edge::Close(node)) if node.id() == id => {
                self.skipping = None;
                false
            }
            _ => false,
        }
    }

    fn skip(&mut self, node: &NodeRef<'_, Node>) {
        self.skipping = Some(node.id());
    }
}

type Stats = HashMap<NodeId, Stat>;

fn stats(root: NodeRef<'_, Node>) -> Stats {
    let mut stats = HashMap::new();
    let mut stack: Vec<Stat> = vec![Stat::default()];
    let mut subtrees = Subtrees::default();
    let mut links = 0usize;
    let mut articles = 0usize;
    for edge in root.traverse() {
        if !subtrees.visible(&edge) {
            continue;
        }
        match edge {
            Edge::Open(node) => {
                if dropped(&node, articles > 0) {
                    subtrees.skip(&node);
                    continue;
                }
                match node.value() {
                    Node::Text(t) if links == 0 => {
                        if let Some(top) = stack.last_mut() {
                            top.chars += t.chars().filter(|c| !c.is_whitespace()).count();
                        }
                    }
                    Node::Element(e) => {
                        links += usize::from(e.name() == "a");
                        articles += usize::from(e.name() == "article");
                        stack.push(Stat::default());
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    links = links.saturating_sub(usize::from(e.name() == "a"));
                    articles = articles.saturating_sub(usize::from(e.name() == "article"));
                    let own = stack.pop().unwrap_or_default();
                    stats.insert(node.id(), own);
                    if let Some(top) = stack.last_mut() {
                        top.chars += own.chars;
                        top.has_block |= own.has_block || LAYOUT_BLOCKS.contains(&e.name());
                    }
                }
            }
        }
    }
    stats
}

fn chars(stats: &Stats, node: &NodeRef<'_, Node>) -> usize {
    stats.get(&node.id()).map_or(0, |s| s.chars)
}

/// The rows of a table itself (not of tables nested in its cells), in order.
fn own_rows<'a>(table: NodeRef<'a, Node>) -> Vec<NodeRef<'a, Node>> {
    let mut rows = Vec::new();
    for child in table.children() {
        match element_name(&child) {
            Some("tr") => rows.push(child),
            Some("thead" | "tbody" | "tfoot") => {
                rows.extend(child.children().filter(|c| element_name(c) == Some("tr")));
            }
            _ => {}
        }
    }
    rows
}

fn own_cells<'a>(row: NodeRef<'a, Node>) -> impl Iterator<Item = NodeRef<'a, Node>> {
    row.children()
        .filter(|c| matches!(element_name(c), Some("td" | "th")))
}

/// A table used for page layout rather than data: one cell, or a cell holding another table,
/// a `<div>` or list, or a long text. Its cells are read as blocks of the page, not as a grid.
fn is_layout_table(table: NodeRef<'_, Node>, stats: &Stats) -> bool {
    let cells: Vec<_> = own_rows(table).into_iter().flat_map(own_cells).collect();
    cells.len() <= 1
        || cells.iter().any(|c| {
            stats
                .get(&c.id())
                .is_some_and(|s| s.has_block || s.chars > LONG_CELL)
        })
}

/// More text than a data cell holds: a cell of a layout table.
const LONG_CELL: usize = 400;

/// The element holding the article: from `<body>` down, into the child holding three quarters
/// of the text (or a container with a likely name holding half of it), never into a data
/// table. Chrome around the article (menus, related links, footer text) is left above the
/// choice. Where the text is too evenly spread to tell (a short article in a busy page), a
/// container named for articles only (`#zoom`, `.TRS_Editor`, …) holding text is taken.
fn body<'a>(html: &'a Html, stats: &Stats) -> NodeRef<'a, Node> {
    let root = html.tree.root();
    let score = |n: &NodeRef<'_, Node>| chars(stats, n);
    let mut current = root
        .descendants()
        .find(|n| element_name(n) == Some("body"))
        .unwrap_or(root);
    loop {
        let total = score(&current);
        if total == 0 {
            break;
        }
        let children: Vec<_> = current
            .children()
            .filter(|c| c.value().is_element() && stats.contains_key(&c.id()))
            .collect();
        let known = children
            .iter()
            .find(|c| named(c, LIKELY_CONTAINERS) && score(c) * 2 >= total);
        let dominant = children
            .iter()
            .max_by_key(|c| score(c))
            .filter(|c| score(c) * 4 >= total * 3);
        match known.or(dominant) {
            Some(next) if element_name(next) != Some("table") || is_layout_table(*next, stats) => {
                current = *next;
            }
            _ => break,
        }
    }
    if !named(&current, ARTICLE_CONTAINERS)
        && let Some(article) = current
            .descendants()
            .filter(|d| named(d, ARTICLE_CONTAINERS) && score(d) > 0)
            .max_by_key(|d| score(d))
    {
        return article;
    }
    current
}

/// Lines read so far, and the text of the line being read.
#[derive(Default)]
struct Reader {
    lines: Vec<Pending>,
    buf: TextBuf,
    /// The line being read has text outside links.
    own_text: bool,
}

struct Pending {
    cells: Vec<String>,
    text: String,
    /// Every word of it is a link (上一篇, related reports): kept, but as furniture.
    links_only: bool,
}

impl Reader {
    fn text(&mut self, text: &str, in_link: bool) {
        if !in_link && !text.trim().is_empty() {
            self.own_text = true;
        }
        self.buf.push_str(text);
    }

    fn flush(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        let links_only = !std::mem::take(&mut self.own_text);
        if buf.is_empty() {
            return;
        }
        let text = buf.finish();
        if text.is_empty() {
            return;
        }
        self.lines.push(Pending {
            cells: super::text::cells(&text),
            text,
            links_only,
        });
    }

    /// A `<pre>` block: its own line breaks and spacing.
    fn pre(&mut self, node: NodeRef<'_, Node>) {
        self.flush();
        let raw: String = node
            .descendants()
            .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
            .collect();
        for line in raw.lines() {
            let text = line.replace('\u{A0}', " ").trim_end().to_string();
            if !text.trim().is_empty() {
                self.lines.push(Pending {
                    cells: super::text::cells(&text),
                    text,
                    links_only: false,
                });
            }
        }
    }

    /// A data table: one line per row, cells on the grid.
    fn table(&mut self, table: NodeRef<'_, Node>) {
        self.flush();
        if let Some(caption) = table
            .children()
            .find(|c| element_name(c) == Some("caption"))
        {
            let text = cell_text(caption);
            if !text.is_empty() {
                self.lines.push(Pending {
                    cells: vec![text.clone()],
                    text,
                    links_only: false,
                });
            }
        }
        let rows = own_rows(table);
        let count = rows.len();
        let mut grid = Grid::default();
        for (r, row) in rows.iter().enumerate() {
            let mut col = 0;
            for cell in own_cells(*row) {
                let span = |name| {
                    cell.value()
                        .as_element()
                        .and_then(|e| e.attr(name))
                        .and_then(parse_span)
                };
                // rowspan="0" reaches the end of the table.
                let down = match span("rowspan") {
                    Some(0) => count - r,
                    Some(n) => n.min(count - r),
                    None => 1,
                };
                let across = span("colspan").unwrap_or(1);
                col = grid.place(r, col, cell_text(cell), across, down);
            }
        }
        // A row without a single grid position (`<tr></tr>`) has nothing to read.
        for cells in grid.into_rows(count).into_iter().filter(|c| !c.is_empty()) {
            self.lines.push(Pending {
                text: cells.join("\t"),
                cells,
                links_only: false,
            });
        }
    }
}

/// `colspan`/`rowspan` as browsers read it: leading digits, anything after ignored.
fn parse_span(value: &str) -> Option<usize> {
    let digits: String = value
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(6)
        .collect();
    digits.parse().ok()
}

/// The text of a table cell: paragraphs and `<br>` lines inside it joined (a label broken over
/// two `<p>` is one label), dropped elements left out.
fn cell_text(cell: NodeRef<'_, Node>) -> String {
    let mut buf = TextBuf::default();
    let mut subtrees = Subtrees::default();
    for edge in cell.traverse() {
        if !subtrees.visible(&edge) {
            continue;
        }
        match edge {
            Edge::Open(node) => {
                if node.id() != cell.id() && dropped(&node, true) {
                    subtrees.skip(&node);
                    continue;
                }
                match node.value() {
                    Node::Text(t) => buf.push_str(t),
                    Node::Element(e) if e.name() == "br" || BLOCKS.contains(&e.name()) => {
                        buf.soft_break();
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if element_name(&node).is_some_and(|n| BLOCKS.contains(&n)) {
                    buf.soft_break();
                }
            }
        }
    }
    buf.finish()
}

/// Reads the chosen body in document order.
fn walk(root: NodeRef<'_, Node>, stats: &Stats) -> Vec<Pending> {
    let mut reader = Reader::default();
    // Elements whose content is handled (or left out) as a whole: events inside them pass.
    let mut subtrees = Subtrees::default();
    let mut links = 0usize;
    let mut articles = root
        .ancestors()
        .filter(|a| element_name(a) == Some("article"))
        .count();
    for edge in root.traverse() {
        if !subtrees.visible(&edge) {
            continue;
        }
        match edge {
            Edge::Open(node) => {
                if dropped(&node, articles > 0) {
                    subtrees.skip(&node);
                    continue;
                }
                match node.value() {
                    Node::Text(t) => reader.text(t, links > 0),
                    Node::Element(e) => match e.name() {
                        "br" => reader.flush(),
                        "pre" | "listing" | "plaintext" | "xmp" => {
                            reader.pre(node);
                            subtrees.skip(&node);
                        }
                        "table" if !is_layout_table(node, stats) => {
                            reader.table(node);
                            subtrees.skip(&node);
                        }
                        "a" => links += 1,
                        name => {
                            articles += usize::from(name == "article");
                            if BLOCKS.contains(&name) {
                                reader.flush();
                            }
                        }
                    },
                    _ => {}
                }
            }
            Edge::Close(node) => match element_name(&node) {
                Some("a") => links = links.saturating_sub(1),
                Some(name) => {
                    articles = articles.saturating_sub(usize::from(name == "article"));
                    if BLOCKS.contains(&name) {
                        reader.flush();
                    }
                }
                None => {}
            },
        }
    }
    reader.flush();
    reader.lines
}

/// The page's `<title>`, spaces collapsed.
fn page_title(html: &Html) -> Option<String> {
    let title = html
        .tree
        .root()
        .descendants()
        .find(|n| element_name(n) == Some("title"))?;
    let mut buf = TextBuf::default();
    for d in title.descendants() {
        if let Some(t) = d.value().as_text() {
            buf.push_str(t);
        }
    }
    Some(buf.finish()).filter(|t| !t.is_empty())
}

fn extract(html: &Html, encoding: &'static str) -> Document {
    let stats = stats(html.tree.root());
    let body = body(html, &stats);
    let lines: Vec<Line> = walk(body, &stats)
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let mut line = Line::new(1, number, p.text, p.cells);
            line.furniture |= p.links_only;
            line
        })
        .collect();
    let mut doc = Document {
        format: Format::Html,
        encoding: Some(encoding),
        pages: 1,
        lines,
    };
    // The page title names the report when the article does not print its title.
    if crate::locate::title::find(&doc).is_none()
        && let Some(title) = page_title(html)
    {
        let mut lines = vec![Line::new(1, 1, title.clone(), vec![title])];
        lines.extend(doc.lines.into_iter().map(|mut l| {
            l.number = l.number.saturating_add(1);
            l
        }));
        doc.lines = lines;
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hiding_styles_in_any_case_and_spacing() {
        assert!(style_hides("DISPLAY : None"));
        assert!(style_hides("color:red; visibility:\thidden"));
        assert!(!style_hides("font-family:宋体;mso-font-kerning:1.0000pt"));
        assert!(!style_hides("display:block; border:none"));
    }

    fn lines(html: &str) -> Vec<Vec<String>> {
        read(html.as_bytes())
            .unwrap()
            .lines
            .into_iter()
            .filter(|l| !l.furniture)
            .map(|l| l.cells)
            .collect()
    }

    #[test]
    fn paragraphs_are_lines_and_br_ends_a_line() {
        let got = lines(
            "<html><body><h1>标题</h1><p>第一段\n文字</p><div>规章&nbsp;&nbsp;0&nbsp;&nbsp;3<br>行政许可&nbsp;&nbsp;12</div></body></html>",
        );
        assert_eq!(
            got,
            vec![
                vec!["标题"],
                vec!["第一段文字"],
                vec!["规章", "0", "3"],
                vec!["行政许可", "12"]
            ]
        );
    }

    #[test]
    fn table_cells_joined_spans_expanded_nbsp_blank() {
        let got = lines(concat!(
            "<table>",
            "<tr><td rowspan=2><p>法人或</p><p>其他组织</p></td><td colspan=2><span>商业</span>\n<span>企业</span></td></tr>",
            "<tr><td>&nbsp;</td><td>0&nbsp;&nbsp;</td></tr>",
            "</table>"
        ));
        assert_eq!(
            got,
            vec![
                vec!["法人或其他组织", "商业企业", ""],
                vec!["法人或其他组织", "", "0"]
            ]
        );
    }

    #[test]
    fn declared_charset_is_honoured() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>二、主动公开政府信息情况</p></body></html>";
        let (bytes, _, _) = GBK.encode(page);
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.encoding, Some("gb18030"));
        assert_eq!(doc.lines[0].text, "二、主动公开政府信息情况");
    }

    #[test]
    fn deep_nesting_is_read_without_recursion_or_refused() {
        let page = format!(
            "{}<p>正文</p>",
            "<div>".repeat(Limits::default().nesting - 10)
        );
        let doc = read(page.as_bytes()).unwrap();
        assert!(doc.lines.iter().any(|l| l.text == "正文"));
        let tight = Limits {
            nesting: 100,
            ..Limits::default()
        };
        let page = format!("{}<p>正文</p>", "<div>".repeat(101));
        assert!(
            matches!(read_with(page.as_bytes(), &tight), Err(Reject::Limit(r)) if r.contains("--max-nesting"))
        );
        let page = format!("{}<p>正文</p>", "<div><span>".repeat(200_000));
        assert!(matches!(read(page.as_bytes()), Err(Reject::Limit(_))));
        // Closed elements, void elements and implied ends do not add up.
        let flat = "<div><p>a<br><img src=x><span>b</span></div><!-- <div><div> -->".repeat(10_000);
        assert_eq!(nesting(&flat), 2);
    }

    /// Found by the `html` fuzz target: an empty `<tr>` was a line without a cell.
    #[test]
    fn an_empty_table_row_is_no_line() {
        let page = "<table><tr><td>规章</td><td>1</td></tr><tr></tr><tr><td>规章</td><td>2</td></tr></table>";
        let doc = read(page.as_bytes()).unwrap();
        let cells: Vec<&Vec<String>> = doc.lines.iter().map(|l| &l.cells).collect();
        assert_eq!(
            cells,
            [
                &vec!["规章".to_string(), "1".into()],
                &vec!["规章".to_string(), "2".into()]
            ]
        );
    }

    #[test]
    fn spans_are_read_as_browsers_do() {
        assert_eq!(parse_span(" 3 "), Some(3));
        assert_eq!(parse_span("2px"), Some(2));
        assert_eq!(parse_span("x"), None);
        assert_eq!(parse_span("99999999999"), Some(999_999));
    }
}
