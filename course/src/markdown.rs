//! Heading anchors of Markdown, as GitHub makes them.
//!
//! A link such as `lessons/02-headers-content-length.md#hints` must lead to
//! a heading, and a question of the quiz names the lesson section it comes
//! from by the same anchor. Both sides need one rule for turning a heading
//! into its anchor: lower case, punctuation dropped, spaces turned into
//! hyphens, and `-1`, `-2`… added to repeated headings – GitHub's rule, so
//! the links also work on the repository's web pages. Headings inside
//! fenced code (```` ``` ```` or `~~~`) are not headings.

/// The anchors GitHub gives the headings of a Markdown text: lower case,
/// punctuation dropped, spaces turned into hyphens, and `-1`, `-2`… added to
/// repeated headings.
pub fn heading_slugs(text: &str) -> Vec<String> {
    headings(text).into_iter().map(|(slug, _)| slug).collect()
}

/// Every heading of a Markdown text outside fenced code, in order, as
/// `(anchor, title)`: `## The idea` → `("the-idea", "The idea")`.
pub fn headings(text: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || !trimmed.starts_with('#') {
            continue;
        }
        let title = trimmed.trim_start_matches('#');
        if !title.starts_with(' ') {
            continue;
        }
        let title = title.trim();
        let base: String = title
            .to_lowercase()
            .chars()
            .filter(|ch| ch.is_alphanumeric() || matches!(ch, ' ' | '-' | '_'))
            .map(|ch| if ch == ' ' { '-' } else { ch })
            .collect();
        let repeats = found
            .iter()
            .filter(|(slug, _)| {
                *slug == base
                    || slug
                        .strip_prefix(&format!("{base}-"))
                        .is_some_and(|n| n.parse::<u32>().is_ok())
            })
            .count();
        let slug = if repeats == 0 {
            base
        } else {
            format!("{base}-{repeats}")
        };
        found.push((slug, title.to_string()));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_github() {
        let text = "# Lesson 01 – HTTP request shape\n## The idea\n## Hints\n## Hints\n```\n# not a heading\n```\n";
        assert_eq!(
            heading_slugs(text),
            [
                "lesson-01--http-request-shape",
                "the-idea",
                "hints",
                "hints-1"
            ]
        );
    }

    #[test]
    fn headings_pair_each_anchor_with_its_title() {
        let text = "# Lesson 05\n```\n## not one\n```\n### `Connection` is hop-by-hop\n";
        assert_eq!(
            headings(text),
            [
                ("lesson-05".to_string(), "Lesson 05".to_string()),
                (
                    "connection-is-hop-by-hop".to_string(),
                    "`Connection` is hop-by-hop".to_string()
                )
            ]
        );
    }
}
