//! Running the built command line from a test, and scratch folders for its files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `gongkai ARGS…` and waits for it.
pub fn gongkai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .output()
        .expect("gongkai runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh folder `target/tmp/GROUP/NAME`: one group per test file, so that test binaries
/// running at the same time never clear each other's folders.
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}
