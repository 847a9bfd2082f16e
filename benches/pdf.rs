//! PDF → record, in process, per page: `cargo bench --bench pdf`. The real WPS reports of the
//! shared corpus when it is beside the checkout, and the repo's own krilla-made PDF always.
//! `tools/pdf_vs_pdftotext.py` times the whole command (worker process included) against
//! `pdftotext -layout` on the same files.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn documents() -> Vec<(String, Vec<u8>, u64)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        "../shared/corpus/real/hongze-gov-2023.pdf",
        "../shared/corpus/real/hongze-gov-2024.pdf",
        "../shared/corpus/real/huaian-gov-2024.pdf",
        "corpus/yantai-bigdata-2021.pdf",
    ];
    candidates
        .iter()
        .filter_map(|c| {
            let bytes = std::fs::read(root.join(c)).ok()?;
            let name = Path::new(c).file_stem()?.to_string_lossy().into_owned();
            let pages = gongkai::extract_bytes(&bytes, "bench").ok()?.source.pages;
            Some((name, bytes, u64::from(pages)))
        })
        .collect()
}

fn pdf(c: &mut Criterion) {
    let mut group = c.benchmark_group("pdf");
    group.sample_size(20);
    for (name, bytes, pages) in documents() {
        // Elements are pages: criterion reports pages per second.
        group.throughput(Throughput::Elements(pages));
        group.bench_function(&name, |b| {
            b.iter(|| gongkai::extract_bytes(std::hint::black_box(&bytes), "bench"))
        });
    }
    group.finish();
}

criterion_group!(benches, pdf);
criterion_main!(benches);
