//! HTML pages: the report as a government site publishes it, inside the site's navigation,
//! menus and footer.
//!
//! The page is decoded (BOM, then the `<meta>` charset, then detection), parsed by html5ever
//! into a tree (see [`dom`]), flattened in document order with each element classified once
//! (see [`page`]), and the article body is chosen among the page chrome by where the text is
//! (see [`body`]). The body is then read in document order: each paragraph,
//! heading or `<br>`-ended run of text is a line (split into cells like a text line, so a row
//! written with runs of `&nbsp;` still has its cells); each table row is a line whose cells
//! are the grid positions of the row, merged cells expanded (see [`super::grid`]).
//!
//! Every walk over the tree is iterative, so a page nested thousands of levels deep cannot
//! overflow the stack.

mod dom;
mod page;

use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;

use self::dom::{Dom, Element};
use self::page::{Id, Kind, Page, Step, Tags};
use super::grid::{Grid, TextBuf};
use crate::error::Reject;
use crate::limits::Limits;
use crate::model::{Document, Format, Line};
use encoding_rs::{
    Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED,
};

/// Decodes, parses and reads a page, with the default limits.
pub fn read(bytes: &[u8]) -> Result<Document, Reject> {
    read_with(bytes, &Limits::default())
}

/// Decodes, parses and reads a page. Nesting deeper than `limits.nesting` is refused: the HTML
/// parser's work grows with the square of the depth (a page of 40,000 nested `<div>` takes
/// seconds), and real pages nest less than a few hundred.
pub fn read_with(bytes: &[u8], limits: &Limits) -> Result<Document, Reject> {
    let (text, encoding) = decode(bytes)?;
    let Scan { depth, tags } = scan(&text);
    if depth > limits.nesting {
        return Err(Reject::Limit(format!(
            "HTML elements nested about {depth} deep, over the limit of {} (--max-nesting)",
            limits.nesting
        )));
    }
    catch_unwind(AssertUnwindSafe(|| {
        let dom = Dom::parse(&text, tags);
        extract(&Page::new(&dom), encoding)
    }))
    .map_err(|_| Reject::Corrupt("the HTML parser failed on this page".into()))
}

/// A tag name of at most eight ASCII letters and digits as a number, lowercased: its bytes,
/// little-endian, zero-padded (digits are unchanged by the case bit).
const fn name_key(name: &[u8]) -> u64 {
    let mut key = 0;
    let mut i = 0;
    while i < name.len() {
        key |= ((name[i] | 0x20) as u64) << (8 * i);
        i += 1;
    }
    key
}

/// Elements without end tags, or closed by the next of their kind: not nesting.
const NOT_NESTING: [u64; 29] = {
    const NAMES: [&[u8]; 29] = [
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
        b"p",
        b"li",
        b"td",
        b"th",
        b"tr",
        b"option",
        b"dt",
        b"dd",
        b"thead",
        b"tbody",
        b"tfoot",
        b"colgroup",
        b"basefont",
        b"frame",
        b"keygen",
    ];
    let mut keys = [0; 29];
    let mut i = 0;
    while i < NAMES.len() {
        keys[i] = name_key(NAMES[i]);
        i += 1;
    }
    keys
};

/// The longest name [`NOT_NESTING`] holds.
const NOT_NESTING_LONGEST: usize = 8;

/// What the tags of a page say before it is parsed.
struct Scan {
    /// The deepest nesting of elements, estimated from the tags alone (start tags less end
    /// tags, elements that need no end tag left out): cheap, and over the truth rather than
    /// under.
    depth: usize,
    /// How many `<` there are: at most as many elements, room for the tree.
    tags: usize,
}

fn scan(text: &str) -> Scan {
    let bytes = text.as_bytes();
    let (mut depth, mut max, mut tags) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        i += off + 1;
        tags += 1;
        if bytes[i..].starts_with(b"!--") {
            match memchr::memmem::find(&bytes[i..], b"-->") {
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
        if len <= NOT_NESTING_LONGEST && NOT_NESTING.contains(&name_key(&bytes[start..start + len]))
        {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    Scan { depth: max, tags }
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

/// Hidden by an inline style or the `hidden` attribute (share boxes, QR codes, print copies).
fn hidden(e: &Element) -> bool {
    e.attrs()
        .any(|(name, value)| name == "hidden" || (name == "style" && style_hides(value)))
}

/// `display: none` or `visibility: hidden` in an inline style, in any case and spacing: the
/// style read with every space taken out (even inside a word) holds `display:none` or
/// `visibility:hidden`, and the style as written holds `none` or `hidden`. Word exports put a
/// long style on every span, so this looks at the colons first and allocates nothing.
fn style_hides(style: &str) -> bool {
    let bytes = style.as_bytes();
    let hiding_colon = memchr::memchr_iter(b':', bytes).any(|i| {
        // Both keys end in `y`: a colon after another letter, digit or sign ends neither.
        if i > 0 {
            let b = bytes[i - 1];
            if (b.is_ascii_alphanumeric() || b.is_ascii_punctuation())
                && !b.eq_ignore_ascii_case(&b'y')
            {
                return false;
            }
        }
        squeezed_at(style, i, "display", "none") || squeezed_at(style, i, "visibility", "hidden")
    });
    hiding_colon
        && (contains_ignoring_case(style, b"none") || contains_ignoring_case(style, b"hidden"))
}

/// Whether `hay` holds `word` (lowercase ASCII) in any case.
fn contains_ignoring_case(hay: &str, word: &[u8]) -> bool {
    let hay = hay.as_bytes();
    memchr::memchr2_iter(word[0], word[0].to_ascii_uppercase(), hay).any(|i| {
        hay.get(i..i + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    })
}

/// The characters of `s` but whitespace, ASCII lowercased.
fn squeezed(s: &str) -> impl DoubleEndedIterator<Item = char> + '_ {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
}

/// Whether `style` with all whitespace taken out and ASCII lowercased holds `key:value` at the
/// colon at byte `colon`: `key` in the characters before it, `value` in those after it.
fn squeezed_at(style: &str, colon: usize, key: &str, value: &str) -> bool {
    squeezed(&style[..colon])
        .rev()
        .take(key.len())
        .eq(key.chars().rev())
        && squeezed(&style[colon + 1..])
            .take(value.len())
            .eq(value.chars())
}

/// Whether an element and everything in it is left out of the text.
fn dropped(page: &Page<'_>, id: Id, in_article: bool) -> bool {
    match page.kind(id) {
        Kind::Element(_, tags) => {
            tags.has(Tags::DROPPED)
                || (!in_article && tags.has(Tags::CHROME))
                || tags.has(Tags::HIDDEN)
        }
        Kind::Ignored => true,
        Kind::Text(_) | Kind::Other => false,
    }
}

/// Whether the element's id or one of its classes is one of `names` (lowercase), in any case.
fn named(page: &Page<'_>, id: Id, names: &[&str]) -> bool {
    let Some(e) = page.element(id) else {
        return false;
    };
    let known = |s: &str| names.iter().any(|n| n.eq_ignore_ascii_case(s));
    // The first `id` attribute, the words of every `class` attribute.
    let mut ids = e.attrs().filter(|(name, _)| *name == "id");
    ids.next().is_some_and(|(_, v)| known(v))
        || e.attrs()
            .filter(|(name, _)| *name == "class")
            .any(|(_, v)| v.split_ascii_whitespace().any(known))
}

/// What is under an element: text characters (not spaces), leaving out dropped elements and
/// link text (navigation is mostly links, an article mostly is not), and whether a table is.
#[derive(Clone, Copy, Debug, Default)]
struct Stat {
    chars: usize,
    /// A table or a block that data cells never hold (a `<div>`, a list, a heading, a form).
    has_block: bool,
}

/// The [`Stat`] of every element of the page that is not dropped, by its [`Id`].
struct Stats(Vec<Option<Stat>>);

impl Stats {
    fn get(&self, id: Id) -> Option<&Stat> {
        self.0.get(id).and_then(Option::as_ref)
    }

    fn chars(&self, id: Id) -> usize {
        self.get(id).map_or(0, |s| s.chars)
    }
}

fn stats(page: &Page<'_>) -> Stats {
    let mut stats = vec![None; page.subtree(0).end];
    let mut stack: Vec<Stat> = vec![Stat::default()];
    let mut links = 0usize;
    let mut articles = 0usize;
    let mut walk = page.walk(0);
    while let Some(step) = walk.next() {
        match step {
            Step::Open(id) => {
                if dropped(page, id, articles > 0) {
                    walk.pass(id);
                    continue;
                }
                match page.kind(id) {
                    Kind::Text(t) if links == 0 => {
                        if let Some(top) = stack.last_mut() {
                            top.chars += t.chars().filter(|c| !c.is_whitespace()).count();
                        }
                    }
                    Kind::Element(_, tags) => {
                        links += usize::from(tags.has(Tags::A));
                        articles += usize::from(tags.has(Tags::ARTICLE));
                        stack.push(Stat::default());
                    }
                    _ => {}
                }
            }
            Step::Close(id) => {
                if let Kind::Element(_, tags) = page.kind(id) {
                    links = links.saturating_sub(usize::from(tags.has(Tags::A)));
                    articles = articles.saturating_sub(usize::from(tags.has(Tags::ARTICLE)));
                    let own = stack.pop().unwrap_or_default();
                    stats[id] = Some(own);
                    if let Some(top) = stack.last_mut() {
                        top.chars += own.chars;
                        top.has_block |= own.has_block || tags.has(Tags::LAYOUT);
                    }
                }
            }
        }
    }
    Stats(stats)
}

/// The rows of a table itself (not of tables nested in its cells), in order.
fn own_rows(page: &Page<'_>, table: Id) -> Vec<Id> {
    let mut rows = Vec::new();
    for child in page.children(table) {
        let tags = page.tags(child);
        if tags.has(Tags::TR) {
            rows.push(child);
        } else if tags.has(Tags::ROW_GROUP) {
            rows.extend(page.children(child).filter(|&c| page.is(c, Tags::TR)));
        }
    }
    rows
}

fn own_cells<'p>(page: &'p Page<'_>, row: Id) -> impl Iterator<Item = Id> + 'p {
    page.children(row).filter(|&c| page.is(c, Tags::CELL))
}

/// A table used for page layout rather than data: one cell, or a cell holding another table,
/// a `<div>` or list, or a long text. Its cells are read as blocks of the page, not as a grid.
fn is_layout_table(page: &Page<'_>, table: Id, stats: &Stats) -> bool {
    let mut cells = own_rows(page, table)
        .into_iter()
        .flat_map(|row| own_cells(page, row));
    let (Some(first), Some(second)) = (cells.next(), cells.next()) else {
        return true;
    };
    [first, second].into_iter().chain(cells).any(|c| {
        stats
            .get(c)
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
fn body(page: &Page<'_>, stats: &Stats) -> Id {
    let score = |id: Id| stats.chars(id);
    let mut current = page
        .subtree(0)
        .find(|&id| page.is(id, Tags::BODY))
        .unwrap_or(0);
    loop {
        let total = score(current);
        if total == 0 {
            break;
        }
        let children: Vec<Id> = page
            .children(current)
            .filter(|&c| page.element(c).is_some() && stats.get(c).is_some())
            .collect();
        let known = children
            .iter()
            .find(|&&c| score(c) * 2 >= total && named(page, c, LIKELY_CONTAINERS));
        let dominant = children
            .iter()
            .max_by_key(|&&c| score(c))
            .filter(|&&c| score(c) * 4 >= total * 3);
        match known.or(dominant) {
            Some(&next) if !page.is(next, Tags::TABLE) || is_layout_table(page, next, stats) => {
                current = next;
            }
            _ => break,
        }
    }
    if !named(page, current, ARTICLE_CONTAINERS)
        && let Some(article) = page
            .subtree(current)
            .filter(|&d| score(d) > 0 && named(page, d, ARTICLE_CONTAINERS))
            .max_by_key(|&d| score(d))
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
    fn pre(&mut self, page: &Page<'_>, node: Id) {
        self.flush();
        let raw: String = page.texts(node).collect();
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
    fn table(&mut self, page: &Page<'_>, table: Id) {
        self.flush();
        if let Some(caption) = page.children(table).find(|&c| page.is(c, Tags::CAPTION)) {
            let text = cell_text(page, caption);
            if !text.is_empty() {
                self.lines.push(Pending {
                    cells: vec![text.clone()],
                    text,
                    links_only: false,
                });
            }
        }
        let rows = own_rows(page, table);
        let count = rows.len();
        let mut grid = Grid::default();
        for (r, &row) in rows.iter().enumerate() {
            let mut col = 0;
            for cell in own_cells(page, row) {
                let span = |name| page.element(cell)?.attr(name).and_then(parse_span);
                // rowspan="0" reaches the end of the table.
                let down = match span("rowspan") {
                    Some(0) => count - r,
                    Some(n) => n.min(count - r),
                    None => 1,
                };
                let across = span("colspan").unwrap_or(1);
                col = grid.place(r, col, cell_text(page, cell), across, down);
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
    let value = value.trim();
    let digits = value.bytes().take_while(u8::is_ascii_digit).take(6).count();
    value[..digits].parse().ok()
}

/// The text of a table cell: paragraphs and `<br>` lines inside it joined (a label broken over
/// two `<p>` is one label), dropped elements left out.
fn cell_text(page: &Page<'_>, cell: Id) -> String {
    let mut buf = TextBuf::default();
    let mut walk = page.walk(cell);
    while let Some(step) = walk.next() {
        match step {
            Step::Open(id) => {
                if id != cell && dropped(page, id, true) {
                    walk.pass(id);
                    continue;
                }
                match page.kind(id) {
                    Kind::Text(t) => buf.push_str(t),
                    Kind::Element(_, tags) if tags.has(Tags::BR) || tags.has(Tags::BLOCK) => {
                        buf.soft_break();
                    }
                    _ => {}
                }
            }
            Step::Close(id) => {
                if page.is(id, Tags::BLOCK) {
                    buf.soft_break();
                }
            }
        }
    }
    buf.finish()
}

/// Reads the chosen body in document order.
fn walk(page: &Page<'_>, root: Id, stats: &Stats) -> Vec<Pending> {
    let mut reader = Reader::default();
    let mut links = 0usize;
    let mut articles = page
        .ancestors(root)
        .filter(|&a| page.is(a, Tags::ARTICLE))
        .count();
    let mut walk = page.walk(root);
    while let Some(step) = walk.next() {
        match step {
            Step::Open(id) => {
                if dropped(page, id, articles > 0) {
                    walk.pass(id);
                    continue;
                }
                match page.kind(id) {
                    Kind::Text(t) => reader.text(t, links > 0),
                    Kind::Element(_, tags) => {
                        if tags.has(Tags::BR) {
                            reader.flush();
                        } else if tags.has(Tags::PRE) {
                            // Its content is read (or left out) as a whole.
                            reader.pre(page, id);
                            walk.pass(id);
                        } else if tags.has(Tags::TABLE) && !is_layout_table(page, id, stats) {
                            reader.table(page, id);
                            walk.pass(id);
                        } else if tags.has(Tags::A) {
                            links += 1;
                        } else {
                            articles += usize::from(tags.has(Tags::ARTICLE));
                            if tags.has(Tags::BLOCK) {
                                reader.flush();
                            }
                        }
                    }
                    _ => {}
                }
            }
            Step::Close(id) => {
                if let Kind::Element(_, tags) = page.kind(id) {
                    if tags.has(Tags::A) {
                        links = links.saturating_sub(1);
                    } else {
                        articles = articles.saturating_sub(usize::from(tags.has(Tags::ARTICLE)));
                        if tags.has(Tags::BLOCK) {
                            reader.flush();
                        }
                    }
                }
            }
        }
    }
    reader.flush();
    reader.lines
}

/// The page's `<title>`, spaces collapsed.
fn page_title(page: &Page<'_>) -> Option<String> {
    let title = page.subtree(0).find(|&id| page.is(id, Tags::TITLE))?;
    let mut buf = TextBuf::default();
    for t in page.texts(title) {
        buf.push_str(t);
    }
    Some(buf.finish()).filter(|t| !t.is_empty())
}

fn extract(page: &Page<'_>, encoding: &'static str) -> Document {
    let stats = stats(page);
    let body = body(page, &stats);
    let lines: Vec<Line> = walk(page, body, &stats)
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
        && let Some(title) = page_title(page)
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
        // Spaces, even inside a word or ideographic, are taken out before the keys are looked
        // for; but the style as written must hold `none` or `hidden` too.
        assert!(style_hides("dis\u{3000}play :none"));
        assert!(!style_hides("display:no ne"));
        assert!(style_hides("display:no ne; border:none"));
        assert!(style_hides("mso-x:1;Visibility\n: Hidden"));
        assert!(!style_hides("x-display:block;none"));
    }

    /// The test as it was first written (remove the spaces, lowercase, look for the keys),
    /// against which the allocation-free one is checked on many small styles.
    fn style_hides_by_copying(style: &str) -> bool {
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

    #[test]
    fn hiding_styles_read_without_copying_as_with() {
        let alphabet: Vec<char> = "displayDISPLAYvbthnoeNOE:;- \t\n\u{3000}\u{a0}\u{b}规"
            .chars()
            .collect();
        let words = [
            "display",
            "none",
            "visibility",
            "hidden",
            ":",
            "dis play",
            "no ne",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut hiding = 0;
        for _ in 0..50_000 {
            let mut style = String::new();
            for _ in 0..next(8) {
                if next(3) == 0 {
                    style.push(alphabet[next(alphabet.len())]);
                } else {
                    style.push_str(words[next(words.len())]);
                }
            }
            let expected = style_hides_by_copying(&style);
            hiding += usize::from(expected);
            assert_eq!(style_hides(&style), expected, "{style:?}");
        }
        assert!(hiding > 100, "{hiding}");
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
        assert_eq!(scan(&flat).depth, 2);
        // Eight `<` a repeat; those inside the comment are not counted.
        assert_eq!(scan(&flat).tags, 80_000);
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
    fn tag_names_are_keyed_in_any_case() {
        assert_eq!(name_key(b"TBody"), name_key(b"tbody"));
        assert_eq!(name_key(b"h1"), u64::from_le_bytes(*b"h1\0\0\0\0\0\0"));
        assert!(NOT_NESTING.contains(&name_key(b"ColGroup")));
        assert!(!NOT_NESTING.contains(&name_key(b"div")));
        assert!(!NOT_NESTING.contains(&name_key(b"pre")));
        // A start tag `<P>` does not nest, `<Pre>` does.
        assert_eq!(scan("<P>a<P>b<Pre>c<Pre>d").depth, 2);
    }

    #[test]
    fn spans_are_read_as_browsers_do() {
        assert_eq!(parse_span(" 3 "), Some(3));
        assert_eq!(parse_span("2px"), Some(2));
        assert_eq!(parse_span("x"), None);
        assert_eq!(parse_span("99999999999"), Some(999_999));
    }
}
