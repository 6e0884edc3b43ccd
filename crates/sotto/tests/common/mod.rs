//! Helpers shared by the command-line tests.

#![allow(dead_code)]

use std::process::{Command, Output};

use serde_json::Value;

/// The JSON a successful command printed on stdout; fails the test with its stderr otherwise.
pub fn json_of(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// Runs the `sotto` binary on `data_dir` with `args`, outside any environment the tests run in.
pub fn sotto(data_dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sotto"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("SOTTO_MASTER_KEY")
        .env_remove("SOTTO_DATA_DIR")
        .output()
        .expect("the binary runs")
}
