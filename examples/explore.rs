use pdf_extract::*;
struct Dev { glyphs: usize, strokes: usize, fills: usize, sample: String, page: u32 }
impl OutputDev for Dev {
    fn begin_page(&mut self, n: u32, _m: &MediaBox, _a: Option<(f64,f64,f64,f64)>) -> Result<(), OutputError> { self.page = n; Ok(()) }
    fn end_page(&mut self) -> Result<(), OutputError> { Ok(()) }
    fn output_character(&mut self, trm: &Transform, width: f64, _s: f64, fs: f64, ch: &str) -> Result<(), OutputError> {
        self.glyphs += 1;
        if self.sample.chars().count() < 60 && self.page == 1 { self.sample.push_str(ch); }
        if std::env::var("V").is_ok() && self.page == 1 { println!("{:.1} {:.1} w{:.3} fs{:.1} {:?} m={:?}", trm.m31, trm.m32, width, fs, ch, (trm.m11, trm.m22)); }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> { Ok(()) }
    fn end_word(&mut self) -> Result<(), OutputError> { Ok(()) }
    fn end_line(&mut self) -> Result<(), OutputError> { Ok(()) }
    fn stroke(&mut self, _c: &Transform, _cs: &ColorSpace, _col: &[f64], p: &Path) -> Result<(), OutputError> { self.strokes += 1; if std::env::var("P").is_ok() && self.page==1 { println!("S {:?} {:?}", _c, p.ops);} Ok(()) }
    fn fill(&mut self, _c: &Transform, _cs: &ColorSpace, _col: &[f64], p: &Path) -> Result<(), OutputError> { self.fills += 1; if std::env::var("P").is_ok() && self.page==1 { println!("F {:?} {:?}", _c, p.ops);} Ok(()) }
}
fn main() {
    for f in std::env::args().skip(1) {
        let bytes = std::fs::read(&f).unwrap();
        let r = std::panic::catch_unwind(|| {
            let mut doc = lopdf::Document::load_mem(&bytes).map_err(|e| format!("load: {e}"))?;
            if doc.is_encrypted() { doc.decrypt("").map_err(|e| format!("decrypt: {e}"))?; }
            let mut d = Dev { glyphs: 0, strokes: 0, fills: 0, sample: String::new(), page: 0 };
            let r = output_doc(&doc, &mut d);
            Ok::<_, String>((d.glyphs, d.strokes, d.fills, d.sample, r.err().map(|e| e.to_string()), doc.get_pages().len()))
        });
        println!("{f}: {:?}", r.map_err(|e| e.downcast_ref::<String>().cloned().or(e.downcast_ref::<&str>().map(|s| s.to_string()))));
    }
}
