//! What an archive's groups are, named for the navigation: teams, SIGs, working
//! groups, repositories, or the recurring items of an agenda in an archive that has no
//! groups at all (a board's `Finances`, `Grants approved`).

use crate::markdown::group_names::GroupKind;

/// What the inference knows of one group for naming the kind: its kind, and whether it
/// sits under a heading that says it holds one part per group (`Working group updates`).
pub(super) type Shape = (GroupKind, bool);

/// The navigation's name for groups of these shapes:
/// - none of a group's form, none under a heading that says it holds parts: the archive
///   has no groups, and its recurring headings are `Agenda items`;
/// - at least three quarters of one marked kind: `Teams`, `SIGs`, `Working groups`,
///   `Repositories`;
/// - else `Teams`, the name of any mix.
pub(super) fn label(shapes: &[Shape]) -> Option<&'static str> {
    if shapes.is_empty() {
        return None;
    }
    let groups = |(k, under_parts): &Shape| *k != GroupKind::Plain || *under_parts;
    if !shapes.iter().any(groups) {
        return Some("Agenda items");
    }
    let named = [
        (GroupKind::Team, "Teams"),
        (GroupKind::Sig, "SIGs"),
        (GroupKind::WorkingGroup, "Working groups"),
        (GroupKind::Repository, "Repositories"),
    ];
    let most = named.into_iter().find(|(kind, _)| {
        let n = shapes.iter().filter(|(k, _)| k == kind).count();
        4 * n >= 3 * shapes.len()
    });
    Some(most.map_or("Teams", |(_, label)| label))
}

#[cfg(test)]
mod tests {
    use super::*;
    use GroupKind::{Issue, Plain, Repository, Sig, Team};

    #[test]
    fn the_navigation_names_what_the_archive_has() {
        assert_eq!(label(&[]), None);
        // A board: recurring agenda headings, none of a group's form, under `Agenda`.
        assert_eq!(label(&[(Plain, false); 4]), Some("Agenda items"));
        assert_eq!(label(&[(Sig, false); 5]), Some("SIGs"));
        let mostly_repos = [
            (Repository, false),
            (Repository, false),
            (Repository, false),
            (Plain, false),
        ];
        assert_eq!(label(&mostly_repos), Some("Repositories"));
        assert_eq!(
            label(&[(Team, false), (Sig, false), (Sig, false), (Plain, true)]),
            Some("Teams")
        );
        // Bare names under `Working group updates` are groups, not agenda items.
        assert_eq!(label(&[(Plain, true), (Plain, false)]), Some("Teams"));
        assert_eq!(label(&[(Issue, false), (Issue, false)]), Some("Teams"));
    }
}
