//! The house-price network end to end, natively: accuracy on Ames and California over seeded
//! splits against the least-squares baseline, numbers in the data's own units, sensitivities
//! against difference quotients, time-sliced training equal to whole epochs, the model file
//! round trip, the gradient check, and bad settings or files refused in words.

use std::path::PathBuf;
use std::sync::Arc;

use downhill::data::{CsvReader, Dataset};
use downhill::houses::{HouseError, Network, Settings, Status, DEFAULT_EPOCHS};

mod ames;
use ames::AMES_FEATURES;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ames() -> Arc<Dataset> {
    let text = std::fs::read_to_string(repo_root().join("www/data/ames.csv")).unwrap();
    Arc::new(Dataset::from_csv(&text, "Sale_Price", Some(&AMES_FEATURES)).unwrap())
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

/// Trains the default network for `epochs` on each seed's split; returns the mean test R² of
/// the network and of the least-squares baseline on the same splits.
fn mean_r2_over_seeds(data: &Arc<Dataset>, seeds: &[u64], epochs: usize) -> (f64, f64) {
    let (mut net_sum, mut ls_sum) = (0.0, 0.0);
    for &seed in seeds {
        let settings = Settings {
            seed,
            ..Settings::default()
        };
        let mut net = Network::new(data.clone(), settings).unwrap();
        for _ in 0..epochs {
            net.train_epoch().unwrap();
        }
        let r2 = net.metrics().r2;
        let ls = net.baselines().least_squares.r2;
        eprintln!("seed {seed}: network R² {r2:.4}, least squares {ls:.4}");
        net_sum += r2;
        ls_sum += ls;
    }
    let n = seeds.len() as f64;
    (net_sum / n, ls_sum / n)
}

/// R² = 1 − SS_res/SS_tot, computed here independently of `data::metrics`.
fn r2_by_hand(y: &[f64], pred: &[f64]) -> f64 {
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    let ss_tot: f64 = y.iter().map(|v| (v - mean).powi(2)).sum();
    let ss_res: f64 = y.iter().zip(pred).map(|(a, b)| (a - b).powi(2)).sum();
    1.0 - ss_res / ss_tot
}

#[test]
fn default_network_on_ames_beats_least_squares_over_five_seeded_splits() {
    let data = ames();
    assert_eq!(data.n_rows(), 2930);
    let (net, ls) = mean_r2_over_seeds(&data, &[1, 2, 3, 4, 5], DEFAULT_EPOCHS);
    eprintln!("Ames, 5 splits: mean test R² {net:.4}; least squares {ls:.4}");
    assert!(net >= 0.83, "mean test R² {net} < 0.83");
    assert!(
        net >= ls + 0.03,
        "network {net} is not 0.03 above least squares {ls}"
    );
    // The baseline agrees with scikit-learn's least squares on these columns (mean 0.80).
    assert!((0.74..0.85).contains(&ls), "least squares {ls}");
}

#[test]
fn default_network_on_california_through_the_csv_path_reaches_the_reference() {
    let Some(path) = california_path() else {
        return;
    };
    let bytes = std::fs::read(path).unwrap();
    let mut reader = CsvReader::new();
    for chunk in bytes.chunks(64 * 1024) {
        reader.push(chunk).unwrap();
    }
    let table = reader.finish().unwrap();
    let data = Arc::new(Dataset::from_table(&table, "median_house_value", None).unwrap());
    assert_eq!((data.n_rows(), data.n_features()), (20640, 8));
    let (net, ls) = mean_r2_over_seeds(&data, &[1, 2, 3, 4, 5], DEFAULT_EPOCHS);
    eprintln!("California, 5 splits: mean test R² {net:.4}; least squares {ls:.4}");
    assert!(net >= 0.75, "mean test R² {net} < 0.75");
    assert!(net > ls + 0.05, "network {net} vs least squares {ls}");
}

#[test]
fn metrics_predictions_and_baselines_are_in_the_data_units() {
    let data = ames();
    let mut net = Network::new(data.clone(), Settings::default()).unwrap();
    for _ in 0..5 {
        net.train_epoch().unwrap();
    }
    let test_idx = net.split().test_idx.clone();
    let y: Vec<f64> = test_idx.iter().map(|&i| data.y()[i]).collect();
    assert_eq!(net.test_targets(), &y[..]);
    // predict() on a raw row gives the very number the test measurement used.
    let mut pred = Vec::new();
    for &i in &test_idx {
        pred.push(net.predict(data.row(i).unwrap()).unwrap());
    }
    assert_eq!(net.test_predictions(), &pred[..]);
    let rmse = (y
        .iter()
        .zip(&pred)
        .map(|(a, b)| (a - b).powi(2))
        .sum::<f64>()
        / y.len() as f64)
        .sqrt();
    let m = net.metrics();
    assert!((m.rmse - rmse).abs() <= 1e-9 * rmse, "{} vs {rmse}", m.rmse);
    assert!((m.r2 - r2_by_hand(&y, &pred)).abs() < 1e-12);
    // Prices are in dollars: the mean baseline's RMSE is about the spread of Ames prices.
    let b = net.baselines();
    assert!(
        (60_000.0..100_000.0).contains(&b.mean.rmse),
        "{}",
        b.mean.rmse
    );
    assert!(b.mean.r2 <= 0.0 && b.mean.r2 > -0.01, "{}", b.mean.r2);
    let train_mean = net
        .split()
        .train_idx
        .iter()
        .map(|&i| data.y()[i])
        .sum::<f64>()
        / net.split().train_idx.len() as f64;
    let mean_rmse =
        (y.iter().map(|v| (v - train_mean).powi(2)).sum::<f64>() / y.len() as f64).sqrt();
    assert!((b.mean.rmse - mean_rmse).abs() <= 1e-9 * mean_rmse);
    // The history's training RMSE is in dollars too.
    let last = net.history().last().unwrap();
    assert_eq!(last.epoch, 5);
    assert!((10_000.0..80_000.0).contains(&last.train_rmse), "{last:?}");
    assert_eq!(net.history_csv().lines().count(), 6);
    assert!(net
        .history_csv()
        .starts_with("epoch,train_rmse,test_rmse,test_mae,test_r2\n1,"));
}

#[test]
fn sensitivities_match_difference_quotients_in_dollars_per_unit() {
    let data = ames();
    let settings = Settings {
        activation: "tanh".to_string(),
        ..Settings::default()
    };
    let mut net = Network::new(data.clone(), settings).unwrap();
    for _ in 0..3 {
        net.train_epoch().unwrap();
    }
    let row = data.row(17).unwrap().to_vec();
    let grad = net.input_gradient(&row).unwrap();
    let scale = grad.iter().map(|g| g.abs()).fold(0.0, f64::max);
    for (j, stats) in net.feature_stats().to_vec().iter().enumerate() {
        // A step of a tenth of a standard deviation: large enough that f32 rounding of the
        // prediction (about 1e-7 of $180k) is small beside the change, small enough that tanh
        // is nearly linear over it.
        let h = 0.1 * stats.std;
        let mut up = row.clone();
        let mut down = row.clone();
        up[j] += h;
        down[j] -= h;
        let numeric = (net.predict(&up).unwrap() - net.predict(&down).unwrap()) / (2.0 * h);
        assert!(
            (grad[j] - numeric).abs() <= 0.02 * scale / stats.std.max(1.0) + 1e-3 * scale,
            "{}: backward pass {} $/unit, difference quotient {numeric}",
            stats.name,
            grad[j]
        );
    }
    // Living area must matter, and in the right direction, after training.
    let area = AMES_FEATURES
        .iter()
        .position(|&f| f == "Gr_Liv_Area")
        .unwrap();
    assert!(grad[area] > 0.0, "dprice/dGr_Liv_Area = {}", grad[area]);
}

#[test]
fn training_in_small_pieces_equals_training_by_whole_epochs() {
    let data = ames();
    let mut whole = Network::new(data.clone(), Settings::default()).unwrap();
    let mut pieces = Network::new(data, Settings::default()).unwrap();
    for _ in 0..3 {
        whole.train_epoch().unwrap();
    }
    let mut n_calls = 0;
    while pieces.history().len() < 3 {
        let report = pieces.advance(7).unwrap();
        assert!(report.n_batches <= 1 || report.n_measured == 0);
        n_calls += 1;
    }
    assert!(n_calls > 3 * 73, "{n_calls} calls");
    assert_eq!(pieces.history(), whole.history());
    assert_eq!(pieces.mlp().params(), whole.mlp().params());
    assert_eq!(pieces.epoch(), 3);
    // Step one batch at a time through an epoch boundary.
    let per_epoch = pieces.batches_per_epoch();
    assert_eq!(per_epoch, 2344_usize.div_ceil(32));
    for _ in 0..per_epoch {
        pieces.step_batch().unwrap();
    }
    whole.train_epoch().unwrap();
    assert_eq!(pieces.history(), whole.history());
}

#[test]
fn a_model_file_round_trip_predicts_exactly_the_same() {
    let data = ames();
    let settings = Settings {
        hidden: vec![16, 8, 4],
        activation: "sigmoid".to_string(),
        optimizer: "rmsprop".to_string(),
        lr: 3e-3,
        batch_size: 64,
        l2: 1e-4,
        seed: 7,
        test_fraction: 0.25,
    };
    let mut net = Network::new(data.clone(), settings.clone()).unwrap();
    for _ in 0..4 {
        net.train_epoch().unwrap();
    }
    let file = net.to_file();
    assert_eq!(file.layers.len(), 4);
    assert_eq!((file.layers[0].fan_in, file.layers[0].fan_out), (21, 16));
    assert_eq!(file.epoch, 4);
    let mut back = Network::from_file(data.clone(), &file).unwrap();
    assert_eq!(back.settings(), &settings);
    assert_eq!(back.epoch(), 4);
    assert_eq!(back.mlp().params(), net.mlp().params());
    assert_eq!(back.test_predictions(), net.test_predictions());
    assert_eq!(back.metrics(), net.metrics());
    assert_eq!(back.history(), net.history());
    for i in [0, 5, 2929] {
        let row = data.row(i).unwrap();
        assert_eq!(back.predict(row).unwrap(), net.predict(row).unwrap());
    }
    // It trains on from there.
    let record = back.train_epoch().unwrap();
    assert_eq!(record.epoch, 5);
}

fn message<T: std::fmt::Debug>(result: Result<T, HouseError>) -> String {
    result.unwrap_err().0
}

#[test]
fn broken_model_files_are_refused_in_words() {
    let data = ames();
    let net = Network::new(data.clone(), Settings::default()).unwrap();
    let good = net.to_file();

    let mut file = good.clone();
    file.format = "something else".to_string();
    assert!(message(Network::from_file(data.clone(), &file)).contains("not a Downhill network"));

    let mut file = good.clone();
    file.features.swap(0, 1);
    assert!(message(Network::from_file(data.clone(), &file)).contains("choose the same columns"));

    let mut file = good.clone();
    file.layers[1].weights.pop();
    assert!(message(Network::from_file(data.clone(), &file)).contains("layer 2"));

    let mut file = good.clone();
    file.layers[0].biases[3] = f64::NAN;
    assert!(message(Network::from_file(data.clone(), &file)).contains("not a finite number"));

    let mut file = good.clone();
    file.feature_std[2] = 0.0;
    assert!(message(Network::from_file(data.clone(), &file)).contains("standardisation"));

    let mut file = good;
    file.settings.hidden = vec![32];
    assert!(message(Network::from_file(data, &file)).contains("weight layers"));
}

#[test]
fn the_gradient_check_agrees_with_backpropagation() {
    let data = ames();
    for activation in ["tanh", "sigmoid", "relu"] {
        let settings = Settings {
            activation: activation.to_string(),
            l2: 1e-3,
            ..Settings::default()
        };
        let mut net = Network::new(data.clone(), settings).unwrap();
        net.train_epoch().unwrap();
        for (layer, from, to) in [(0, 0, 0), (0, 10, 31), (1, 3, 4), (2, 7, 0)] {
            let check = net.gradient_check(layer, from, to, 1e-5).unwrap();
            assert_eq!(check.n_rows, 64);
            assert!(
                check.relative_error < 1e-5 || (check.backprop - check.numeric).abs() < 1e-9,
                "{activation} layer {layer} {from}->{to}: {check:?}"
            );
        }
        // A huge h gives a worse difference quotient: the panel's lesson.
        let rough = net.gradient_check(0, 10, 31, 1.0).unwrap();
        let fine = net.gradient_check(0, 10, 31, 1e-5).unwrap();
        assert!(
            rough.relative_error >= fine.relative_error,
            "{rough:?} {fine:?}"
        );
    }
    let net = Network::new(data, Settings::default()).unwrap();
    assert!(message(net.gradient_check(3, 0, 0, 1e-5)).contains("no weight layer 4"));
    assert!(message(net.gradient_check(0, 21, 0, 1e-5)).contains("no weight from unit 22"));
    assert!(message(net.gradient_check(0, 0, 0, 0.0)).contains("h must be"));
}

#[test]
fn too_large_a_learning_rate_diverges_in_words_not_a_panic() {
    let data = ames();
    let settings = Settings {
        optimizer: "sgd".to_string(),
        lr: 50.0,
        ..Settings::default()
    };
    let mut net = Network::new(data.clone(), settings).unwrap();
    let mut n_calls = 0;
    while *net.status() == Status::Ready && n_calls < 10_000 {
        net.advance(100).unwrap();
        n_calls += 1;
    }
    let Status::Diverged(text) = net.status().clone() else {
        panic!("did not diverge");
    };
    assert!(text.contains("smaller learning rate"), "{text}");
    assert!(net.train_epoch().is_err());
    let report = net.advance(100).unwrap();
    assert_eq!(report.n_batches, 0);
    let _ = net.predict(data.row(0).unwrap()).unwrap();
}

#[test]
fn bad_settings_and_rows_are_refused_in_words() {
    let data = ames();
    let with = |f: fn(&mut Settings)| {
        let mut s = Settings::default();
        f(&mut s);
        message(Network::new(data.clone(), s))
    };
    assert!(with(|s| s.hidden = vec![8; 4]).contains("at most 3 hidden layers"));
    assert!(with(|s| s.hidden = vec![0]).contains("between 1 and 128"));
    assert!(with(|s| s.activation = "swish".into()).contains("unknown activation"));
    assert!(with(|s| s.optimizer = "lbfgs".into()).contains("unknown optimizer"));
    assert!(with(|s| s.lr = -1.0).contains("learning rate"));
    assert!(with(|s| s.batch_size = 0).contains("batch size"));
    assert!(with(|s| s.test_fraction = 1.5).contains("test fraction"));
    let mut net = Network::new(data, Settings::default()).unwrap();
    assert!(message(net.predict(&[1.0, 2.0])).contains("takes 21 feature values"));
    let mut row = vec![0.0; 21];
    row[3] = f64::INFINITY;
    assert!(message(net.predict(&row)).contains("Second_Flr_SF must be a finite number"));
}

#[test]
fn feature_numbers_for_the_form_are_the_training_rows_own() {
    let text = "rooms,area,price\n3,50.5,100\n4,60,120\n2,40.25,90\n5,80,160\n3,55,110\n\
                4,65,130\n6,90,200\n2,35,80\n3,52,105\n4,70,140\n5,75,150\n3,45,95\n";
    let data = Arc::new(Dataset::from_csv(text, "price", None).unwrap());
    let net = Network::new(data.clone(), Settings::default()).unwrap();
    let train = &net.split().train_idx;
    let stats = net.feature_stats();
    assert_eq!(stats.len(), 2);
    assert!(stats[0].integer && !stats[1].integer);
    for (j, s) in stats.iter().enumerate() {
        let mut values: Vec<f64> = train.iter().map(|&i| data.row(i).unwrap()[j]).collect();
        values.sort_by(f64::total_cmp);
        assert_eq!(s.min, values[0]);
        assert_eq!(s.max, *values.last().unwrap());
        assert_eq!(s.median, values[(values.len() - 1) / 2]);
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!((s.mean - mean).abs() < 1e-12);
    }
}

/// JSON text as the core's `Value`, the shape `Network.fromJson` reads after `JSON.parse`.
fn json_value(json: &serde_json::Value) -> downhill::value::Value {
    use downhill::value::Value;
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap()),
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Array(items) => Value::List(items.iter().map(json_value).collect()),
        serde_json::Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), json_value(v)))
                .collect(),
        ),
    }
}

/// A model file written by `Network.toJson` before the network's standardisation became
/// `data::Standardizer` (tests/fixtures/network-v1.json: hidden [8, 4], tanh, adam, lr 0.01,
/// batch 64, l2 1e-4, seed 3, test fraction 0.25, two epochs on the 21 reference features)
/// still loads and predicts exactly what the network that wrote it predicted.
#[test]
fn a_model_file_written_before_still_loads_and_predicts_the_same() {
    let text = std::fs::read_to_string(repo_root().join("tests/fixtures/network-v1.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let file = downhill::houses::ModelFile::from_value(&json_value(&json)).unwrap();
    let data = ames();
    let mut net = Network::from_file(data.clone(), &file).unwrap();
    assert_eq!(net.epoch(), 2);
    // Printed by the writing page (the wasm build) for these rows.
    for (row_idx, price) in [
        (0, 199760.61095350925),
        (5, 218364.79979449027),
        (2929, 272380.3082552837),
    ] {
        assert_eq!(
            net.predict(data.row(row_idx).unwrap()).unwrap(),
            price,
            "row {row_idx}"
        );
    }
    assert_eq!(net.metrics().rmse, 37594.23191953656);
    assert_eq!(net.baselines().least_squares.r2, 0.7615221366264429);
    // Written back, it is the same file.
    assert_eq!(net.to_file(), file);
}
