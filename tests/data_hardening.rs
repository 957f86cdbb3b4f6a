//! Issue 21, findings 1 and 3: header names made unique in linear time with exactly the old
//! names, and the common missing-value markers read as gaps.

use downhill::data::header::unique_names;
use downhill::data::{parse_csv, Dataset};
use proptest::prelude::*;

/// The renaming as it was (a linear search per candidate, cubic for repeated names), kept as
/// the oracle: links hold these names, so the fast version must give exactly the same.
fn unique_names_oracle(fields: &[&str]) -> (Vec<String>, Vec<String>) {
    let mut names: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    for (col_idx, raw) in fields.iter().enumerate() {
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
        if names.contains(&name) {
            let base = name.clone();
            let mut k = 2;
            while names.contains(&name) {
                name = format!("{base}_{k}");
                k += 1;
            }
            notes.push(format!(
                "two columns are named '{base}'; column {} is called '{name}'",
                col_idx + 1
            ));
        }
        names.push(name);
    }
    (names, notes)
}

#[test]
fn repeated_names_get_the_same_suffixes_as_before() {
    for header in [
        vec!["a", "a", "a_2"],
        vec!["a", "a_2", "a", "a"],
        vec!["a_2", "a", "a", "a"],
        vec!["", "column_1", "", "column_3"],
        vec!["a", "a", "a_2", "a_2", "a_2_2", "a"],
        vec![" x ", "x", "x_2 ", "x"],
    ] {
        assert_eq!(
            unique_names(header.iter().copied()),
            unique_names_oracle(&header)
        );
    }
    let (names, _) = unique_names(["a", "a", "a_2"]);
    assert_eq!(names, ["a", "a_2", "a_2_2"]);
}

#[test]
fn many_identical_names_are_renamed_quickly_and_uniquely() {
    // 20,000 identical names took hours with the old search; now a blink.
    let header = vec!["a"; 20_000];
    let (names, notes) = unique_names(header.iter().copied());
    assert_eq!(names[19_999], "a_20000");
    assert_eq!(notes.len(), 19_999);
    let text = format!("{}\n{}\n", header.join(","), vec!["1"; 20_000].join(","));
    let table = parse_csv(&text).unwrap();
    assert_eq!(table.columns().len(), 20_000);
}

#[test]
fn fifty_thousand_unique_columns_parse_and_make_a_dataset() {
    let n = 50_000;
    let header: Vec<String> = (0..n).map(|k| format!("c{k}")).collect();
    let mut text = header.join(",");
    for row in 0..12 {
        text.push('\n');
        let cells: Vec<String> = (0..n).map(|k| ((k + row) % 7).to_string()).collect();
        text.push_str(&cells.join(","));
    }
    let table = parse_csv(&text).unwrap();
    assert!(table.notes().is_empty());
    let data = Dataset::from_table(&table, "c0", None).unwrap();
    assert_eq!(data.n_features(), n - 1);
    let chosen: Vec<&str> = header[1..].iter().map(String::as_str).collect();
    let data = Dataset::from_table(&table, "c0", Some(&chosen)).unwrap();
    assert_eq!(data.n_features(), n - 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn renaming_matches_the_old_algorithm(
        header in proptest::collection::vec(
            prop_oneof![
                Just(String::new()),
                "[ab]",
                "[ab]_[1-3]",
                "[ab]_[23]_[23]",
                "column_[1-9]",
                "column_[1-3]_2",
            ],
            0..24,
        )
    ) {
        let refs: Vec<&str> = header.iter().map(String::as_str).collect();
        prop_assert_eq!(unique_names(refs.iter().copied()), unique_names_oracle(&refs));
    }
}

/// A house file with gaps written in every common way: blank, NA, ?, null, N/A, NaN, -.
const HOUSES: &str = "\
city,price,rooms,area,age,lot
Ames,200000,3,1500,10,8000
Boone,?,4,1800,12,9000
Cary,250000,NA,2000,5,7000
Dover,180000,2,,30,6000
Erie,210000,3,1600,null,8500
Fargo,190000,3,1550,15,N/A
Gary,230000,4,1900,8,NaN
Hilo,260000,5,2100,-,9900
Iowa,205000,3,1500,11,8100
Joplin,215000,3,1650,9,8200
Kent,225000,4,1750,7,8300
Lima,235000,4,1850,6,8400
Mesa,245000,4,1950,5,8600
Nome,255000,5,2050,4,8700
Ogden,265000,5,2150,3,8800
Provo,275000,5,2250,2,8900
Quincy,285000,5,2350,1,9000
Reno,295000,6,2450,1,9100
";

#[test]
fn common_missing_markers_are_gaps_not_words() {
    let table = parse_csv(HOUSES).unwrap();
    assert_eq!(
        table.numeric_column_names(),
        ["price", "rooms", "area", "age", "lot"]
    );
    let data = Dataset::from_table(&table, "price", None).unwrap();
    assert_eq!(data.n_skipped_rows(), 7);
    assert_eq!(data.n_rows(), 11);
    let summary = data.skipped_summary().unwrap();
    assert!(
        summary.starts_with("skipped 7 rows: rooms is empty in 1"),
        "{summary}"
    );
    let notes = data.notes();
    assert!(notes.contains(&summary), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("null, ?, -")), "{notes:?}");
    for marker in [
        "?", "NA", "na", "N/A", "NaN", "null", "-", "--", "#N/A", "missing", " ? ",
    ] {
        assert!(
            downhill::data::table::parse_cell(marker, false).is_some_and(f64::is_nan),
            "{marker:?}"
        );
    }
    // A number with a sign is still a number.
    assert_eq!(downhill::data::table::parse_cell("-2", false), Some(-2.0));
}

#[test]
fn a_stray_word_in_a_numeric_column_is_named_with_its_line() {
    let mut text = String::from("city,price,rooms\n");
    for k in 0..20 {
        let price = if k == 6 {
            "call us".to_string()
        } else {
            format!("{}", 1000 + k)
        };
        text.push_str(&format!("c{k},{price},{}\n", k % 5));
    }
    let table = parse_csv(&text).unwrap();
    let note = table
        .notes()
        .iter()
        .find(|n| n.contains("'price'"))
        .expect("a note about price");
    assert!(note.contains("'call us' on line 8"), "{note}");
    assert!(note.contains("19 of its 20 cells are numbers"), "{note}");
    // No note for a column of words.
    assert!(!table.notes().iter().any(|n| n.contains("'city'")));

    // When nothing is numeric, the example is the column closest to numbers.
    let err = parse_csv("name,price\nann,12\nbob,x13\ncy,14\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "no column holds numbers (for example, column 'price' has 'x13' on line 3)"
    );
}

#[test]
fn a_one_shot_parse_refuses_more_than_its_limit_and_says_to_stream() {
    let limit = downhill::data::error::MAX_CSV_AT_ONCE_BYTES;
    let text = format!("a,b\n{}", "1,2\n".repeat(limit / 4));
    let words = parse_csv(&text).unwrap_err().to_string();
    assert!(words.contains("at most 16 MB"), "{words}");
    assert!(words.contains("in chunks"), "{words}");
    // The same file pushed in chunks is read.
    let mut reader = downhill::data::CsvReader::new();
    for chunk in text.as_bytes().chunks(1 << 20) {
        reader.push(chunk).unwrap();
    }
    assert_eq!(reader.finish().unwrap().n_rows(), limit / 4);
}
