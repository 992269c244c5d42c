//! Checking the relative links of the course's Markdown.
//!
//! A lesson that says "see [the next lesson](03-keep-alive-semantics.md)"
//! must lead somewhere. Web links are left alone (checking them needs the
//! network); every relative link must name a file or folder that exists, and
//! a `#fragment` into a Markdown file must name one of its headings, using
//! the same slugs GitHub makes (`## The idea` → `#the-idea`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use course::markdown::heading_slugs;

/// A link that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The Markdown file and line, e.g. `lessons/01-http-request-shape.md:42`.
    pub location: String,
    /// The link as written.
    pub target: String,
    /// What is wrong with it.
    pub reason: String,
}

/// The result of checking a set of files.
#[derive(Debug, Clone, Default)]
pub struct LinkReport {
    /// Markdown files read.
    pub files: usize,
    /// Relative links checked.
    pub checked: usize,
    /// The ones that lead nowhere.
    pub broken: Vec<BrokenLink>,
}

/// The Markdown files whose links the course promises: the front page, the
/// lessons, and the quest and quiz texts once they exist.
pub fn course_markdown(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![root.join("README.md")];
    for dir in ["lessons", "quest", "quiz"] {
        let Ok(entries) = fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files.retain(|path| path.exists());
    files
}

/// Checks every relative link in `files`; locations are shown relative to `root`.
///
/// # Errors
///
/// Fails when a file cannot be read.
pub fn check_links(root: &Path, files: &[PathBuf]) -> io::Result<LinkReport> {
    let mut report = LinkReport::default();
    for file in files {
        let text = fs::read_to_string(file)?;
        report.files += 1;
        let shown = file
            .strip_prefix(root)
            .unwrap_or(file)
            .display()
            .to_string();
        for (line, target) in links_in(&text) {
            if is_external(&target) {
                continue;
            }
            report.checked += 1;
            if let Some(reason) = problem_with(file, &text, &target) {
                report.broken.push(BrokenLink {
                    location: format!("{shown}:{line}"),
                    target,
                    reason,
                });
            }
        }
    }
    Ok(report)
}

fn is_external(target: &str) -> bool {
    target.contains("://") || target.starts_with("mailto:")
}

/// Why `target`, written in `file`, leads nowhere; `None` when it is fine.
fn problem_with(file: &Path, text: &str, target: &str) -> Option<String> {
    let (path, fragment) = match target.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (target, None),
    };
    let (destination, destination_text) = if path.is_empty() {
        (file.to_path_buf(), Some(text.to_string()))
    } else {
        let destination = file.parent().unwrap_or(Path::new(".")).join(path);
        if !destination.exists() {
            return Some("no such file or folder".to_string());
        }
        (destination.clone(), fs::read_to_string(&destination).ok())
    };
    let fragment = fragment.filter(|fragment| !fragment.is_empty())?;
    if destination.extension().is_none_or(|ext| ext != "md") {
        return None;
    }
    let headings = heading_slugs(&destination_text.unwrap_or_default());
    if headings.iter().any(|slug| slug == fragment) {
        None
    } else {
        Some(format!("no heading with the anchor #{fragment}"))
    }
}

/// Every link target in a Markdown text with its line number: inline links
/// `[text](target)` and reference definitions `[label]: target`, outside code.
pub fn links_in(text: &str) -> Vec<(usize, String)> {
    let mut links = Vec::new();
    let mut in_fence = false;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let line = without_code_spans(line);
        if let Some(target) = reference_definition(&line) {
            links.push((index + 1, target));
        }
        let mut rest = line.as_str();
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            let Some(end) = after.find(')') else { break };
            let target = clean_target(&after[..end]);
            if !target.is_empty() {
                links.push((index + 1, target));
            }
            rest = &after[end..];
        }
    }
    links
}

/// `[label]: target "title"` at the start of a line.
fn reference_definition(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix('[')?;
    let (_, after) = rest.split_once("]:")?;
    let target = clean_target(after);
    (!target.is_empty()).then_some(target)
}

/// Drops an optional title and angle brackets: `<a b.md> "t"` → `a b.md`.
fn clean_target(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(inner) = raw.strip_prefix('<') {
        return inner.split('>').next().unwrap_or_default().to_string();
    }
    raw.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The line with every `code span` blanked out, so `[a](b)` in code is not a link.
fn without_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for ch in line.chars() {
        if ch == '`' {
            in_code = !in_code;
            out.push(' ');
        } else if in_code {
            out.push(' ');
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_and_reference_links_outside_code() {
        let text = "See [one](a.md) and [two](b.md#part \"title\").\n\
                    `[not](code.md)`\n```\n[not](fenced.md)\n```\n[ref]: <c d.md>\n";
        assert_eq!(
            links_in(text),
            vec![
                (1, "a.md".to_string()),
                (1, "b.md#part".to_string()),
                (6, "c d.md".to_string())
            ]
        );
    }

    #[test]
    fn reports_missing_files_and_anchors() {
        let root = std::env::temp_dir().join(format!("harness-links-{}", std::process::id()));
        fs::create_dir_all(root.join("lessons")).expect("temp dir");
        fs::write(root.join("lessons/a.md"), "# A\n## Part two\n").expect("write");
        fs::write(
            root.join("README.md"),
            "[ok](lessons/a.md) [ok](lessons/a.md#part-two) [web](https://example.com)\n\
             [gone](lessons/b.md) [bad anchor](lessons/a.md#part-three) [self](#nowhere)\n",
        )
        .expect("write");
        let files = course_markdown(&root);
        let report = check_links(&root, &files).expect("check");
        assert_eq!(report.files, 2);
        assert_eq!(report.checked, 5);
        let broken: Vec<(&str, &str)> = report
            .broken
            .iter()
            .map(|link| (link.location.as_str(), link.target.as_str()))
            .collect();
        assert_eq!(
            broken,
            [
                ("README.md:2", "lessons/b.md"),
                ("README.md:2", "lessons/a.md#part-three"),
                ("README.md:2", "#nowhere")
            ]
        );
        fs::remove_dir_all(&root).expect("clean up");
    }
}
