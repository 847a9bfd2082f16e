//! The ToUnicode reader in gongkai's copy of pdf-extract (vendor/pdf-extract/src/tounicode.rs)
//! against adobe-cmap-parser, the reader upstream uses for every map: wherever the fast reader
//! answers, both give the same code → bytes map. Checked on every ToUnicode map of every PDF in
//! `corpus/` and `../shared/corpus` (skipped without it), and on hand-written maps.

mod common;

use std::collections::HashMap;

use pdf_extract::to_unicode_entries;

/// What adobe-cmap-parser makes of the map, from the fast reader's entries (a later mapping of
/// a code wins, as there).
fn as_adobe(entries: Vec<(u32, Vec<u16>)>) -> HashMap<u32, Vec<u8>> {
    entries
        .into_iter()
        .map(|(code, units)| (code, units.iter().flat_map(|u| u.to_be_bytes()).collect()))
        .collect()
}

fn adobe(map: &[u8]) -> HashMap<u32, Vec<u8>> {
    adobe_cmap_parser::get_unicode_map(map)
        .expect("adobe-cmap-parser reads it")
        .into_iter()
        .collect()
}

#[test]
fn every_corpus_map_the_fast_reader_reads_equals_adobe_cmap_parser() {
    let (mut fast, mut total) = (0, 0);
    let mut files = common::pdf::pdfs_in(&common::repo_corpus());
    files.extend(common::pdf::shared_pdfs());
    for file in files {
        let Some(doc) = common::pdf::load(&file) else {
            continue;
        };
        let maps: Vec<Vec<u8>> = doc
            .objects
            .values()
            .filter_map(|o| {
                let id = o
                    .as_dict()
                    .ok()?
                    .get(b"ToUnicode")
                    .ok()?
                    .as_reference()
                    .ok()?;
                let stream = doc.get_object(id).ok()?.as_stream().ok()?;
                stream
                    .decompressed_content()
                    .ok()
                    .or_else(|| Some(stream.content.clone()))
            })
            .collect();
        for map in maps {
            total += 1;
            if let Some(entries) = to_unicode_entries(&map) {
                fast += 1;
                assert_eq!(as_adobe(entries), adobe(&map), "{}", file.display());
            }
        }
    }
    // The repo's krilla PDFs alone carry maps; the shared corpus (WPS, LibreOffice, Chromium,
    // fpdf2, reportlab) many more, all of them in the form the fast reader reads.
    assert!(total >= 2, "only {total} ToUnicode maps found");
    assert_eq!(fast, total, "maps left to adobe-cmap-parser");
}

#[test]
fn hand_written_maps_read_as_adobe_cmap_parser_reads_them() {
    let maps: [&[u8]; 6] = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
          /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
          /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
          1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
          2 beginbfchar <0003> <0020> <01A2><4E2D> endbfchar\n\
          endcmap CMapName currentdict /CMap defineresource pop end end",
        // Ranges, an array range, whitespace inside hex, a comment, one-byte codes.
        b"% a comment\n1 beginbfrange <20> <7E> <0020> endbfrange\n\
          1 beginbfrange <0100> <0102> [<4E00> <4E8C> <D840 DC00>] endbfrange\n\
          1 beginbfchar <01 03> <00 41> endbfchar",
        // A later mapping of the same code wins.
        b"2 beginbfchar <0001> <0041> <0001> <0042> endbfchar",
        // A range whose last unit runs over a byte boundary.
        b"1 beginbfrange <0010> <0012> <00FF> endbfrange",
        // A surrogate pair counting on over its low half's end.
        b"1 beginbfrange <0001> <0003> <D840DFFE> endbfrange",
        // Lower-case hex digits, CR line ends.
        b"1 beginbfchar\r<00ff> <4e2d>\rendbfchar\r",
    ];
    for map in maps {
        let entries = to_unicode_entries(map).expect("read");
        assert_eq!(
            as_adobe(entries),
            adobe(map),
            "{}",
            String::from_utf8_lossy(map)
        );
    }
}

#[test]
fn maps_the_fast_reader_does_not_know_are_left_to_adobe_cmap_parser() {
    for map in [
        &b"1 beginbfchar (\x00\x01) (\x00A) endbfchar"[..],
        b"1 begincidrange <0000> <00FF> 0 endcidrange",
        b"/Adobe-GB1-UCS2 usecmap",
        b"1 beginbfchar <001> <0041> endbfchar",
        b"1 beginbfchar <0001> <00> endbfchar",
        b"1 beginbfrange <0002> <0001> <0041> endbfrange",
        b"1 beginbfchar <0001> <0041>",
        b"1 beginbfchar <0001> <0G41> endbfchar",
        b"1 beginbfchar <0001> \xff\xfe endbfchar",
    ] {
        assert_eq!(
            to_unicode_entries(map),
            None,
            "{}",
            String::from_utf8_lossy(map)
        );
    }
    assert_eq!(
        to_unicode_entries(b"1 beginbfchar <0001> <4E2D> endbfchar"),
        Some(vec![(1, vec![0x4E2D])])
    );
}

#[test]
fn malformed_maps_adobe_cmap_parser_refuses_are_read_for_what_they_hold() {
    // A wrong count, a byte's digits split by a line break, a three-unit range start.
    assert_eq!(
        to_unicode_entries(b"1 beginbfchar <0001> <0041> <0002> <4E\n2D> endbfchar"),
        Some(vec![(1, vec![0x41]), (2, vec![0x4E2D])])
    );
    assert_eq!(
        to_unicode_entries(b"1 beginbfrange <05> <06> <004100420043> endbfrange"),
        Some(vec![
            (5, vec![0x41, 0x42, 0x43]),
            (6, vec![0x41, 0x42, 0x44])
        ])
    );
}
