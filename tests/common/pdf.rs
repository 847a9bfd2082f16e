//! Small PDFs built with lopdf, for tests that need a PDF with one particular property.

use lopdf::{Dictionary, Document, Object, ObjectId, dictionary};

/// Makes `content` the one page of `doc` (595 × 842 points), with `resources`, and the page
/// tree and catalog around it.
pub fn one_page(doc: &mut Document, content: ObjectId, resources: Dictionary) {
    let pages = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => resources,
    });
    let tree = dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 };
    doc.objects.insert(pages, Object::Dictionary(tree));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
}

/// The PDFs directly in `dir`, sorted; none when it cannot be read.
pub fn pdfs_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// The PDFs of `../shared/corpus` (real, synthetic and bad), sorted; none without it.
pub fn shared_pdfs() -> Vec<std::path::PathBuf> {
    super::shared_corpus().map_or_else(Vec::new, |shared| {
        ["real", "synthetic", "bad"]
            .iter()
            .flat_map(|d| pdfs_in(&shared.join(d)))
            .collect()
    })
}

/// A PDF loaded as lopdf loads it, decrypted with the empty user password when encrypted;
/// `None` when lopdf cannot load or decrypt it.
pub fn load(path: &std::path::Path) -> Option<Document> {
    let mut doc = Document::load(path).ok()?;
    if doc.is_encrypted() {
        doc.decrypt("").ok()?;
    }
    Some(doc)
}
