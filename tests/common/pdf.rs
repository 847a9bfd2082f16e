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
