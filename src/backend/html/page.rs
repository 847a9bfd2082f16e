//! The parsed page flattened: every node in document order, knowing where its subtree ends and
//! what its element means to the reader (dropped, a block, a table part, hidden…).
//!
//! The reader walks the page several times (text statistics over the whole page, then the
//! article body, then each table cell). Classifying an element once, when the page is
//! flattened, spares those walks comparing tag names against lists and scanning the long
//! inline styles of Word exports again and again, and a node's position in the list is its
//! key, so statistics are a vector, not a hash map.

use std::ops::Range;

use super::dom::{Data, Dom, Element};

/// A node's position in document order (the document itself is 0).
pub type Id = usize;

/// What a node is to the reader.
#[derive(Clone, Copy)]
pub enum Kind<'a> {
    Text(&'a str),
    Element(&'a Element, Tags),
    /// Comments and processing instructions: never text.
    Ignored,
    /// The document, doctypes.
    Other,
}

struct Item<'a> {
    kind: Kind<'a>,
    parent: Option<Id>,
    /// One past the last node of the subtree.
    end: Id,
}

pub struct Page<'a> {
    items: Vec<Item<'a>>,
}

impl<'a> Page<'a> {
    /// Flattens the tree under the document node.
    pub fn new(dom: &'a Dom) -> Page<'a> {
        let mut items: Vec<Item<'a>> = Vec::with_capacity(dom.len());
        let mut open: Vec<Id> = Vec::new();
        let mut node = 0;
        'tree: loop {
            let kind = match dom.data(node) {
                Data::Text(t) => Kind::Text(t),
                Data::Element(e) => Kind::Element(e, Tags::of(e)),
                Data::Comment | Data::ProcessingInstruction => Kind::Ignored,
                Data::Document | Data::Doctype | Data::Fragment => Kind::Other,
            };
            items.push(Item {
                kind,
                parent: open.last().copied(),
                end: 0,
            });
            open.push(items.len() - 1);
            if let Some(child) = dom.first_child(node) {
                node = child;
                continue;
            }
            // Close the node and its ancestors up to the first with a next sibling.
            loop {
                if let Some(id) = open.pop() {
                    items[id].end = items.len();
                }
                match (dom.next_sibling(node), dom.parent(node)) {
                    _ if open.is_empty() => break 'tree,
                    (Some(next), _) => {
                        node = next;
                        break;
                    }
                    (None, Some(parent)) => node = parent,
                    (None, None) => break 'tree,
                }
            }
        }
        Page { items }
    }

    pub fn kind(&self, id: Id) -> Kind<'a> {
        self.items[id].kind
    }

    /// An element's tags; none for other nodes.
    pub fn tags(&self, id: Id) -> Tags {
        match self.items[id].kind {
            Kind::Element(_, tags) => tags,
            _ => Tags::NONE,
        }
    }

    pub fn is(&self, id: Id, tag: Tags) -> bool {
        self.tags(id).has(tag)
    }

    pub fn element(&self, id: Id) -> Option<&'a Element> {
        match self.items[id].kind {
            Kind::Element(e, _) => Some(e),
            _ => None,
        }
    }

    /// The node and everything under it, in document order.
    pub fn subtree(&self, id: Id) -> Range<Id> {
        id..self.items[id].end
    }

    pub fn children(&self, id: Id) -> impl Iterator<Item = Id> + '_ {
        let end = self.items[id].end;
        let within = move |c: Id| (c < end).then_some(c);
        std::iter::successors(within(id + 1), move |&c| within(self.items[c].end))
    }

    pub fn ancestors(&self, id: Id) -> impl Iterator<Item = Id> + '_ {
        std::iter::successors(self.items[id].parent, |&p| self.items[p].parent)
    }

    /// The texts under a node, in order.
    pub fn texts(&self, id: Id) -> impl Iterator<Item = &'a str> + '_ {
        self.subtree(id).filter_map(|d| match self.items[d].kind {
            Kind::Text(t) => Some(t),
            _ => None,
        })
    }

    /// Opening and closing steps over a subtree: a node opens, its subtree follows, it closes.
    pub fn walk(&self, root: Id) -> Walk<'_, 'a> {
        Walk {
            page: self,
            root,
            next: root,
            open: None,
        }
    }
}

/// One step of a [`Walk`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Step {
    Open(Id),
    Close(Id),
}

/// Steps through a subtree; [`Walk::pass`] passes over the subtree just opened, its closing step
/// included. The open nodes are the innermost one's ancestors, so nothing is allocated.
pub struct Walk<'p, 'a> {
    page: &'p Page<'a>,
    root: Id,
    next: Id,
    /// The innermost node opened and not yet closed.
    open: Option<Id>,
}

impl Walk<'_, '_> {
    /// Passes over everything under `id`, which must be the node just opened, and its close.
    pub fn pass(&mut self, id: Id) {
        if self.open == Some(id) {
            self.close(id);
            self.next = self.page.items[id].end;
        }
    }

    fn close(&mut self, id: Id) {
        self.open = if id == self.root {
            None
        } else {
            self.page.items[id].parent
        };
    }
}

impl Iterator for Walk<'_, '_> {
    type Item = Step;

    fn next(&mut self) -> Option<Step> {
        if let Some(open) = self.open
            && self.next >= self.page.items[open].end
        {
            self.close(open);
            return Some(Step::Close(open));
        }
        if self.next < self.page.items[self.root].end {
            let id = self.next;
            self.next += 1;
            self.open = Some(id);
            return Some(Step::Open(id));
        }
        None
    }
}

/// What an element is to the reader, from its name and attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tags(u32);

impl Tags {
    pub const NONE: Tags = Tags(0);
    /// Never report text: the head, scripts, styles, navigation, embedded objects, form
    /// controls, media.
    pub const DROPPED: Tags = Tags(1);
    /// Page chrome (`header`, `footer`, `aside`): dropped unless inside an `<article>`, where a
    /// `<header>` holds the article's own title.
    pub const CHROME: Tags = Tags(1 << 1);
    /// Starts and ends a line.
    pub const BLOCK: Tags = Tags(1 << 2);
    /// A table or a block that data cells never hold (a `<div>`, a list, a heading, a form):
    /// marks a table cell holding it as page layout.
    pub const LAYOUT: Tags = Tags(1 << 3);
    /// Hidden by the `hidden` attribute or an inline style.
    pub const HIDDEN: Tags = Tags(1 << 4);
    pub const A: Tags = Tags(1 << 5);
    pub const ARTICLE: Tags = Tags(1 << 6);
    pub const BR: Tags = Tags(1 << 7);
    /// `pre` and its obsolete kin: text kept with its own line breaks.
    pub const PRE: Tags = Tags(1 << 8);
    pub const TABLE: Tags = Tags(1 << 9);
    pub const TR: Tags = Tags(1 << 10);
    /// `td` or `th`.
    pub const CELL: Tags = Tags(1 << 11);
    /// `thead`, `tbody` or `tfoot`.
    pub const ROW_GROUP: Tags = Tags(1 << 12);
    pub const CAPTION: Tags = Tags(1 << 13);
    pub const BODY: Tags = Tags(1 << 14);
    pub const TITLE: Tags = Tags(1 << 15);

    pub fn has(self, tag: Tags) -> bool {
        self.0 & tag.0 != 0
    }

    const fn or(self, other: Tags) -> Tags {
        Tags(self.0 | other.0)
    }

    fn of(e: &Element) -> Tags {
        let tags = Tags::named(e.name());
        if super::hidden(e) {
            tags.or(Tags::HIDDEN)
        } else {
            tags
        }
    }

    /// The tags of an element name (any namespace: the reader compares local names).
    pub(super) fn named(name: &str) -> Tags {
        const BLOCK_LAYOUT: Tags = Tags::BLOCK.or(Tags::LAYOUT);
        match name {
            "head" | "script" | "style" | "noscript" | "template" | "nav" | "object" | "embed"
            | "select" | "option" | "button" | "input" | "textarea" | "svg" | "math" | "canvas"
            | "map" | "audio" | "video" => Tags::DROPPED,
            "iframe" => Tags::DROPPED.or(Tags::LAYOUT),
            "title" => Tags::DROPPED.or(Tags::TITLE),
            "header" | "footer" | "aside" => Tags::CHROME.or(Tags::BLOCK),
            "div" | "ul" | "ol" | "dl" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "form"
            | "section" => BLOCK_LAYOUT,
            "article" => BLOCK_LAYOUT.or(Tags::ARTICLE),
            "table" => BLOCK_LAYOUT.or(Tags::TABLE),
            "p" | "li" | "dt" | "dd" | "main" | "blockquote" | "center" | "address" | "figure"
            | "figcaption" | "fieldset" | "hr" | "html" | "details" | "summary" | "legend" => {
                Tags::BLOCK
            }
            "caption" => Tags::BLOCK.or(Tags::CAPTION),
            "body" => Tags::BLOCK.or(Tags::BODY),
            "tr" => Tags::BLOCK.or(Tags::TR),
            "td" | "th" => Tags::BLOCK.or(Tags::CELL),
            "thead" | "tbody" | "tfoot" => Tags::BLOCK.or(Tags::ROW_GROUP),
            "a" => Tags::A,
            "br" => Tags::BR,
            "pre" | "listing" | "plaintext" | "xmp" => Tags::PRE,
            _ => Tags::NONE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The lists the reader compared names against before it classified them by a `match`.
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

    /// Elements that mark a table cell as page layout rather than data.
    const LAYOUT_BLOCKS: &[&str] = &[
        "table", "div", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "form", "section",
        "article", "iframe",
    ];

    #[test]
    fn names_are_tagged_as_the_lists_say() {
        let others = [
            "a",
            "br",
            "pre",
            "listing",
            "plaintext",
            "xmp",
            "span",
            "font",
            "img",
            "b",
            "strong",
            "tt",
            "Table",
            "DIV",
            "",
            "colgroup",
            "col",
        ];
        let lists = [DROPPED, CHROME, BLOCKS, LAYOUT_BLOCKS];
        for name in lists.into_iter().flatten().chain(others.iter()) {
            let tags = Tags::named(name);
            assert_eq!(tags.has(Tags::DROPPED), DROPPED.contains(name), "{name}");
            assert_eq!(tags.has(Tags::CHROME), CHROME.contains(name), "{name}");
            assert_eq!(tags.has(Tags::BLOCK), BLOCKS.contains(name), "{name}");
            assert_eq!(
                tags.has(Tags::LAYOUT),
                LAYOUT_BLOCKS.contains(name),
                "{name}"
            );
            let is = |names: &[&str]| names.contains(name);
            assert_eq!(tags.has(Tags::A), is(&["a"]), "{name}");
            assert_eq!(tags.has(Tags::ARTICLE), is(&["article"]), "{name}");
            assert_eq!(tags.has(Tags::BR), is(&["br"]), "{name}");
            assert_eq!(
                tags.has(Tags::PRE),
                is(&["pre", "listing", "plaintext", "xmp"]),
                "{name}"
            );
            assert_eq!(tags.has(Tags::TABLE), is(&["table"]), "{name}");
            assert_eq!(tags.has(Tags::TR), is(&["tr"]), "{name}");
            assert_eq!(tags.has(Tags::CELL), is(&["td", "th"]), "{name}");
            assert_eq!(
                tags.has(Tags::ROW_GROUP),
                is(&["thead", "tbody", "tfoot"]),
                "{name}"
            );
            assert_eq!(tags.has(Tags::CAPTION), is(&["caption"]), "{name}");
            assert_eq!(tags.has(Tags::BODY), is(&["body"]), "{name}");
            assert_eq!(tags.has(Tags::TITLE), is(&["title"]), "{name}");
            assert!(!tags.has(Tags::HIDDEN));
        }
    }

    #[test]
    fn steps_open_and_close_like_the_tree_and_skip_whole_subtrees() {
        let dom = Dom::parse("<p>a<b>b</b></p><div>c<!-- x --></div>", 0);
        let page = Page::new(&dom);
        // The steps of a recursive walk over the tree, nodes numbered in the order they open.
        fn steps(dom: &Dom, node: usize, next: &mut usize, out: &mut Vec<Step>) {
            let id = *next;
            *next += 1;
            out.push(Step::Open(id));
            let mut child = dom.first_child(node);
            while let Some(c) = child {
                steps(dom, c, next, out);
                child = dom.next_sibling(c);
            }
            out.push(Step::Close(id));
        }
        let mut tree_steps = Vec::new();
        steps(&dom, 0, &mut 0, &mut tree_steps);
        assert_eq!(tree_steps.len(), 2 * 11);
        assert_eq!(page.walk(0).collect::<Vec<_>>(), tree_steps);
        let b = (0..page.items.len())
            .find(|&i| page.element(i).is_some_and(|e| e.name() == "b"))
            .unwrap();
        let mut walk = page.walk(0);
        let mut seen = Vec::new();
        while let Some(step) = walk.next() {
            seen.push(step);
            if step == Step::Open(b) {
                walk.pass(b);
            }
        }
        assert!(seen.contains(&Step::Open(b)));
        assert!(!seen.contains(&Step::Open(b + 1)));
        assert!(!seen.contains(&Step::Close(b)));
        assert_eq!(seen.last(), Some(&Step::Close(0)));
        let body = (0..page.items.len())
            .find(|&i| page.is(i, Tags::BODY))
            .unwrap();
        let texts: Vec<&str> = page.texts(body).collect();
        assert_eq!(texts, ["a", "b", "c"]);
        assert_eq!(page.children(body).count(), 2);
        assert_eq!(page.ancestors(b).count(), 4);
    }
}
