//! Data through the public API: the incremental CSV parser against every way of cutting a
//! tricky file, each error with its message, datasets, splits, standardisation, metrics, the
//! least-squares baseline, and the real files (shipped Ames, California beside the project).

use downhill::data::{
    mae, parse_csv, r2, rmse, CsvReader, DataError, Dataset, MeanBaseline, Metrics, Split,
    Standardizer, Table,
};
use downhill::linreg::LeastSquares;
use downhill::rng::SplitMix64;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------------
// Chunked parsing

/// Pushes `bytes` cut at `cuts` (sorted positions), stopping at the first error.
fn parse_cut(bytes: &[u8], cuts: &[usize]) -> Result<Table, DataError> {
    let mut reader = CsvReader::new();
    let mut start = 0;
    for &cut in cuts.iter().chain(std::iter::once(&bytes.len())) {
        reader.push(&bytes[start..cut])?;
        start = cut;
    }
    assert_eq!(reader.bytes_seen(), bytes.len() as u64);
    reader.finish()
}

/// Debug text of a result: compares NaN cells as equal, unlike `PartialEq`.
fn shown(result: &Result<Table, DataError>) -> String {
    format!("{result:?}")
}

/// BOM, a quoted header name holding CRLF, doubled quotes, delimiters and newlines inside
/// quotes, 2-, 3- and 4-byte UTF-8, CRLF and LF mixed, a blank line, a missing marker, an
/// empty cell, and a trailing empty line.
const TRICKY: &str = "\u{FEFF}city,\"size\r\nm²\",price,\"say \"\"hi\"\"\"\r\n\
Zürich,12.5,100,\"a,b\"\r\n\
\"São\r\nPaulo\",-3e2,NA,\"x\"\"y\"\r\n\
\r\n\
東京, 7 ,,🙂\n\
Ünye,0.5,2.5,\"line1\nline2\"\r\n\r\n";

#[test]
fn tricky_file_parses_as_worked_out_by_hand() {
    let table = parse_csv(TRICKY).unwrap();
    assert_eq!(
        table.column_names(),
        ["city", "size\r\nm²", "price", "say \"hi\""]
    );
    assert_eq!(table.n_rows(), 4);
    assert_eq!(table.delimiter(), ',');
    assert_eq!(table.numeric_column_names(), ["size\r\nm²", "price"]);
    assert_eq!(table.text_column_names(), ["city", "say \"hi\""]);
    let size = table.column("size\r\nm²").unwrap().numeric().unwrap();
    assert_eq!(size, [12.5, -300.0, 7.0, 0.5]);
    let price = table.column("price").unwrap().numeric().unwrap();
    assert_eq!(price[0], 100.0);
    assert!(price[1].is_nan() && price[2].is_nan());
    assert_eq!(price[3], 2.5);
    // The header spans lines 1-2, so the first row is on line 3.
    let city = table.column("city").unwrap();
    assert_eq!(
        city.values(),
        &downhill::data::ColumnValues::Text {
            example: "Zürich".into(),
            line: 3
        }
    );
    assert!(table.notes().is_empty());
}

#[test]
fn every_single_and_double_cut_of_the_tricky_file_gives_the_same_table() {
    let bytes = TRICKY.as_bytes();
    let whole = shown(&parse_csv(TRICKY));
    for i in 0..=bytes.len() {
        assert_eq!(shown(&parse_cut(bytes, &[i])), whole, "cut at {i}");
        for j in i..=bytes.len() {
            assert_eq!(shown(&parse_cut(bytes, &[i, j])), whole, "cuts at {i}, {j}");
        }
    }
    let every_byte: Vec<usize> = (1..bytes.len()).collect();
    assert_eq!(shown(&parse_cut(bytes, &every_byte)), whole);
}

/// A file longer than the 1 KB sniffed before parsing starts, semicolon-delimited with decimal
/// commas, with CRLF, quotes and multi-byte characters on both sides of byte 1024.
fn long_tricky() -> String {
    let mut text = String::from("\u{FEFF}id;\"wert; €\";label\r\n");
    for i in 0..80 {
        let label = match i % 4 {
            0 => format!("\"ä;{i}\"\"\""),
            1 => format!("\"two\r\nlines {i}\""),
            2 => "ß€🙂".to_string(),
            _ => String::new(),
        };
        let end = if i % 3 == 0 { "\n" } else { "\r\n" };
        text.push_str(&format!("{i};{i},25;{label}{end}"));
    }
    text
}

#[test]
fn long_file_reads_decimal_commas_and_survives_every_single_cut() {
    let text = long_tricky();
    assert!(text.len() > 1500, "{}", text.len());
    let table = parse_csv(&text).unwrap();
    assert_eq!(table.delimiter(), ';');
    assert_eq!(table.column_names(), ["id", "wert; €", "label"]);
    assert_eq!(table.n_rows(), 80);
    let wert = table.column("wert; €").unwrap().numeric().unwrap();
    let expected: Vec<f64> = (0..80).map(|i| f64::from(i) + 0.25).collect();
    assert_eq!(wert, expected.as_slice());
    assert!(!table.column("label").unwrap().is_numeric());
    let whole = shown(&Ok(table));
    for i in 0..=text.len() {
        assert_eq!(
            shown(&parse_cut(text.as_bytes(), &[i])),
            whole,
            "cut at {i}"
        );
    }
}

/// Inputs whose results (tables or errors) must not depend on chunking.
fn chunking_inputs() -> Vec<Vec<u8>> {
    let long = long_tricky();
    let mut late_bad_utf8 = long.clone().into_bytes();
    late_bad_utf8.extend_from_slice(b"1;2;caf\xE9\n");
    vec![
        TRICKY.as_bytes().to_vec(),
        long.clone().into_bytes(),
        format!("{long}99;1;\"never closed\n").into_bytes(),
        late_bad_utf8,
        b"a,b\r\n1,2\r\n3,\"4\"\r".to_vec(),
        b"\xEF\xBB\xBF\r\n\r\n".to_vec(),
        b"inch\",cm\n1\",2.54\n\"2\"\"\",5.08\n".to_vec(),
    ]
}

proptest! {
    #[test]
    fn random_chunk_boundaries_never_change_the_result(
        input_idx in 0usize..7,
        raw_cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        let inputs = chunking_inputs();
        let bytes = &inputs[input_idx];
        let mut cuts: Vec<usize> = raw_cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
        cuts.sort_unstable();
        let whole = {
            let mut reader = CsvReader::new();
            reader.push(bytes).and_then(|()| reader.finish())
        };
        prop_assert_eq!(shown(&parse_cut(bytes, &cuts)), shown(&whole));
    }
}

#[test]
fn the_chunking_inputs_cover_errors_too() {
    let inputs = chunking_inputs();
    let whole = |b: &[u8]| {
        let mut reader = CsvReader::new();
        reader.push(b).and_then(|()| reader.finish())
    };
    // The long file has 101 lines (80 rows, 20 of them on two lines, and the header).
    assert_eq!(long_tricky().lines().count(), 101);
    assert_eq!(
        whole(&inputs[2]).unwrap_err(),
        DataError::UnterminatedQuote { line: 102 }
    );
    assert_eq!(whole(&inputs[3]).unwrap().n_rows(), 81);
    let table = whole(&inputs[4]).unwrap();
    assert_eq!(table.column("b").unwrap().numeric().unwrap(), [2.0, 4.0]);
    assert_eq!(whole(&inputs[5]), Err(DataError::Empty));
    // Quotes inside unquoted fields are ordinary characters, in the header and in rows.
    let inches = whole(&inputs[6]).unwrap();
    assert_eq!(inches.column_names(), ["inch\"", "cm"]);
    assert_eq!(
        inches.column("cm").unwrap().numeric().unwrap(),
        [2.54, 5.08]
    );
    assert_eq!(
        inches.column("inch\"").unwrap().values(),
        &downhill::data::ColumnValues::Text {
            example: "1\"".into(),
            line: 2
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Errors, each with its message

fn message(text: &[u8]) -> String {
    let mut reader = CsvReader::new();
    match reader.push(text).and_then(|()| reader.finish()) {
        Ok(table) => panic!("expected an error, got {table:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn empty_file() {
    assert_eq!(message(b""), "the file is empty");
    assert_eq!(message(b"\xEF\xBB\xBF"), "the file is empty");
    assert_eq!(message(b"\r\n\n  \n"), "the file is empty");
}

#[test]
fn header_only() {
    assert_eq!(message(b"a,b,c\n"), "the file has a header but no rows");
    assert_eq!(message(b"a,b,c"), "the file has a header but no rows");
}

#[test]
fn binary_garbage() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
    assert!(message(png).starts_with("this does not look like a text CSV file"));
    // Latin-1 text is not UTF-8 either.
    assert!(message(b"name,price\ncaf\xE9,3\n").starts_with("this does not look like a text CSV"));
    // A short file that ends inside a multi-byte character is not UTF-8.
    assert!(message(b"a,b\n1,caf\xC3").starts_with("this does not look like a text CSV"));
    // A NUL byte late in the first kilobyte still counts.
    let mut late_nul = "a,b\n1,2\n".repeat(100).into_bytes();
    late_nul.truncate(1000);
    late_nul.push(0);
    late_nul.extend_from_slice(b",2\n");
    assert!(message(&late_nul).starts_with("this does not look like a text CSV file"));
    // Past the first kilobyte, a cell that is not UTF-8 is text: its column is no longer
    // numeric, and the file still loads.
    let mut late = format!("a,b\n{}", "1,2\n".repeat(400)).into_bytes();
    late.extend_from_slice(b"3,caf\xE9\n");
    let mut reader = CsvReader::new();
    reader.push(&late).unwrap();
    let table = reader.finish().unwrap();
    assert_eq!(table.n_rows(), 401);
    assert_eq!(
        table.column("b").unwrap().values(),
        &downhill::data::ColumnValues::Text {
            example: "caf\u{FFFD}".into(),
            line: 402
        }
    );
}

#[test]
fn a_multibyte_character_cut_by_the_first_kilobyte_is_fine() {
    // "é" straddles bytes 1023-1024 of the file.
    let mut text = String::from("a,b\n");
    while text.len() < 1023 - 4 {
        text.push_str("1,2\n");
    }
    while text.len() < 1023 {
        text.push('x');
    }
    text.push_str("é,3\n4,5\n");
    assert_eq!(text.as_bytes()[1023], 0xC3);
    let table = parse_csv(&text).unwrap();
    assert!(table.column("a").unwrap().numeric().is_none());
    assert_eq!(
        table.column("b").unwrap().numeric().unwrap().last(),
        Some(&5.0)
    );
}

#[test]
fn one_column() {
    let expected = "found only one column: is the delimiter a comma, semicolon or tab?";
    assert_eq!(message(b"price\n1\n2\n"), expected);
    assert_eq!(message(b"price|rooms\n1|2\n"), expected);
}

#[test]
fn no_numeric_column() {
    assert_eq!(
        message(b"name,city\nAnn,Paris\nBo,NA\n"),
        "no column holds numbers (for example, column 'name' has 'Ann' on line 2)"
    );
    // Blank cells alone are not numbers either.
    assert_eq!(message(b"a,b\n,\nNA,\n"), "no column holds numbers");
}

/// A 9-column file with `n_good` good rows and 5-field rows at the given 0-based row positions.
fn ragged_file(n_good: usize, bad_rows: &[usize]) -> String {
    let mut text = String::from("c1,c2,c3,c4,c5,c6,c7,c8,c9\n");
    for row in 0..(n_good + bad_rows.len()) {
        if bad_rows.contains(&row) {
            text.push_str("1,2,3,4,5\n");
        } else {
            text.push_str(&format!("{row},1,2,3,4,5,6,7,8\n"));
        }
    }
    text
}

#[test]
fn ragged_rows_are_skipped_and_counted_up_to_a_limit() {
    // Row index 5 is on line 7 (header on line 1).
    let table = parse_csv(&ragged_file(20, &[5, 9])).unwrap();
    assert_eq!(table.n_rows(), 20);
    assert_eq!(table.n_skipped_rows(), 2);
    assert_eq!(
        table.notes(),
        [
            "skipped 2 rows whose number of fields differs from the header (line 7 has 5 fields \
          but the header has 9)"
        ]
    );
    let c1 = table.column("c1").unwrap().numeric().unwrap();
    assert!(!c1.contains(&5.0) && !c1.contains(&9.0) && c1.contains(&6.0));

    // 101 ragged rows among 500 good ones: too many to skip.
    let bad: Vec<usize> = (0..101).map(|k| 3 + 4 * k).collect();
    assert_eq!(
        message(ragged_file(500, &bad).as_bytes()),
        "line 5 has 5 fields but the header has 9, and so do 100 other rows: is the delimiter \
         right, and are quotes balanced?"
    );
    // As many ragged rows as good ones: refused too.
    assert!(message(ragged_file(3, &[0, 1, 2]).as_bytes())
        .starts_with("line 2 has 5 fields but the header has 9, and so do 2 other rows"));
}

#[test]
fn unterminated_quote() {
    assert_eq!(
        message(b"a,b\n1,\"abc\n2,3\n"),
        "a quote opened on line 2 is never closed (the file ends inside it)"
    );
}

#[test]
fn empty_and_duplicate_column_names_are_renamed() {
    let table = parse_csv("a,,a,b, a \n1,2,3,4,5\n6,7,8,9,10\n").unwrap();
    assert_eq!(table.column_names(), ["a", "column_2", "a_2", "b", "a_3"]);
    assert_eq!(
        table.notes(),
        [
            "column 2 has no name in the header; it is called 'column_2'",
            "two columns are named 'a'; column 3 is called 'a_2'",
            "two columns are named 'a'; column 5 is called 'a_3'",
        ]
    );
    assert_eq!(table.column("a_3").unwrap().numeric().unwrap(), [5.0, 10.0]);
}

#[test]
fn semicolon_and_tab_files() {
    let semi = parse_csv("x;y;name\n1,5;2;a\n-0,25;1e2;b\n3;4;c\n").unwrap();
    assert_eq!(semi.delimiter(), ';');
    assert_eq!(
        semi.column("x").unwrap().numeric().unwrap(),
        [1.5, -0.25, 3.0]
    );
    assert_eq!(
        semi.column("y").unwrap().numeric().unwrap(),
        [2.0, 100.0, 4.0]
    );

    let tab = parse_csv("x\ty\tz\r\n1.5\t2\t\r\n3\t4\t5\r\n").unwrap();
    assert_eq!(tab.delimiter(), '\t');
    assert_eq!(tab.column("y").unwrap().numeric().unwrap(), [2.0, 4.0]);
    // A decimal comma in a comma file would have split the field: in a tab file it is text.
    let tab_comma = parse_csv("x\ty\n1,5\t2\n").unwrap();
    assert!(!tab_comma.column("x").unwrap().is_numeric());
}

// ---------------------------------------------------------------------------------------------
// Datasets

/// 12 rows of a small housing file: a text column, gaps in two columns.
const HOUSES: &str = "rooms,city,total_bedrooms,population,price\n\
3,A,1,100,10\n4,B,,200,20\n5,C,2,300,30\n6,D,3,,40\n7,E,,500,50\n8,F,4,600,60\n\
9,G,5,700,70\n10,H,6,800,80\n11,I,7,900,90\n12,J,8,1000,100\n13,K,9,1100,110\n\
14,L,10,1200,120\n15,M,11,1300,130\n16,N,12,1400,140\n";

#[test]
fn dataset_takes_numeric_features_skips_incomplete_rows_and_says_why() {
    let data = Dataset::from_csv(HOUSES, "price", None).unwrap();
    assert_eq!(
        data.feature_names(),
        ["rooms", "total_bedrooms", "population"]
    );
    assert_eq!(data.ignored_text_columns(), ["city"]);
    assert_eq!(data.n_rows(), 11);
    assert_eq!(data.n_skipped_rows(), 3);
    assert_eq!(
        data.skipped_summary().as_deref(),
        Some("skipped 3 rows: total_bedrooms is empty in 2, population in 1")
    );
    assert_eq!(data.row(0), Some(&[3.0, 1.0, 100.0][..]));
    assert_eq!(data.row(1), Some(&[5.0, 2.0, 300.0][..]));
    assert_eq!(&data.y()[..3], [10.0, 30.0, 60.0]);
    assert_eq!(data.x().len(), 11 * 3);

    // Choosing only rooms and population skips only the row missing population.
    let data = Dataset::from_csv(HOUSES, "price", Some(&["population", "rooms"])).unwrap();
    assert_eq!(data.feature_names(), ["population", "rooms"]);
    assert_eq!(data.n_rows(), 13);
    assert_eq!(
        data.skipped_summary().as_deref(),
        Some("skipped 1 row: population is empty")
    );
    assert_eq!(data.row(0), Some(&[100.0, 3.0][..]));

    let complete = Dataset::from_csv(HOUSES, "price", Some(&["rooms"])).unwrap();
    assert_eq!(complete.skipped_summary(), None);
}

#[test]
fn dataset_errors_say_what_to_do() {
    let err = |target: &str, features: Option<&[&str]>| {
        Dataset::from_csv(HOUSES, target, features)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err("cost", None),
        "no numeric column named 'cost'; numeric columns are: rooms, total_bedrooms, \
         population, price"
    );
    assert_eq!(
        err("city", None),
        "column 'city' holds text, not numbers ('A' on line 2)"
    );
    assert_eq!(
        err("price", Some(&["rooms", "price"])),
        "'price' is the target, so it cannot also be a feature"
    );
    assert_eq!(
        err("price", Some(&["rooms", "rooms"])),
        "the feature 'rooms' is listed twice"
    );
    assert_eq!(
        err("price", Some(&["city"])),
        "column 'city' holds text, not numbers ('A' on line 2)"
    );
    assert!(err("price", Some(&[])).contains("no numeric column besides the target 'price'"));
    let only_target = Dataset::from_csv("name,price\na,1\n", "price", None).unwrap_err();
    assert_eq!(
        only_target.to_string(),
        "there is no numeric column besides the target 'price' to predict it from"
    );

    let few = "x,y\n1,2\n2,3\n3,\n4,5\n5,6\n6,7\n7,8\n8,9\n9,10\n10,11\n";
    assert_eq!(
        Dataset::from_csv(few, "y", None).unwrap_err().to_string(),
        "only 9 complete rows remain; at least 10 are needed to train and test"
    );
    let none = "x,y,z\n1,,3\n2,,4\n";
    assert_eq!(
        Dataset::from_csv(none, "z", None).unwrap_err().to_string(),
        "no complete row is left (skipped 2 rows: y is empty)"
    );
}

// ---------------------------------------------------------------------------------------------
// Splits and standardisation

#[test]
fn split_is_reproducible_disjoint_and_complete() {
    let a = Split::new(2930, 0.2, 7).unwrap();
    let b = Split::new(2930, 0.2, 7).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.test_idx.len(), 586);
    assert_eq!(a.train_idx.len(), 2344);
    let mut all: Vec<usize> = a.train_idx.iter().chain(&a.test_idx).copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..2930).collect::<Vec<_>>());
    assert!(a.test_idx.windows(2).all(|w| w[0] < w[1]));
    assert_ne!(Split::new(2930, 0.2, 8).unwrap().test_idx, a.test_idx);

    // The test rows are the first ⌈0.2 n⌉ of SplitMix64::derive(seed, "split")'s shuffle.
    let mut order: Vec<usize> = (0..2930).collect();
    SplitMix64::derive(7, "split").shuffle(&mut order);
    let mut expected = order[..586].to_vec();
    expected.sort_unstable();
    assert_eq!(a.test_idx, expected);

    // ⌈0.25 · 10⌉ = 3; neither side is ever empty.
    assert_eq!(Split::new(10, 0.25, 1).unwrap().test_idx.len(), 3);
    assert_eq!(Split::new(10, 0.01, 1).unwrap().test_idx.len(), 1);
    assert_eq!(Split::new(10, 0.99, 1).unwrap().train_idx.len(), 1);
    for bad in [0.0, 1.0, -0.5, f64::NAN] {
        let e = Split::new(10, bad, 1).unwrap_err().to_string();
        assert!(
            e.starts_with("the test fraction must be between 0 and 1"),
            "{e}"
        );
    }
    let data = Dataset::from_csv(HOUSES, "price", None).unwrap();
    assert_eq!(data.split(0.2, 3).unwrap(), Split::new(11, 0.2, 3).unwrap());
}

#[test]
fn standardizer_gives_mean_zero_and_std_one_on_the_training_rows() {
    let mut g = SplitMix64::new(5);
    let n = 500;
    let d = 3;
    let mut x = Vec::with_capacity(n * d);
    for _ in 0..n {
        x.push(1000.0 + 50.0 * g.normal());
        x.push(g.uniform() * 1e-3);
        x.push(42.0); // constant
    }
    let split = Split::new(n, 0.2, 1).unwrap();
    let s = Standardizer::fit(&x, d, &split.train_idx);
    let z = s.transform(&x);
    for j in 0..d {
        let col: Vec<f64> = split.train_idx.iter().map(|&i| z[i * d + j]).collect();
        let mean = col.iter().sum::<f64>() / col.len() as f64;
        let var = col.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / col.len() as f64;
        assert!(mean.abs() < 1e-12, "column {j}: mean {mean}");
        if j < 2 {
            assert!((var - 1.0).abs() < 1e-12, "column {j}: variance {var}");
        } else {
            // A constant column gets std 1 and maps to 0.
            assert_eq!(s.std()[2], 1.0);
            assert!(col.iter().all(|&v| v == 0.0));
        }
    }
    // The test rows are not used: changing them changes nothing.
    let mut x2 = x.clone();
    for &i in &split.test_idx {
        x2[i * d] = 1e9;
    }
    assert_eq!(Standardizer::fit(&x2, d, &split.train_idx), s);
    // inverse ∘ transform = identity.
    let back = s.inverse(&z);
    assert!(back
        .iter()
        .zip(&x)
        .all(|(a, b)| (a - b).abs() <= 1e-9 * b.abs().max(1.0)));
    // The target: a 1-column standardizer.
    let y: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let t = Standardizer::fit_target(&y, &split.train_idx);
    let mean = split.train_idx.iter().map(|&i| y[i]).sum::<f64>() / split.train_idx.len() as f64;
    assert!((t.mean()[0] - mean).abs() < 1e-12);
    assert!((t.inverse_value(0, t.transform_value(0, 123.0)) - 123.0).abs() < 1e-12);
}

// ---------------------------------------------------------------------------------------------
// Metrics

#[test]
fn metrics_match_hand_computation() {
    let y = [1.0, 2.0, 3.0, 4.0];
    let p = [1.0, 3.0, 2.0, 6.0];
    // Errors 0, -1, 1, -2: SS_res = 6, SS_tot around 2.5 = 5.
    assert!((rmse(&y, &p) - (6.0f64 / 4.0).sqrt()).abs() < 1e-15);
    assert!((mae(&y, &p) - 1.0).abs() < 1e-15);
    assert!((r2(&y, &p) - (1.0 - 6.0 / 5.0)).abs() < 1e-15);
    assert_eq!(r2(&y, &y), 1.0);
    assert_eq!(r2(&[2.0, 2.0], &[2.0, 2.0]), 1.0);
    assert_eq!(r2(&[2.0, 2.0], &[1.0, 2.0]), 0.0);
    let m = Metrics::of(&y, &p);
    assert_eq!(
        (m.rmse, m.mae, m.r2),
        (rmse(&y, &p), mae(&y, &p), r2(&y, &p))
    );
    // The baseline predicts the training mean, so on a test set with another mean R² < 0.
    let base = MeanBaseline::fit(&[10.0, 20.0, 30.0, 1.0, 2.0], &[0, 1, 2]);
    assert_eq!(base.predict(), 20.0);
    assert!(r2(&[1.0, 2.0], &[base.predict(); 2]) < 0.0);
}

// ---------------------------------------------------------------------------------------------
// Least squares

#[test]
fn least_squares_recovers_a_noiseless_linear_target_exactly() {
    let mut g = SplitMix64::new(11);
    let n = 300;
    let d = 3;
    let beta = [2.0, -0.5, 7.0];
    let beta0 = 3.0;
    let mut x = Vec::with_capacity(n * d);
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        let row = [
            10.0 * g.uniform() - 5.0,
            10.0 + 3.0 * g.normal(),
            1000.0 + 1000.0 * g.uniform(),
        ];
        y.push(beta0 + beta.iter().zip(&row).map(|(b, v)| b * v).sum::<f64>());
        x.extend_from_slice(&row);
    }
    let split = Split::new(n, 0.2, 2).unwrap();
    let fit = LeastSquares::fit(&x, &y, d, &split.train_idx).unwrap();
    for (got, want) in fit.raw_coefficients().iter().zip(&beta) {
        assert!((got - want).abs() < 1e-9, "{got} vs {want}");
    }
    assert!(
        (fit.raw_intercept() - beta0).abs() < 1e-9,
        "{}",
        fit.raw_intercept()
    );
    let pred = fit.predict_rows(&x, &split.test_idx).unwrap();
    for (p, &i) in pred.iter().zip(&split.test_idx) {
        assert!((p - y[i]).abs() < 1e-8 * y[i].abs());
    }
    assert!(fit.aliased_features().is_empty());
}

#[test]
fn least_squares_matches_the_closed_form_one_feature_fit() {
    let mut g = SplitMix64::new(3);
    let n = 200;
    let x: Vec<f64> = (0..n).map(|_| 50.0 + 20.0 * g.normal()).collect();
    let y: Vec<f64> = x
        .iter()
        .map(|v| 4.0 + 1.5 * v + 10.0 * g.normal())
        .collect();
    let rows: Vec<usize> = (0..n).collect();
    // slope = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², intercept = ȳ − slope x̄.
    let xm = x.iter().sum::<f64>() / n as f64;
    let ym = y.iter().sum::<f64>() / n as f64;
    let sxy: f64 = x.iter().zip(&y).map(|(a, b)| (a - xm) * (b - ym)).sum();
    let sxx: f64 = x.iter().map(|a| (a - xm) * (a - xm)).sum();
    let slope = sxy / sxx;
    let intercept = ym - slope * xm;
    let fit = LeastSquares::fit(&x, &y, 1, &rows).unwrap();
    assert!((fit.raw_coefficients()[0] - slope).abs() < 1e-12 * slope.abs());
    assert!((fit.raw_intercept() - intercept).abs() < 1e-10 * intercept.abs().max(1.0));
    assert!((fit.intercept() - ym).abs() < 1e-12 * ym.abs());
    // On standardised x the weight is slope · σ_x.
    let sigma = (sxx / n as f64).sqrt();
    assert!((fit.weights()[0] - slope * sigma).abs() < 1e-10 * (slope * sigma).abs());
}

#[test]
fn least_squares_leaves_out_duplicate_and_constant_columns() {
    let mut g = SplitMix64::new(9);
    let n = 100;
    let mut x3 = Vec::new();
    let mut x2 = Vec::new();
    let mut y = Vec::new();
    for _ in 0..n {
        let (a, b) = (g.normal(), g.uniform());
        // Columns: a, b, 2a (a copy, scaled), 5 (constant).
        x3.extend_from_slice(&[a, b, 2.0 * a, 5.0]);
        x2.extend_from_slice(&[a, b]);
        y.push(1.0 + a - 3.0 * b + 0.1 * g.normal());
    }
    let rows: Vec<usize> = (0..n).collect();
    let with = LeastSquares::fit(&x3, &y, 4, &rows).unwrap();
    let without = LeastSquares::fit(&x2, &y, 2, &rows).unwrap();
    assert_eq!(with.aliased_features(), [2, 3]);
    assert_eq!(&with.weights()[2..], [0.0, 0.0]);
    for (p, q) in with.predict(&x3).iter().zip(without.predict(&x2)) {
        assert!((p - q).abs() < 1e-10, "{p} vs {q}");
    }
}

proptest! {
    /// Optimality, checked independently of the solver: at the least-squares fit the residual
    /// r = y − ŷ is orthogonal to the intercept column and to every feature (the normal
    /// equations Xᵀr = 0).
    #[test]
    fn least_squares_residual_is_orthogonal_to_every_column(
        seed in any::<u64>(),
        n in 5usize..60,
        d in 1usize..5,
    ) {
        let mut g = SplitMix64::new(seed);
        let x: Vec<f64> = (0..n * d).map(|k| g.normal() * (1.0 + (k % d) as f64 * 100.0)).collect();
        let y: Vec<f64> = (0..n).map(|_| 1000.0 * g.normal()).collect();
        let rows: Vec<usize> = (0..n).collect();
        let fit = LeastSquares::fit(&x, &y, d, &rows).unwrap();
        let r: Vec<f64> = fit.predict(&x).iter().zip(&y).map(|(p, t)| t - p).collect();
        let y_scale: f64 = y.iter().map(|v| v * v).sum::<f64>().sqrt();
        prop_assert!(r.iter().sum::<f64>().abs() < 1e-9 * y_scale * (n as f64).sqrt());
        if fit.aliased_features().is_empty() {
            for j in 0..d {
                let col: Vec<f64> = (0..n).map(|i| x[i * d + j]).collect();
                let c_scale: f64 = col.iter().map(|v| v * v).sum::<f64>().sqrt();
                let dot: f64 = col.iter().zip(&r).map(|(a, b)| a * b).sum();
                prop_assert!(dot.abs() < 1e-8 * c_scale * y_scale, "column {}: {}", j, dot);
            }
        }
    }
}

#[test]
fn least_squares_refuses_bad_shapes() {
    let x = [1.0, 2.0, 3.0];
    let y = [1.0, 2.0];
    assert_eq!(
        LeastSquares::fit(&x, &y, 2, &[0]).unwrap_err().to_string(),
        "3 feature values do not make 2 rows of 2 features"
    );
    assert_eq!(
        LeastSquares::fit(&x[..2], &y, 1, &[0, 5]).unwrap_err(),
        DataError::RowOutOfRange {
            row_idx: 5,
            n_rows: 2
        }
    );
    assert_eq!(
        LeastSquares::fit(&x[..2], &y, 1, &[]).unwrap_err(),
        DataError::NoTrainingRows
    );
}

// ---------------------------------------------------------------------------------------------
// Real files

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

mod ames;
use ames::AMES_FEATURES;

/// Least squares over 5 seeded 80/20 splits: (mean test R², mean test RMSE, mean baseline R²).
fn least_squares_over_splits(data: &Dataset, seeds: &[u64]) -> (f64, f64, f64) {
    let (mut sum_r2, mut sum_rmse, mut sum_base) = (0.0, 0.0, 0.0);
    for &seed in seeds {
        let split = data.split(0.2, seed).unwrap();
        let fit =
            LeastSquares::fit(data.x(), data.y(), data.n_features(), &split.train_idx).unwrap();
        let pred = fit.predict_rows(data.x(), &split.test_idx).unwrap();
        let truth: Vec<f64> = split.test_idx.iter().map(|&i| data.y()[i]).collect();
        let m = Metrics::of(&truth, &pred);
        let base = MeanBaseline::fit(data.y(), &split.train_idx).predict();
        sum_r2 += m.r2;
        sum_rmse += m.rmse;
        sum_base += r2(&truth, &vec![base; truth.len()]);
        eprintln!("seed {seed}: R² {:.4}, RMSE {:.0}", m.r2, m.rmse);
    }
    let k = seeds.len() as f64;
    (sum_r2 / k, sum_rmse / k, sum_base / k)
}

#[test]
fn ames_least_squares_lands_near_the_published_r2() {
    let text = std::fs::read_to_string(repo_root().join("www/data/ames.csv")).unwrap();
    let table = parse_csv(&text).unwrap();
    assert_eq!(table.n_rows(), 2930);
    assert_eq!(table.column_names().last(), Some(&"Sale_Price"));
    assert!(table.text_column_names().is_empty());
    let data = Dataset::from_table(&table, "Sale_Price", Some(&AMES_FEATURES)).unwrap();
    assert_eq!(data.n_rows(), 2930);
    let (mean_r2, mean_rmse, base_r2) = least_squares_over_splits(&data, &[0, 1, 2, 3, 4]);
    eprintln!("Ames, 21 features: mean test R² {mean_r2:.4}, RMSE ${mean_rmse:.0}; mean baseline R² {base_r2:.4}");
    assert!((0.74..0.86).contains(&mean_r2), "mean R² {mean_r2}");
    assert!(base_r2 < 0.0 && base_r2 > -0.02, "baseline R² {base_r2}");

    let all = Dataset::from_table(&table, "Sale_Price", None).unwrap();
    assert_eq!(all.n_features(), table.columns().len() - 1);
    let (all_r2, all_rmse, _) = least_squares_over_splits(&all, &[0, 1, 2, 3, 4]);
    eprintln!(
        "Ames, all {} numeric features: mean test R² {all_r2:.4}, RMSE ${all_rmse:.0}",
        all.n_features()
    );
    assert!((0.74..0.88).contains(&all_r2), "mean R² {all_r2}");
}

/// Every column of the shipped file is described in its data card.
#[test]
fn ames_data_card_describes_every_column() {
    let text = std::fs::read_to_string(repo_root().join("www/data/ames.csv")).unwrap();
    let card = std::fs::read_to_string(repo_root().join("www/data/README.md")).unwrap();
    let header = text.lines().next().unwrap();
    for name in header.split(',') {
        assert!(
            card.contains(&format!("| `{name}` |")),
            "{name} is not in the data card"
        );
    }
    assert!(card.contains("De Cock"));
    assert!(card.contains("MIT"));
}

fn california_path() -> Option<PathBuf> {
    let path = repo_root().join("../shared/data/california_housing.csv");
    if path.exists() {
        return Some(path);
    }
    if std::env::var("DOWNHILL_REQUIRE_DATA").as_deref() == Ok("1") {
        panic!("DOWNHILL_REQUIRE_DATA=1 but {} is missing", path.display());
    }
    eprintln!(
        "SKIPPED: {} is absent (set DOWNHILL_REQUIRE_DATA=1 to make this a failure)",
        path.display()
    );
    None
}

#[test]
fn california_loads_through_the_same_path_and_fits_like_the_reference() {
    let Some(path) = california_path() else {
        return;
    };
    let bytes = std::fs::read(path).unwrap();
    // The upload path: 64 KB chunks through the incremental reader.
    let mut reader = CsvReader::new();
    for chunk in bytes.chunks(64 * 1024) {
        reader.push(chunk).unwrap();
    }
    assert_eq!(reader.bytes_seen(), bytes.len() as u64);
    let table = reader.finish().unwrap();
    assert_eq!(table.n_rows(), 20640);
    let data = Dataset::from_table(&table, "median_house_value", None).unwrap();
    assert_eq!(data.n_features(), 8);
    let (mean_r2, mean_rmse, _) = least_squares_over_splits(&data, &[0, 1, 2]);
    eprintln!(
        "California: mean test R² {mean_r2:.4}, RMSE ${mean_rmse:.0} (reference 0.625, $70.1k)"
    );
    assert!((0.58..0.68).contains(&mean_r2), "mean R² {mean_r2}");
    assert!(
        (60_000.0..80_000.0).contains(&mean_rmse),
        "RMSE {mean_rmse}"
    );
}

#[test]
fn half_a_million_rows_parse_in_chunks() {
    let n_rows = 500_000;
    let mut text = String::with_capacity(n_rows * 60);
    text.push_str("c0,c1,c2,c3,c4,c5,c6,c7,c8,label\n");
    let mut sums = [0.0f64; 9];
    for i in 0..n_rows {
        for (j, sum) in sums.iter_mut().enumerate() {
            // Small integers and halves: exact in f64, so the sums can be compared exactly.
            let v = ((i * (j + 3)) % 1000) as f64 / 2.0 - 100.0;
            *sum += v;
            text.push_str(&v.to_string());
            text.push(',');
        }
        text.push_str(if i % 2 == 0 { "even\n" } else { "odd\n" });
    }
    let mut reader = CsvReader::new();
    for chunk in text.as_bytes().chunks(1 << 16) {
        reader.push(chunk).unwrap();
    }
    let table = reader.finish().unwrap();
    assert_eq!(table.n_rows(), n_rows);
    assert_eq!(table.text_column_names(), ["label"]);
    for (j, want) in sums.iter().enumerate() {
        let col = table.column(&format!("c{j}")).unwrap().numeric().unwrap();
        assert_eq!(col.iter().sum::<f64>(), *want, "column c{j}");
    }
}
