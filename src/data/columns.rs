//! Friendly names and units for the columns of the shipped data sets (Ames and California
//! housing), so the page labels an axis "Living area (sq ft)" instead of `Gr_Liv_Area`.
//! A column of a learner's own file that is not listed keeps its own name and no unit.

/// What one column measures, for labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ColumnInfo {
    /// The column's name in the file's header ("Gr_Liv_Area").
    pub name: &'static str,
    /// A short human label ("Living area").
    pub label: &'static str,
    /// The unit of one value ("sq ft", "$", "year"); empty for a text column.
    pub unit: &'static str,
    /// True for numbers written without thousands separators (years, months, degrees).
    pub plain: bool,
}

const fn column(
    name: &'static str,
    label: &'static str,
    unit: &'static str,
    plain: bool,
) -> ColumnInfo {
    ColumnInfo {
        name,
        label,
        unit,
        plain,
    }
}

/// Every column of `www/data/ames.csv` (in file order), then the California housing file's.
pub const COLUMNS: &[ColumnInfo] = &[
    // Ames, Iowa house sales (www/data/ames.csv).
    column("Lot_Frontage", "Street frontage", "ft", false),
    column("Lot_Area", "Lot area", "sq ft", false),
    column("Year_Built", "Year built", "year", true),
    column("Year_Remod_Add", "Year remodelled", "year", true),
    column("Mas_Vnr_Area", "Masonry veneer area", "sq ft", false),
    column(
        "BsmtFin_SF_2",
        "Finished basement area (type 2)",
        "sq ft",
        false,
    ),
    column("Bsmt_Unf_SF", "Unfinished basement area", "sq ft", false),
    column("Total_Bsmt_SF", "Basement area", "sq ft", false),
    column("First_Flr_SF", "First-floor area", "sq ft", false),
    column("Second_Flr_SF", "Second-floor area", "sq ft", false),
    column("Gr_Liv_Area", "Living area", "sq ft", false),
    column(
        "Bsmt_Full_Bath",
        "Basement full bathrooms",
        "bathroom",
        false,
    ),
    column(
        "Bsmt_Half_Bath",
        "Basement half bathrooms",
        "half bathroom",
        false,
    ),
    column("Full_Bath", "Full bathrooms", "bathroom", false),
    column("Half_Bath", "Half bathrooms", "half bathroom", false),
    column("Bedroom_AbvGr", "Bedrooms", "bedroom", false),
    column("Kitchen_AbvGr", "Kitchens", "kitchen", false),
    column("TotRms_AbvGrd", "Rooms", "room", false),
    column("Fireplaces", "Fireplaces", "fireplace", false),
    column("Garage_Cars", "Garage size (cars)", "car", false),
    column("Garage_Area", "Garage area", "sq ft", false),
    column("Wood_Deck_SF", "Wood deck area", "sq ft", false),
    column("Open_Porch_SF", "Open porch area", "sq ft", false),
    column("Enclosed_Porch", "Enclosed porch area", "sq ft", false),
    column(
        "Three_season_porch",
        "Three-season porch area",
        "sq ft",
        false,
    ),
    column("Screen_Porch", "Screen porch area", "sq ft", false),
    column("Pool_Area", "Pool area", "sq ft", false),
    column("Misc_Val", "Value of extras", "$", false),
    column("Mo_Sold", "Month sold", "month", true),
    column("Year_Sold", "Year sold", "year", true),
    column("Longitude", "Longitude", "degree", true),
    column("Latitude", "Latitude", "degree", true),
    column("Sale_Price", "Sale price", "$", false),
    // California housing, one row per census block group (shared/data/california_housing.csv).
    column("longitude", "Longitude", "degree", true),
    column("latitude", "Latitude", "degree", true),
    column("housing_median_age", "Median house age", "year", false),
    column("total_rooms", "Rooms in the block", "room", false),
    column("total_bedrooms", "Bedrooms in the block", "bedroom", false),
    column("population", "Population of the block", "person", false),
    column("households", "Households in the block", "household", false),
    column("median_income", "Median income", "$10,000", false),
    column("median_house_value", "Median house value", "$", false),
    column("ocean_proximity", "Distance to the ocean", "", false),
];

/// The friendly name and unit of the column called `name`, if it is one of [`COLUMNS`].
pub fn column_info(name: &str) -> Option<&'static ColumnInfo> {
    COLUMNS.iter().find(|c| c.name == name)
}
