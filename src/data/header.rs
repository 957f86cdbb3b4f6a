//! A header's names made unique: an empty name becomes "column_K", a repeated name gets "_2",
//! "_3", ... Links hold these names, so the rule never changes; only its speed did (a header of
//! 5,000 identical names took minutes with a linear search per candidate).

use std::collections::{HashMap, HashSet};

/// The names for a header's trimmed fields, in order, and a note for each renaming.
///
/// Column K (from 1) with an empty name is called "column_K"; a name already taken by an
/// earlier column becomes "name_k" with the smallest k ≥ 2 that is still free. Linear in the
/// header's length: names taken live in a hash set, and each repeated name remembers the last
/// k it reached (every smaller k is taken, since names are only ever added).
pub fn unique_names<'a>(fields: impl IntoIterator<Item = &'a str>) -> (Vec<String>, Vec<String>) {
    let mut names: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    let mut taken: HashSet<String> = HashSet::new();
    let mut next_k: HashMap<String, usize> = HashMap::new();
    for (col_idx, raw) in fields.into_iter().enumerate() {
        let raw = raw.trim();
        let mut name = if raw.is_empty() {
            let name = format!("column_{}", col_idx + 1);
            notes.push(format!(
                "column {} has no name in the header; it is called '{name}'",
                col_idx + 1
            ));
            name
        } else {
            raw.to_string()
        };
        if taken.contains(&name) {
            let base = name;
            let k = next_k.entry(base.clone()).or_insert(2);
            name = format!("{base}_{k}");
            while taken.contains(&name) {
                *k += 1;
                name = format!("{base}_{k}");
            }
            *k += 1;
            notes.push(format!(
                "two columns are named '{base}'; column {} is called '{name}'",
                col_idx + 1
            ));
        }
        taken.insert(name.clone());
        names.push(name);
    }
    (names, notes)
}
