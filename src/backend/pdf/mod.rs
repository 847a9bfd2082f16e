//! PDF: pdf-extract interprets the pages; gongkai keeps the glyphs with their positions and the
//! ruling lines ([`glyphs`]) and rebuilds rows and cells from them ([`layout`]).
//!
//! Two layers keep a hostile file from taking the process down. In process, every call into
//! the parser runs under `catch_unwind` (pdf-extract panics on fonts and objects it does not
//! expect), and the two known ways to recurse without end — a form XObject that draws itself, a
//! page tree that contains itself — are checked before interpreting. What `catch_unwind` cannot
//! catch (a stack overflow, an endless loop, memory exhaustion) is caught by the [`worker`]: the
//! same work in a child process with a time and memory limit, which the command line uses.

mod bombs;
mod fonts;
mod glyphs;
mod layout;
pub mod worker;

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::sync::Once;

use lopdf::{Dictionary, Object, ObjectId};
use serde::{Deserialize, Serialize};

use crate::error::Reject;
use crate::model::{Document, Format, Line};

pub use super::Options as PdfOptions;
pub use crate::limits::Limits;

/// Reads a PDF as the options say.
pub fn read_with(bytes: &[u8], options: &PdfOptions) -> Result<Document, Reject> {
    let pages = match &options.worker {
        Some(exe) => worker::run(bytes, exe, &options.limits)?,
        None => guarded(|| extract(bytes, &options.limits))?,
    };
    Ok(document(pages))
}

/// Reads a PDF in this process, with the default limits.
pub fn read(bytes: &[u8]) -> Result<Document, Reject> {
    read_with(bytes, &PdfOptions::default())
}

/// What the interpreter found, before it becomes the document model: what the worker sends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pages {
    pub count: u32,
    /// Per page with text: its number and its rows of cells.
    pub pages: Vec<(u32, Vec<layout::Row>)>,
}

fn document(pages: Pages) -> Document {
    let mut lines = Vec::new();
    for (page, rows) in pages.pages {
        for (i, cells) in rows.into_iter().enumerate() {
            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            lines.push(Line::new(page, number, cells.join("\t"), cells));
        }
    }
    crate::model::mark_page_numbers(&mut lines);
    Document {
        format: Format::Pdf,
        encoding: None,
        pages: pages.count,
        lines,
    }
}

/// Loads, checks and interprets a PDF; panics are the caller's to catch.
fn extract(bytes: &[u8], limits: &Limits) -> Result<Pages, Reject> {
    let max_pages = limits.pages;
    // lopdf inflates object streams while loading: a deflate bomb is measured first, in
    // bounded memory; the other streams are inflated once, within what is left.
    let inflated = bombs::check_raw(bytes, limits.decompressed)?;
    let mut doc = lopdf::Document::load_mem(bytes).map_err(|e| load_error(&e))?;
    if doc.is_encrypted() {
        // Owner-password files (printing or copying restricted) open with the empty user
        // password; a file that needs a user password is refused.
        doc.decrypt("")
            .map_err(|e| Reject::Encrypted(format!("it needs a password to open ({e})")))?;
    }
    let page_ids = doc.get_pages();
    if page_ids.is_empty() {
        return Err(Reject::Corrupt("the document has no pages".into()));
    }
    if page_ids.len() > max_pages as usize {
        return Err(Reject::Limit(format!(
            "{} pages, over the limit of {max_pages} (--max-pages)",
            page_ids.len()
        )));
    }
    let images = blank_images(&mut doc);
    bombs::inflate_loaded(&mut doc, limits.decompressed.saturating_sub(inflated))?;
    fonts::rewrite_predefined_cmaps(&mut doc);
    default_media_boxes(&mut doc, &page_ids);
    check_forms(&doc, &page_ids)?;

    let numbers: Vec<u32> = page_ids.keys().copied().collect();
    // One pass over all pages when their font names agree; page by page otherwise, and to
    // name the page a failure is on.
    let merged = merge_pages(&mut doc, &page_ids)
        .map(|first_page| (first_page, guarded(|| interpret_merged(&doc, &numbers))));
    let pages = match merged {
        Some((_, Ok(pages))) => pages,
        Some((first_page, Err(_))) => {
            if let Some(&id) = page_ids.values().next() {
                doc.objects.insert(id, Object::Dictionary(first_page));
            }
            interpret(&doc, &numbers)?
        }
        None => interpret(&doc, &numbers)?,
    };
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        return Err(Reject::NoTextLayer(format!(
            "none of the {} pages has text{}",
            page_ids.len(),
            if images > 0 { " (only images)" } else { "" }
        )));
    }
    Ok(Pages {
        count: page_ids.len() as u32,
        pages: pages.iter().map(|p| (p.number, layout::rows(p))).collect(),
    })
}

/// How far apart the pages are drawn in the merged pass: further than any page is tall.
const PAGE_OFFSET: f64 = 1.0e5;

/// Makes the document's first page draw every page, each as a form XObject shifted down by
/// [`PAGE_OFFSET`] per page; returns the first page's own dictionary, to put back if the
/// merged pass fails. pdf-extract builds a page's fonts anew on each page (reading every
/// ToUnicode map and width array again); drawn as one page, each font is built once. This is
/// only right when a font resource name means the same font on every page (pdf-extract keys
/// its fonts by name), which is checked; `None` (and the document unchanged) when it does not
/// hold or there is one page.
fn merge_pages(
    doc: &mut lopdf::Document,
    pages: &std::collections::BTreeMap<u32, ObjectId>,
) -> Option<Dictionary> {
    if pages.len() < 2 {
        return None;
    }
    let mut fonts: std::collections::HashMap<Vec<u8>, ObjectId> = std::collections::HashMap::new();
    let mut resources = Vec::new();
    for &id in pages.values() {
        let res = inherited(doc, id, b"Resources").map(|o| deref(doc, o).clone());
        if let Some(Object::Dictionary(res)) = &res
            && let Ok(font_dict) = res.get(b"Font").map(|o| deref(doc, o))
        {
            for (name, font) in font_dict.as_dict().ok()? {
                let font = font.as_reference().ok()?;
                if *fonts.entry(name.clone()).or_insert(font) != font {
                    return None;
                }
            }
        }
        resources.push(res);
    }
    let first = *pages.values().next()?;
    let original = doc.get_dictionary(first).ok()?.clone();
    let mut contents = Vec::new();
    for &id in pages.values() {
        contents.push(doc.get_page_content(id).ok()?);
    }
    let merged = doc;
    let mut xobjects = Dictionary::new();
    let mut drawing = Vec::new();
    for (i, (page_content, res)) in contents.into_iter().zip(resources).enumerate() {
        let mut content = format!("1 0 0 1 0 {} cm\n", -(i as f64) * PAGE_OFFSET).into_bytes();
        content.extend(page_content);
        let mut dict = lopdf::dictionary! { "Type" => "XObject", "Subtype" => "Form" };
        if let Some(res) = res {
            dict.set("Resources", res);
        }
        let form = merged.add_object(lopdf::Stream::new(dict, content));
        let name = format!("GongkaiPage{i}");
        xobjects.set(name.as_bytes(), Object::Reference(form));
        drawing.extend(format!("/{name} Do\n").into_bytes());
    }
    let contents = merged.add_object(lopdf::Stream::new(Dictionary::new(), drawing));
    let page = merged.get_dictionary_mut(first).ok()?;
    page.set("Contents", Object::Reference(contents));
    page.set(
        "Resources",
        lopdf::dictionary! { "XObject" => Object::Dictionary(xobjects) },
    );
    Some(original)
}

/// Interprets a merged document (its first page draws all) and splits the drawing into pages.
fn interpret_merged(
    merged: &lopdf::Document,
    numbers: &[u32],
) -> Result<Vec<glyphs::Page>, Reject> {
    let mut collector = glyphs::Collector::default();
    let first = *numbers
        .first()
        .ok_or_else(|| Reject::Corrupt("no pages".into()))?;
    pdf_extract::output_doc_page(merged, &mut collector, first)
        .map_err(|e| Reject::Corrupt(e.to_string()))?;
    let mut pages: Vec<glyphs::Page> = numbers
        .iter()
        .map(|&number| glyphs::Page {
            number,
            ..glyphs::Page::default()
        })
        .collect();
    let slot = |y: f64| ((-y + PAGE_OFFSET / 2.0) / PAGE_OFFSET).floor();
    for page in collector.pages {
        for mut g in page.glyphs {
            let i = slot(g.y);
            if let Some(p) = pages.get_mut(i as usize).filter(|_| i >= 0.0) {
                g.y += i * PAGE_OFFSET;
                p.glyphs.push(g);
            }
        }
        for mut r in page.rules {
            let i = slot((r.y0 + r.y1) / 2.0);
            if let Some(p) = pages.get_mut(i as usize).filter(|_| i >= 0.0) {
                r.y0 += i * PAGE_OFFSET;
                r.y1 += i * PAGE_OFFSET;
                p.rules.push(r);
            }
        }
    }
    Ok(pages)
}

/// Runs pdf-extract over the pages, on as many threads as there are cores (up to four): the
/// path when the pages cannot be merged, where each page builds its fonts anew. The error of
/// the first failing page wins, so the result does not depend on scheduling.
fn interpret(doc: &lopdf::Document, numbers: &[u32]) -> Result<Vec<glyphs::Page>, Reject> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(numbers.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&number) = numbers.get(i) else {
                return done;
            };
            let mut collector = glyphs::Collector::default();
            let result = guarded(|| {
                pdf_extract::output_doc_page(doc, &mut collector, number)
                    .map_err(|e| Reject::Corrupt(e.to_string()))
            })
            .map_err(|r| match r {
                Reject::Corrupt(reason) => Reject::Corrupt(format!("page {number}: {reason}")),
                other => other,
            });
            done.push((number, result.map(|()| collector.pages)));
        }
    };
    let mut results: Vec<(u32, Result<Vec<glyphs::Page>, Reject>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(16 << 20)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut all = work();
        for handle in handles {
            all.extend(handle.join().unwrap_or_default());
        }
        all
    });
    results.sort_by_key(|r| r.0);
    let mut pages = Vec::new();
    for (_, result) in results {
        pages.extend(result?);
    }
    Ok(pages)
}

fn load_error(e: &lopdf::Error) -> Reject {
    match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => {
            Reject::Encrypted(format!("it needs a password to open ({e})"))
        }
        _ => Reject::Corrupt(format!("not a readable PDF ({e})")),
    }
}

/// Empties image streams. pdf-extract runs whatever `Do` names as a content stream, images
/// included, and would read their pixels as operators; gongkai needs no pixels. Returns how
/// many images there were.
fn blank_images(doc: &mut lopdf::Document) -> usize {
    let mut n = 0;
    for obj in doc.objects.values_mut() {
        if let Object::Stream(stream) = obj
            && stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image")
        {
            stream.dict.remove(b"Filter");
            stream.dict.remove(b"DecodeParms");
            stream.set_content(Vec::new());
            n += 1;
        }
    }
    n
}

/// A page without a MediaBox (its own or inherited) gets A4, as viewers assume a default;
/// pdf-extract would panic.
fn default_media_boxes(
    doc: &mut lopdf::Document,
    pages: &std::collections::BTreeMap<u32, ObjectId>,
) {
    for &id in pages.values() {
        if inherited(doc, id, b"MediaBox").is_none()
            && let Ok(page) = doc.get_dictionary_mut(id)
        {
            page.set("MediaBox", vec![0.into(), 0.into(), 595.into(), 842.into()]);
        }
    }
}

/// A page attribute, looked up the page tree (bounded: a tree may loop).
fn inherited<'a>(doc: &'a lopdf::Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut dict = doc.get_dictionary(page).ok()?;
    for _ in 0..64 {
        if let Ok(value) = dict.get(key) {
            return Some(value);
        }
        let parent = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// Form XObjects may nest this deep.
const MAX_FORM_DEPTH: usize = 32;
/// At most this many form XObjects drawn, counting repeats, in a whole document.
const MAX_FORM_VISITS: usize = 20_000;

/// Refuses a form XObject that draws itself, directly or through others: pdf-extract would
/// recurse until the stack overflows.
fn check_forms(
    doc: &lopdf::Document,
    pages: &std::collections::BTreeMap<u32, ObjectId>,
) -> Result<(), Reject> {
    let has_forms = doc.objects.values().any(|o| {
        matches!(o, Object::Stream(s) if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form"))
    });
    if !has_forms {
        return Ok(());
    }
    let mut budget = MAX_FORM_VISITS;
    for (&number, &id) in pages {
        let empty = Dictionary::new();
        let resources = inherited(doc, id, b"Resources")
            .and_then(|o| deref(doc, o).as_dict().ok())
            .unwrap_or(&empty);
        let content = doc.get_page_content(id).unwrap_or_default();
        walk_forms(doc, &content, resources, &mut Vec::new(), &mut budget).map_err(
            |r| match r {
                Reject::Corrupt(reason) => Reject::Corrupt(format!("page {number}: {reason}")),
                other => other,
            },
        )?;
    }
    Ok(())
}

fn deref<'a>(doc: &'a lopdf::Document, mut obj: &'a Object) -> &'a Object {
    for _ in 0..8 {
        match obj {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(o) => obj = o,
                Err(_) => return obj,
            },
            _ => return obj,
        }
    }
    obj
}

fn walk_forms(
    doc: &lopdf::Document,
    content: &[u8],
    resources: &Dictionary,
    stack: &mut Vec<ObjectId>,
    budget: &mut usize,
) -> Result<(), Reject> {
    if !content.windows(2).any(|w| w == b"Do") {
        return Ok(());
    }
    // pdf-extract's decoder: lopdf's result, several times cheaper (tests/pdf_content.rs).
    let Ok(ops) = pdf_extract::content_decode(content) else {
        return Ok(());
    };
    let xobjects = resources
        .get(b"XObject")
        .map(|o| deref(doc, o))
        .and_then(Object::as_dict)
        .ok();
    let mut seen = HashSet::new();
    for op in ops.operations.iter().filter(|op| op.operator == "Do") {
        let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
            continue;
        };
        let Some(Ok(id)) = xobjects
            .and_then(|x| x.get(name).ok())
            .map(Object::as_reference)
        else {
            continue;
        };
        if !seen.insert(id) {
            continue;
        }
        if stack.contains(&id) {
            return Err(Reject::Corrupt(format!(
                "form XObject {} {} R draws itself",
                id.0, id.1
            )));
        }
        if stack.len() >= MAX_FORM_DEPTH || *budget == 0 {
            return Err(Reject::Limit(format!(
                "form XObjects nested deeper than {MAX_FORM_DEPTH} or drawn more than {MAX_FORM_VISITS} times"
            )));
        }
        *budget -= 1;
        let Ok(Object::Stream(form)) = doc.get_object(id) else {
            continue;
        };
        if form.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            continue;
        }
        let inner = form
            .dict
            .get(b"Resources")
            .map(|o| deref(doc, o))
            .and_then(Object::as_dict)
            .unwrap_or(resources);
        let content = form
            .decompressed_content()
            .unwrap_or_else(|_| form.content.clone());
        stack.push(id);
        walk_forms(doc, &content, inner, stack, budget)?;
        stack.pop();
    }
    Ok(())
}

thread_local! {
    /// Set while the parser runs: its panics are errors, not messages on stderr.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static PANIC_MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f`, turning a panic into [`Reject::Corrupt`] with the panic's message. The process's
/// panic hook is wrapped once so that the parser's panics print nothing; any other panic goes
/// to the hook that was there before.
fn guarded<T>(f: impl FnOnce() -> Result<T, Reject>) -> Result<T, Reject> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.get() {
                let message = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                PANIC_MESSAGE.set(Some(message));
            } else {
                previous(info);
            }
        }));
    });
    let was = QUIET.replace(true);
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.set(was);
    match result {
        Ok(result) => result,
        Err(_) => {
            let message = PANIC_MESSAGE.take().unwrap_or_default();
            Err(Reject::Corrupt(format!(
                "the PDF interpreter failed ({})",
                if message.is_empty() {
                    "no message"
                } else {
                    &message
                }
            )))
        }
    }
}

/// The rows of every page as text, cells separated by ` | `, pages by a form feed: what the
/// table readers will see, for comparing with `pdftotext -layout` when a table reads wrong.
pub fn layout_text(bytes: &[u8]) -> Result<String, Reject> {
    let pages = guarded(|| extract(bytes, &Limits::default()))?;
    let mut out = String::new();
    for (page, rows) in pages.pages {
        if !out.is_empty() {
            out.push('\x0c');
        }
        for row in rows {
            out.push_str(&format!("{page}: {}\n", row.join(" | ")));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The merged pass (all pages drawn as one) finds the same glyphs and rules on the same
    /// pages as the page-by-page pass.
    #[test]
    fn merged_pages_read_as_page_by_page() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let files = [
            root.join("corpus/yantai-bigdata-2021-short-pages.pdf"),
            root.join("../shared/corpus/real/huaian-gov-2024.pdf"),
        ];
        let mut checked = 0;
        for file in files.iter().filter(|f| f.is_file()) {
            let bytes = std::fs::read(file).unwrap();
            let mut doc = lopdf::Document::load_mem(&bytes).unwrap();
            let ids = doc.get_pages();
            let numbers: Vec<u32> = ids.keys().copied().collect();
            let single = interpret(&doc, &numbers).unwrap();
            assert!(merge_pages(&mut doc, &ids).is_some(), "{}", file.display());
            let merged = interpret_merged(&doc, &numbers).unwrap();
            assert_eq!(single.len(), merged.len());
            for (a, b) in single.iter().zip(&merged) {
                assert_eq!(a.number, b.number);
                assert_eq!(a.glyphs.len(), b.glyphs.len(), "page {}", a.number);
                assert_eq!(a.rules.len(), b.rules.len(), "page {}", a.number);
                for (g, h) in a.glyphs.iter().zip(&b.glyphs) {
                    assert_eq!(g.text, h.text);
                    assert!(
                        (g.x - h.x).abs() < 1e-6 && (g.y - h.y).abs() < 1e-6,
                        "{g:?} {h:?}"
                    );
                }
            }
            checked += 1;
        }
        assert!(checked >= 1);
    }

    #[test]
    fn a_page_without_text_is_a_scan() {
        use lopdf::dictionary;
        let mut doc = lopdf::Document::with_version("1.5");
        let pages = doc.new_object_id();
        let content = doc.add_object(lopdf::Stream::new(
            dictionary! {},
            b"0 0 10 10 re f".to_vec(),
        ));
        let page = doc
            .add_object(dictionary! { "Type" => "Page", "Parent" => pages, "Contents" => content });
        doc.objects.insert(
            pages,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        // No MediaBox either: A4 is assumed rather than a panic.
        assert_eq!(
            read(&bytes).unwrap_err(),
            Reject::NoTextLayer("none of the 1 pages has text".into())
        );
    }
}
