//! Throughput of the whole text path (decode → locate → tables → audit → record) on real
//! reports: `cargo bench`. Uses the shared corpus when it is beside the checkout, and the
//! repo's own corpus always.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn documents() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        "../shared/corpus/real/yantai-bigdata-2021.txt",
        "../shared/corpus/real/shanghai-office-2025.md",
        "corpus/synthetic-deformed-2021.txt",
        "corpus/synthetic-2019-gbk-layout.txt",
    ];
    candidates
        .iter()
        .filter_map(|c| {
            let bytes = std::fs::read(root.join(c)).ok()?;
            let name = Path::new(c).file_stem()?.to_string_lossy().into_owned();
            Some((name, bytes))
        })
        .collect()
}

fn extract(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract");
    for (name, bytes) in documents() {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(&name, |b| {
            b.iter(|| gongkai::extract_bytes(std::hint::black_box(&bytes), "bench"))
        });
    }
    group.finish();
}

criterion_group!(benches, extract);
criterion_main!(benches);
