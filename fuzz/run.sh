#!/usr/bin/env bash
# Seeds every fuzz target from the repository's corpus and ../shared/corpus (copied under
# fuzz/corpus/, which git ignores: the shared files are never committed), then runs each target
# for SECONDS (default 60), one process each. Crashes land in fuzz/artifacts/<target>/.
# Needs `cargo install cargo-fuzz`; runs on stable Rust through RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(sniff text html docx docx_xml pdf pdf_content tables extract_bytes parse_cell)
shared=../../shared/corpus
seed() { # target, files…
  local dir="corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp -f "$f" "$dir/" && chmod u+w "$dir/$(basename "$f")"; done
  return 0
}
shopt -s nullglob
texts=(../corpus/*.txt ../corpus/*.md "$shared"/real/*.txt "$shared"/real/*.md "$shared"/synthetic/*.txt "$shared"/synthetic/*.md)
htmls=(../corpus/*.html "$shared"/real/*.html "$shared"/synthetic/*.html)
docxs=("$shared"/real/*.docx "$shared"/synthetic/*.docx)
pdfs=(../corpus/*.pdf "$shared"/real/*.pdf "$shared"/synthetic/*.pdf "$shared"/bad/*.pdf)
seed sniff "${texts[@]}" "${htmls[@]}" "${docxs[@]}"
seed text "${texts[@]}"
seed html "${htmls[@]}"
seed docx "${docxs[@]}"
seed pdf "${pdfs[@]}"
seed tables "${texts[@]}"
seed extract_bytes "${texts[@]}" "${htmls[@]}"
seed parse_cell
seed pdf_content
mkdir -p corpus/docx_xml
for d in "${docxs[@]}"; do
  python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("word/document.xml"))' \
    "$d" > "corpus/docx_xml/$(basename "$d" .docx).xml" || true
done
for t in "${targets[@]}"; do
  echo "== $t ($seconds s)"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" "corpus/$t" -- -max_total_time="$seconds" \
    -max_len=1048576 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 2>&1 \
    | grep -E "^(==|#[0-9]+.*DONE|stat::number_of_executed_units|SUMMARY|thread .* panicked|artifact_prefix|Test unit written)" || true
done
