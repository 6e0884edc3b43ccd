//! Compiles the name lists of `data/names/` (see its NOTICE.md) into one `fst` map, written to
//! `OUT_DIR/names.fst` and embedded in the library: each name, lower-cased, mapped to whether it
//! is a given name, a surname or both, and each word far more often ordinary than a name
//! (`common-words.txt`) marked as such. Names of several words ("van der Berg") are also entered
//! by each of their words of four letters or more.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The map's values: bit flags.
const GIVEN: u64 = 1;
const SURNAME: u64 = 2;
const COMMON: u64 = 4;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    let mut names: BTreeMap<String, u64> = BTreeMap::new();
    for (file, flag) in [
        ("given.txt", GIVEN),
        ("surnames.txt", SURNAME),
        ("common-words.txt", COMMON),
    ] {
        let path = manifest.join("data/names").join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        let list = std::fs::read_to_string(&path).expect("the name lists are in the repository");
        for name in list.lines().map(str::trim).filter(|n| !n.is_empty()) {
            let lower = name.to_lowercase();
            let words: Vec<&str> = lower.split([' ', '-']).collect();
            if words.len() > 1 {
                for word in words.iter().filter(|w| w.chars().count() >= 4) {
                    *names.entry((*word).to_owned()).or_default() |= flag;
                }
            }
            *names.entry(lower).or_default() |= flag;
        }
    }
    let mut map = fst::MapBuilder::memory();
    for (name, flags) in names {
        map.insert(name, flags)
            .expect("keys come sorted and distinct");
    }
    let bytes = map.into_inner().expect("an in-memory map");
    std::fs::write(out.join("names.fst"), bytes).expect("OUT_DIR is writable");
}
