//! Shared by the tests and examples that use the shipped Ames data (`www/data/ames.csv`):
//! the features of the published reference figures. Included with `mod ames;` from tests and
//! with `#[path = "../tests/ames/mod.rs"] mod ames;` from examples.

/// The 21 Ames features of the reference figures (shared/data/README.md).
pub const AMES_FEATURES: [&str; 21] = [
    "Gr_Liv_Area",
    "Total_Bsmt_SF",
    "First_Flr_SF",
    "Second_Flr_SF",
    "Lot_Area",
    "Lot_Frontage",
    "Year_Built",
    "Year_Remod_Add",
    "Full_Bath",
    "Half_Bath",
    "Bedroom_AbvGr",
    "TotRms_AbvGrd",
    "Fireplaces",
    "Garage_Cars",
    "Garage_Area",
    "Wood_Deck_SF",
    "Open_Porch_SF",
    "Mas_Vnr_Area",
    "Longitude",
    "Latitude",
    "Year_Sold",
];
