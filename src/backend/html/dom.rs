//! The tree html5ever builds, kept as plainly as the reader needs it: nodes in a vector, linked
//! to their parent, siblings and children by index.
//!
//! It is built exactly as scraper builds its `Html` (the same tree operations, adjacent text
//! merged, a `<template>`'s contents under it), without what the reader never uses: attributes
//! sorted into a map, a tree of generic nodes behind a `RefCell` per query. A page's tree is
//! built, read once and dropped, so building and dropping it is a fair part of the work.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName, expanded_name, local_name, ns};

/// A node's place in [`Dom`]'s vector (the document is 0).
pub type Handle = usize;

/// An element's name and attributes, as the tokenizer gave them (duplicates already dropped).
pub struct Element {
    pub name: QualName,
    attrs: Vec<Attribute>,
}

impl Element {
    /// The local name (any namespace).
    pub fn name(&self) -> &str {
        &self.name.local
    }

    /// Each attribute's local name and value.
    pub fn attrs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.attrs.iter().map(|a| (&*a.name.local, &*a.value))
    }

    /// An attribute without a namespace or prefix.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name.prefix.is_none() && a.name.ns == ns!() && &*a.name.local == name)
            .map(|a| &*a.value)
    }
}

pub enum Data {
    Document,
    Doctype,
    /// A `<template>`'s contents.
    Fragment,
    Text(StrTendril),
    Comment,
    ProcessingInstruction,
    Element(Element),
}

struct Node {
    data: Data,
    parent: Option<Handle>,
    prev: Option<Handle>,
    next: Option<Handle>,
    first: Option<Handle>,
    last: Option<Handle>,
}

impl Node {
    fn new(data: Data) -> Node {
        Node {
            data,
            parent: None,
            prev: None,
            next: None,
            first: None,
            last: None,
        }
    }
}

/// The most nodes room is made for before parsing: a page of `<` signs in its text must not
/// reserve memory for elements it does not have.
const ROOM: usize = 1 << 16;

pub struct Dom {
    nodes: Vec<Node>,
}

impl Dom {
    /// Parses a whole page as browsers do; `tags`, the number of `<` in it, sizes the tree
    /// (an element for each, as many texts between them, up to [`ROOM`]).
    pub fn parse(text: &str, tags: usize) -> Dom {
        let mut nodes = Vec::with_capacity(tags.saturating_mul(2).saturating_add(2).min(ROOM));
        nodes.push(Node::new(Data::Document));
        let sink = Sink(RefCell::new(Dom { nodes }));
        html5ever::parse_document(sink, Default::default()).one(text)
    }

    /// How many nodes were made (some may have been left out of the tree).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn data(&self, id: Handle) -> &Data {
        &self.nodes[id].data
    }

    pub fn first_child(&self, id: Handle) -> Option<Handle> {
        self.nodes[id].first
    }

    pub fn next_sibling(&self, id: Handle) -> Option<Handle> {
        self.nodes[id].next
    }

    pub fn parent(&self, id: Handle) -> Option<Handle> {
        self.nodes[id].parent
    }

    fn orphan(&mut self, data: Data) -> Handle {
        self.nodes.push(Node::new(data));
        self.nodes.len() - 1
    }

    fn detach(&mut self, id: Handle) {
        let Node {
            parent, prev, next, ..
        } = self.nodes[id];
        let Some(parent) = parent else {
            return;
        };
        match prev {
            Some(p) => self.nodes[p].next = next,
            None => self.nodes[parent].first = next,
        }
        match next {
            Some(n) => self.nodes[n].prev = prev,
            None => self.nodes[parent].last = prev,
        }
        let node = &mut self.nodes[id];
        (node.parent, node.prev, node.next) = (None, None, None);
    }

    fn append(&mut self, parent: Handle, child: Handle) {
        self.detach(child);
        let last = self.nodes[parent].last;
        match last {
            Some(l) => self.nodes[l].next = Some(child),
            None => self.nodes[parent].first = Some(child),
        }
        self.nodes[parent].last = Some(child);
        let node = &mut self.nodes[child];
        (node.parent, node.prev) = (Some(parent), last);
    }

    /// Puts `new` before `sibling`, which has a parent.
    fn insert_before(&mut self, sibling: Handle, new: Handle) {
        self.detach(new);
        let Some(parent) = self.nodes[sibling].parent else {
            return;
        };
        let prev = self.nodes[sibling].prev;
        match prev {
            Some(p) => self.nodes[p].next = Some(new),
            None => self.nodes[parent].first = Some(new),
        }
        self.nodes[sibling].prev = Some(new);
        let node = &mut self.nodes[new];
        (node.parent, node.prev, node.next) = (Some(parent), prev, Some(sibling));
    }

    /// Appends `text` to the text node `at`, if it is one.
    fn merge_text(&mut self, at: Option<Handle>, text: &StrTendril) -> bool {
        match at.map(|at| &mut self.nodes[at].data) {
            Some(Data::Text(t)) => {
                t.push_tendril(text);
                true
            }
            _ => false,
        }
    }

    /// Moves every child of `from` to the end of `to`'s children, in order.
    fn reparent_children(&mut self, from: Handle, to: Handle) {
        let (Some(first), Some(last)) = (self.nodes[from].first, self.nodes[from].last) else {
            return;
        };
        (self.nodes[from].first, self.nodes[from].last) = (None, None);
        let mut child = Some(first);
        while let Some(c) = child {
            self.nodes[c].parent = Some(to);
            child = self.nodes[c].next;
        }
        match self.nodes[to].last {
            Some(l) => {
                self.nodes[l].next = Some(first);
                self.nodes[first].prev = Some(l);
            }
            None => self.nodes[to].first = Some(first),
        }
        self.nodes[to].last = Some(last);
    }
}

/// Builds a [`Dom`] as html5ever's tree builder says.
struct Sink(RefCell<Dom>);

impl Sink {
    fn dom(&self) -> std::cell::RefMut<'_, Dom> {
        self.0.borrow_mut()
    }
}

impl TreeSink for Sink {
    type Handle = Handle;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        self.0.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        0
    }

    /// The tree builder asks only for elements' names.
    fn elem_name<'a>(&'a self, target: &'a Handle) -> Ref<'a, QualName> {
        Ref::map(self.0.borrow(), |dom| match &dom.nodes[*target].data {
            Data::Element(e) => &e.name,
            _ => panic!("the tree builder asked for the name of a node that is no element"),
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> Handle {
        let template = name.expanded() == expanded_name!(html "template");
        let mut dom = self.dom();
        let id = dom.orphan(Data::Element(Element { name, attrs }));
        if template {
            let contents = dom.orphan(Data::Fragment);
            dom.append(id, contents);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> Handle {
        self.dom().orphan(Data::Comment)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Handle {
        self.dom().orphan(Data::ProcessingInstruction)
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        let mut dom = self.dom();
        match child {
            NodeOrText::AppendNode(id) => dom.append(*parent, id),
            NodeOrText::AppendText(text) => {
                let last = dom.nodes[*parent].last;
                if !dom.merge_text(last, &text) {
                    let id = dom.orphan(Data::Text(text));
                    dom.append(*parent, id);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        if self.dom().nodes[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {
        let mut dom = self.dom();
        let id = dom.orphan(Data::Doctype);
        dom.append(0, id);
    }

    fn get_template_contents(&self, target: &Handle) -> Handle {
        self.0.borrow().nodes[*target]
            .first
            .expect("a template has its contents")
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    /// As scraper does: a node moved here leaves its old place even when `sibling` has no
    /// parent to put it in.
    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        let mut dom = self.dom();
        if let NodeOrText::AppendNode(id) = new_node {
            dom.detach(id);
        }
        if dom.nodes[*sibling].parent.is_none() {
            return;
        }
        match new_node {
            NodeOrText::AppendNode(id) => dom.insert_before(*sibling, id),
            NodeOrText::AppendText(text) => {
                let prev = dom.nodes[*sibling].prev;
                if !dom.merge_text(prev, &text) {
                    let id = dom.orphan(Data::Text(text));
                    dom.insert_before(*sibling, id);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        let mut dom = self.dom();
        let Data::Element(element) = &mut dom.nodes[*target].data else {
            return;
        };
        for attr in attrs {
            if !element.attrs.iter().any(|a| a.name == attr.name) {
                element.attrs.push(attr);
            }
        }
    }

    fn remove_from_parent(&self, target: &Handle) {
        self.dom().detach(*target);
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        self.dom().reparent_children(*node, *new_parent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree in document order: each node's depth and what it is.
    fn outline(dom: &Dom) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![(0, 0)];
        while let Some((id, depth)) = stack.pop() {
            out.push(format!(
                "{}{}",
                " ".repeat(depth),
                match dom.data(id) {
                    Data::Document => "#document".to_string(),
                    Data::Doctype => "#doctype".to_string(),
                    Data::Fragment => "#contents".to_string(),
                    Data::Text(t) => format!("{:?}", &**t),
                    Data::Comment => "#comment".to_string(),
                    Data::ProcessingInstruction => "#pi".to_string(),
                    Data::Element(e) => e.name().to_string(),
                }
            ));
            let mut children = Vec::new();
            let mut child = dom.first_child(id);
            while let Some(c) = child {
                assert_eq!(dom.parent(c), Some(id));
                children.push((c, depth + 1));
                child = dom.next_sibling(c);
            }
            stack.extend(children.into_iter().rev());
        }
        out
    }

    #[test]
    fn builds_the_tree_browsers_build() {
        // Misnested formatting (the adoption agency moves and reparents nodes), text foster
        // parented out of a table and merged with the text before it, a template's contents,
        // attributes of a second <body> added to the first.
        let dom = Dom::parse(
            concat!(
                "<!DOCTYPE html><title>t</title><body class=a><p>1<b>2<i>3</b>4</i>5</p>",
                "x<table>y<tr><td>c</table><template><p>in</p></template>",
                "<!-- note --><body id=z style='display:none'>",
            ),
            0,
        );
        assert_eq!(
            outline(&dom),
            [
                "#document",
                " #doctype",
                " html",
                "  head",
                "   title",
                "    \"t\"",
                "  body",
                "   p",
                "    \"1\"",
                "    b",
                "     \"2\"",
                "     i",
                "      \"3\"",
                "    i",
                "     \"4\"",
                "    \"5\"",
                "   \"xy\"",
                "   table",
                "    tbody",
                "     tr",
                "      td",
                "       \"c\"",
                "   template",
                "    #contents",
                "     p",
                "      \"in\"",
                "   #comment",
            ]
        );
        let body = (0..dom.len())
            .find(|&i| matches!(dom.data(i), Data::Element(e) if e.name() == "body"))
            .unwrap();
        let Data::Element(body) = dom.data(body) else {
            unreachable!()
        };
        let mut attrs: Vec<_> = body.attrs().collect();
        attrs.sort();
        assert_eq!(
            attrs,
            [("class", "a"), ("id", "z"), ("style", "display:none")]
        );
        assert_eq!(body.attr("id"), Some("z"));
        assert_eq!(body.attr("rowspan"), None);
    }
}
