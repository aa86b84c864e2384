//! Helpers shared by the integration tests.

/// A seed program's source, read from the one copy (`python/oxjit/seed_programs.py`).
pub fn seed_program(name: &str) -> String {
    let path = format!(
        "{}/../../python/oxjit/seed_programs.py",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let start = text
        .find(&format!("\ndef {name}("))
        .unwrap_or_else(|| panic!("no `{name}` in {path}"))
        + 1;
    let body: Vec<&str> = text[start..]
        .lines()
        .enumerate()
        .take_while(|(i, l)| *i == 0 || l.is_empty() || l.starts_with(' '))
        .map(|(_, l)| l)
        .collect();
    body.join("\n").trim_end().to_string() + "\n"
}
